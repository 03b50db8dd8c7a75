// RFC 8601 §2.2 Authentication-Results (also ARC-Authentication-Results and Microsoft's variants): a scanner with
// nested comments, quoted strings, method versions and ptype.property values, strict or tolerant of real-world
// quirks (Microsoft's missing authserv-id, action=, compauth, trailing ";", URL values), with RFC 8616 UTF-8.

export interface AuthResProperty {
  ptype: string;
  property: string;
  value: string;
}

export interface AuthResResult {
  method: string;
  version?: number;
  result: string;
  reason?: string;
  properties: AuthResProperty[];
  /** The first comment after the result, e.g. Microsoft's "(sender IP is 192.0.2.1)". */
  comment?: string;
  /** Non-standard "key=value" pairs seen in the wild (Microsoft's action=, …). */
  extras?: Record<string, string>;
}

export type AuthResParse =
  | { ok: true; authservId: string | null; version?: number; results: AuthResResult[]; warnings: string[] }
  | { ok: false; error: string; position?: number };

export interface AuthResOptions {
  /** Accept real-world deviations (default true). */
  relaxed?: boolean;
  /** RFC 8616: UTF-8 in quoted strings, comments and property values (default true). */
  i18n?: boolean;
}

/** Far longer than any real field; longer input is refused before scanning. */
const MAX_LENGTH = 64 * 1024;
/** Comments nest; deeper nesting is hostile input. */
const MAX_COMMENT_DEPTH = 64;

/** IANA "Email Authentication Result Names" per method (RFC 8601 §2.7, RFC 8617, RFC 7489, BIMI draft). */
const RESULTS: Record<string, readonly string[]> = {
  auth: ['none', 'pass', 'fail', 'temperror', 'permerror'],
  dkim: ['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror'],
  domainkeys: ['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror'],
  'sender-id': [
    'none',
    'pass',
    'fail',
    'softfail',
    'policy',
    'neutral',
    'temperror',
    'permerror',
    'hardfail',
  ],
  spf: ['none', 'pass', 'fail', 'softfail', 'policy', 'neutral', 'temperror', 'permerror', 'hardfail'],
  iprev: ['pass', 'fail', 'temperror', 'permerror'],
  dmarc: ['none', 'pass', 'fail', 'temperror', 'permerror'],
  arc: ['none', 'pass', 'fail'],
  bimi: ['pass', 'none', 'fail', 'temperror', 'declined', 'skipped'],
  'dkim-adsp': ['none', 'pass', 'unknown', 'fail', 'discard', 'nxdomain', 'temperror', 'permerror'],
  'dkim-atps': ['none', 'pass', 'fail', 'temperror', 'permerror'],
  vbr: ['none', 'pass', 'fail', 'temperror', 'permerror'],
  rrvs: ['none', 'unknown', 'pass', 'fail', 'temperror', 'permerror'],
  smime: ['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror'],
  dnswl: ['pass', 'none', 'temperror', 'permerror'],
};
/** RFC 8601 §2.3 and RFC 8904: the property types. */
const PTYPES = ['smtp', 'header', 'body', 'policy', 'dns'];
/** RFC 2045 §5.1 tspecials: not allowed in a token. */
const TSPECIALS = '()<>@,;:\\"/[]?=';

class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

class Scanner {
  i = 0;
  constructor(
    readonly s: string,
    readonly relaxed: boolean,
    readonly i18n: boolean,
  ) {}

  fail(message: string): never {
    throw new ParseError(message, this.i);
  }

  eof(): boolean {
    return this.i >= this.s.length;
  }

  peek(): string {
    return this.s[this.i] ?? '';
  }

  /** Skip folding whitespace and (nested) comments; return the comments' text. */
  cfws(): string[] {
    const comments: string[] = [];
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.i++;
        continue;
      }
      if (c !== '(') return comments;
      const start = this.i;
      let depth = 0;
      let text = '';
      do {
        const ch = this.s[this.i];
        if (ch === undefined) {
          this.i = start;
          this.fail('A comment “(” is never closed.');
        }
        if (ch === '\\') {
          text += this.s[this.i + 1] ?? '';
          this.i += 2;
          continue;
        }
        if (ch === '(') {
          depth++;
          if (depth > MAX_COMMENT_DEPTH) this.fail('Comments are nested too deeply.');
          if (depth > 1) text += ch;
        } else if (ch === ')') {
          depth--;
          if (depth > 0) text += ch;
        } else text += ch;
        this.i++;
      } while (depth > 0);
      comments.push(text.replace(/\s+/g, ' ').trim());
    }
  }

  keyword(what: string): string {
    const start = this.i;
    while (!this.eof() && /[A-Za-z0-9_-]/.test(this.peek())) this.i++;
    if (this.i === start) this.fail(`Expected ${what} at “${this.s.slice(start, start + 20)}”.`);
    return this.s.slice(start, this.i);
  }

  quoted(): string {
    this.i++; // opening quote
    let out = '';
    while (!this.eof()) {
      const c = this.peek();
      if (c === '"') {
        this.i++;
        if (!this.i18n && /[^\x00-\x7f]/.test(out))
          this.fail('Non-ASCII text needs RFC 8616 (UTF-8) support.');
        return out;
      }
      if (c === '\\') {
        out += this.s[this.i + 1] ?? '';
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
    this.fail('A quoted string is never closed.');
  }

  /** RFC 2045 token or quoted-string. */
  value(what: string, allowUtf8: boolean): string {
    if (this.peek() === '"') return this.quoted();
    const start = this.i;
    while (!this.eof()) {
      const c = this.peek();
      const code = c.charCodeAt(0);
      if (code <= 0x20 || code === 0x7f || TSPECIALS.includes(c)) break;
      if (code > 0x7f && !allowUtf8) {
        this.fail(
          this.i18n ? `Non-ASCII ${what} must be quoted.` : 'Non-ASCII text needs RFC 8616 (UTF-8) support.',
        );
      }
      this.i++;
    }
    if (this.i === start) this.fail(`Expected ${what} at “${this.s.slice(start, start + 20)}”.`);
    return this.s.slice(start, this.i);
  }

  /** RFC 8601 pvalue: value / [ [ local-part ] "@" ] domain-name; relaxed: anything up to space, ";" or "(". */
  pvalue(): string {
    if (this.peek() === '"') return this.quoted();
    const start = this.i;
    const utf8 = this.i18n;
    while (!this.eof()) {
      const c = this.peek();
      const code = c.charCodeAt(0);
      if (code <= 0x20 || c === ';' || c === '(') break;
      if (code > 0x7f && !utf8) this.fail('Non-ASCII text needs RFC 8616 (UTF-8) support.');
      this.i++;
    }
    const text = this.s.slice(start, this.i);
    if (text === '') {
      if (this.relaxed) return '';
      this.fail('A property has no value.');
    }
    if (!this.relaxed) {
      const at = text.lastIndexOf('@');
      const token = (t: string) => t !== '' && ![...t].some((ch) => TSPECIALS.includes(ch) && ch !== '.');
      const ok =
        at === -1
          ? token(text)
          : (at === 0 || token(text.slice(0, at)) || /^[^\s@]+$/.test(text.slice(0, at))) &&
            token(text.slice(at + 1));
      if (!ok) {
        this.i = start;
        this.fail(`“${text.slice(0, 40)}” is not a token, a quoted string or an address.`);
      }
    }
    return text;
  }
}

function checkResult(method: string, raw: string, s: Scanner): void {
  const allowed = RESULTS[method];
  if (!allowed || s.relaxed) return;
  // RFC 4408's Received-SPF capitalised results ("Pass"); other methods use lower-case keywords.
  const candidate = method === 'spf' ? raw.toLowerCase() : raw;
  if (!allowed.includes(candidate))
    s.fail(`“${method}=${raw}” is not a result of ${method} (${allowed.join(', ')}).`);
}

function parseResinfo(s: Scanner, warnings: string[]): AuthResResult {
  const methodRaw = s.keyword('a method');
  const method = methodRaw.toLowerCase();
  s.cfws();
  let version: number | undefined;
  if (s.peek() === '/') {
    s.i++;
    s.cfws();
    const digits = s.keyword('a method version');
    if (!/^\d+$/.test(digits)) s.fail(`The version of ${method} must be a number.`);
    version = Number(digits);
    s.cfws();
  }
  if (s.peek() !== '=') s.fail(`Expected “=” after the method “${method}”.`);
  s.i++;
  s.cfws();
  const resultRaw = s.relaxed ? s.value('a result', false) : s.keyword('a result');
  const result = resultRaw.toLowerCase();
  checkResult(method, resultRaw, s);
  const out: AuthResResult = { method, result, properties: [] };
  if (version !== undefined) out.version = version;
  const comments = s.cfws();
  if (comments[0]) out.comment = comments[0];
  for (;;) {
    s.cfws();
    if (s.eof() || s.peek() === ';') break;
    const start = s.i;
    const key = s.keyword('a property');
    s.cfws();
    const lower = key.toLowerCase();
    if (s.peek() === '=' && lower === 'reason') {
      s.i++;
      s.cfws();
      out.reason = s.value('a reason', s.i18n);
      continue;
    }
    if (s.peek() === '.') {
      s.i++;
      s.cfws();
      const property = s.keyword('a property name').toLowerCase();
      s.cfws();
      if (s.peek() !== '=') s.fail(`Expected “=” after ${lower}.${property}.`);
      s.i++;
      s.cfws();
      if (!s.relaxed && !PTYPES.includes(lower)) {
        s.i = start;
        s.fail(`“${lower}” is not a property type (smtp, header, body, policy).`);
      }
      out.properties.push({ ptype: lower, property, value: s.pvalue() });
      continue;
    }
    if (s.peek() === '=' && s.relaxed) {
      // Microsoft's action=… and similar: kept, but outside the RFC 8601 properties.
      s.i++;
      s.cfws();
      out.extras = { ...out.extras, [lower]: s.pvalue() };
      if (lower !== 'action') warnings.push(`Non-standard “${lower}=” in ${method} (kept as an extra).`);
      continue;
    }
    s.i = start;
    s.fail(`Unexpected “${s.s.slice(start, start + 20)}” in the ${method} result.`);
  }
  return out;
}

/**
 * Parse the body of an Authentication-Results field (after the colon, folded or not). Comments are dropped
 * (the first one after a result is kept as `comment`), quoted strings unquoted, method/result/ptype/property
 * lower-cased. `authservId` is null for Microsoft fields that start directly with a result. Never throws.
 */
export function parseAuthenticationResults(value: string, options: AuthResOptions = {}): AuthResParse {
  if (value.length > MAX_LENGTH) return { ok: false, error: 'The field is far too long.' };
  const s = new Scanner(value, options.relaxed ?? true, options.i18n ?? true);
  const warnings: string[] = [];
  try {
    s.cfws();
    let authservId: string | null = null;
    let version: number | undefined;
    const results: AuthResResult[] = [];
    // Microsoft omits the authserv-id: the field starts with "method=result".
    const save = s.i;
    let startsWithResult = false;
    if (/[A-Za-z]/.test(s.peek())) {
      const word = s.keyword('an authserv-id');
      s.cfws();
      startsWithResult = s.peek() === '=' || (s.peek() === '/' && RESULTS[word.toLowerCase()] !== undefined);
    }
    s.i = save;
    if (startsWithResult) {
      if (!s.relaxed) s.fail('The field has no authserv-id (it starts with a result).');
      warnings.push('No authserv-id: Microsoft writes its results this way.');
      results.push(parseResinfo(s, warnings));
    } else {
      authservId = s.value('an authserv-id', false);
      s.cfws();
      if (/\d/.test(s.peek())) {
        const digits = s.keyword('a version');
        if (!/^\d+$/.test(digits)) s.fail('The version must be a number.');
        version = Number(digits);
        s.cfws();
      }
    }
    let sawNone = false;
    for (;;) {
      s.cfws();
      if (s.eof()) break;
      if (s.peek() !== ';') s.fail(`Expected “;” at “${value.slice(s.i, s.i + 20)}”.`);
      s.i++;
      s.cfws();
      if (s.eof()) {
        if (!s.relaxed) s.fail('The field ends with “;” and no result.');
        warnings.push('A trailing “;” (tolerated).');
        break;
      }
      if (sawNone) s.fail('“none” must be the only result.');
      // Exchange Online writes the receiving domain between results ("…; contoso.com; dkim=…", MimeKit#490).
      if (s.relaxed) {
        const at = s.i;
        const bare = /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?=\s*(?:;|$))/.exec(value.slice(at));
        if (bare) {
          s.i = at + bare[0].length;
          if (!warnings.some((w) => w.startsWith('A bare domain')))
            warnings.push(
              `A bare domain (“${bare[0]}”) between results was skipped (Exchange Online writes the receiving domain there).`,
            );
          continue;
        }
      }
      const save2 = s.i;
      const word = /[A-Za-z]/.test(s.peek()) ? s.keyword('a method') : '';
      s.cfws();
      if (word.toLowerCase() === 'none' && results.length === 0 && (s.eof() || s.peek() === ';')) {
        sawNone = true;
        continue;
      }
      s.i = save2;
      results.push(parseResinfo(s, warnings));
    }
    if (authservId === null && !startsWithResult) s.fail('The field has no authserv-id.');
    const out: AuthResParse = { ok: true, authservId, results, warnings };
    if (version !== undefined) out.version = version;
    return out;
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: error.message, position: error.position };
    return { ok: false, error: 'The field could not be read.' };
  }
}
