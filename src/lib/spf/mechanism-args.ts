// RFC 7208 §5 and Appendix A: the argument of each mechanism — domain-spec, ip4/ip6 network, dual-cidr-length.

import { parseIpv4, parseIpv6 } from '../net/ip';
import { clip, spfIssue } from './issue';
import { checkDomainEnd, parseMacroString, type MacroToken } from './macro';
import type { Mechanism, MechanismName, SpfIssue, SpfParseIssueCode } from './types';

/** RFC 7208 §5.6: a CIDR length is decimal without leading zeros, at most 32 (IPv4) or 128 (IPv6). */
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

/**
 * RFC 7208 §7.1: a domain-spec is a macro-string ending in a domain-end. `at` is the spec's offset in the record;
 * the term's span marks errors that concern the whole term.
 */
export function parseDomainSpec(
  spec: string,
  at: number,
  term: { text: string; start: number; end: number },
  errors: SpfIssue[],
): MacroToken[] | null {
  const { text, start, end } = term;
  if (spec === '') {
    errors.push(
      spfIssue('error', 'empty-domain', `“${clip(text)}” has an empty domain after “:”.`, start, end),
    );
    return null;
  }
  const parsed = parseMacroString(spec, 'domain');
  if (!parsed.ok) {
    const position = at + parsed.position;
    errors.push(
      spfIssue('error', 'bad-macro', `In “${clip(text)}”: ${parsed.error}`, position, position + 1),
    );
    return null;
  }
  const endError = checkDomainEnd(parsed.tokens);
  if (endError) {
    errors.push(spfIssue('error', 'bad-domain', `In “${clip(text)}”: ${endError}`, start, end));
    return null;
  }
  return parsed.tokens;
}

/** RFC 7208 §5.1–§5.7: read what follows the mechanism name into `mech`; problems go to `errors`. */
export function parseMechanismArgs(
  name: MechanismName,
  rest: string,
  restStart: number,
  mech: Mechanism,
  errors: SpfIssue[],
): void {
  const { text: term, start, end } = mech;
  const fail = (code: SpfParseIssueCode, message: string, fix?: string) =>
    errors.push(spfIssue('error', code, message, start, end, fix));
  const domainSpec = (spec: string) => {
    mech.domainSpec = spec;
    mech.macro = parseDomainSpec(spec, restStart + 1, mech, errors);
  };
  switch (name) {
    case 'all':
      // RFC 7208 §5.1: all takes nothing.
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
      // RFC 7208 §5.2, §5.7: the domain-spec is required.
      if (!rest.startsWith(':')) {
        fail('missing-domain', `“${clip(term)}”: ${name} needs a domain, as in ${name}:_spf.example.com.`);
        return;
      }
      domainSpec(rest.slice(1));
      return;
    case 'ptr':
      // RFC 7208 §5.5: an optional domain-spec, no prefix length.
      if (rest === '') return;
      if (!rest.startsWith(':')) {
        fail('bad-ptr', `“${clip(term)}”: ptr takes only an optional “:domain” (no prefix length).`);
        return;
      }
      domainSpec(rest.slice(1));
      return;
    case 'a':
    case 'mx': {
      // RFC 7208 §5.3, §5.4: [ ":" domain-spec ] [ dual-cidr-length ].
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
      domainSpec(head.slice(1));
      return;
    }
    case 'ip4':
    case 'ip6':
      parseNetwork(name, rest, mech, fail);
      return;
  }
}

/** RFC 7208 §5.6: ip4:<ip4-network>[/<len>] and ip6:<ip6-network>[/<len>]. */
function parseNetwork(
  name: 'ip4' | 'ip6',
  rest: string,
  mech: Mechanism,
  fail: (code: SpfParseIssueCode, message: string, fix?: string) => void,
): void {
  const term = mech.text;
  const family = name === 'ip4' ? 'IPv4' : 'IPv6';
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
      `“${clip(term)}”: “${address}” is not a valid ${family} address.`,
      glued ? `Put a space before “${glued[2]}”.` : undefined,
    );
    return;
  }
  mech.network = name === 'ip4' ? { version: 4, bytes } : { version: 6, bytes };
  if (prefix === null) return;
  const max = name === 'ip4' ? 32 : 128;
  const n = parseCidr(prefix, max);
  if (n === null) {
    fail(
      'bad-cidr',
      `“${clip(term)}”: /${prefix} is not an ${family} prefix length (0–${max}, no leading zeros).`,
    );
    return;
  }
  if (name === 'ip4') mech.cidr4 = n;
  else mech.cidr6 = n;
}
