// Gmail's "Show original" page copied whole: a summary table (Message ID, Created at, From, To, Subject, SPF, DKIM,
// DMARC) and "Download original / Copy to clipboard" above the real header section. The table is not header
// fields (its From/To/Subject would read as second copies); it is Gmail's own summary, kept as such.

export interface GmailSummary {
  /** "SPF", "DKIM", "DMARC" → Gmail's words, e.g. "'PASS' with domain example.com". */
  results: Array<{ method: string; text: string }>;
  /** Lines removed from the top of the paste. */
  lines: number;
}

/** How far down the summary may end: the table is about a dozen lines. */
const MAX_SUMMARY_LINES = 40;

/** Recognize and remove the summary; the text is returned unchanged when it is not a "Show original" copy. */
export function stripGmailOriginal(text: string): { text: string; summary: GmailSummary | null } {
  const head = text
    .slice(0, 8192)
    .split(/\r\n|\r|\n/)
    .slice(0, MAX_SUMMARY_LINES);
  const first = head.findIndex((l) => l.trim() !== '');
  if (first === -1 || !/^(original message|message id\b)/i.test(head[first]!.trim()))
    return { text, summary: null };
  const end = head.findIndex((l) => /^\s*download original\b/i.test(l));
  if (end === -1) return { text, summary: null };
  const results: GmailSummary['results'] = [];
  for (const line of head.slice(first, end)) {
    const m = /^(SPF|DKIM|DMARC):\s*(.*?)(?:\s*Learn more)?\s*$/i.exec(line);
    if (m) results.push({ method: m[1]!.toUpperCase(), text: m[2]! });
  }
  // Skip the summary lines by their lengths (line ends may be CRLF or LF).
  let offset = 0;
  for (let i = 0; i <= end; i++) {
    const next = text.slice(offset).search(/\r\n|\r|\n/);
    if (next === -1) return { text: '', summary: { results, lines: end + 1 } };
    offset += next + (text.startsWith('\r\n', offset + next) ? 2 : 1);
  }
  return { text: text.slice(offset).replace(/^\s*\n/, ''), summary: { results, lines: end + 1 } };
}
