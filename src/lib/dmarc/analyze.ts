// The DMARC part of the domain check: discovery, the record's tags, policy strength, report destinations.

import { lookup, txtRecords } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { dnsFailureFinding, type AreaAnalysis, type Finding, type RecordStatus } from '../findings';
import { isRecordIssueCode, type DmarcFindingCode } from './codes';
import { checkDestinations, destinationFindings, type ReportDestination } from './destinations';
import { discoverDmarc, type DmarcDiscovery } from './discovery';
import { discoveryFindings } from './discovery-findings';
import { isDmarcRecord, parseDmarcRecord } from './parse';
import { policyFindings } from './policy-findings';
import type { DmarcParse, DmarcPolicy, DmarcRequest } from './types';

export type { ReportDestination } from './destinations';
export { DMARC_FINDING_CODES, type DmarcFindingCode } from './codes';

/**
 * status: found (a valid record applies, at the domain or inherited), invalid (the record that applies has errors),
 * multiple (several records at _dmarc.<domain> and none above), none, error (a lookup failed: could not check).
 */
export interface DmarcAnalysis extends AreaAnalysis<DmarcFindingCode> {
  status: RecordStatus;
  discovery: DmarcDiscovery;
  /** The text of the record receivers apply (RFC 9989 discovery). */
  record: string | null;
  /** That record, parsed (also when it is invalid: its tags and issues). */
  parse: DmarcParse | null;
  policy: DmarcPolicy | null;
  /** The policy that applies to mail from this exact domain (p for the record's own domain, sp/np below it). */
  effectivePolicy: DmarcRequest | null;
  destinations: ReportDestination[];
}

function parseFindings(parse: DmarcParse, where: string): Finding<DmarcFindingCode>[] {
  const out: Finding<DmarcFindingCode>[] = [];
  for (const i of parse.issues) {
    // A recognized record parsed in RFC 9989 mode has none of the other codes (they are about text that is not
    // a DMARC record, or RFC 7489's strict mode).
    const code = i.code;
    if (!isRecordIssueCode(code)) continue;
    const f: Finding<DmarcFindingCode> = {
      severity: i.severity,
      code,
      title: i.message,
      detail:
        i.severity === 'error'
          ? `${i.message} Fix this so receivers apply the policy as written.`
          : i.message,
      spec: 'RFC 9989 §4.7',
      domain: where,
    };
    if (i.fix) f.fix = i.fix;
    if (i.tag) f.term = i.tag;
    out.push(f);
  }
  return out;
}

/** A v=DMARC1 record at the domain itself has no effect (the same TXT answer serves SPF, asked once). */
async function apexFindings(
  domain: string,
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<Finding<DmarcFindingCode>[]> {
  const apex = await lookup(resolver, domain, 'TXT', signal);
  return txtRecords(apex)
    .map((t) => t.text)
    .filter(isDmarcRecord)
    .map((txt) => ({
      severity: 'warning',
      code: 'dmarc-at-apex',
      title: `A DMARC record is published at ${domain} itself`,
      detail: `Receivers only look at _dmarc.${domain}; “${txt}” at the domain itself has no effect.`,
      fix: `Move it to a TXT record at _dmarc.${domain}.`,
      spec: 'RFC 9989 §4.10',
      domain,
    }));
}

export async function analyzeDmarc(
  domain: string,
  resolver: Resolver,
  options: { signal?: AbortSignal } = {},
): Promise<DmarcAnalysis> {
  const discovery = await discoverDmarc(domain, resolver, options.signal);
  const findings: Finding<DmarcFindingCode>[] = [];
  const base = {
    domain: discovery.domain,
    discovery,
    record: null,
    parse: null,
    policy: null,
    effectivePolicy: null,
    destinations: [],
  };
  const source = discovery.rfc9989;
  if (source.source === 'error') {
    const failed = discovery.author.error ? discovery.author : discovery.walk.find((w) => w.error);
    const message = failed?.error ?? 'The DNS lookup failed.';
    findings.push(
      dnsFailureFinding(
        'dmarc-dns-error',
        'Could not check DMARC',
        {
          message: `The lookup of _dmarc.${source.domain} failed: ${message}`,
          cause: failed?.cause ?? 'DNS lookup failed',
          lasting: failed?.lasting ?? false,
          atResolver: failed?.atResolver ?? false,
        },
        domain,
      ),
    );
    return { ...base, status: 'error', findings };
  }
  findings.push(...discoveryFindings(discovery.domain, discovery));
  findings.push(...(await apexFindings(domain, resolver, options.signal)));
  if (source.source === 'none' || !source.record) {
    const status = discovery.author.dmarcRecords.length > 1 ? 'multiple' : 'none';
    // The only record starts with a byte-order mark: its finding says what to fix (remove the mark). Advice to
    // publish p=none here would contradict the record as written.
    if (status === 'none' && discovery.author.bomRecord !== null) return { ...base, status, findings };
    findings.push({
      severity: 'error',
      code: 'no-dmarc',
      title: `No DMARC record for ${domain}`,
      detail:
        'Without DMARC, anyone can send mail that claims to be from this domain, and Gmail, Yahoo and Outlook.com require DMARC from bulk senders.',
      fix: `Publish a TXT record at _dmarc.${domain} with “v=DMARC1; p=none; rua=mailto:dmarc-reports@${discovery.orgDomainPsl}”, then tighten to quarantine and reject as reports allow.`,
      spec: 'RFC 9989 §5.1',
      domain,
    });
    return { ...base, status, findings };
  }
  const record = source.record;
  const parse = parseDmarcRecord(record);
  const where = source.domain ?? domain;
  findings.push(...parseFindings(parse, where));
  // The destinations of a recognized record are checked even when a tag is invalid: the owner needs both answers.
  const destinations = await checkDestinations(resolver, where, parse, options.signal);
  findings.push(...destinationFindings(destinations, where));
  if (!parse.ok) return { ...base, status: 'invalid', record, parse, destinations, findings };
  const policy = parse.policy;
  // RFC 9989 §4.10.1: p for the record's own domain; sp for an existing subdomain, np for a non-existent one.
  const effectivePolicy = source.source === 'author' ? policy.p : policy.sp;
  findings.push(...policyFindings(domain, discovery, policy, effectivePolicy));
  return {
    domain: discovery.domain,
    status: 'found',
    discovery,
    record,
    parse,
    policy,
    effectivePolicy,
    destinations,
    findings,
  };
}
