// RFC 9989 §4.10 and RFC 7489 §6.6.3 as findings: several records, near misses, unrelated TXT at _dmarc, CNAMEs,
// an inherited policy, and where the two discovery methods disagree.

import type { Finding } from '../findings';
import type { DMARC_DISCOVERY_FINDING_CODES } from './codes';
import type { DmarcDiscovery } from './discovery';

type DiscoveryFindingCode = (typeof DMARC_DISCOVERY_FINDING_CODES)[number];

export function discoveryFindings(domain: string, d: DmarcDiscovery): Finding<DiscoveryFindingCode>[] {
  const out: Finding<DiscoveryFindingCode>[] = [];
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
  if (a.bomRecord !== null) {
    out.push({
      severity: a.record === null ? 'error' : 'warning',
      code: 'dmarc-bom',
      title: 'A DMARC record starts with a byte-order mark',
      detail: `The TXT record “${a.bomRecord}” begins with the bytes EF BB BF (U+FEFF), so receivers do not read it as DMARC${a.record === null ? ': for them the domain has no DMARC record here' : ''}.`,
      fix: 'Publish the record again without the invisible mark (retype its first characters in the DNS editor).',
      spec: 'RFC 9989 §4.10',
      domain,
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
