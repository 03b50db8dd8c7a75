// Domain report (checkDomain): every DNS check for one domain, as parallel as dependencies allow, no query twice.

import { analyzeBimi, type BimiAnalysis } from '../bimi/analyze';
import { analyzeDkim, type DkimAnalysis } from '../dkim/discover';
import { analyzeDmarc, type DmarcAnalysis } from '../dmarc/analyze';
import { CachingResolver } from '../dns/caching-resolver';
import { lookup } from '../dns/lookup';
import { displayName, toAsciiName } from '../dns/names';
import { QueryBudget } from '../dns/query-budget';
import { namedSelectorLimit } from './selector-limit';
import type { Resolver } from '../dns/types';
import { analyzeDnssec, type DnssecAnalysis } from '../dnssec/analyze';
import { analyzeMtaSts, type MtaStsAnalysis } from '../mtasts/analyze';
import { analyzeMx, type MxAnalysis } from '../mx/analyze';
import { analyzeSpf, type SpfAnalysis } from '../spf';
import { authorizingTerm } from '../spf/authorizes';
import { analyzeTlsRpt, type TlsRptAnalysis } from '../tlsrpt/analyze';
import {
  summarizeBimi,
  summarizeDkim,
  summarizeDmarc,
  summarizeDnssec,
  summarizeMtaSts,
  summarizeMx,
  summarizeTlsRpt,
} from './areas';
import { gradeAreas, nonexistentGrade, type Grade } from './grade';
import { handlesNoMail, nonMailAdvice } from './non-mail';
import { bulkSenderReadiness, type ReadinessItem } from './readiness';
import { summarizeSpf } from './spf-area';
import { AREA_ORDER, type AreaId, type AreaSummary } from './types';

export * from './types';
export type { Grade } from './grade';
export type { ReadinessItem, ReadinessState } from './readiness';
export { withFetchedPolicy } from './policy-fetched';
export { pslOrganizationalDomain } from '../domain/org-domain';

export interface DomainReport {
  /** The name as DNS has it (Punycode for an IDN); every finding uses this form. */
  domain: string;
  /** The name for a title: an IDN once in Unicode and once in Punycode, "bücher.example (xn--bcher-kva.example)". */
  display: string;
  /**
   * False when the domain itself does not exist (NXDOMAIN for its TXT, MX and A questions): the report is then one
   * sentence, "check the spelling", and no grade. A failed lookup is never taken as proof of absence.
   */
  exists: boolean;
  checkedAt: string;
  spf: SpfAnalysis;
  dmarc: DmarcAnalysis;
  dkim: DkimAnalysis;
  mx: MxAnalysis;
  mtaSts: MtaStsAnalysis;
  tlsRpt: TlsRptAnalysis;
  bimi: BimiAnalysis;
  dnssec: DnssecAnalysis;
  /** In report order: SPF, DMARC, DKIM, MX, MTA-STS, TLS-RPT, BIMI, DNSSEC. */
  areas: AreaSummary[];
  grade: Grade;
  readiness: ReadinessItem[];
  /** Distinct DNS questions the check asked. */
  queries: number;
}

export interface CheckDomainOptions {
  signal?: AbortSignal;
  dkimSelectors?: string[];
  /** Called as each area finishes, so a page can show progress. */
  onArea?: (area: AreaSummary) => void;
  now?: () => Date;
}

export type CheckDomainResult = { ok: true; report: DomainReport } | { ok: false; error: string };

/**
 * Run every check for `domain`. Each area starts at once; only BIMI's eligibility waits for DMARC's answer. A
 * per-check memo means each (name, type) reaches the resolver once, whichever areas ask.
 */
export async function checkDomain(
  domain: string,
  resolver: Resolver,
  options: CheckDomainOptions = {},
): Promise<CheckDomainResult> {
  const name = toAsciiName(domain);
  if (!name.ok) return { ok: false, error: name.error };
  const d = name.name;
  const memo = new CachingResolver(resolver, { memo: true });
  // Each area asks through its own bound (query-budget.ts), so one hostile record cannot spend another area's.
  const budget = () => new QueryBudget(memo);
  // The clock for this check (the report's time and dates in suggested fixes); callers inject it in tests.
  const now = options.now ?? (() => new Date());
  const signal = options.signal ? { signal: options.signal } : {};
  const done = <T>(promise: Promise<T>, summarize: (value: T) => AreaSummary): Promise<T> =>
    promise.then((value) => {
      options.onArea?.(summarize(value));
      return value;
    });
  const dmarcPromise = done(analyzeDmarc(d, budget(), signal), summarizeDmarc);
  const spfPromise = done(analyzeSpf(d, budget(), signal), summarizeSpf);
  // An MX host's reverse DNS matters only when it also sends: SPF is the evidence (MX waits for it to judge that).
  const sendsAs = spfPromise.then(
    (spf) => (address: string) => (spf.status === 'error' ? undefined : authorizingTerm(spf, address)),
  );
  const mxPromise = done(analyzeMx(d, budget(), { ...signal, sendsAs }), summarizeMx);
  const mtaStsPromise = done(analyzeMtaSts(d, budget(), { ...signal, now }), summarizeMtaSts);
  // RFC 8460: TLS-RPT matters most when MTA-STS or DANE asks senders to insist on TLS.
  const transportSecurity = Promise.all([mtaStsPromise, mxPromise]).then(
    ([sts, mx]) => sts.status === 'found' || mx.hosts.some((h) => h.tlsa.status === 'present'),
  );
  const [spfFound, dmarcFound, dkimFound, mx, mtaStsFound, tlsRptFound, bimiFound, dnssec] =
    await Promise.all([
      spfPromise,
      dmarcPromise,
      done(
        analyzeDkim(d, budget(), { ...signal, selectors: options.dkimSelectors ?? [] }).then(
          namedSelectorLimit,
        ),
        summarizeDkim,
      ),
      mxPromise,
      mtaStsPromise,
      done(analyzeTlsRpt(d, budget(), { ...signal, transportSecurity }), summarizeTlsRpt),
      done(
        analyzeBimi(
          d,
          budget(),
          dmarcPromise.then((x) => (x.status === 'error' ? 'unknown' : x.policy)),
          signal,
        ),
        summarizeBimi,
      ),
      done(analyzeDnssec(d, budget(), signal), summarizeDnssec),
    ]);
  // RFC 8020 §2: NXDOMAIN means nothing exists at or below the name. These answers are in the memo already (SPF,
  // MX and its fallback asked them), so this asks nothing new.
  // RFC 7505: a domain that handles no mail gets the parked-domain advice, not an active mail domain's.
  const found = {
    spf: spfFound,
    dmarc: dmarcFound,
    dkim: dkimFound,
    mtaSts: mtaStsFound,
    tlsRpt: tlsRptFound,
    bimi: bimiFound,
  };
  const noMail = handlesNoMail(mx, spfFound, dkimFound);
  const { spf, dmarc, dkim, mtaSts, tlsRpt, bimi } = noMail ? nonMailAdvice(d, found) : found;
  const nx = async (type: string) => (await lookup(memo, d, type, options.signal)).kind === 'nxdomain';
  const exists = !((await nx('TXT')) && (await nx('MX')) && (await nx('A')));
  const summaries: Record<AreaId, AreaSummary> = {
    spf: summarizeSpf(spf),
    dmarc: summarizeDmarc(dmarc),
    dkim: summarizeDkim(dkim),
    mx: summarizeMx(mx),
    'mta-sts': summarizeMtaSts(mtaSts),
    'tls-rpt': summarizeTlsRpt(tlsRpt),
    bimi: summarizeBimi(bimi),
    dnssec: summarizeDnssec(dnssec),
  };
  const areas = AREA_ORDER.map((id) => summaries[id]);
  const display = displayName(d);
  return {
    ok: true,
    report: {
      domain: d,
      display,
      exists,
      checkedAt: now().toISOString(),
      spf,
      dmarc,
      dkim,
      mx,
      mtaSts,
      tlsRpt,
      bimi,
      dnssec,
      areas,
      grade: exists ? gradeAreas(areas, { noMail }) : nonexistentGrade(display),
      readiness: bulkSenderReadiness(spf, dmarc, dkim, mx, areas),
      queries: memo.stats.misses,
    },
  };
}
