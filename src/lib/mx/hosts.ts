// An MX host as a sender sees it (RFC 5321 §5): its addresses, their reverse DNS and forward confirmation, CNAME
// and IP-literal targets, and DANE TLSA records (RFC 7672).

import { lookup, type Lookup } from '../dns/lookup';
import { sameName } from '../dns/names';
import type { Resolver } from '../dns/types';
import { formatIp, inNetwork, isNonPublic, parseIp, reverseName, unmapIpv4 } from '../net/ip';
import { mxProvider } from './providers';

export interface MxAddress {
  address: string;
  version: 4 | 6;
  /** Why the address cannot be reached from the Internet, if so. */
  nonPublic: string | null;
  ptr: string[];
  ptrStatus: 'ok' | 'none' | 'error';
  /** RFC 8601 iprev-style forward-confirmed reverse DNS: a PTR name resolves back to the address. */
  fcrdns: boolean;
  /** One of the PTR names is the MX host itself (else the address is confirmed for another name). */
  ptrNamesHost: boolean;
}

/**
 * Addresses of one MX host whose reverse DNS is checked (each costs a PTR and forward lookups). No RFC sets a limit;
 * hosts have one or two, and a longer list is named in a finding.
 */
export const MAX_HOST_ADDRESSES = 10;
/** RFC 7208 §4.6.4 (ptr) and RFC 8601 §3 iprev check at most 10 PTR names of one address; so does this. */
export const MAX_PTR_NAMES = 10;

export interface MxHost {
  preference: number;
  host: string;
  provider: string | null;
  isIpLiteral: boolean;
  cname: string[];
  addresses: MxAddress[];
  addressStatus: 'ok' | 'none' | 'nxdomain' | 'error';
  /** How many addresses the host has when more than MAX_HOST_ADDRESSES (only the first are checked). */
  addressesCapped: number | null;
  tlsa: { status: 'present' | 'absent' | 'error'; records: string[]; dnssec: boolean };
}

async function checkAddress(
  resolver: Resolver,
  host: string,
  address: string,
  signal?: AbortSignal,
): Promise<MxAddress> {
  const ip = unmapIpv4(parseIp(address)!);
  const out: MxAddress = {
    address: formatIp(ip),
    version: ip.version,
    nonPublic: isNonPublic(ip),
    ptr: [],
    ptrStatus: 'none',
    fcrdns: false,
    ptrNamesHost: false,
  };
  const ptr = await lookup(resolver, reverseName(ip), 'PTR', signal);
  if (ptr.kind === 'error') {
    out.ptrStatus = 'error';
    return out;
  }
  if (ptr.kind !== 'records') return out;
  out.ptrStatus = 'ok';
  out.ptr = ptr.records.map((r) => r.data.replace(/\.$/, '').toLowerCase());
  out.ptrNamesHost = out.ptr.some((name) => sameName(name, host));
  const type = ip.version === 4 ? 'A' : 'AAAA';
  const forward = await Promise.all(
    out.ptr.slice(0, MAX_PTR_NAMES).map((name) => lookup(resolver, name, type, signal)),
  );
  out.fcrdns = forward.some(
    (f) =>
      f.kind === 'records' &&
      f.records.some((r) => {
        const back = parseIp(r.data);
        return back !== null && inNetwork(ip, unmapIpv4(back), ip.version === 4 ? 32 : 128);
      }),
  );
  return out;
}

export function addressesOf(...results: Lookup[]): string[] {
  return results
    .flatMap((r) => (r.kind === 'records' ? r.records.map((x) => x.data) : []))
    .filter((a) => parseIp(a) !== null);
}

export async function checkHost(
  resolver: Resolver,
  preference: number,
  host: string,
  signal?: AbortSignal,
): Promise<MxHost> {
  const literal = parseIp(host.replace(/^\[|\]$/g, '')) !== null;
  const base: MxHost = {
    preference,
    host,
    provider: mxProvider(host),
    isIpLiteral: literal,
    cname: [],
    addresses: [],
    addressStatus: 'none',
    addressesCapped: null,
    tlsa: { status: 'absent', records: [], dnssec: false },
  };
  if (literal) return base;
  const [a, aaaa, tlsa] = await Promise.all([
    lookup(resolver, host, 'A', signal),
    lookup(resolver, host, 'AAAA', signal),
    lookup(resolver, `_25._tcp.${host}`, 'TLSA', signal),
  ]);
  base.cname = a.chain.length > 0 ? a.chain : aaaa.chain;
  base.tlsa =
    tlsa.kind === 'records'
      ? { status: 'present', records: tlsa.records.map((r) => r.data), dnssec: tlsa.ad }
      : { status: tlsa.kind === 'error' ? 'error' : 'absent', records: [], dnssec: tlsa.ad };
  const addresses = addressesOf(a, aaaa);
  if (addresses.length === 0) {
    base.addressStatus =
      a.kind === 'error' || aaaa.kind === 'error' ? 'error' : a.kind === 'nxdomain' ? 'nxdomain' : 'none';
    return base;
  }
  base.addressStatus = 'ok';
  if (addresses.length > MAX_HOST_ADDRESSES) base.addressesCapped = addresses.length;
  base.addresses = await Promise.all(
    addresses.slice(0, MAX_HOST_ADDRESSES).map((addr) => checkAddress(resolver, host, addr, signal)),
  );
  return base;
}
