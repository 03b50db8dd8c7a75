// RFC 4155 mbox: messages one after another, each starting with a "From " separator line (address and date) at
// the start of the file or after an empty line. Returned as byte ranges of the messages, separator lines left out.

const FROM = [0x46, 0x72, 0x6f, 0x6d, 0x20];

/** RFC 4155 §2: "From " addr-spec date, the date with a time of day ("From a@b Mon Jan  1 10:00:00 2026"). */
function isFromLine(bytes: Uint8Array, at: number): boolean {
  for (let k = 0; k < FROM.length; k++) if (bytes[at + k] !== FROM[k]) return false;
  const end = bytes.indexOf(0x0a, at);
  let line = '';
  for (let i = at; i < (end === -1 ? bytes.length : end) && i < at + 200; i++)
    line += String.fromCharCode(bytes[i]!);
  return /^From \S+ +\S.*\b\d{1,2}:\d{2}/.test(line);
}

/** Byte ranges [start, end) of the messages; `max` caps how many are returned. */
export function splitMbox(
  bytes: Uint8Array,
  max: number,
): { messages: Array<[number, number]>; more: boolean } {
  const starts: number[] = [];
  if (isFromLine(bytes, 0)) starts.push(0);
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) {
    // "\n\nFrom " or "\n\r\nFrom ": a separator follows an empty line.
    const next = i + 1;
    const blankBefore = bytes[i - 1] === 0x0a || (bytes[i - 1] === 0x0d && bytes[i - 2] === 0x0a);
    if (blankBefore && isFromLine(bytes, next)) {
      starts.push(next);
      if (starts.length > max) break;
    }
  }
  const messages: Array<[number, number]> = [];
  for (let k = 0; k < starts.length && k < max; k++) {
    const lineEnd = bytes.indexOf(0x0a, starts[k]!);
    const start = lineEnd === -1 ? bytes.length : lineEnd + 1;
    const end = k + 1 < starts.length ? starts[k + 1]! : bytes.length;
    if (end > start) messages.push([start, end]);
  }
  return { messages, more: starts.length > max };
}
