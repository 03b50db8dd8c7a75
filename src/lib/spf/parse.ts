// RFC 7208 §4.5–§6 and Appendix A: the SPF record grammar, scanned term by term with positions.

import { parseIpv4, parseIpv6, type IpAddress } from '../net/ip';
import { checkDomainEnd, parseMacroString, type MacroToken } from './macro';

export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export const MECHANISMS: readonly MechanismName[] = [
  'all',
  'include',
  'a',
  'mx',
  'ptr',
  'ip4',
  'ip6',
  'exists',
];
/** RFC 7208 §4.6.4: the terms that cause DNS queries and count toward the limit of 10. */
export const DNS_TERMS: ReadonlySet<string> = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);
/** No SPF record is anywhere near this long; longer input is refused before scanning. */
export const MAX_RECORD_LENGTH = 65_536;

interface Span {
  /** Offset of the term's first character in the record text. */
  start: number;
  /** Offset just past the term. */
  end: number;
  /** The term as written. */
  text: string;
}

export interface Mechanism extends Span {
  kind: 'mechanism';
  name: MechanismName;
  qualifier: Qualifier;
  /** The domain-spec as written (a, mx, ptr, include, exists), or null when absent. */
  domainSpec: string | null;
  macro: MacroToken[] | null;
  /** ip4/ip6 network. */
  network: IpAddress | null;
  /** ip4 prefix, or the a/mx IPv4 prefix; null when not given. */
  cidr4: number | null;
  /** ip6 prefix, or the a/mx IPv6 prefix; null when not given. */
  cidr6: number | null;
}

export interface Modifier extends Span {
  kind: 'modifier';
  /** Lower-cased name. */
  name: string;
  value: string;
  macro: MacroToken[] | null;
}

export type Term = Mechanism | Modifier;

export interface SpfIssue {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  fix?: string;
  start: number;
  end: number;
}

export interface SpfRecord {
  text: string;
  terms: Term[];
  mechanisms: Mechanism[];
  redirect: Modifier | null;
  exp: Modifier | null;
}

export type SpfParse =
  | { ok: true; record: SpfRecord; issues: SpfIssue[] }
  | { ok: false; record: SpfRecord; errors: SpfIssue[]; issues: SpfIssue[] };

/** RFC 7208 §4.5: a record starts with "v=spf1" followed by a space or the end (case-insensitive). */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1(?: |$)/i.test(text);
}

/** Build an issue; `fix` is left out rather than undefined (exactOptionalPropertyTypes). */
export function issue(
  severity: SpfIssue['severity'],
  code: string,
  message: string,
  start: number,
  end: number,
  fix?: string,
): SpfIssue {
  return fix === undefined
    ? { severity, code, message, start, end }
    : { severity, code, message, start, end, fix };
}

/** A CIDR length: decimal without leading zeros, at most `max`. */
function parseCidr(text: string, max: number): number | null {
  if (!/^(?:0|[1-9]\d{0,2})$/.test(text)) return null;
  const n = Number(text);
  return n <= max ? n : null;
}

/**
 * RFC 7208 §5.3: split "domain/24//64" into the domain part and dual-cidr-length, scanning from the end (the
 * domain itself may contain "/").
 */
function splitDualCidr(text: string): { head: string; cidr4: string | null; cidr6: string | null } {
  const digitsBefore = (end: number) => {
    let i = end;
    while (i > 0 && text.charCodeAt(i - 1) >= 48 && text.charCodeAt(i - 1) <= 57) i--;
    return i;
  };
  let end = text.length;
  let cidr4: string | null = null;
  let cidr6: string | null = null;
  let start = digitsBefore(end);
  if (start < end && text[start - 1] === '/') {
    if (text[start - 2] === '/') {
      cidr6 = text.slice(start, end);
      end = start - 2;
      start = digitsBefore(end);
      if (start < end && text[start - 1] === '/' && text[start - 2] !== '/') {
        cidr4 = text.slice(start, end);
        end = start - 1;
      }
    } else {
      cidr4 = text.slice(start, end);
      end = start - 1;
    }
  }
  return { head: text.slice(0, end), cidr4, cidr6 };
}

/** Long terms are cut in messages so a hostile record cannot produce a huge message. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x09) return 'a tab';
  if (code === 0x0a || code === 0x0d) return 'a line break';
  if (code < 0x20 || code === 0x7f) return `control character 0x${code.toString(16).padStart(2, '0')}`;
  return `“${c}”`;
}

function parseDomainSpec(
  spec: string,
  at: number,
  term: string,
  errors: SpfIssue[],
  termStart: number,
  termEnd: number,
): MacroToken[] | null {
  if (spec === '') {
    errors.push(
      issue('error', 'empty-domain', `“${clip(term)}” has an empty domain after “:”.`, termStart, termEnd),
    );
    return null;
  }
  const parsed = parseMacroString(spec, 'domain');
  if (!parsed.ok) {
    errors.push(
      issue(
        'error',
        'bad-macro',
        `In “${clip(term)}”: ${parsed.error}`,
        at + parsed.position,
        at + parsed.position + 1,
      ),
    );
    return null;
  }
  const endError = checkDomainEnd(parsed.tokens);
  if (endError) {
    errors.push(issue('error', 'bad-domain', `In “${clip(term)}”: ${endError}`, termStart, termEnd));
    return null;
  }
  return parsed.tokens;
}

function parseMechanismArgs(
  name: MechanismName,
  rest: string,
  restStart: number,
  mech: Mechanism,
  errors: SpfIssue[],
): void {
  const { text: term, start, end } = mech;
  const fail = (code: string, message: string, fix?: string) =>
    errors.push(issue('error', code, message, start, end, fix));
  switch (name) {
    case 'all':
      if (rest !== '') {
        fail(
          'all-argument',
          `“${clip(term)}”: the all mechanism takes no value or prefix.`,
          `Write “${mech.qualifier === '+' ? '' : mech.qualifier}all”.`,
        );
      }
      return;
    case 'include':
    case 'exists':
      if (!rest.startsWith(':')) {
        fail('missing-domain', `“${clip(term)}”: ${name} needs a domain, as in ${name}:_spf.example.com.`);
        return;
      }
      mech.domainSpec = rest.slice(1);
      mech.macro = parseDomainSpec(rest.slice(1), restStart + 1, term, errors, start, end);
      return;
    case 'ptr':
      if (rest === '') return;
      if (!rest.startsWith(':')) {
        fail('bad-ptr', `“${clip(term)}”: ptr takes only an optional “:domain” (no prefix length).`);
        return;
      }
      mech.domainSpec = rest.slice(1);
      mech.macro = parseDomainSpec(rest.slice(1), restStart + 1, term, errors, start, end);
      return;
    case 'a':
    case 'mx': {
      const { head, cidr4, cidr6 } = splitDualCidr(rest);
      if (cidr4 !== null) {
        mech.cidr4 = parseCidr(cidr4, 32);
        if (mech.cidr4 === null) {
          fail(
            'bad-cidr',
            `“${clip(term)}”: /${cidr4} is not an IPv4 prefix length (0–32, no leading zeros).`,
          );
        }
      }
      if (cidr6 !== null) {
        mech.cidr6 = parseCidr(cidr6, 128);
        if (mech.cidr6 === null) {
          fail(
            'bad-cidr',
            `“${clip(term)}”: //${cidr6} is not an IPv6 prefix length (0–128, no leading zeros).`,
          );
        }
      }
      if (head === '') return;
      if (!head.startsWith(':')) {
        fail(
          'bad-cidr',
          `“${clip(term)}”: after “${name}” comes “:domain”, “/prefix” or “//ipv6-prefix”.`,
          `For both families write ${name}/24//64.`,
        );
        return;
      }
      mech.domainSpec = head.slice(1);
      mech.macro = parseDomainSpec(head.slice(1), restStart + 1, term, errors, start, end);
      return;
    }
    case 'ip4':
    case 'ip6': {
      if (!rest.startsWith(':') || rest.length === 1) {
        fail(
          'missing-network',
          `“${clip(term)}”: ${name} needs an address, as in ${name === 'ip4' ? 'ip4:192.0.2.0/24' : 'ip6:2001:db8::/32'}.`,
        );
        return;
      }
      const value = rest.slice(1);
      const slash = value.indexOf('/');
      const address = slash === -1 ? value : value.slice(0, slash);
      const prefix = slash === -1 ? null : value.slice(slash + 1);
      const bytes = name === 'ip4' ? parseIpv4(address, true) : parseIpv6(address);
      if (!bytes) {
        const glued = /^(.*?)([-~?+]all)$/i.exec(value);
        fail(
          'bad-network',
          `“${clip(term)}”: “${address}” is not a valid ${name === 'ip4' ? 'IPv4' : 'IPv6'} address.`,
          glued ? `Put a space before “${glued[2]}”.` : undefined,
        );
        return;
      }
      mech.network = name === 'ip4' ? { version: 4, bytes } : { version: 6, bytes };
      if (prefix !== null) {
        const n = parseCidr(prefix, name === 'ip4' ? 32 : 128);
        if (n === null) {
          fail(
            'bad-cidr',
            `“${clip(term)}”: /${prefix} is not an ${name === 'ip4' ? 'IPv4 prefix length (0–32' : 'IPv6 prefix length (0–128'}, no leading zeros).`,
          );
          return;
        }
        if (name === 'ip4') mech.cidr4 = n;
        else mech.cidr6 = n;
      }
      return;
    }
  }
}

function parseTerm(text: string, start: number, errors: SpfIssue[], issues: SpfIssue[]): Term | null {
  const end = start + text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) {
      errors.push(
        issue(
          'error',
          'bad-character',
          `“${clip(text).replace(/[\x00-\x1f\x7f]/g, '·')}” contains ${describeChar(text[i]!)}; terms are separated by single spaces only.`,
          start + i,
          start + i + 1,
        ),
      );
      return null;
    }
  }
  let i = 0;
  let qualifier: Qualifier = '+';
  const first = text[0]!;
  if (first === '+' || first === '-' || first === '~' || first === '?') {
    qualifier = first;
    i = 1;
  }
  let nameEnd = i;
  while (nameEnd < text.length && /[A-Za-z0-9_.-]/.test(text[nameEnd]!)) nameEnd++;
  const rawName = text.slice(i, nameEnd);
  if (text[nameEnd] === '=') {
    // RFC 7208 §6 / Appendix A: modifier = name "=" macro-string; name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
    if (i > 0) {
      errors.push(
        issue(
          'error',
          'qualified-modifier',
          `“${clip(text)}”: a modifier cannot have a qualifier (${first}).`,
          start,
          end,
        ),
      );
      return null;
    }
    if (rawName === '') {
      errors.push(
        issue('error', 'empty-modifier', `“${clip(text)}”: the name before “=” is missing.`, start, end),
      );
      return null;
    }
    if (!/^[A-Za-z]/.test(rawName)) {
      errors.push(
        issue(
          'error',
          'bad-modifier',
          `“${clip(text)}”: a modifier name must start with a letter.`,
          start,
          end,
        ),
      );
      return null;
    }
    const name = rawName.toLowerCase();
    const value = text.slice(nameEnd + 1);
    const modifier: Modifier = { kind: 'modifier', name, value, macro: null, start, end, text };
    if (name === 'redirect' || name === 'exp') {
      if (value === '') {
        errors.push(issue('error', 'empty-domain', `“${clip(text)}”: ${name}= needs a domain.`, start, end));
        return null;
      }
      modifier.macro = parseDomainSpec(value, start + nameEnd + 1, text, errors, start, end);
      if (!modifier.macro) return null;
    } else {
      const parsed = parseMacroString(value, 'domain');
      if (!parsed.ok) {
        errors.push(issue('error', 'bad-macro', `In “${clip(text)}”: ${parsed.error}`, start, end));
        return null;
      }
      modifier.macro = parsed.tokens;
      issues.push(
        issue(
          'info',
          'unknown-modifier',
          `“${name}=” is not an SPF modifier; receivers ignore it.`,
          start,
          end,
          'Remove it unless another tool needs it.',
        ),
      );
    }
    return modifier;
  }
  const name = rawName.toLowerCase() as MechanismName;
  if (!MECHANISMS.includes(name)) {
    const hint =
      rawName.toLowerCase() === 'redirect' || rawName.toLowerCase() === 'exp'
        ? `${rawName} is a modifier: write ${rawName.toLowerCase()}=domain.`
        : rawName === ''
          ? undefined
          : /^ip[46]?$/i.test(rawName) || rawName.toLowerCase() === 'ipv4' || rawName.toLowerCase() === 'ipv6'
            ? 'Write ip4:192.0.2.1 or ip6:2001:db8::1.'
            : undefined;
    errors.push(
      issue(
        'error',
        'unknown-mechanism',
        rawName === ''
          ? `“${clip(text)}” is not a mechanism or modifier.`
          : `“${rawName}” is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists).`,
        start,
        end,
        hint,
      ),
    );
    return null;
  }
  const mech: Mechanism = {
    kind: 'mechanism',
    name,
    qualifier,
    domainSpec: null,
    macro: null,
    network: null,
    cidr4: null,
    cidr6: null,
    start,
    end,
    text,
  };
  const before = errors.length;
  parseMechanismArgs(name, text.slice(nameEnd), start + nameEnd, mech, errors);
  return errors.length === before ? mech : null;
}

/**
 * Parse an SPF record. Every syntax error anywhere is reported with its position (RFC 7208 §4.6: any syntax
 * error means permerror). Never throws.
 */
export function parseSpf(text: string): SpfParse {
  const record: SpfRecord = { text, terms: [], mechanisms: [], redirect: null, exp: null };
  const errors: SpfIssue[] = [];
  const issues: SpfIssue[] = [];
  if (text.length > MAX_RECORD_LENGTH) {
    errors.push(
      issue('error', 'too-long', `The record is ${text.length} characters long; that cannot be SPF.`, 0, 0),
    );
    return { ok: false, record, errors, issues };
  }
  if (!isSpfRecord(text)) {
    errors.push(
      issue(
        'error',
        'no-version',
        text.trimStart() !== text && isSpfRecord(text.trimStart())
          ? 'The record starts with a space; it must start exactly with “v=spf1”.'
          : 'An SPF record must start with “v=spf1” followed by a space.',
        0,
        Math.min(text.length, 6),
      ),
    );
    return { ok: false, record, errors, issues };
  }
  // RFC 7208 §3.1 / §4.6.1: records are 7-bit ASCII.
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7e) {
      errors.push(
        issue(
          'error',
          'non-ascii',
          `The record contains a non-ASCII character at position ${i + 1}; SPF is ASCII only.`,
          i,
          i + 1,
        ),
      );
      return { ok: false, record, errors, issues };
    }
  }
  let i = 6;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x20) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && text.charCodeAt(j) !== 0x20) j++;
    const term = parseTerm(text.slice(i, j), i, errors, issues);
    if (term) {
      record.terms.push(term);
      if (term.kind === 'mechanism') record.mechanisms.push(term);
      else if (term.name === 'redirect' || term.name === 'exp') {
        // RFC 7208 §6: redirect and exp each at most once.
        if (record[term.name]) {
          errors.push(
            issue(
              'error',
              `duplicate-${term.name}`,
              `“${term.name}=” appears more than once.`,
              term.start,
              term.end,
              `Keep one ${term.name}=.`,
            ),
          );
        } else record[term.name] = term;
      }
    }
    i = j;
  }
  if (errors.length > 0) return { ok: false, record, errors, issues };
  return { ok: true, record, issues };
}

/** The mechanism-or-modifier text of a term, for display ("include:_spf.example.com"). */
export function termLabel(term: Term): string {
  return term.text;
}

/** RFC 7208 §4.6.2: the result a matching mechanism's qualifier gives. */
export function qualifierResult(q: Qualifier): 'pass' | 'fail' | 'softfail' | 'neutral' {
  return q === '+' ? 'pass' : q === '-' ? 'fail' : q === '~' ? 'softfail' : 'neutral';
}
