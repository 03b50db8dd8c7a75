// Findings of a header analysis: missing or several From addresses, hidden controls and look-alike display names
// (RFC 5322 §3.4), unreadable or forged Authentication-Results (RFC 8601 §5), clock skew, DKIM, ARC and compauth.

import type { Finding } from '../findings';
import type { HeaderAnalysis } from './types';

const isWord = (c: string) => /[\w-]/.test(c);

/**
 * The first address-like text (local@host.domain) in a display name, as /[\w.+-]+@[\w-]+(\.[\w-]+)+/ finds
 * it, by a scan around each "@" (the regex rescans a long name from every start: quadratic).
 */
export function addressIn(text: string): string | undefined {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && /[\w.+-]/.test(text[start - 1]!)) start--;
    if (start === at) continue;
    // host: a label, then one or more "." label.
    let end = at + 1;
    let labels = 0;
    for (let i = end; ;) {
      let j = i;
      while (j < text.length && isWord(text[j]!)) j++;
      if (j === i) break;
      labels++;
      end = j;
      if (text[j] !== '.') break;
      i = j + 1;
    }
    if (labels >= 2) return text.slice(start, end);
  }
  return undefined;
}

/** The findings of a header analysis, top to bottom as a reader meets them. */
export function headerFindings(a: HeaderAnalysis): Finding[] {
  const out: Finding[] = [];
  if (a.fields.length === 0) {
    out.push({
      severity: 'error',
      code: 'no-headers',
      title: 'This does not look like message headers',
      detail:
        'Paste the message headers (“Show original” in Gmail, “View message source” in Outlook) or drop an .eml file.',
    });
    return out;
  }
  if (a.summary.from.length === 0)
    out.push({
      severity: 'warning',
      code: 'no-from',
      title: 'No From address',
      detail: 'Every message needs a From field; DMARC cannot be evaluated without it.',
    });
  if (a.summary.from.length > 1)
    out.push({
      severity: 'warning',
      code: 'multiple-from',
      title: 'Several From addresses',
      detail: 'Many receivers reject messages with more than one From address (RFC 9989 §4.4).',
    });
  for (const [label, value] of [
    ['From', a.summary.fromText],
    ['Subject', a.summary.subject],
    ['To', a.summary.to],
  ] as const) {
    if (value?.controls) {
      out.push({
        severity: 'error',
        code: 'control-characters',
        title: `${label} contains hidden control characters`,
        detail: `The decoded ${label} holds control or direction-changing characters (shown as ⟨…⟩). This is a known spoofing trick (“Mailsploit”): mail clients may display a different address than the real one.`,
      });
    }
  }
  const display = a.summary.from[0]?.name ?? '';
  const shown = addressIn(display);
  if (shown && a.summary.from[0] && shown.toLowerCase() !== a.summary.from[0].address.toLowerCase()) {
    out.push({
      severity: 'warning',
      code: 'display-name-address',
      title: 'The display name shows another address',
      detail: `The name says “${shown}” but the message is from ${a.summary.from[0].address}. A common phishing trick.`,
    });
  }
  for (const ar of a.authResults) {
    if (!ar.parse.ok)
      out.push({
        severity: 'warning',
        code: 'authres-unreadable',
        title: `${ar.name} on line ${ar.line} could not be read`,
        detail: ar.parse.error,
      });
  }
  const untrusted = a.authResults.filter((r) => r.trust === 'untrusted');
  if (untrusted.some((r) => r.parse.ok && r.parse.results.some((x) => x.result === 'pass'))) {
    out.push({
      severity: 'warning',
      code: 'forged-authres',
      title: 'Authentication-Results written by the sender',
      detail:
        'Some Authentication-Results fields were already in the message before any server handled it. They claim passes that no receiver made; they are ignored here.',
      spec: 'RFC 8601 §5',
    });
  }
  if (a.hops.some((h) => h.skew))
    out.push({
      severity: 'info',
      code: 'clock-skew',
      title: 'A server clock is off',
      detail:
        'A hop appears to happen before the one before it: one of the servers has a wrong clock. Shown as skew, not as a delay.',
    });
  for (const s of a.signatures)
    for (const f of s.findings) out.push({ ...f, title: `DKIM ${s.signature?.domain ?? ''}: ${f.title}` });
  out.push(...a.arc.findings);
  const c = a.receiver.compauth;
  if (c?.explained) {
    out.push({
      severity: c.explained.kind === 'fail' ? 'error' : c.explained.kind === 'pass' ? 'ok' : 'info',
      code: 'compauth',
      title: `Microsoft compauth=${c.result} reason=${c.explained.code}`,
      detail: c.explained.meaning,
    });
  }
  return out;
}
