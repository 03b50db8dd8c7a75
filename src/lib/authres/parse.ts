// RFC 8601 §2.2 Authentication-Results (also ARC-Authentication-Results and Microsoft's variants): a scanner with
// nested comments, quoted strings, method versions and ptype.property values, strict or tolerant of real-world
// quirks (Microsoft's missing authserv-id, action=, compauth, trailing ";", URL values), with RFC 8616 UTF-8.

import { PROPERTY_ALIASES, PTYPES, RESULT_NAMES } from './result-names';
import { MAX_AUTHRES_LENGTH, ParseError, Scanner } from './scanner';

export interface AuthResProperty {
  ptype: string;
  property: string;
  value: string;
  /** The name as written when it was an alias read as `property` ("mfrom" for smtp.mailfrom). */
  written?: string;
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
  /** `position` indexes `value`: 0 ≤ position ≤ value.length (value.length: the field ended too early). */
  | { ok: false; error: string; position?: number };

export interface AuthResOptions {
  /** Accept real-world deviations (default true). */
  relaxed?: boolean;
  /** RFC 8616: UTF-8 in quoted strings, comments and property values (default true). */
  i18n?: boolean;
}

/** A domain name alone between two results (sticky: matched where the scanner stands). */
const BARE_DOMAIN = /[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?=\s*(?:;|$))/y;

function checkResult(method: string, raw: string, s: Scanner): void {
  const allowed = RESULT_NAMES.get(method);
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
  // Collected in a Map: "__proto__" or "constructor" are only names here.
  const extras = new Map<string, string>();
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
      const alias = PROPERTY_ALIASES.get(`${lower}.${property}`);
      const value = s.pvalue();
      out.properties.push(
        alias
          ? { ptype: lower, property: alias, value, written: property }
          : { ptype: lower, property, value },
      );
      continue;
    }
    if (s.peek() === '=' && s.relaxed) {
      // Microsoft's action=… and similar: kept, but outside the RFC 8601 properties.
      s.i++;
      s.cfws();
      extras.set(lower, s.pvalue());
      if (lower !== 'action') warnings.push(`Non-standard “${lower}=” in ${method} (kept as an extra).`);
      continue;
    }
    s.i = start;
    s.fail(`Unexpected “${s.s.slice(start, start + 20)}” in the ${method} result.`);
  }
  if (extras.size > 0) out.extras = Object.fromEntries(extras);
  return out;
}

/**
 * Parse the body of an Authentication-Results field (after the colon, folded or not). Comments are dropped
 * (the first one after a result is kept as `comment`), quoted strings unquoted, method/result/ptype/property
 * lower-cased. `authservId` is null for Microsoft fields that start directly with a result. Never throws.
 */
export function parseAuthenticationResults(value: string, options: AuthResOptions = {}): AuthResParse {
  if (value.length > MAX_AUTHRES_LENGTH) return { ok: false, error: 'The field is far too long.' };
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
      startsWithResult = s.peek() === '=' || (s.peek() === '/' && RESULT_NAMES.has(word.toLowerCase()));
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
    let sawBareDomain = false;
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
        BARE_DOMAIN.lastIndex = s.i;
        const bare = BARE_DOMAIN.exec(value);
        if (bare) {
          s.i += bare[0].length;
          if (!sawBareDomain)
            warnings.push(
              `A bare domain (“${bare[0]}”) between results was skipped (Exchange Online writes the receiving domain there).`,
            );
          sawBareDomain = true;
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
