// RFC 5322 §3.4 addresses in From/To/Cc/Reply-To: display names, angle addresses, comments, groups.

export interface Mailbox {
  name: string | null;
  address: string;
  /** Lower-cased domain of the address ("" when there is none). */
  domain: string;
}

/** Split on commas (and ";") outside quotes, comments and angle brackets, by slicing: one pass, no copies per char. */
function splitTopLevel(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && (quoted || depth > 0)) i++;
    else if (c === '"' && depth === 0) quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth > 0) continue;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if ((c === ',' || c === ';') && !angle) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** RFC 5322 §3.2.2: the text without its (nested) comments; quoted strings and escapes kept. */
function stripComments(text: string): string {
  const kept: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) i++;
    else if (c === '"' && depth === 0) quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') {
      if (depth === 0) kept.push(text.slice(start, i));
      depth++;
    } else if (c === ')' && depth > 0) {
      depth--;
      if (depth === 0) start = i + 1;
    }
  }
  if (depth === 0) kept.push(text.slice(start));
  return kept.join('');
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

/** The domain after the last "@", without trailing ">", "]" or whitespace (a scan: /[>\]\s]+$/ is quadratic). */
function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  if (at === -1) return '';
  let end = address.length;
  while (end > at + 1 && /[>\]\s]/.test(address[end - 1]!)) end--;
  return address.slice(at + 1, end).toLowerCase();
}

/** Parse a mailbox-list or address-list; groups ("team: a@x, b@y;") are flattened. Never throws. */
export function parseAddressList(value: string): Mailbox[] {
  const out: Mailbox[] = [];
  // Drop group names ("Undisclosed recipients:;").
  const cleaned = value.replace(/^[^"<>@,]*:\s*/, (m) => (m.includes('@') ? m : ''));
  for (const part of splitTopLevel(cleaned)) {
    const lt = part.lastIndexOf('<');
    const gt = part.lastIndexOf('>');
    if (lt !== -1 && gt > lt) {
      const address = stripComments(part.slice(lt + 1, gt)).trim();
      const name = unquote(stripComments(part.slice(0, lt))) || null;
      out.push({ name, address, domain: domainOf(address) });
      continue;
    }
    const comment = /\(([^()]*)\)/.exec(part)?.[1]?.trim() ?? null;
    const address = stripComments(part).trim();
    if (address === '') continue;
    out.push({ name: comment || null, address, domain: domainOf(address) });
  }
  return out;
}
