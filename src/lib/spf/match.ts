// RFC 7208 §5: does one mechanism match the client IP? (include's recursion is the caller's.)

import { parseMxData } from '../dns/lookup';
import type { DohRecord } from '../dns/types';
import { formatIp, inNetwork, parseIp, reverseName, unmapIpv4 } from '../net/ip';
import { isEvaluableDomain } from './domain-name';
import { describeDnsFailure, type Evaluation, type Match } from './evaluation';
import { MAX_MX_NAMES } from './limits';
import type { Mechanism } from './types';

const notADomain = (name: string): Match => ({
  kind: 'no-match',
  detail: `“${name}” is not a valid domain name.`,
});

/**
 * One query of a mechanism: its records, or what the mechanism comes to without them. RFC 7208 §5: a DNS error
 * stops the mechanism with temperror; §4.6.4: an empty answer is a void lookup (when `countsVoid`) and no match.
 */
async function termQuery(
  ev: Evaluation,
  name: string,
  type: 'A' | 'AAAA' | 'MX',
  countsVoid: boolean,
): Promise<DohRecord[] | Match> {
  const result = await ev.query(name, type);
  if (result.kind === 'error') {
    return {
      kind: 'error',
      result: 'temperror',
      detail: `DNS lookup of ${name} ${type} failed: ${describeDnsFailure(result)}`,
    };
  }
  if (result.kind === 'records') return result.records;
  const over = countsVoid ? ev.countVoid(`${name} ${type}`) : null;
  return over ?? { kind: 'no-match', detail: `${name} has no ${type} record.` };
}

/** RFC 7208 §5.3: the addresses of `name` against the client IP, with the mechanism's prefix lengths. */
async function matchAddresses(
  ev: Evaluation,
  mech: Mechanism,
  name: string,
  type: 'A' | 'AAAA',
  countsVoid: boolean,
): Promise<Match> {
  const records = await termQuery(ev, name, type, countsVoid);
  if (!Array.isArray(records)) return records;
  const prefix = type === 'A' ? (mech.cidr4 ?? 32) : (mech.cidr6 ?? 128);
  for (const r of records) {
    const address = parseIp(r.data);
    if (address && inNetwork(ev.ip, unmapIpv4(address), prefix)) {
      return { kind: 'match', detail: `${formatIp(ev.ip)} is in ${r.data}/${prefix} (${name}).` };
    }
  }
  return {
    kind: 'no-match',
    detail: `${formatIp(ev.ip)} is not in ${records.map((r) => `${r.data}/${prefix}`).join(', ')} (${name}).`,
  };
}

/** RFC 7208 §5.4: the addresses of each MX host of `name`, read in preference order. */
async function matchMx(ev: Evaluation, mech: Mechanism, name: string, type: 'A' | 'AAAA'): Promise<Match> {
  const records = await termQuery(ev, name, 'MX', true);
  if (!Array.isArray(records)) return records;
  // RFC 7208 §4.6.4: more than 10 MX records make the mechanism a permerror.
  if (records.length > MAX_MX_NAMES) {
    return {
      kind: 'error',
      result: 'permerror',
      detail: `${name} has ${records.length} MX records; the mx mechanism allows at most ${MAX_MX_NAMES} (RFC 7208 §4.6.4).`,
    };
  }
  const hosts = records
    .map((r) => parseMxData(r.data))
    .filter((m): m is NonNullable<typeof m> => m !== null && m.exchange !== '.' && m.exchange !== '')
    .sort((x, y) => x.preference - y.preference);
  // RFC 7208 §5: the first DNS error stops the mechanism with temperror, so a failing host ahead of the matching
  // one in preference order decides. The queries go out together; their results are read in that order.
  const pending = hosts.map((h) => matchAddresses(ev, mech, h.exchange, type, false));
  for (const p of pending) p.catch(() => undefined);
  for (const p of pending) {
    const r = await p;
    if (r.kind !== 'no-match') return r;
  }
  return {
    kind: 'no-match',
    detail:
      hosts.length === 0
        ? `${name} publishes no usable MX host.`
        : `${formatIp(ev.ip)} is not an address of ${name}'s MX hosts (${hosts.map((h) => h.exchange).join(', ')}).`,
  };
}

/** RFC 7208 §5.5: a validated PTR name of the client within the target. */
async function matchPtr(ev: Evaluation, target: string): Promise<Match> {
  const { names, isVoid, error } = await ev.validatedPtrNames();
  // RFC 7208 §5.5: a DNS error on the PTR lookup means no match.
  if (error) return { kind: 'no-match', detail: `The PTR lookup failed (${error}), so ptr does not match.` };
  // RFC 7208 §4.6.4: a PTR query answered NXDOMAIN or NODATA is a void lookup like any other term's.
  if (isVoid) {
    const over = ev.countVoid(`${reverseName(ev.ip)} PTR`);
    if (over) return over;
    return { kind: 'no-match', detail: `${formatIp(ev.ip)} has no PTR record, so ptr does not match.` };
  }
  const hit = names.find((n) => n === target || n.endsWith(`.${target}`));
  return hit
    ? { kind: 'match', detail: `${formatIp(ev.ip)} has the validated name ${hit}, within ${target}.` }
    : { kind: 'no-match', detail: `No validated PTR name of ${formatIp(ev.ip)} is within ${target}.` };
}

/** RFC 7208 §5.7: exists always asks for A, whatever the client's address family. */
async function matchExists(ev: Evaluation, name: string): Promise<Match> {
  const records = await termQuery(ev, name, 'A', true);
  if (!Array.isArray(records)) return records;
  return { kind: 'match', detail: `${name} exists (A ${records[0]!.data}).` };
}

/**
 * Whether `mech` matches the client IP; DNS-querying mechanisms count a lookup first. include recurses into
 * check_host(), which the caller supplies.
 */
export async function matchMechanism(
  ev: Evaluation,
  mech: Mechanism,
  domain: string,
  include: (target: string) => Promise<Match>,
): Promise<Match> {
  const type = ev.ip.version === 4 ? 'A' : 'AAAA';
  switch (mech.name) {
    case 'all':
      // RFC 7208 §5.1
      return { kind: 'match', detail: 'all matches every address.' };
    case 'ip4':
    case 'ip6': {
      // RFC 7208 §5.6
      const network = mech.network!;
      const prefix = mech.name === 'ip4' ? (mech.cidr4 ?? 32) : (mech.cidr6 ?? 128);
      const matches = inNetwork(ev.ip, network, prefix);
      return {
        kind: matches ? 'match' : 'no-match',
        detail: `${formatIp(ev.ip)} is ${matches ? '' : 'not '}in ${formatIp(network)}/${prefix}.`,
      };
    }
    default: {
      const limit = ev.countLookup();
      if (limit) return limit;
      const name = await ev.targetName(mech, domain);
      if (mech.name === 'include') return include(name);
      if (mech.name === 'ptr') return matchPtr(ev, name.toLowerCase());
      if (!isEvaluableDomain(name)) return notADomain(name);
      if (mech.name === 'a') return matchAddresses(ev, mech, name, type, true);
      if (mech.name === 'mx') return matchMx(ev, mech, name, type);
      return matchExists(ev, name);
    }
  }
}
