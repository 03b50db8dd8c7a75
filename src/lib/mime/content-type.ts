// RFC 2045 §5.1 Content-Type and RFC 2183 Content-Disposition values: a token and ";"-separated parameters,
// quoted strings, comments, and RFC 2231 continuations and charset-encoded parameters ("filename*0*=…").

export interface HeaderValue {
  /** Lower-cased: "multipart/report", "attachment". */
  value: string;
  /** Parameters by lower-cased name. */
  params: Map<string, string>;
}

/** Characters kept of one header value: content types are short, hostile ones are not. */
const MAX_VALUE = 16 * 1024;

function decodePercent(text: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  try {
    return new TextDecoder(charset || 'utf-8').decode(Uint8Array.from(bytes));
  } catch {
    return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
  }
}

/** Split on ";" outside quoted strings, dropping RFC 5322 comments. */
function splitParams(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let comment = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '\\' && i + 1 < text.length) current += text[++i];
      else if (ch === '"') quoted = false;
      else current += ch;
      continue;
    }
    if (comment > 0) {
      if (ch === '(') comment++;
      else if (ch === ')') comment--;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      current += '\u0000';
    } else if (ch === '(') comment = 1;
    else if (ch === ';') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

export function parseHeaderValue(input: string): HeaderValue {
  const parts = splitParams(input.slice(0, MAX_VALUE));
  const value = (parts[0] ?? '')
    .replace(/\u0000/g, '')
    .trim()
    .toLowerCase();
  const params = new Map<string, string>();
  // RFC 2231 §3: name*0, name*1 … continue one value; §4: name* carries charset'language'%XX text.
  const pieces = new Map<string, Array<{ index: number; text: string; encoded: boolean }>>();
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const rawName = part.slice(0, eq).trim().toLowerCase();
    const text = part
      .slice(eq + 1)
      .trim()
      .replace(/\u0000/g, '');
    const m = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(rawName);
    if (!m) continue;
    const name = m[1]!;
    if (m[2] === undefined && m[3] === undefined) {
      if (!params.has(name)) params.set(name, text);
      continue;
    }
    const list = pieces.get(name) ?? [];
    list.push({ index: m[2] === undefined ? 0 : Number(m[2]), text, encoded: m[3] !== undefined });
    pieces.set(name, list);
  }
  for (const [name, list] of pieces) {
    list.sort((a, b) => a.index - b.index);
    let charset = '';
    let joined = '';
    for (const piece of list) {
      let text = piece.text;
      if (piece.encoded && piece.index === 0) {
        const m = /^([^']*)'[^']*'(.*)$/.exec(text);
        if (m) {
          charset = m[1]!;
          text = m[2]!;
        }
      }
      joined += piece.encoded ? decodePercent(text, charset) : text;
    }
    // RFC 2231 §4: the extended form wins over a plain parameter of the same name.
    params.set(name, joined);
  }
  return { value, params };
}
