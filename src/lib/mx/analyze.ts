// The MX part of the domain check: hosts and preferences, addresses, reverse DNS and forward confirmation,
// null MX (RFC 7505), CNAME/IP-literal targets (RFC 2181 §10.3, RFC 5321 §5.1), DANE TLSA presence (RFC 7672).

import { lookup, parseMxData } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import {
  answerCapFinding,
  dnsFailureFinding,
  type AreaAnalysis,
  type Finding,
  type RecordStatus,
} from '../findings';
import type { MxFindingCode } from './codes';
import { hostFindings, type SendsAs } from './host-findings';
import { addressesOf, checkHost, type MxHost } from './hosts';

export type { MxAddress, MxHost } from './hosts';
export type { SendsAs } from './host-findings';
export { MX_FINDING_CODES, type MxFindingCode } from './codes';

/**
 * MX hosts checked per domain, most preferred first. RFC 5321 §5.1 names no limit, RFC 7208 §4.6.4 stops an SPF
 * mx lookup at 10 names, and real domains list a handful: more are named in a finding, not resolved.
 */
export const MAX_MX_HOSTS = 10;

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

export async function analyzeMx(
  domain: string,
  resolver: Resolver,
  options: {
    signal?: AbortSignal;
    /** Which SPF term authorizes an address to send: whether an MX host also sends (its reverse DNS matters). */
    sendsAs?: Promise<SendsAs>;
  } = {},
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
      findings: [dnsFailureFinding('mx-dns-error', 'Could not look up MX records', mx, domain)],
    };
  }
  if (mx.kind !== 'records') {
    const [a, aaaa] = await Promise.all([
      lookup(resolver, domain, 'A', options.signal),
      lookup(resolver, domain, 'AAAA', options.signal),
    ]);
    const implicit = addressesOf(a, aaaa);
    // RFC 5321 §5.1: without MX, mail goes to the domain's address; when that lookup failed, nothing is known.
    const fallbackFailed = implicit.length === 0 ? [a, aaaa].find((r) => r.kind === 'error') : undefined;
    if (fallbackFailed?.kind === 'error')
      return {
        ...empty,
        status: 'error',
        delivery: null,
        error: fallbackFailed.message,
        findings: [
          dnsFailureFinding(
            'mx-dns-error',
            `Could not check where mail for ${domain} goes`,
            {
              message: `There are no MX records, and the lookup of the domain’s own address (where senders then deliver) failed: ${fallbackFailed.message}`,
              cause: fallbackFailed.cause,
              lasting: fallbackFailed.lasting,
            },
            domain,
          ),
        ],
      };
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
    list.slice(0, MAX_MX_HOSTS).map((p) => checkHost(resolver, p.preference, p.exchange, options.signal)),
  );
  const sendsAs = (await options.sendsAs) ?? (() => null);
  const findings: Finding<MxFindingCode>[] = [];
  if (mx.capped !== undefined) findings.push(answerCapFinding('mx-answer-capped', mx, mx.capped, domain));
  if (list.length > MAX_MX_HOSTS)
    findings.push({
      severity: 'info',
      code: 'mx-hosts-capped',
      title: `Only the ${MAX_MX_HOSTS} most preferred of ${list.length.toLocaleString('en-US')} MX hosts were checked`,
      detail: `Senders try MX hosts in order of preference; the rest (${list
        .slice(MAX_MX_HOSTS, MAX_MX_HOSTS + 3)
        .map((p) => p.exchange)
        .join(', ')}${list.length > MAX_MX_HOSTS + 3 ? ', …' : ''}) were not looked up.`,
      fix: 'Keep the MX list short: a few hosts are enough for redundancy.',
      domain,
    });
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
    findings.push(...hostFindings(domain, h, sendsAs));
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
