// RFC 7208 §7: SPF macro strings — scanning, the domain-spec rule, and expansion.

import { dottedNibbles, formatIp, type IpAddress } from '../net/ip';

export type MacroToken =
  | { kind: 'literal'; text: string; start: number }
  /** RFC 7208 §7.1: "%%" is "%", "%_" is a space, "%-" is "%20". */
  | { kind: 'escape'; text: string; start: number }
  | {
      kind: 'macro';
      letter: string;
      upper: boolean;
      digits: number | null;
      reverse: boolean;
      delimiters: string;
      start: number;
      end: number;
    };

export type MacroParse = { ok: true; tokens: MacroToken[] } | { ok: false; error: string; position: number };

/** RFC 7208 §7.2: macro letters; c, r and t only in explanation text. */
const DOMAIN_LETTERS = 'slodiphv';
const EXP_ONLY_LETTERS = 'crt';
const DELIMITERS = '.-+,/_=';
/** RFC 7208 §7.3: implementations must support at least 128 parts; more is pointless for a DNS name. */
const MAX_DIGITS_VALUE = 128;

/**
 * Scan a macro-string. In `exp` context (explanation text) spaces are literal and c/r/t are allowed; in `domain`
 * context only visible ASCII except "%" may be literal.
 */
export function parseMacroString(text: string, context: 'domain' | 'exp'): MacroParse {
  const tokens: MacroToken[] = [];
  let literal = '';
  let literalStart = 0;
  const flush = () => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal, start: literalStart });
    literal = '';
  };
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      flush();
      const next = text[i + 1];
      if (next === '%' || next === '_' || next === '-') {
        tokens.push({ kind: 'escape', text: next === '%' ? '%' : next === '_' ? ' ' : '%20', start: i });
        i += 2;
        literalStart = i;
        continue;
      }
      if (next !== '{') {
        return {
          ok: false,
          position: i,
          error:
            next === undefined
              ? 'A “%” at the end must be written “%%”.'
              : `“%${next}” is not a macro: after “%” comes “{”, “%”, “_” or “-”.`,
        };
      }
      const close = text.indexOf('}', i + 2);
      if (close === -1) return { ok: false, position: i, error: 'The macro “%{” is never closed with “}”.' };
      const body = text.slice(i + 2, close);
      const m = /^([a-zA-Z])(\d*)([rR]?)(.*)$/s.exec(body);
      if (!m) return { ok: false, position: i, error: `“%{${body}}” is not a valid macro.` };
      const [, letterRaw = '', digitsText = '', r = '', delims = ''] = m;
      const letter = letterRaw.toLowerCase();
      if (!DOMAIN_LETTERS.includes(letter) && !EXP_ONLY_LETTERS.includes(letter)) {
        return {
          ok: false,
          position: i,
          error: `“%{${letterRaw}}” uses an unknown macro letter “${letterRaw}”.`,
        };
      }
      if (EXP_ONLY_LETTERS.includes(letter) && context !== 'exp') {
        return {
          ok: false,
          position: i,
          error: `The macro “%{${letterRaw}}” is allowed only in explanation (exp) text.`,
        };
      }
      for (const d of delims) {
        if (!DELIMITERS.includes(d)) {
          return {
            ok: false,
            position: i,
            error: `“${d}” in “%{${body}}” is not a macro delimiter (use . - + , / _ =).`,
          };
        }
      }
      let digits: number | null = null;
      if (digitsText !== '') {
        // RFC 7208 §7.3: if a DIGIT transformer is given, its value must be nonzero.
        digits = Number(digitsText);
        if (digits === 0)
          return { ok: false, position: i, error: `The number in “%{${body}}” must not be zero.` };
        if (digits > MAX_DIGITS_VALUE) digits = MAX_DIGITS_VALUE;
      }
      tokens.push({
        kind: 'macro',
        letter,
        upper: letterRaw !== letter,
        digits,
        reverse: r !== '',
        delimiters: delims,
        start: i,
        end: close + 1,
      });
      i = close + 1;
      literalStart = i;
      continue;
    }
    // RFC 7208 §7.1: macro-literal = %x21-24 / %x26-7E; explain-string also allows SP.
    const visible = c >= 0x21 && c <= 0x7e;
    if (!visible && !(context === 'exp' && c === 0x20)) {
      const shown =
        c < 0x20 || c === 0x7f ? `control character 0x${c.toString(16).padStart(2, '0')}` : `“${text[i]}”`;
      return {
        ok: false,
        position: i,
        error: `Unexpected ${shown}: only visible ASCII characters are allowed here.`,
      };
    }
    if (literal === '') literalStart = i;
    literal += text[i];
    i++;
  }
  flush();
  return { ok: true, tokens };
}

const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;

/**
 * RFC 7208 §7.1: domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand.
 * Returns a message when the spec cannot name a domain, else null.
 */
export function checkDomainEnd(tokens: readonly MacroToken[]): string | null {
  const last = tokens[tokens.length - 1];
  if (!last) return 'The domain is empty.';
  if (last.kind !== 'literal') return null;
  let tail = last.text;
  if (tail.endsWith('.')) tail = tail.slice(0, -1);
  const dot = tail.lastIndexOf('.');
  if (dot === -1) {
    return tokens.length === 1
      ? `“${last.text}” is not a domain: it needs at least one dot and a top-level label (such as .com).`
      : `The domain must end in a dot and a top-level label (such as .com), or in a macro.`;
  }
  const toplabel = tail.slice(dot + 1);
  if (!TOPLABEL.test(toplabel)) {
    if (/^\d+$/.test(toplabel)) {
      return `“${toplabel}” cannot be a top-level label: it is all digits (an IP address belongs in ip4:, not here).`;
    }
    return `“${toplabel}” is not a valid top-level label (letters, digits and inner hyphens only).`;
  }
  return null;
}

export interface MacroValues {
  /** <sender>: the full MAIL FROM, or postmaster@<helo>. */
  sender: string;
  /** <domain>: the domain currently being evaluated. */
  domain: string;
  ip: IpAddress;
  helo: string;
  /** Validated PTR name for %{p} ("unknown" when none). */
  ptr?: string;
  receiver?: string;
  /** Seconds since the epoch, for %{t}. */
  timestamp?: number;
}

export function splitSender(sender: string): { localPart: string; domain: string } {
  const at = sender.lastIndexOf('@');
  // RFC 7208 §4.3: a sender without local-part uses "postmaster".
  const localPart = at <= 0 ? 'postmaster' : sender.slice(0, at);
  return { localPart, domain: at === -1 ? sender : sender.slice(at + 1) };
}

/** RFC 7208 §7.3: what each macro letter stands for. */
const LETTER_VALUES: Readonly<Record<string, (v: MacroValues) => string>> = {
  s: (v) => v.sender,
  l: (v) => splitSender(v.sender).localPart,
  o: (v) => splitSender(v.sender).domain,
  d: (v) => v.domain,
  i: (v) => dottedNibbles(v.ip),
  p: (v) => v.ptr ?? 'unknown',
  v: (v) => (v.ip.version === 4 ? 'in-addr' : 'ip6'),
  h: (v) => v.helo,
  c: (v) => formatIp(v.ip),
  r: (v) => v.receiver ?? 'unknown',
  t: (v) => String(v.timestamp ?? Math.floor(Date.now() / 1000)),
};

function letterValue(letter: string, v: MacroValues): string {
  return Object.hasOwn(LETTER_VALUES, letter) ? LETTER_VALUES[letter]!(v) : '';
}

/** RFC 3986 §2.3 unreserved characters stay; everything else is percent-encoded (RFC 7208 §7.3). */
function urlEscape(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function usesPtrMacro(tokens: readonly MacroToken[]): boolean {
  return tokens.some((t) => t.kind === 'macro' && t.letter === 'p');
}

/** RFC 7208 §7.3: expand with transformers (split on delimiters, reverse, keep the rightmost N parts). */
export function expandMacroTokens(tokens: readonly MacroToken[], values: MacroValues): string {
  let out = '';
  for (const token of tokens) {
    if (token.kind !== 'macro') {
      out += token.text;
      continue;
    }
    const raw = letterValue(token.letter, values);
    const delimiters = token.delimiters || '.';
    let parts: string[] = [];
    let current = '';
    for (const ch of raw) {
      if (delimiters.includes(ch)) {
        parts.push(current);
        current = '';
      } else current += ch;
    }
    parts.push(current);
    if (token.reverse) parts.reverse();
    if (token.digits !== null && token.digits < parts.length)
      parts = parts.slice(parts.length - token.digits);
    const value = parts.join('.');
    out += token.upper ? urlEscape(value) : value;
  }
  return out;
}

/**
 * RFC 7208 §7.3: a trailing dot is ignored; an expanded name longer than 253 characters loses labels from the
 * left until it fits.
 */
export function finishDomain(expanded: string): string {
  let name = expanded.endsWith('.') ? expanded.slice(0, -1) : expanded;
  while (name.length > 253) {
    const dot = name.indexOf('.');
    if (dot === -1) return name.slice(name.length - 253);
    name = name.slice(dot + 1);
  }
  return name;
}
