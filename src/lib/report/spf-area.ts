// The SPF line of the domain report summary.

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
