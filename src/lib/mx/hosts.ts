// An MX host as a sender sees it (RFC 5321 §5): its addresses, their reverse DNS and forward confirmation, CNAME
// and IP-literal targets, and DANE TLSA records (RFC 7672).

import { lookup, type Lookup } from '../dns/lookup';
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
}

export interface MxHost {
  preference: number;
  host: string;
  provider: string | null;
  isIpLiteral: boolean;
  cname: string[];
  addresses: MxAddress[];
  addressStatus: 'ok' | 'none' | 'nxdomain' | 'error';
  tlsa: { status: 'present' | 'absent' | 'error'; records: string[]; dnssec: boolean };
}

async function checkAddress(resolver: Resolver, address: string, signal?: AbortSignal): Promise<MxAddress> {
  const ip = unmapIpv4(parseIp(address)!);
  const out: MxAddress = {
    address: formatIp(ip),
    version: ip.version,
    nonPublic: isNonPublic(ip),
    ptr: [],
    ptrStatus: 'none',
    fcrdns: false,
  };
  const ptr = await lookup(resolver, reverseName(ip), 'PTR', signal);
  if (ptr.kind === 'error') {
    out.ptrStatus = 'error';
    return out;
  }
  if (ptr.kind !== 'records') return out;
  out.ptrStatus = 'ok';
  out.ptr = ptr.records.map((r) => r.data.replace(/\.$/, '').toLowerCase());
  const type = ip.version === 4 ? 'A' : 'AAAA';
  const forward = await Promise.all(out.ptr.slice(0, 10).map((name) => lookup(resolver, name, type, signal)));
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
  base.addresses = await Promise.all(addresses.map((addr) => checkAddress(resolver, addr, signal)));
  return base;
}
