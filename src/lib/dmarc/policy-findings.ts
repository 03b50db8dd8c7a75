// RFC 9989 §4.7 the policy a receiver applies, as findings: its strength, subdomain and non-existent-domain
// policies, test mode, historic pct, alignment and report addresses.

import type { Finding } from '../findings';
import type { DMARC_POLICY_FINDING_CODES } from './codes';
import type { DmarcDiscovery } from './discovery';
import type { DmarcPolicy, DmarcRequest } from './types';

type PolicyFindingCode = (typeof DMARC_POLICY_FINDING_CODES)[number];

const STRENGTH: Record<DmarcRequest, number> = { none: 0, quarantine: 1, reject: 2 };
/** More than this many report addresses multiply the mail every receiver sends. */
const MAX_SENSIBLE_URIS = 2;

export function policyFindings(
  domain: string,
  d: DmarcDiscovery,
  policy: DmarcPolicy,
  effective: DmarcRequest,
): Finding<PolicyFindingCode>[] {
  const out: Finding<PolicyFindingCode>[] = [];
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
