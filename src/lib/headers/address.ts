// RFC 5322 §3.4 addresses in From/To/Cc/Reply-To: display names, angle addresses, comments, groups.

export interface Mailbox {
  name: string | null;
  address: string;
  /** Lower-cased domain of the address ("" when there is none). */
  domain: string;
}

/** Split on commas outside quotes, comments and angle brackets. */
function splitTopLevel(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let angle = false;
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && (quoted || depth > 0)) {
      current += c + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"' && depth === 0) quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && depth > 0) depth--;
    else if (!quoted && depth === 0 && c === '<') angle = true;
    else if (!quoted && depth === 0 && c === '>') angle = false;
    if ((c === ',' || c === ';') && !quoted && depth === 0 && !angle) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function stripComments(text: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      if (depth === 0) out += c + text[i + 1];
      i++;
      continue;
    }
    if (c === '"' && depth === 0) quoted = !quoted;
    if (!quoted && c === '(') {
      depth++;
      continue;
    }
    if (!quoted && c === ')' && depth > 0) {
      depth--;
      continue;
    }
    if (depth === 0) out += c;
  }
  return out;
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1
    ? ''
    : address
        .slice(at + 1)
        .replace(/[>\]\s]+$/, '')
        .toLowerCase();
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
