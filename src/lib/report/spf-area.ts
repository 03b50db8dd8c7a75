// The SPF line of the domain report summary, and the sentence saying what the policy authorizes.

import type { SpfAnalysis } from '../spf';
import { summarizeArea } from './areas';
import type { AreaSummary } from './types';

/** The SPF line: the shared summarizer, with SPF's words for a found record and for the root's own state. */
export function summarizeSpf(spf: SpfAnalysis): AreaSummary {
  return summarizeArea(spf, {
    id: 'spf',
    title: 'SPF',
    found: (a) => {
      const terms = a.root.terms;
      const all = terms.find((t) => t.name === 'all');
      const policy = all
        ? `ends in ${all.text}`
        : terms.some((t) => t.name === 'redirect')
          ? 'uses redirect'
          : 'has no all';
      return `Record found, ${a.lookups.rfc}/${a.limits.lookups} DNS lookups, ${policy}.`;
    },
    // RFC 7208 §5.2: a permerror met in evaluation order decides every message not matched before it.
    failing: (a, worst) =>
      a.permerror ? `SPF fails (permerror) for ${permerrorReach(a.permerror)}: ${worst}` : worst,
    none: (a) => a.root.statusText,
    problem: (a) => a.root.statusText,
  });
}

/** Which mail a permerror decides: all of it, or all not matched by the mechanisms before it. */
function permerrorReach(permerror: NonNullable<SpfAnalysis['permerror']>): string {
  const earlier = permerror.earlierMatches;
  if (earlier.length === 0) return 'all mail';
  const listed =
    earlier.slice(0, 3).join(', ') + (earlier.length > 3 ? ` and ${earlier.length - 3} more` : '');
  return `all mail not from ${listed}`;
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
  const listed = `Authorizes ${plural(nb.ipv4Addresses, 'IPv4 address', 'IPv4 addresses')} in ${plural(nb.ipv4Networks, 'network', 'networks')} and ${plural(nb.ipv6Networks, 'IPv6 network', 'IPv6 networks')}`;
  return spf.permerror
    ? `${listed}; all other mail gets permerror at “${spf.permerror.term}”.`
    : `${listed}.`;
}
