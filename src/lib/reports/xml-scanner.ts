// XML 1.0 (W3C REC-xml, fifth edition) tokenizer for report files: elements, text, CDATA, comments and
// processing instructions over UTF-8 bytes. No DTD is read (DOCTYPE and ENTITY are refused), so no entity can
// expand; one pass, no recursion, an element-depth cap. Malformed markup that real reporters send (a bare "<" in
// text, an unclosed element) is recovered from with a warning, like a browser's XML "recover" mode would.

import * as bytesModule from '../mime/bytes';
import * as limits from './limits';

// Bound once: module namespaces can be getters (dev servers, test runners), too slow per tag.
const { indexOfBytes } = bytesModule;
const { MAX_XML_DEPTH } = limits;

export interface XmlHandler {
  /** A start tag; its attribute text is bytes [attrStart, attrEnd). Element names are local (prefix removed). */
  open(name: string, attrStart: number, attrEnd: number): void;
  close(name: string): void;
  /** Character data [start, end) inside an element, entity references not yet replaced. */
  text(start: number, end: number): void;
  /** A CDATA section's content [start, end), taken literally. */
  cdata(start: number, end: number): void;
  /** Set by the handler to stop the scan (a limit was reached); the scan ends with this as its error. */
  halt: string | null;
}

export type XmlScan =
  | { ok: true; warnings: string[]; encoding: string | null; unclosed: string[] }
  | { ok: false; code: 'doctype' | 'malformed' | 'limit'; error: string; offset: number };

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/** XML 1.0 §2.3 NameChar, with every non-ASCII byte accepted (UTF-8 sequences of letters). */
const NAME_CHAR = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  NAME_CHAR[c] =
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x3a ||
    c >= 0x80
      ? 1
      : 0;
}
const isNameStart = (c: number) =>
  NAME_CHAR[c] === 1 && !(c >= 0x30 && c <= 0x39) && c !== 0x2d && c !== 0x2e;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

const COMMENT_END = [0x2d, 0x2d, 0x3e];
const CDATA_END = [0x5d, 0x5d, 0x3e];
const PI_END = [0x3f, 0x3e];
const CDATA_OPEN = [0x3c, 0x21, 0x5b, 0x43, 0x44, 0x41, 0x54, 0x41, 0x5b];

/** Element names, decoded once per distinct name. */
class NameTable {
  readonly #names = new Map<number, string>();
  readonly #utf8 = new TextDecoder();

  get(bytes: Uint8Array, start: number, end: number): string {
    // Local name: after the last ":" (namespace prefixes do not matter to reports).
    for (let i = end - 1; i >= start; i--) if (bytes[i] === 0x3a) start = i + 1;
    let hash = end - start;
    let ascii = true;
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      hash = (Math.imul(hash, 31) + c) | 0;
      if (c >= 0x80) ascii = false;
    }
    if (!ascii) return this.#utf8.decode(bytes.subarray(start, end));
    const known = this.#names.get(hash);
    if (known !== undefined && known.length === end - start) {
      let same = true;
      for (let i = 0; i < known.length; i++)
        if (known.charCodeAt(i) !== bytes[start + i]) {
          same = false;
          break;
        }
      if (same) return known;
    }
    let name = '';
    for (let i = start; i < end; i++) name += String.fromCharCode(bytes[i]!);
    if (known === undefined && this.#names.size < 4096) this.#names.set(hash, name);
    return name;
  }
}

/** The encoding declared in an XML declaration's text, if any (XML 1.0 §4.3.3). */
function declaredEncoding(bytes: Uint8Array, start: number, end: number): string | null {
  let text = '';
  for (let i = start; i < end && i < start + 200; i++) text += String.fromCharCode(bytes[i]!);
  const m = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}

export function scanXml(bytes: Uint8Array, handler: XmlHandler, from = 0): XmlScan {
  const names = new NameTable();
  const stack: string[] = [];
  const warnings = new Set<string>();
  const warn = (message: string) => {
    if (warnings.size < 20) warnings.add(message);
  };
  let encoding: string | null = null;
  let i = from;
  let textStart = from;
  const length = bytes.length;
  const flushText = (end: number) => {
    if (stack.length > 0 && end > textStart) handler.text(textStart, end);
  };
  const fail = (code: 'doctype' | 'malformed' | 'limit', error: string, offset: number): XmlScan => ({
    ok: false,
    code,
    error,
    offset,
  });
  for (;;) {
    const lt = bytes.indexOf(LT, i);
    if (lt === -1) {
      flushText(length);
      break;
    }
    const c = bytes[lt + 1] ?? 0;
    if (c === SLASH) {
      // XML 1.0 §3.1 ETag: '</' Name S? '>'
      let p = lt + 2;
      const nameStart = p;
      while (p < length && NAME_CHAR[bytes[p]!] === 1) p++;
      const nameEnd = p;
      while (p < length && isSpace(bytes[p]!)) p++;
      if (nameEnd === nameStart || bytes[p] !== GT) {
        if (p >= length)
          return fail('malformed', 'The XML ends inside an end tag (the file is truncated).', lt);
        warn(`A “<” that does not start a tag was read as text (byte ${lt}).`);
        i = lt + 1;
        continue;
      }
      flushText(lt);
      const name = names.get(bytes, nameStart, nameEnd);
      let k = stack.length - 1;
      while (k >= 0 && stack[k] !== name) k--;
      if (k < 0) warn(`A stray end tag </${name}> was ignored.`);
      else {
        while (stack.length - 1 > k) {
          const open = stack.pop()!;
          warn(`<${open}> was not closed; </${name}> closed it.`);
          handler.close(open);
        }
        stack.pop();
        handler.close(name);
      }
      i = textStart = p + 1;
    } else if (c === 0x21) {
      // '<!': a comment, a CDATA section, or a declaration (refused: DOCTYPE, ENTITY …).
      if (bytes[lt + 2] === 0x2d && bytes[lt + 3] === 0x2d) {
        const end = indexOfBytes(bytes, COMMENT_END, lt + 4);
        if (end === -1) return fail('malformed', 'A comment is not closed (the file is truncated).', lt);
        flushText(lt);
        i = textStart = end + 3;
      } else if (CDATA_OPEN.every((b, k) => bytes[lt + k] === b)) {
        const end = indexOfBytes(bytes, CDATA_END, lt + 9);
        if (end === -1)
          return fail('malformed', 'A CDATA section is not closed (the file is truncated).', lt);
        flushText(lt);
        if (stack.length > 0) handler.cdata(lt + 9, end);
        i = textStart = end + 3;
      } else {
        return fail(
          'doctype',
          'The XML has a DOCTYPE or ENTITY declaration; reports never need one, and entity expansion is how XML bombs work, so the file was refused.',
          lt,
        );
      }
    } else if (c === 0x3f) {
      // XML 1.0 §2.6 processing instruction, and the XML declaration.
      const end = indexOfBytes(bytes, PI_END, lt + 2);
      if (end === -1) return fail('malformed', 'A processing instruction is not closed.', lt);
      if (encoding === null && stack.length === 0) encoding = declaredEncoding(bytes, lt + 2, end);
      flushText(lt);
      i = textStart = end + 2;
    } else if (isNameStart(c)) {
      // XML 1.0 §3.1 STag / EmptyElemTag: '<' Name (S Attribute)* S? '/'? '>'
      let p = lt + 1;
      while (p < length && NAME_CHAR[bytes[p]!] === 1) p++;
      const nameEnd = p;
      const attrStart = p;
      let quote = 0;
      let bad = false;
      for (; p < length; p++) {
        const b = bytes[p]!;
        if (quote !== 0) {
          if (b === quote) quote = 0;
        } else if (b === GT) break;
        else if (b === 0x22 || b === 0x27) quote = b;
        else if (b === LT) {
          bad = true;
          break;
        }
      }
      const stuck =
        nameEnd < length && !isSpace(bytes[nameEnd]!) && bytes[nameEnd] !== GT && bytes[nameEnd] !== SLASH;
      if (p >= length)
        return fail('malformed', 'The XML ends inside a start tag (the file is truncated).', lt);
      if (bad || stuck) {
        warn(`A “<” that does not start a tag was read as text (byte ${lt}).`);
        i = lt + 1;
        continue;
      }
      const selfClosing = bytes[p - 1] === SLASH;
      flushText(lt);
      const name = names.get(bytes, lt + 1, nameEnd);
      if (stack.length >= MAX_XML_DEPTH)
        return fail(
          'limit',
          `The XML nests elements more than ${MAX_XML_DEPTH} deep; reports need six levels.`,
          lt,
        );
      handler.open(name, attrStart, selfClosing ? p - 1 : p);
      if (selfClosing) handler.close(name);
      else stack.push(name);
      if (handler.halt !== null) return fail('limit', handler.halt, lt);
      i = textStart = p + 1;
    } else {
      warn(`A “<” that does not start a tag was read as text (byte ${lt}).`);
      i = lt + 1;
    }
  }
  // Elements left open at the end: the handler judges whether what it needed was complete.
  return { ok: true, warnings: [...warnings], encoding, unclosed: stack };
}
