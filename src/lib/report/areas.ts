// One summary line per area of the domain report: one summarizer for every area's status (found, none, multiple,
// invalid, error) and findings, and each area's few real differences (its words, whether it is optional) as data.

import type { BimiAnalysis } from '../bimi/analyze';
import type { DkimAnalysis } from '../dkim/discover';
import { leavesSelectorOpen, SELECTOR_NEEDED, selectorNeededSentence } from '../dkim/domainkey-node';
import type { DmarcAnalysis } from '../dmarc/analyze';
import type { DnssecAnalysis } from '../dnssec/analyze';
import { statusFromFindings, type AreaAnalysis } from '../findings';
import type { MtaStsAnalysis } from '../mtasts/analyze';
import type { MxAnalysis } from '../mx/analyze';
import type { TlsRptAnalysis } from '../tlsrpt/analyze';
import type { AreaId, AreaSummary } from './types';

/** The one wording of an area whose lookups failed, with the cause in parentheses. */
export const COULD_NOT_CHECK = 'Could not be checked';
/** When an area's status is unknown but no finding names a cause. */
const UNKNOWN_CAUSE = 'DNS lookup failed';

export function couldNotCheck(cause: string): string {
  return `${COULD_NOT_CHECK} (${cause}).`;
}

export interface AreaWords<A> {
  id: AreaId;
  title: string;
  /** The headline when the record (key, host, DS) is found and nothing in it is an error. */
  found: (a: A) => string;
  /** The headline when there is none (default "Not set up."). */
  none?: (a: A) => string;
  /** The headline for a found record that fails, given the worst finding's sentence (default: that sentence). */
  failing?: (a: A, worst: string) => string;
  /** The headline for several or invalid records (default: the worst finding's title). */
  problem?: (a: A) => string;
  /** The found headline already says why the area is amber (DNSSEC: "answers were not validated"). */
  foundSaysWhy?: boolean;
  /** Optional or informational: a clean result reads as info (nothing to grade), not pass. */
  quiet?: (a: A) => boolean;
  /** The badge's words for an info status that is not "nothing set up" (AreaSummary.label). */
  infoLabel?: (a: A) => string | undefined;
}

/** The worst finding's title, as a sentence. */
function worstProblem(a: AreaAnalysis): string {
  const f =
    a.findings.find((x) => x.severity === 'error') ??
    a.findings.find((x) => x.severity === 'unknown') ??
    a.findings.find((x) => x.severity === 'warning');
  return f ? `${f.title.replace(/\.$/, '')}.` : 'No usable record.';
}

/**
 * Why a found record needs attention, after what was found: the first warning's title (findings come in the order
 * their area ranks them), and how many more there are. An amber badge never stands on counts alone.
 */
function whyAmber(a: AreaAnalysis): string {
  const warnings = a.findings.filter((x) => x.severity === 'warning');
  const first = warnings[0];
  if (!first) return '';
  const more = warnings.length - 1;
  return ` ${first.title.replace(/\.$/, '')}${more > 0 ? `, and ${more} more warning${more === 1 ? '' : 's'}` : ''}.`;
}

/** An area's summary from its status and findings: the one rule for every area, SPF included. */
export function summarizeArea<A extends AreaAnalysis>(a: A, words: AreaWords<A>): AreaSummary {
  // DNS errors decide before absence: an area whose own lookup failed is unknown, whatever else it found.
  const fromFindings = a.status === 'error' ? 'unknown' : statusFromFindings(a.findings);
  const status = fromFindings === 'pass' && words.quiet?.(a) ? 'info' : fromFindings;
  const named =
    status === 'unknown'
      ? a.findings.find((f) => f.severity === 'unknown' && f.cause !== undefined)
      : undefined;
  const cause = status === 'unknown' ? (named?.cause ?? UNKNOWN_CAUSE) : null;
  // The flag travels with the cause it belongs to, from the finding that named it.
  const lasting = named?.lasting === true;
  let headline: string;
  switch (a.status) {
    case 'error':
      headline = couldNotCheck(cause ?? UNKNOWN_CAUSE);
      break;
    case 'none':
      // No usable record, but something is wrong with what is there (a byte-order mark before v=): say that.
      headline = words.none ? words.none(a) : status === 'fail' ? worstProblem(a) : 'Not set up.';
      break;
    case 'found':
      headline =
        status === 'fail'
          ? (words.failing?.(a, worstProblem(a)) ?? worstProblem(a))
          : status === 'warn'
            ? `${words.found(a)}${words.foundSaysWhy ? '' : whyAmber(a)}`
            : words.found(a);
      break;
    default:
      headline = words.problem ? words.problem(a) : worstProblem(a);
  }
  // Found (or judged) in part: say what could not be checked, so the headline never reads as the whole answer.
  if (status === 'unknown' && a.status !== 'error')
    headline = `${headline} Not everything could be checked (${cause}).`;
  const summary: AreaSummary = { id: words.id, title: words.title, status, headline, cause, lasting };
  const label = status === 'info' ? words.infoLabel?.(a) : undefined;
  if (label !== undefined) summary.label = label;
  return named?.advice ? { ...summary, advice: named.advice } : summary;
}

const plural = (n: number, word: string, plural = `${word}s`) => `${n} ${n === 1 ? word : plural}`;

export const DMARC_WORDS: AreaWords<DmarcAnalysis> = {
  id: 'dmarc',
  title: 'DMARC',
  found: (d) => {
    const source = d.discovery.rfc9989;
    const where = source.source === 'author' ? '' : ` (inherited from ${source.domain})`;
    const rua = d.policy?.rua.length ?? 0;
    return `Policy ${d.effectivePolicy}${where}, ${rua > 0 ? `reports to ${plural(rua, 'address', 'addresses')}` : 'no reports'}.`;
  },
  none: worstProblem,
};

export const DKIM_WORDS: AreaWords<DkimAnalysis> = {
  id: 'dkim',
  title: 'DKIM',
  found: (d) => {
    const found = d.selectors.filter((s) => s.status === 'found');
    return `${plural(found.length, 'key')} found (${found.map((s) => s.selector).join(', ')}) among ${d.tried} selectors tried.`;
  },
  // Names below _domainkey, or a record of its own there, leave keys under other selectors open: the readiness row
  // says the same (selectorNeededSentence). A wildcard proves nothing.
  none: (d) =>
    leavesSelectorOpen(d.domainkeyNode)
      ? selectorNeededSentence(d.domainkeyNode, d.tried)
      : d.domainkeyNode === 'nxdomain'
        ? 'No DKIM keys published for this domain.'
        : `No DKIM key found at the ${d.tried} common selectors${d.domainkeyNode === 'wildcard' ? ' (a wildcard answers under _domainkey, which proves nothing)' : ''}. Name yours under Options.`,
  quiet: (d) => d.status === 'none',
  infoLabel: (d) =>
    d.status === 'none' && leavesSelectorOpen(d.domainkeyNode) ? SELECTOR_NEEDED : undefined,
};

export const MX_WORDS: AreaWords<MxAnalysis> = {
  id: 'mx',
  title: 'MX',
  found: (m) =>
    m.delivery === 'null-mx'
      ? 'Null MX: the domain receives no mail.'
      : `${plural(m.hosts.length, 'host')}${m.providers.length > 0 ? ` (${m.providers.join(', ')})` : ''}.`,
  none: (m) =>
    m.delivery === 'implicit'
      ? 'No MX records; mail falls back to the domain’s address.'
      : 'No MX records and no address: the domain cannot receive mail.',
  quiet: (m) => m.delivery === 'null-mx',
};

export const MTASTS_WORDS: AreaWords<MtaStsAnalysis> = {
  id: 'mta-sts',
  title: 'MTA-STS',
  found: (m) => `Record found (id ${m.parsed?.id}); policy at ${m.policyHost}.`,
  quiet: (m) => m.status === 'none',
};

export const TLSRPT_WORDS: AreaWords<TlsRptAnalysis> = {
  id: 'tls-rpt',
  title: 'TLS-RPT',
  found: (t) => `Reports to ${(t.parsed?.rua ?? []).map((r) => r.uri).join(', ')}.`,
  quiet: (t) => t.status === 'none',
};

export const BIMI_WORDS: AreaWords<BimiAnalysis> = {
  id: 'bimi',
  title: 'BIMI',
  // Not eligible (DMARC not enforced) is an error, so its finding is the headline.
  found: (b) =>
    b.parsed?.declined
      ? 'Declined (empty record).'
      : `Record found: it names a logo${b.parsed?.authority ? ' and a certificate' : ''}.`,
  quiet: (b) => b.status === 'none' || b.parsed?.declined === true,
};

export const DNSSEC_WORDS: AreaWords<DnssecAnalysis> = {
  id: 'dnssec',
  title: 'DNSSEC',
  found: (d) =>
    d.validation === 'validated' ? 'Signed and validated.' : 'Signed, but answers were not validated.',
  none: () => 'Not signed.',
  foundSaysWhy: true,
  quiet: (d) => d.status === 'none',
};

export const summarizeDmarc = (d: DmarcAnalysis): AreaSummary => summarizeArea(d, DMARC_WORDS);
export const summarizeDkim = (d: DkimAnalysis): AreaSummary => summarizeArea(d, DKIM_WORDS);
export const summarizeMx = (m: MxAnalysis): AreaSummary => summarizeArea(m, MX_WORDS);
export const summarizeMtaSts = (m: MtaStsAnalysis): AreaSummary => summarizeArea(m, MTASTS_WORDS);
export const summarizeTlsRpt = (t: TlsRptAnalysis): AreaSummary => summarizeArea(t, TLSRPT_WORDS);
export const summarizeBimi = (b: BimiAnalysis): AreaSummary => summarizeArea(b, BIMI_WORDS);
export const summarizeDnssec = (d: DnssecAnalysis): AreaSummary => summarizeArea(d, DNSSEC_WORDS);
