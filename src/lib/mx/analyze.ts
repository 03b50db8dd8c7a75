// The MX part of the domain check: hosts and preferences, addresses, reverse DNS and forward confirmation,
// null MX (RFC 7505), CNAME/IP-literal targets (RFC 2181 §10.3, RFC 5321 §5.1), DANE TLSA presence (RFC 7672).

import { lookup, parseMxData, type Lookup } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { dnsFailureFinding, type AreaAnalysis, type Finding, type RecordStatus } from '../findings';
import { formatIp, isNonPublic, parseIp, reverseName, unmapIpv4, inNetwork } from '../net/ip';
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

export const MX_FINDING_CODES = [
  'mx-dns-error',
  'mx-implicit',
  'mx-none',
  'null-mx',
  'null-mx-mixed',
  'mx-duplicate',
  'mx-malformed',
  'mx-ok',
  'mx-ip-literal',
  'mx-cname',
  'mx-no-address',
  'mx-address-error',
  'mx-private-ip',
  'mx-no-ptr',
  'mx-no-fcrdns',
  'dane-insecure',
  'dane',
  'dane-usage',
] as const;
export type MxFindingCode = (typeof MX_FINDING_CODES)[number];

/**
 * How mail reaches the domain: its MX hosts, nowhere (RFC 7505 null MX), the domain's own address (no MX,
 * RFC 5321 §5.1), or not at all (no MX and no address). Null when the MX lookup failed.
 */
export type MxDelivery = 'mx' | 'null-mx' | 'implicit' | 'none';

/**
 * status: found (MX records, a lone null MX included), none (no MX records), invalid (a null MX mixed with other
 * records, or no record readable), error (the lookup failed).
 */
export interface MxAnalysis extends AreaAnalysis<MxFindingCode> {
  status: RecordStatus;
  delivery: MxDelivery | null;
  hosts: MxHost[];
  providers: string[];
  /** For "no MX": the domain's own addresses, which receive mail implicitly (RFC 5321 §5.1). */
  implicitAddresses: string[];
  error: string | null;
}

/** RFC 7505 null MX: a single MX record "0 .". */
function isNullMx(records: ReturnType<typeof parseMxData>[]): boolean {
  return records.some((r) => r?.exchange === '.');
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

function addressesOf(...results: Lookup[]): string[] {
  return results
    .flatMap((r) => (r.kind === 'records' ? r.records.map((x) => x.data) : []))
    .filter((a) => parseIp(a) !== null);
}

async function checkHost(
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

function hostFindings(domain: string, h: MxHost): Finding<MxFindingCode>[] {
  const out: Finding<MxFindingCode>[] = [];
  if (h.isIpLiteral) {
    out.push({
      severity: 'error',
      code: 'mx-ip-literal',
      title: `MX ${h.host} is an IP address`,
      detail: 'An MX record must name a host, not an IP address; most senders will not deliver to it.',
      fix: `Create a host name (e.g. mail.${domain}) with an A record for that address and point the MX at it.`,
      spec: 'RFC 5321 §5.1',
      domain,
    });
    return out;
  }
  if (h.cname.length > 0) {
    out.push({
      severity: 'error',
      code: 'mx-cname',
      title: `MX ${h.host} is a CNAME`,
      detail: `${h.host} is an alias of ${h.cname[h.cname.length - 1]}. MX targets must not be aliases; some senders refuse or mis-route them.`,
      fix: `Point the MX directly at ${h.cname[h.cname.length - 1]}.`,
      spec: 'RFC 2181 §10.3',
      domain,
    });
  }
  if (h.addressStatus === 'nxdomain' || h.addressStatus === 'none') {
    out.push({
      severity: 'error',
      code: 'mx-no-address',
      title: `MX ${h.host} has no address`,
      detail:
        h.addressStatus === 'nxdomain'
          ? `${h.host} does not exist.`
          : `${h.host} has no A or AAAA record, so mail cannot be delivered to it.`,
      fix: 'Fix the MX host name or add its A/AAAA records.',
      spec: 'RFC 5321 §5.1',
      domain,
    });
  } else if (h.addressStatus === 'error') {
    out.push({
      severity: 'unknown',
      code: 'mx-address-error',
      title: `Could not resolve MX ${h.host}`,
      detail: 'The address lookup failed; this is a DNS failure, not a missing record.',
      domain,
    });
  }
  for (const a of h.addresses) {
    if (a.nonPublic) {
      out.push({
        severity: 'error',
        code: 'mx-private-ip',
        title: `MX ${h.host} resolves to ${a.address}`,
        detail: `${a.address} is ${a.nonPublic}; senders on the Internet cannot reach it.`,
        fix: 'Publish the server’s public address.',
        domain,
      });
    } else if (a.ptrStatus === 'none') {
      out.push({
        severity: 'warning',
        code: 'mx-no-ptr',
        title: `${a.address} (${h.host}) has no reverse DNS`,
        detail: 'Without a PTR record many receivers distrust mail sent from this server (if it also sends).',
        fix: 'Ask whoever runs the IP address (your host or ISP) to set its PTR to the server name.',
        domain,
      });
    } else if (a.ptrStatus === 'ok' && !a.fcrdns) {
      out.push({
        severity: 'warning',
        code: 'mx-no-fcrdns',
        title: `${a.address} (${h.host}) reverse DNS does not confirm`,
        detail: `The PTR name ${a.ptr.join(', ')} does not resolve back to ${a.address}.`,
        fix: 'Make the PTR name resolve to this address.',
        domain,
      });
    }
  }
  if (h.tlsa.status === 'present') {
    const usages = h.tlsa.records.map((r) => r.trim().split(/\s+/)[0]);
    if (!h.tlsa.dnssec) {
      out.push({
        severity: 'warning',
        code: 'dane-insecure',
        title: `TLSA records for ${h.host} are not DNSSEC-validated`,
        detail:
          'DANE only works when the MX host and its TLSA records are DNSSEC-signed; senders ignore these records.',
        fix: 'Sign the zone with DNSSEC, or remove the TLSA records.',
        spec: 'RFC 7672 §2.2',
        domain,
      });
    } else {
      out.push({
        severity: 'ok',
        code: 'dane',
        title: `DANE for ${h.host}`,
        detail: `TLSA records (${h.tlsa.records.length}) are published and DNSSEC-validated. Senders that support DANE will require a matching certificate.`,
        spec: 'RFC 7672',
        domain,
      });
    }
    if (usages.some((u) => u === '0' || u === '1')) {
      out.push({
        severity: 'warning',
        code: 'dane-usage',
        title: `TLSA for ${h.host} uses usage 0 or 1`,
        detail: 'SMTP DANE uses only usages 2 (DANE-TA) and 3 (DANE-EE); records with 0 or 1 are unusable.',
        fix: 'Publish “3 1 1 <sha256 of the public key>” records.',
        spec: 'RFC 7672 §3.1.3',
        domain,
      });
    }
  }
  return out;
}

export async function analyzeMx(
  domain: string,
  resolver: Resolver,
  options: { signal?: AbortSignal } = {},
): Promise<MxAnalysis> {
  const mx = await lookup(resolver, domain, 'MX', options.signal);
  const empty: MxAnalysis = {
    domain,
    status: 'none',
    delivery: 'none',
    hosts: [],
    providers: [],
    implicitAddresses: [],
    findings: [],
    error: null,
  };
  if (mx.kind === 'error') {
    return {
      ...empty,
      status: 'error',
      delivery: null,
      error: mx.message,
      findings: [dnsFailureFinding('mx-dns-error', 'Could not look up MX records', mx.message, domain)],
    };
  }
  if (mx.kind !== 'records') {
    const [a, aaaa] = await Promise.all([
      lookup(resolver, domain, 'A', options.signal),
      lookup(resolver, domain, 'AAAA', options.signal),
    ]);
    const implicit = addressesOf(a, aaaa);
    const finding: Finding<MxFindingCode> =
      implicit.length > 0
        ? {
            severity: 'info',
            code: 'mx-implicit',
            title: 'No MX records: mail goes to the domain’s own address',
            detail: `Senders fall back to ${implicit.join(', ')} (RFC 5321 §5.1). If the domain should not receive mail, publish a null MX (“0 .”).`,
            fix: `Publish MX records, or “${domain}. MX 0 .” if the domain receives no mail.`,
            spec: 'RFC 5321 §5.1',
            domain,
          }
        : {
            severity: 'warning',
            code: 'mx-none',
            title: 'This domain cannot receive mail',
            detail: 'It has no MX records and no address, so bounces and replies to it are lost.',
            fix: `Publish MX records, or a null MX (“${domain}. MX 0 .”) to say it receives no mail.`,
            spec: 'RFC 7505',
            domain,
          };
    return {
      ...empty,
      status: 'none',
      delivery: implicit.length > 0 ? 'implicit' : 'none',
      implicitAddresses: implicit,
      findings: [finding],
    };
  }
  const parsed = mx.records.map((r) => parseMxData(r.data));
  if (isNullMx(parsed)) {
    const findings: Finding<MxFindingCode>[] =
      parsed.length > 1
        ? [
            {
              severity: 'error',
              code: 'null-mx-mixed',
              title: 'Null MX mixed with other MX records',
              detail: 'A null MX (“0 .”) says the domain receives no mail; it must be the only MX record.',
              fix: 'Remove either the null MX or the other MX records.',
              spec: 'RFC 7505 §3',
              domain,
            },
          ]
        : [
            {
              severity: 'info',
              code: 'null-mx',
              title: 'Null MX: this domain receives no mail',
              detail:
                'The single MX “0 .” tells senders not to try (RFC 7505). A domain that sends no mail should also publish “v=spf1 -all” and a DMARC p=reject record.',
              spec: 'RFC 7505',
              domain,
            },
          ];
    return { ...empty, status: parsed.length > 1 ? 'invalid' : 'found', delivery: 'null-mx', findings };
  }
  const list = parsed
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .sort((x, y) => x.preference - y.preference);
  const hosts = await Promise.all(
    list.map((p) => checkHost(resolver, p.preference, p.exchange, options.signal)),
  );
  const findings: Finding<MxFindingCode>[] = [];
  const seen = new Set<string>();
  for (const h of hosts) {
    if (seen.has(h.host)) {
      findings.push({
        severity: 'warning',
        code: 'mx-duplicate',
        title: `MX ${h.host} is listed twice`,
        detail: 'Duplicate MX records add nothing.',
        fix: 'Remove the duplicate.',
        domain,
      });
    }
    seen.add(h.host);
    findings.push(...hostFindings(domain, h));
  }
  if (parsed.some((p) => p === null)) {
    findings.push({
      severity: 'error',
      code: 'mx-malformed',
      title: 'An MX record could not be read',
      detail: mx.records.map((r) => r.data).join(', '),
      domain,
    });
  }
  const providers = [...new Set(hosts.map((h) => h.provider).filter((p): p is string => p !== null))];
  if (!findings.some((f) => f.severity === 'error' || f.severity === 'unknown')) {
    findings.unshift({
      severity: 'ok',
      code: 'mx-ok',
      title: `${hosts.length} MX host${hosts.length === 1 ? '' : 's'} resolve${hosts.length === 1 ? 's' : ''}`,
      detail:
        providers.length > 0
          ? `Mail is handled by ${providers.join(' and ')}.`
          : 'Every MX host has an address.',
      domain,
    });
  }
  return {
    domain,
    status: hosts.length === 0 ? 'invalid' : 'found',
    delivery: 'mx',
    hosts,
    providers,
    implicitAddresses: [],
    findings,
    error: null,
  };
}
