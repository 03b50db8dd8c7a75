// RFC 2045/2046 MIME structure of a message held as bytes: header section, multipart bodies split at their
// boundaries (RFC 2046 §5.1.1), message/rfc822 parts opened (§5.2.1). Header fields come from the header
// analysis' tolerant splitter; bodies are decoded on demand.

import { decodeMessageBytes, splitHeaders, type HeaderField } from '../headers';
import { indexOfBytes, latin1Bytes } from './bytes';
import { parseHeaderValue, type HeaderValue } from './content-type';
import { decodeTransfer } from './transfer';

/** RFC 2046 §5.1 sets no limit on parts or nesting; these keep a hostile message from exhausting memory. */
export const MAX_MIME_PARTS = 1_000;
export const MAX_MIME_DEPTH = 16;

export interface MimeEntity {
  headers: HeaderField[];
  /** RFC 2045 §5.2: text/plain when absent. */
  contentType: HeaderValue;
  disposition: HeaderValue | null;
  /** The file name from Content-Disposition (RFC 2183) or the older Content-Type name parameter. */
  filename: string | null;
  transferEncoding: string;
  /** The bytes the offsets below refer to (the message, or a decoded message/rfc822 body inside it). */
  source: Uint8Array;
  /** Byte offsets in `source`: the entity, and where its body starts. */
  start: number;
  bodyStart: number;
  end: number;
  /** Parts of a multipart body, or the one message inside a message/rfc822 body. */
  parts: MimeEntity[];
}

export interface MimeMessage {
  root: MimeEntity;
  warnings: string[];
}

/** The end of the header section: the offset of the empty line that ends it (or where the body starts). */
function headerEnd(bytes: Uint8Array, start: number, end: number): { headersEnd: number; bodyStart: number } {
  // RFC 5322 §2.1: an entity that starts with an empty line has no header fields.
  if (bytes[start] === 0x0a) return { headersEnd: start, bodyStart: start + 1 };
  if (bytes[start] === 0x0d && bytes[start + 1] === 0x0a) return { headersEnd: start, bodyStart: start + 2 };
  for (let i = bytes.indexOf(0x0a, start); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) {
    if (bytes[i + 1] === 0x0a) return { headersEnd: i + 1, bodyStart: i + 2 };
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return { headersEnd: i + 1, bodyStart: i + 3 };
  }
  return { headersEnd: end, bodyStart: end };
}

export function fieldValue(entity: MimeEntity, name: string): string | null {
  const lname = name.toLowerCase();
  return entity.headers.find((f) => f.lname === lname)?.value ?? null;
}

/** RFC 2046 §5.1.1: the parts between "--boundary" lines, up to "--boundary--". */
function splitMultipart(
  bytes: Uint8Array,
  bodyStart: number,
  end: number,
  boundary: string,
  warnings: string[],
): Array<[number, number]> {
  const marker = latin1Bytes(`--${boundary}`);
  const parts: Array<[number, number]> = [];
  let partStart = -1;
  let from = bodyStart;
  for (;;) {
    const at = indexOfBytes(bytes, marker, from);
    if (at === -1 || at >= end) break;
    from = at + marker.length;
    if (at !== bodyStart && bytes[at - 1] !== 0x0a) continue;
    const closing = bytes[from] === 0x2d && bytes[from + 1] === 0x2d;
    let p = closing ? from + 2 : from;
    while (p < end && (bytes[p] === 0x20 || bytes[p] === 0x09)) p++;
    if (!closing && p < end && bytes[p] !== 0x0a && bytes[p] !== 0x0d) continue;
    if (partStart >= 0) {
      // The line break before a delimiter belongs to the delimiter.
      let partEnd = at;
      if (bytes[partEnd - 1] === 0x0a) partEnd--;
      if (bytes[partEnd - 1] === 0x0d) partEnd--;
      parts.push([partStart, Math.max(partStart, partEnd)]);
    }
    if (closing) return parts;
    const lf = bytes.indexOf(0x0a, p);
    partStart = lf === -1 || lf >= end ? end : lf + 1;
  }
  if (partStart >= 0) {
    warnings.push(`A multipart body has no closing boundary; its last part runs to the end.`);
    parts.push([partStart, end]);
  }
  return parts;
}

class Walker {
  parts = 0;
  readonly warnings: string[] = [];

  entity(bytes: Uint8Array, start: number, end: number, depth: number, defaultType: string): MimeEntity {
    const { headersEnd, bodyStart } = headerEnd(bytes, start, end);
    const headerText = decodeMessageBytes(bytes.subarray(start, headersEnd)).text;
    const headers = headersEnd > start ? splitHeaders(headerText).fields : [];
    const get = (name: string) => headers.find((f) => f.lname === name)?.value ?? null;
    const typeField = get('content-type');
    const contentType = parseHeaderValue(typeField ?? defaultType);
    if (!contentType.value.includes('/')) contentType.value = defaultType;
    const dispositionField = get('content-disposition');
    const disposition = dispositionField === null ? null : parseHeaderValue(dispositionField);
    const entity: MimeEntity = {
      headers,
      contentType,
      disposition,
      filename: disposition?.params.get('filename') ?? contentType.params.get('name') ?? null,
      transferEncoding: (get('content-transfer-encoding') ?? '7bit').trim().toLowerCase(),
      source: bytes,
      start,
      bodyStart,
      end,
      parts: [],
    };
    this.parts++;
    if (depth >= MAX_MIME_DEPTH) {
      this.warnings.push(`MIME parts nested deeper than ${MAX_MIME_DEPTH} levels were not opened.`);
      return entity;
    }
    const type = contentType.value;
    const boundary = contentType.params.get('boundary');
    if (type.startsWith('multipart/') && boundary) {
      // RFC 2046 §5.1.5: the parts of multipart/digest default to message/rfc822.
      const childDefault = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
      for (const [s, e] of splitMultipart(bytes, bodyStart, end, boundary, this.warnings)) {
        if (this.parts >= MAX_MIME_PARTS) {
          this.warnings.push(`Only the first ${MAX_MIME_PARTS} MIME parts were read.`);
          break;
        }
        entity.parts.push(this.entity(bytes, s, e, depth + 1, childDefault));
      }
    } else if (type === 'message/rfc822' || type === 'message/global') {
      // RFC 2046 §5.2.1: only 7bit, 8bit or binary; some senders base64 it anyway.
      if (entity.transferEncoding === 'base64' || entity.transferEncoding === 'quoted-printable') {
        const inner = entityBody(entity);
        entity.parts.push(this.entity(inner, 0, inner.length, depth + 1, 'text/plain'));
      } else entity.parts.push(this.entity(bytes, bodyStart, end, depth + 1, 'text/plain'));
    }
    return entity;
  }
}

/** The MIME tree of a whole message. Never throws. */
export function parseMime(bytes: Uint8Array): MimeMessage {
  const walker = new Walker();
  const root = walker.entity(bytes, 0, bytes.length, 0, 'text/plain');
  return { root, warnings: walker.warnings };
}

/** The bytes a part's body stands for, after its transfer encoding. */
export function entityBody(entity: MimeEntity): Uint8Array {
  return decodeTransfer(entity.source.subarray(entity.bodyStart, entity.end), entity.transferEncoding);
}

/** The text of an entity's header section as written (line ends kept, the empty line that ends it dropped). */
export function entityHeaderText(entity: MimeEntity): string {
  return decodeMessageBytes(entity.source.subarray(entity.start, entity.bodyStart)).text.replace(
    /(\r?\n)+$/,
    '',
  );
}

/** Every entity of the tree, depth first, parents before their parts. */
export function* walkEntities(root: MimeEntity): Generator<MimeEntity> {
  const stack = [root];
  while (stack.length > 0) {
    const next = stack.pop()!;
    yield next;
    for (let i = next.parts.length - 1; i >= 0; i--) stack.push(next.parts[i]!);
  }
}
