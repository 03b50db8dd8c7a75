// File formats told apart by their first bytes, never by the name: gzip (RFC 1952 §2.3.1), zip (PKWARE APPNOTE
// 4.3.7), XML, JSON (RFC 8259), mbox and RFC 5322 messages.

export type Sniffed = 'empty' | 'gzip' | 'zip' | 'xml' | 'json' | 'mbox' | 'message' | 'unknown';

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Bytes of a byte-order mark at the start (UTF-8, UTF-16 LE or BE). */
export function bomLength(bytes: Uint8Array): number {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 2;
  return 0;
}

/** RFC 5322 §3.6.8: a header field name (printable ASCII but ":") followed by ":" on the first line. */
function looksLikeHeader(bytes: Uint8Array, start: number): boolean {
  const limit = Math.min(bytes.length, start + 100);
  for (let i = start; i < limit; i++) {
    const c = bytes[i]!;
    if (c === 0x3a) return i > start;
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return false;
}

export function sniffFormat(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return 'empty';
  // RFC 1952 §2.3.1: ID1 ID2 = 1f 8b.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  // APPNOTE 4.3.7 local file header "PK\3\4", or an empty archive's end record "PK\5\6".
  if (
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5) &&
    bytes[3] === bytes[2]! + 1
  )
    return 'zip';
  const bom = bomLength(bytes);
  // UTF-16 text: only XML is expected in it.
  if (bom === 2) return 'xml';
  let i = bom;
  while (i < bytes.length && i < bom + 4096 && isSpace(bytes[i]!)) i++;
  if (i >= bytes.length) return 'empty';
  const c = bytes[i]!;
  if (c === 0x3c) return 'xml';
  if (c === 0x7b || c === 0x5b) return 'json';
  // mbox: "From " starts the file (RFC 4155).
  if (
    i === bom &&
    bytes[i] === 0x46 &&
    bytes[i + 1] === 0x72 &&
    bytes[i + 2] === 0x6f &&
    bytes[i + 3] === 0x6d &&
    bytes[i + 4] === 0x20
  )
    return 'mbox';
  if (looksLikeHeader(bytes, i)) return 'message';
  return 'unknown';
}

/** A word for the format, for error messages. */
export function describeSniffed(kind: Sniffed): string {
  switch (kind) {
    case 'empty':
      return 'an empty file';
    case 'gzip':
      return 'gzip data';
    case 'zip':
      return 'a zip archive';
    case 'xml':
      return 'XML';
    case 'json':
      return 'JSON';
    case 'mbox':
      return 'a mailbox (mbox)';
    case 'message':
      return 'an e-mail message';
    case 'unknown':
      return 'neither XML, JSON, an archive nor an e-mail message';
  }
}

/**
 * What kind of report a file or paste probably is, from its first bytes only (for the header analysis to offer
 * the reports page when a report is dropped there). An archive is reported as such: only reading tells.
 */
export function guessReportKind(
  input: Uint8Array | string,
): 'dmarc-aggregate' | 'tls-rpt' | 'dmarc-failure' | 'archive' | null {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input.slice(0, 65_536)) : input;
  const kind = sniffFormat(bytes);
  if (kind === 'gzip' || kind === 'zip') return 'archive';
  let head = '';
  for (let i = 0; i < Math.min(bytes.length, 65_536); i++) head += String.fromCharCode(bytes[i]!);
  if (kind === 'xml') return /<(?:\w+:)?feedback[\s>]/.test(head) ? 'dmarc-aggregate' : null;
  if (kind === 'json')
    return /"policies"\s*:/.test(head) && /"(?:organization-name|date-range)"/.test(head) ? 'tls-rpt' : null;
  if (kind !== 'message' && kind !== 'mbox') return null;
  if (/report-type\s*=\s*"?feedback-report|message\/feedback-report/i.test(head)) return 'dmarc-failure';
  if (/report-type\s*=\s*"?tlsrpt|application\/tlsrpt/i.test(head)) return 'tls-rpt';
  if (
    /^Subject:.*Report.?Domain/im.test(head) ||
    /application\/(?:x-)?(?:gzip|zip)|\.xml\.gz|\.xml\.zip/i.test(head)
  )
    return 'dmarc-aggregate';
  return null;
}
