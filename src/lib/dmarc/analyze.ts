// The DMARC part of the domain check: discovery, the record's tags, policy strength, report destinations.

import { lookup, parseMxData, txtRecords } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import type { Finding } from '../findings';
import { discoverDmarc, type DmarcDiscovery } from './discovery';
import { pslOrganizationalDomain } from '../domain/org-domain';
import {
  isDmarcRecord,
  parseDmarcRecord,
  type DmarcParse,
  type DmarcPolicy,
  type DmarcRequest,
} from './parse';

export interface ReportDestination {
  tag: 'rua' | 'ruf';
  uri: string;
  domain: string;
  /** Another organization than the policy domain's: needs an authorization record (RFC 9990 §3). */
  external: boolean;
  /** The name the authorization record must be published at. */
  authorizationName: string | null;
  authorization: 'authorized' | 'missing' | 'not-needed' | 'error';
  mail: 'mx' | 'implicit-a' | 'null-mx' | 'none' | 'error';
}

export interface DmarcAnalysis {
  domain: string;
  discovery: DmarcDiscovery;
  /** The record receivers apply (RFC 9989 discovery), parsed. */
  parse: DmarcParse | null;
  policy: DmarcPolicy | null;
  /** The policy that applies to mail from this exact domain (p for the record's own domain, sp/np below it). */
  effectivePolicy: DmarcRequest | null;
  destinations: ReportDestination[];
  findings: Finding[];
}

const STRENGTH: Record<DmarcRequest, number> = { none: 0, quarantine: 1, reject: 2 };
/** More than this many report addresses multiply the mail every receiver sends. */
const MAX_SENSIBLE_URIS = 2;

async function checkDestination(
  resolver: Resolver,
  policyDomain: string,
  tag: 'rua' | 'ruf',
  uri: string,
  destDomain: string,
  signal?: AbortSignal,
): Promise<ReportDestination> {
  const external = pslOrganizationalDomain(destDomain) !== pslOrganizationalDomain(policyDomain);
  const authorizationName = external ? `${policyDomain}._report._dmarc.${destDomain}` : null;
  const [auth, mx] = await Promise.all([
    authorizationName ? lookup(resolver, authorizationName, 'TXT', signal) : null,
    lookup(resolver, destDomain, 'MX', signal),
  ]);
  let authorization: ReportDestination['authorization'] = 'not-needed';
  if (auth) {
    if (auth.kind === 'error') authorization = 'error';
    else authorization = txtRecords(auth).some((t) => isDmarcRecord(t.text)) ? 'authorized' : 'missing';
  }
  let mail: ReportDestination['mail'];
  if (mx.kind === 'error') mail = 'error';
  else if (mx.kind === 'records') {
    const hosts = mx.records.map((r) => parseMxData(r.data));
    mail = hosts.length === 1 && hosts[0]?.exchange === '.' ? 'null-mx' : 'mx';
  } else {
    // RFC 5321 §5.1: without MX, mail goes to the A/AAAA of the domain.
    const a = await lookup(resolver, destDomain, 'A', signal);
    mail = a.kind === 'records' ? 'implicit-a' : a.kind === 'error' ? 'error' : 'none';
  }
  return { tag, uri, domain: destDomain, external, authorizationName, authorization, mail };
}

function policyFindings(
  domain: string,
  d: DmarcDiscovery,
  policy: DmarcPolicy,
  effective: DmarcRequest,
): Finding[] {
  const out: Finding[] = [];
  const where = d.rfc9989.domain ?? domain;
  if (effective === 'none') {
    out.push({
      severity: 'warning',
      code: 'policy-none',
      title: 'Policy is p=none: monitoring only',
      detail:
        'Receivers report on mail that fails DMARC but deliver it as usual, so spoofed mail using this domain is not stopped.',
      fix: 'Read the aggregate reports until every legitimate sender passes, then move to p=quarantine and finally p=reject (optionally with t=y first to test).',
      spec: 'RFC 9989 §4.7',
      domain: where,
    });
  } else if (effective === 'quarantine') {
    out.push({
      severity: 'info',
      code: 'policy-quarantine',
      title: 'Policy is quarantine',
      detail:
        'Failing mail goes to spam. Once reports show no legitimate failures, p=reject gives full protection.',
      fix: 'Move to p=reject when reports are clean.',
      spec: 'RFC 9989 §4.7',
      domain: where,
    });
  } else {
    out.push({
      severity: 'ok',
      code: 'policy-reject',
      title: 'Policy is reject',
      detail: 'Receivers refuse mail that fails DMARC: full protection against spoofing of this domain.',
      spec: 'RFC 9989 §4.7',
      domain: where,
    });
  }
  if (policy.spExplicit && policy.sp === 'none' && policy.p !== 'none') {
    out.push({
      severity: 'warning',
      code: 'sp-none',
      title: 'Subdomains are not protected (sp=none)',
      detail: `The main domain asks for ${policy.p}, but sp=none lets anyone spoof any subdomain such as billing.${where}.`,
      fix: `Remove sp=none (subdomains then inherit p=${policy.p}) or set sp=quarantine.`,
      spec: 'RFC 9989 §4.7',
      domain: where,
    });
  }
  if (policy.npExplicit && STRENGTH[policy.np] < STRENGTH[policy.sp]) {
    out.push({
      severity: 'warning',
      code: 'np-weaker',
      title: `np=${policy.np} is weaker than the subdomain policy`,
      detail:
        'Non-existent subdomains are the easiest to abuse; their policy should be at least as strict as sp.',
      fix: 'Set np=reject.',
      spec: 'RFC 9989 §4.7',
      domain: where,
    });
  }
  if (policy.t === 'y' && policy.p !== 'none') {
    out.push({
      severity: 'warning',
      code: 'test-mode',
      title: 't=y: policy in test mode',
      detail: `Receivers apply one step less than published: ${policy.p === 'reject' ? 'quarantine instead of reject' : 'none instead of quarantine'}.`,
      fix: 'Remove t=y when testing is done.',
      spec: 'RFC 9989 §4.7',
      domain: where,
    });
  }
  if (policy.pct !== null && policy.pct < 100) {
    out.push({
      severity: 'warning',
      code: 'pct-partial',
      title: `pct=${policy.pct}: older receivers apply the policy to ${policy.pct}% of failing mail`,
      detail:
        'RFC 9989 receivers ignore pct and apply the policy to all failing mail; RFC 7489 receivers still sample.',
      fix: 'Remove pct (or set pct=100) so every receiver behaves the same.',
      spec: 'RFC 9989 Appendix A.6',
      domain: where,
    });
  }
  if (policy.adkim === 's' || policy.aspf === 's') {
    out.push({
      severity: 'info',
      code: 'strict-alignment',
      title: `Strict alignment (${[policy.adkim === 's' ? 'adkim=s' : '', policy.aspf === 's' ? 'aspf=s' : ''].filter(Boolean).join(', ')})`,
      detail:
        'Only identical domains align; mail signed or bounced via a subdomain (as many email services do) will fail DMARC.',
      fix: 'Use relaxed alignment (the default) unless you need strict.',
      spec: 'RFC 9989 §4.4',
      domain: where,
    });
  }
  if (policy.rua.length === 0) {
    out.push({
      severity: 'warning',
      code: 'no-rua',
      title: 'No aggregate report address (rua)',
      detail:
        'Without rua, receivers send no reports, so you cannot see who sends mail as this domain or whether it passes.',
      fix: `Add rua=mailto:dmarc-reports@${where} (or a DMARC report service's address).`,
      spec: 'RFC 9989 §4.7',
      domain: where,
    });
  }
  if (policy.rua.length > MAX_SENSIBLE_URIS) {
    out.push({
      severity: 'warning',
      code: 'many-uris',
      title: `${policy.rua.length} rua addresses`,
      detail: 'Receivers may send to only the first two, and every extra address multiplies report mail.',
      fix: 'Keep one or two rua addresses.',
      domain: where,
    });
  }
  if (policy.ruf.length > 0) {
    out.push({
      severity: 'info',
      code: 'ruf',
      title: 'Failure reports requested (ruf)',
      detail: 'Few receivers send failure reports (they may contain personal data); do not rely on them.',
      domain: where,
    });
  } else if (policy.fo.join(':') !== '0') {
    out.push({
      severity: 'info',
      code: 'fo-without-ruf',
      title: 'fo is set but there is no ruf',
      detail: 'fo only tunes failure reports, which are sent only to ruf addresses.',
      fix: 'Remove fo, or add a ruf address.',
      domain: where,
    });
  }
  return out;
}

function destinationFindings(all: readonly ReportDestination[], policyDomain: string): Finding[] {
  const out: Finding[] = [];
  // One finding per destination domain, even when rua and ruf both point there.
  const dests = [...new Map(all.map((d) => [d.domain, d])).values()];
  for (const dest of dests) {
    if (dest.authorization === 'missing') {
      out.push({
        severity: 'warning',
        code: 'external-unauthorized',
        title: `${dest.domain} has not authorized reports for ${policyDomain}`,
        detail: `${dest.tag}=${dest.uri} is in another organization, and ${dest.domain} publishes no authorization record, so receivers will not send ${dest.tag === 'rua' ? 'aggregate' : 'failure'} reports there.`,
        fix: `Ask the owner of ${dest.domain} to publish a TXT record at ${dest.authorizationName} with the value “v=DMARC1;” (report services do this when you sign up).`,
        spec: 'RFC 9990 §3',
        domain: policyDomain,
      });
    } else if (dest.authorization === 'authorized') {
      out.push({
        severity: 'ok',
        code: 'external-authorized',
        title: `${dest.domain} accepts reports for ${policyDomain}`,
        detail: `The authorization record ${dest.authorizationName} is published.`,
        spec: 'RFC 9990 §3',
        domain: policyDomain,
      });
    } else if (dest.authorization === 'error') {
      out.push({
        severity: 'unknown',
        code: 'external-auth-error',
        title: `Could not check whether ${dest.domain} accepts reports`,
        detail: `The lookup of ${dest.authorizationName} failed.`,
        domain: policyDomain,
      });
    }
    if (dest.mail === 'null-mx') {
      out.push({
        severity: 'error',
        code: 'report-null-mx',
        title: `${dest.domain} accepts no mail (null MX)`,
        detail: `Reports sent to ${dest.uri} will bounce.`,
        fix: 'Use a report address at a domain that receives mail.',
        spec: 'RFC 7505',
        domain: policyDomain,
      });
    } else if (dest.mail === 'none') {
      out.push({
        severity: 'warning',
        code: 'report-no-mx',
        title: `${dest.domain} has no MX records`,
        detail: `Reports sent to ${dest.uri} cannot be delivered.`,
        fix: 'Use a report address at a domain that receives mail.',
        domain: policyDomain,
      });
    }
  }
  return out;
}

function discoveryFindings(domain: string, d: DmarcDiscovery): Finding[] {
  const out: Finding[] = [];
  const a = d.author;
  if (a.dmarcRecords.length > 1) {
    out.push({
      severity: 'error',
      code: 'multiple-dmarc',
      title: `_dmarc.${domain} has ${a.dmarcRecords.length} DMARC records`,
      detail:
        'Receivers discard them all (RFC 9989 looks further up the tree; RFC 7489 receivers apply no policy).',
      fix: 'Keep exactly one v=DMARC1 record.',
      spec: 'RFC 9989 §4.10',
      domain,
      items: a.dmarcRecords,
    });
  }
  for (const near of a.nearMisses) {
    out.push({
      severity: 'error',
      code: 'dmarc-near-miss',
      title: 'A record here looks like DMARC but is ignored',
      detail: `“${near}” does not start exactly with “v=DMARC1” (capital DMARC1, no leading space), so receivers skip it.`,
      fix: 'Start the record with v=DMARC1;',
      spec: 'RFC 9989 §4.7',
      domain,
    });
  }
  for (const other of a.otherRecords) {
    out.push({
      severity: 'warning',
      code: /^v=spf1/i.test(other) ? 'spf-at-dmarc' : 'other-txt-at-dmarc',
      title: /^v=spf1/i.test(other)
        ? `An SPF record answers at _dmarc.${domain}`
        : `Unrelated TXT record at _dmarc.${domain}`,
      detail: /^v=spf1/i.test(other)
        ? `“${other}” is returned for _dmarc — usually a wildcard or CNAME that covers _dmarc by accident.`
        : `“${other.slice(0, 120)}” is not a DMARC record; only v=DMARC1 records belong here.`,
      fix: 'Remove it (or the wildcard that produces it).',
      domain,
    });
  }
  if (a.cnameConflict) {
    out.push({
      severity: 'error',
      code: 'cname-and-txt',
      title: `_dmarc.${domain} has both a CNAME and TXT records`,
      detail:
        'A name with a CNAME may hold nothing else; resolvers disagree about which answer to give, so receivers see different policies.',
      fix: 'Keep either the CNAME (to a DMARC service) or the TXT record, not both.',
      spec: 'RFC 1034 §3.6.2',
      domain,
    });
  }
  if (a.chain.length > 0 && a.record) {
    out.push({
      severity: 'info',
      code: 'dmarc-cname',
      title: `_dmarc.${domain} is a CNAME to ${a.chain[a.chain.length - 1]}`,
      detail: 'The record is managed by whoever controls that name (often a DMARC service).',
      domain,
    });
  }
  if (d.rfc9989.source === 'organizational' || d.rfc9989.source === 'psd') {
    out.push({
      severity: 'info',
      code: 'inherited',
      title: `No record at _dmarc.${domain}; the policy of ${d.rfc9989.domain} applies`,
      detail: `${domain} is a subdomain, so receivers use the ${d.rfc9989.source === 'psd' ? 'public suffix' : 'organizational domain'}'s record and its sp (or np) policy.`,
      spec: 'RFC 9989 §4.10.1',
      domain,
    });
  }
  const r9 = d.rfc9989;
  const r7 = d.rfc7489;
  if (
    r9.source !== 'error' &&
    r7.source !== 'error' &&
    (r9.domain !== r7.domain || r9.record !== r7.record)
  ) {
    out.push({
      severity: 'warning',
      code: 'discovery-disagrees',
      title: 'RFC 9989 and RFC 7489 receivers find different policies',
      detail: `The DNS tree walk (RFC 9989) finds ${r9.domain ? `the record of ${r9.domain}` : 'no record'}; the Public Suffix List method (RFC 7489) finds ${r7.domain ? `the record of ${r7.domain}` : 'no record'}. Receivers of both kinds are in use.`,
      fix: `Publish a record at _dmarc.${domain} so both find the same policy.`,
      spec: 'RFC 9989 §4.10',
      domain,
    });
  }
  if (d.orgDomainTreeWalk !== d.orgDomainPsl) {
    out.push({
      severity: 'info',
      code: 'org-domain-disagrees',
      title: `Organizational domain: ${d.orgDomainTreeWalk} (tree walk) vs ${d.orgDomainPsl} (Public Suffix List)`,
      detail:
        'Relaxed alignment uses the organizational domain, so RFC 9989 and RFC 7489 receivers may judge alignment differently.',
      spec: 'RFC 9989 §4.10.2',
      domain,
    });
  }
  return out;
}

function parseFindings(parse: DmarcParse, where: string): Finding[] {
  return parse.issues.map((i) => {
    const f: Finding = {
      severity: i.severity,
      code: i.code,
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
    return f;
  });
}

export async function analyzeDmarc(
  domain: string,
  resolver: Resolver,
  options: { signal?: AbortSignal } = {},
): Promise<DmarcAnalysis> {
  const discovery = await discoverDmarc(domain, resolver, options.signal);
  const findings: Finding[] = [];
  const base = {
    domain: discovery.domain,
    discovery,
    parse: null,
    policy: null,
    effectivePolicy: null,
    destinations: [],
  };
  const source = discovery.rfc9989;
  if (source.source === 'error') {
    findings.push({
      severity: 'unknown',
      code: 'dmarc-dns-error',
      title: 'Could not check DMARC',
      detail: `The lookup of _dmarc.${source.domain} failed: ${discovery.author.error ?? discovery.walk.find((w) => w.error)?.error ?? 'DNS error'}. This says nothing about whether a record exists.`,
      fix: 'Try again; if it persists, the DNS servers of the domain may be failing.',
      domain,
    });
    return { ...base, findings };
  }
  findings.push(...discoveryFindings(discovery.domain, discovery));
  // A v=DMARC1 record at the domain itself has no effect; the same TXT answer serves SPF (asked once).
  const apex = await lookup(resolver, domain, 'TXT', options.signal);
  for (const txt of txtRecords(apex)
    .map((t) => t.text)
    .filter(isDmarcRecord)) {
    findings.push({
      severity: 'warning',
      code: 'dmarc-at-apex',
      title: `A DMARC record is published at ${domain} itself`,
      detail: `Receivers only look at _dmarc.${domain}; “${txt}” at the domain itself has no effect.`,
      fix: `Move it to a TXT record at _dmarc.${domain}.`,
      spec: 'RFC 9989 §4.10',
      domain,
    });
  }
  if (source.source === 'none' || !source.record) {
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
    return { ...base, findings };
  }
  const parse = parseDmarcRecord(source.record);
  const where = source.domain ?? domain;
  findings.push(...parseFindings(parse, where));
  if (!parse.ok) return { ...base, parse, findings };
  const policy = parse.policy;
  // RFC 9989 §4.10.1: p for the record's own domain; sp for an existing subdomain, np for a non-existent one.
  const effectivePolicy = source.source === 'author' ? policy.p : policy.sp;
  findings.push(...policyFindings(domain, discovery, policy, effectivePolicy));
  const uris = [
    ...policy.rua.map((u) => ({ tag: 'rua' as const, u })),
    ...policy.ruf.map((u) => ({ tag: 'ruf' as const, u })),
  ].filter((x) => x.u.domain !== null);
  const destinations = await Promise.all(
    uris.map((x) => checkDestination(resolver, where, x.tag, x.u.uri, x.u.domain!, options.signal)),
  );
  findings.push(...destinationFindings(destinations, where));
  return { domain: discovery.domain, discovery, parse, policy, effectivePolicy, destinations, findings };
}
