// "Check the draft before publishing": the domain check's own analysis run twice, once on the live DNS and once
// with the draft substituted for the live record (OverlayResolver), and the difference in findings.

import { analyzeBimi, type BimiAnalysis } from '../bimi/analyze';
import { isBimiRecord } from '../bimi/record';
import { analyzeDkim, type DkimAnalysis } from '../dkim/discover';
import { analyzeDmarc, type DmarcAnalysis } from '../dmarc/analyze';
import { isDmarcRecord, parseDmarcRecord } from '../dmarc/parse';
import type { DmarcPolicy } from '../dmarc/types';
import { CachingResolver } from '../dns/caching-resolver';
import { lookup, parseMxData } from '../dns/lookup';
import { OverlayResolver } from '../dns/overlay';
import { fetchTaggedRecord } from '../dns/tagged-record';
import type { Resolver } from '../dns/types';
import type { Finding } from '../findings';
import { analyzeMtaSts, type MtaStsAnalysis } from '../mtasts/analyze';
import { mxCoverageFindings } from '../mtasts/policy-fetch';
import { isMtaStsRecord, parseMtaStsPolicy } from '../mtasts/record';
import { analyzeSpf, isSpfRecord, type SpfAnalysis } from '../spf';
import { analyzeTlsRpt, type TlsRptAnalysis } from '../tlsrpt/analyze';
import { isTlsRptRecord } from '../tlsrpt/record';
import { DRAFT_LABEL, type DraftKind } from './draft-kind';
import { enforcementApplies, enforcementCautions } from './enforce-cautions';

export { DRAFT_LABEL, type DraftKind } from './draft-kind';
export { spfTermCosts, type SpfTermCost } from './spf-costs';

/** Each kind's one definition of "is this such a record" (the one the domain check uses). */
export const IS_RECORD_OF_KIND: Record<DraftKind, (text: string) => boolean> = {
  spf: isSpfRecord,
  dmarc: isDmarcRecord,
  'mta-sts': isMtaStsRecord,
  'tls-rpt': isTlsRptRecord,
  bimi: isBimiRecord,
};

export type DraftAnalysis =
  | { kind: 'spf'; analysis: SpfAnalysis }
  | { kind: 'dmarc'; analysis: DmarcAnalysis }
  | { kind: 'mta-sts'; analysis: MtaStsAnalysis }
  | { kind: 'tls-rpt'; analysis: TlsRptAnalysis }
  | { kind: 'bimi'; analysis: BimiAnalysis };

export interface DraftComparison {
  domain: string;
  kind: DraftKind;
  /** The analysis as DNS answers today. */
  live: DraftAnalysis;
  /** The analysis with the draft published. */
  draft: DraftAnalysis;
  /** Problems the draft would fix. */
  resolved: Finding[];
  /** Problems the draft would bring (or that stay with new wording). */
  introduced: Finding[];
  /** Problems present either way. */
  unchanged: Finding[];
  /**
   * What a browser cannot check, however the draft reads (empty when it checked everything): for MTA-STS the policy
   * host's HTTPS and the MX hosts' TLS. Said by name, so a draft checked in full is not called "partly checked".
   */
  beyondBrowser: string[];
}

/** The policy file's TXT record announces it; RFC 8461 §3.3 and §4.1 ask what only an HTTPS or SMTP client sees. */
function mtaStsBeyondBrowser(domain: string): string[] {
  return [
    `that https://mta-sts.${domain}/.well-known/mta-sts.txt serves this policy file with a valid certificate for mta-sts.${domain}, as text/plain and without redirects (RFC 8461 §3.3): open the link once it is published`,
    'that each MX host offers STARTTLS with a certificate valid for its name (RFC 8461 §4.1): TLS-RPT reports show failures',
  ];
}

async function analyze(
  kind: DraftKind,
  domain: string,
  resolver: Resolver,
  now: () => Date,
  signal?: AbortSignal,
): Promise<DraftAnalysis> {
  const options = signal ? { signal } : {};
  switch (kind) {
    case 'spf':
      return { kind, analysis: await analyzeSpf(domain, resolver, options) };
    case 'dmarc':
      return { kind, analysis: await analyzeDmarc(domain, resolver, options) };
    case 'mta-sts':
      return { kind, analysis: await analyzeMtaSts(domain, resolver, { ...options, now }) };
    case 'tls-rpt':
      return { kind, analysis: await analyzeTlsRpt(domain, resolver, options) };
    case 'bimi': {
      // BIMI needs the DMARC policy for eligibility; it is the live one (the draft is only the BIMI record).
      const dmarc = analyzeDmarc(domain, resolver, options).then((d) => d.policy);
      return { kind, analysis: await analyzeBimi(domain, resolver, dmarc, options) };
    }
  }
}

/** A finding's identity across the two runs: same rule, same wording, same place. */
function key(f: Finding): string {
  return `${f.code}\u0000${f.title}\u0000${f.domain ?? ''}\u0000${f.term ?? ''}`;
}

function problems(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity !== 'ok');
}

export function diffFindings(
  live: readonly Finding[],
  draft: readonly Finding[],
): Pick<DraftComparison, 'resolved' | 'introduced' | 'unchanged'> {
  const liveKeys = new Set(problems(live).map(key));
  const draftKeys = new Set(problems(draft).map(key));
  return {
    resolved: problems(live).filter((f) => !draftKeys.has(key(f))),
    introduced: problems(draft).filter((f) => !liveKeys.has(key(f))),
    unchanged: problems(draft).filter((f) => liveKeys.has(key(f))),
  };
}

/** Run the domain check's analysis for one record, live and with the draft in place. Never throws for DNS trouble. */
export async function checkDraft(
  kind: DraftKind,
  domain: string,
  draftText: string,
  resolver: Resolver,
  options: {
    signal?: AbortSignal;
    now?: () => Date;
    /** MTA-STS: the draft policy file, checked against the domain's MX hosts. */
    policy?: string;
  } = {},
): Promise<DraftComparison> {
  const now = options.now ?? (() => new Date());
  const label = DRAFT_LABEL[kind];
  const name = label === '' ? domain : `${label}.${domain}`;
  // One memo per check: the live and the draft side ask mostly the same questions, and each reaches DNS once.
  const memo = new CachingResolver(resolver, { memo: true });
  const overlay = new OverlayResolver(memo, [{ name, text: draftText, replaces: IS_RECORD_OF_KIND[kind] }]);
  const liveRun = analyze(kind, domain, memo, now, options.signal);
  const draftRun = analyze(kind, domain, overlay, now, options.signal);
  const [live, published, extra] = await Promise.all([
    liveRun,
    draftRun,
    kind === 'mta-sts' && options.policy !== undefined
      ? draftPolicyFindings(domain, options.policy, memo, options.signal)
      : kind === 'dmarc'
        ? senderAreasIfEnforced(domain, draftText, [liveRun, draftRun], memo, options.signal)
        : null,
  ]);
  const draft = withFindings(domain, published, extra);
  if (extra && 'spf' in extra) return compared(domain, kind, withFindings(domain, live, extra), draft);
  if (kind === 'mta-sts' && options.policy !== undefined) {
    // The draft policy file is judged only on the draft side: a browser cannot read today's (CORS). Checked here
    // (its syntax in the generator, its mx lines above), it is no longer "not yet checked" on either side; what
    // is left is what no browser sees.
    return compared(domain, kind, policyChecked(live), policyChecked(draft), mtaStsBeyondBrowser(domain));
  }
  return compared(domain, kind, live, draft);
}

function compared(
  domain: string,
  kind: DraftKind,
  live: DraftAnalysis,
  draft: DraftAnalysis,
  beyondBrowser: string[] = [],
): DraftComparison {
  const diff = diffFindings(live.analysis.findings, draft.analysis.findings);
  return { domain, kind, live, draft, ...diff, beyondBrowser };
}

/**
 * An MTA-STS side whose policy file is the draft the generator checks: its "policy file not yet checked" goes once
 * the policy host resolves (a host that does not, or could not be looked up, keeps its own finding).
 */
function policyChecked(side: DraftAnalysis): DraftAnalysis {
  if (side.kind !== 'mta-sts' || side.analysis.policyHostResolves !== true) return side;
  const findings = side.analysis.findings.filter((f) => f.code !== 'mtasts-policy-unverified');
  return { kind: side.kind, analysis: { ...side.analysis, findings } };
}

/** The policy a DMARC side applies to the domain's own mail, as its enforcement cautions read it. */
function sidePolicy(side: DraftAnalysis): Pick<DmarcPolicy, 'p' | 't'> | null {
  if (side.kind !== 'dmarc') return null;
  const { policy, effectivePolicy } = side.analysis;
  return policy && effectivePolicy ? { p: effectivePolicy, t: policy.t } : null;
}

/**
 * The domain's SPF and DKIM today, which decide whether its own mail passes DMARC: asked only when the draft or the
 * live policy enforces (the cautions are empty under p=none). A draft whose own text enforces starts them at once;
 * otherwise they wait for both policies.
 */
async function senderAreasIfEnforced(
  domain: string,
  draftText: string,
  sides: readonly Promise<DraftAnalysis>[],
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<{ spf: SpfAnalysis; dkim: DkimAnalysis } | null> {
  const parse = parseDmarcRecord(draftText);
  const draftEnforces = enforcementApplies(parse.ok ? parse.policy : null);
  if (!draftEnforces && !(await Promise.all(sides)).some((side) => enforcementApplies(sidePolicy(side))))
    return null;
  const options = signal ? { signal } : {};
  const [spf, dkim] = await Promise.all([
    analyzeSpf(domain, resolver, options),
    // RFC 8020 §2: without _domainkey.<domain> no selector can hold a key, so none is asked.
    analyzeDkim(domain, resolver, { ...options, nxdomainFirst: true }),
  ]);
  return { spf, dkim };
}

/** One side of the comparison with what the record's own analysis cannot see: the MTA-STS policy file's MX
 * coverage, or for DMARC the cautions its policy gets from the domain's SPF and DKIM. */
function withFindings(
  domain: string,
  side: DraftAnalysis,
  extra: Finding[] | { spf: SpfAnalysis; dkim: DkimAnalysis } | null,
): DraftAnalysis {
  if (extra === null) return side;
  const added =
    'spf' in extra
      ? side.kind === 'dmarc'
        ? enforcementCautions(
            domain,
            side.analysis.policy && side.analysis.effectivePolicy
              ? { p: side.analysis.effectivePolicy, t: side.analysis.policy.t }
              : null,
            extra.spf,
            extra.dkim,
          )
        : []
      : extra;
  if (added.length === 0) return side;
  return {
    ...side,
    analysis: { ...side.analysis, findings: [...side.analysis.findings, ...added] },
  } as DraftAnalysis;
}

/**
 * RFC 8461 §4.1, §5: the draft MTA-STS policy file's mx lines against the domain's MX hosts today, by the rule the
 * domain check applies to a fetched policy. The findings carry term "mx" so the generator marks its mx field. A
 * policy that does not parse gives none here: the generator lists its syntax issues.
 */
async function draftPolicyFindings(
  domain: string,
  policyText: string,
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<Finding[]> {
  const parsed = parseMtaStsPolicy(policyText);
  if (!parsed.ok) return [];
  const mx = await fetchMxHosts(domain, resolver, signal);
  if (mx.kind === 'error')
    return [
      {
        severity: 'unknown',
        code: 'mtasts-mx-uncovered',
        title: `the policy’s mx lines against the MX hosts of ${domain}`,
        detail: `The MX hosts of ${domain} could not be read (${mx.message}), so the mx lines were not compared with them.`,
        cause: mx.message,
        spec: 'RFC 8461 §4.1',
        domain,
        term: 'mx',
      },
    ];
  const hosts = mx.kind === 'hosts' ? mx.hosts : [];
  return mxCoverageFindings(domain, parsed.record, hosts).map((f) => ({ ...f, term: 'mx' }));
}

export type PublishedRecord =
  | { kind: 'found'; name: string; text: string; others: string[] }
  | { kind: 'none'; name: string }
  | { kind: 'error'; name: string; message: string };

/** The record of `kind` published at `domain` today, for importing into a generator. DNS trouble is an error,
 * never "none". With several records, the first is returned and the rest listed. */
export async function fetchPublishedRecord(
  kind: DraftKind,
  domain: string,
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<PublishedRecord> {
  const label = DRAFT_LABEL[kind];
  const name = label === '' ? domain : `${label}.${domain}`;
  const result = await fetchTaggedRecord(resolver, name, IS_RECORD_OF_KIND[kind], signal);
  switch (result.kind) {
    case 'error':
      return { kind: 'error', name, message: result.message };
    case 'none':
      return { kind: 'none', name };
    case 'found':
      return { kind: 'found', name, text: result.text, others: [] };
    case 'multiple':
      return { kind: 'found', name, text: result.records[0]!, others: result.records.slice(1) };
  }
}

/** The domain's MX host names today (for the MTA-STS policy's mx lines); a null MX gives an empty list. */
export async function fetchMxHosts(
  domain: string,
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<{ kind: 'hosts'; hosts: string[] } | { kind: 'none' } | { kind: 'error'; message: string }> {
  const result = await lookup(resolver, domain, 'MX', signal);
  if (result.kind === 'error') return { kind: 'error', message: result.message };
  if (result.kind !== 'records') return { kind: 'none' };
  const hosts = result.records
    .map((r) => parseMxData(r.data))
    .filter((m): m is NonNullable<typeof m> => m !== null && m.exchange !== '.')
    .sort((a, b) => a.preference - b.preference)
    .map((m) => m.exchange.replace(/\.$/, ''));
  return { kind: 'hosts', hosts: [...new Set(hosts)] };
}
