// RFC 8601 §2.2 / RFC 5322 §3.2.2 lexical scanner for Authentication-Results: folding whitespace, nested
// comments, quoted strings, tokens and property values. Errors carry a position inside the input.

/** RFC 5322 §2.1.1 lines stop at 998 characters: a 64 KB field is far longer than any real one; refused unread. */
export const MAX_AUTHRES_LENGTH = 64 * 1024;
/** RFC 5322 §3.2.2: comments nest; deeper nesting than this is hostile input. */
export const MAX_COMMENT_DEPTH = 64;

/** RFC 2045 §5.1 tspecials: not allowed in a token. */
export const TSPECIALS = '()<>@,;:\\"/[]?=';

/** A syntax error at `position`: 0 ≤ position ≤ input length (the length: the input ended too early). */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

export class Scanner {
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
          // RFC 5322 §3.2.1 quoted-pair; a backslash at the very end quotes nothing.
          text += this.s[this.i + 1] ?? '';
          this.i = Math.min(this.i + 2, this.s.length);
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

  /** RFC 5322 §3.2.4 quoted-string; an unclosed one is reported at its opening quote. */
  quoted(): string {
    const open = this.i;
    this.i++;
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
        // RFC 5322 §3.2.1 quoted-pair; a backslash at the very end quotes nothing.
        out += this.s[this.i + 1] ?? '';
        this.i = Math.min(this.i + 2, this.s.length);
        continue;
      }
      out += c;
      this.i++;
    }
    this.i = open;
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
