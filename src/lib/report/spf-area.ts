// The SPF line of the domain report summary, and the sentence saying what the policy authorizes.

import type { SpfAnalysis } from '../spf';
import { statusFromFindings, type AreaSummary } from './types';

export function summarizeSpf(spf: SpfAnalysis): AreaSummary {
  const status = statusFromFindings(spf.findings);
  const root = spf.root;
  let headline: string;
  switch (root.status) {
    case 'ok': {
      const all = root.terms.find((t) => t.name === 'all');
      const policy = all
        ? `ends in ${all.text}`
        : root.terms.some((t) => t.name === 'redirect')
          ? 'uses redirect'
          : 'has no all';
      const error = spf.findings.find((f) => f.severity === 'error');
      headline = error
        ? `${error.title.replace(/\.$/, '')}.`
        : `Record found, ${spf.lookups.rfc}/${spf.limits.lookups} DNS lookups, ${policy}.`;
      break;
    }
    case 'dns-error':
      // The wording every area uses for a DNS failure.
      headline = 'Could not be checked: the DNS lookup failed.';
      break;
    default:
      headline = root.statusText;
  }
  return { id: 'spf', title: 'SPF', status, headline };
}

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** What the policy lets send: every address when a reachable +all passes all, else the networks it lists. */
export function spfAuthorizationSentence(spf: SpfAnalysis): string {
  if (spf.everyAddress) {
    const where = spf.everyAddress.domain === spf.domain ? '' : ` in ${spf.everyAddress.domain}`;
    return `Authorizes every address on the Internet (“${spf.everyAddress.term}”${where}).`;
  }
  const nb = spf.netblocks;
  return `Authorizes ${plural(nb.ipv4Addresses, 'IPv4 address', 'IPv4 addresses')} in ${plural(nb.ipv4Networks, 'network', 'networks')} and ${plural(nb.ipv6Networks, 'IPv6 network', 'IPv6 networks')}.`;
}
