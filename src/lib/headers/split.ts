// RFC 5322 §2.2 header fields from what people really paste: any line ends, folding, continuation lines that lost
// their indentation (copies from Outlook), a whole message (stop at the body), leading junk and NULs.

export interface HeaderField {
  /** The name as written. */
  name: string;
  /** Lower-cased name, for lookups. */
  lname: string;
  /** The unfolded value (RFC 5322 §2.2.3: CRLF removed before WSP), leading whitespace trimmed. */
  value: string;
  /** The field as pasted, lines joined with CRLF. */
  raw: string;
  /** 1-based line number where the field starts in the paste. */
  line: number;
}

export interface SplitHeaders {
  fields: HeaderField[];
  warnings: string[];
  /** A body followed the header section (the paste was a whole message). */
  hadBody: boolean;
  /** Offset in the input where the body starts, when there is one. */
  bodyOffset: number | null;
  /**
   * Offset in the input where the first header field starts: lines skipped before it (junk, blank lines, an mbox
   * "From " line, a byte-order mark) are not part of the message a signature covers. The input's length when no
   * field was found.
   */
  headerOffset: number;
}

/** RFC 5322 §3.6.8: field-name = 1*ftext (printable ASCII except ":"); we also require a letter first. */
function fieldName(line: string): { name: string; rest: string } | null {
  const colon = line.indexOf(':');
  if (colon <= 0 || colon > 100) return null;
  const name = line.slice(0, colon);
  if (!/^[A-Za-z][!-9;-~]*$/.test(name)) return null;
  // "http://…" or a time such as "16:20:05" on a continuation line is not a field.
  if (line.startsWith('//', colon + 1)) return null;
  return { name, rest: line.slice(colon + 1) };
}

/** RFC 5322 WSP (space, tab) trimmed from both ends by a scan: /[ \t]+$/ rescans inner runs (quadratic). */
function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  const wsp = (i: number) => text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09;
  while (start < end && wsp(start)) start++;
  while (end > start && wsp(end - 1)) end--;
  return text.slice(start, end);
}

/** Tolerant header splitting; never throws. `text` may be a whole message. */
export function splitHeaders(input: string): SplitHeaders {
  const warnings: string[] = [];
  let text = input;
  const nuls = text.includes('\u0000');
  if (nuls) {
    text = text.replace(/\u0000/g, '');
    warnings.push('NUL characters were removed.');
  }
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (bom) text = text.slice(1);
  let headerAt = -1;
  const fields: HeaderField[] = [];
  const lineEnd = /\r\n|\r|\n/g;
  let pos = 0;
  let lineNo = 0;
  let started = false;
  let junk = 0;
  let lostIndent = 0;
  let bodyOffset: number | null = null;
  let current: { name: string; value: string[]; raw: string[]; line: number } | null = null;
  const flush = () => {
    if (!current) return;
    const value = trimWsp(current.value.join(''));
    fields.push({
      name: current.name,
      lname: current.name.toLowerCase(),
      value,
      raw: current.raw.join('\r\n'),
      line: current.line,
    });
    current = null;
  };
  while (pos <= text.length) {
    lineEnd.lastIndex = pos;
    const m = lineEnd.exec(text);
    const end = m ? m.index : text.length;
    const line = text.slice(pos, end);
    const next = m ? m.index + m[0].length : text.length + 1;
    lineNo++;
    if (line.trim() === '') {
      if (started) {
        bodyOffset = next <= text.length ? next : null;
        break;
      }
      pos = next;
      continue;
    }
    if (/^[ \t]/.test(line)) {
      if (current) {
        (current as { value: string[] }).value.push(line);
        (current as { raw: string[] }).raw.push(line);
      } else junk++;
      pos = next;
      continue;
    }
    const field = fieldName(line);
    if (field) {
      flush();
      if (!started) headerAt = pos;
      started = true;
      current = { name: field.name, value: [field.rest], raw: [line], line: lineNo };
    } else if (current) {
      // A continuation line that lost its leading whitespace when copied.
      lostIndent++;
      (current as { value: string[] }).value.push(` ${line}`);
      (current as { raw: string[] }).raw.push(line);
    } else if (/^From /.test(line)) {
      warnings.push('The mbox “From ” separator line was skipped.');
    } else {
      junk++;
    }
    pos = next;
  }
  flush();
  if (junk > 0)
    warnings.push(
      `${junk} line${junk === 1 ? '' : 's'} before the first header field ${junk === 1 ? 'was' : 'were'} skipped.`,
    );
  if (lostIndent > 0)
    warnings.push(
      `${lostIndent} continuation line${lostIndent === 1 ? '' : 's'} had lost ${lostIndent === 1 ? 'its' : 'their'} indentation (as happens when copying from Outlook) and ${lostIndent === 1 ? 'was' : 'were'} joined to the field above.`,
    );
  return {
    fields,
    warnings,
    hadBody: bodyOffset !== null && bodyOffset < text.length,
    bodyOffset,
    headerOffset: headerAt === -1 ? input.length : inputOffset(input, headerAt + bom, nuls),
  };
}

/** The offset in `input` of offset `at` in the text with its NULs removed (a scan only when there were NULs). */
function inputOffset(input: string, at: number, nuls: boolean): number {
  if (!nuls) return at;
  let kept = 0;
  for (let i = 0; i < input.length; i++) {
    if (input.charCodeAt(i) === 0) continue;
    if (kept === at) return i;
    kept++;
  }
  return input.length;
}

/** Decode the bytes of an .eml file: UTF-8 when valid, else Windows-1252 (raw 8-bit headers), with a note. */
export function decodeMessageBytes(bytes: Uint8Array): { text: string; note: string | null } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), note: null };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      note: 'The file is not valid UTF-8; it was read as Windows-1252.',
    };
  }
}
