// Domain report (checkDomain): every DNS check for one domain, as parallel as dependencies allow, no query twice.

import { analyzeBimi, type BimiAnalysis } from '../bimi/analyze';
import { analyzeDkim, type DkimAnalysis } from '../dkim/discover';
import { analyzeDmarc, type DmarcAnalysis } from '../dmarc/analyze';
import { CachingResolver } from '../dns/caching-resolver';
import { toAsciiName, toUnicodeName } from '../dns/names';
import type { Resolver } from '../dns/types';
import { analyzeDnssec, type DnssecAnalysis } from '../dnssec/analyze';
import { analyzeMtaSts, type MtaStsAnalysis } from '../mtasts/analyze';
import { analyzeMx, type MxAnalysis } from '../mx/analyze';
import { analyzeSpf, type SpfAnalysis } from '../spf';
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
import { gradeAreas, type Grade } from './grade';
import { bulkSenderReadiness, type ReadinessItem } from './readiness';
import { summarizeSpf } from './spf-area';
import type { AreaId, AreaSummary } from './types';

export * from './types';
export type { Grade } from './grade';
export type { ReadinessItem, ReadinessState } from './readiness';

export interface DomainReport {
  domain: string;
  display: string;
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

export const AREA_ORDER: readonly AreaId[] = [
  'spf',
  'dmarc',
  'dkim',
  'mx',
  'mta-sts',
  'tls-rpt',
  'bimi',
  'dnssec',
];

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
  // The clock for this check (the report's time and dates in suggested fixes); callers inject it in tests.
  const now = options.now ?? (() => new Date());
  const signal = options.signal ? { signal: options.signal } : {};
  const done = <T>(promise: Promise<T>, summarize: (value: T) => AreaSummary): Promise<T> =>
    promise.then((value) => {
      options.onArea?.(summarize(value));
      return value;
    });
  const dmarcPromise = done(analyzeDmarc(d, memo, signal), summarizeDmarc);
  const mxPromise = done(analyzeMx(d, memo, signal), summarizeMx);
  const mtaStsPromise = done(analyzeMtaSts(d, memo, { ...signal, now }), summarizeMtaSts);
  // RFC 8460: TLS-RPT matters most when MTA-STS or DANE asks senders to insist on TLS.
  const transportSecurity = Promise.all([mtaStsPromise, mxPromise]).then(
    ([sts, mx]) => sts.status === 'found' || mx.hosts.some((h) => h.tlsa.status === 'present'),
  );
  const [spf, dmarc, dkim, mx, mtaSts, tlsRpt, bimi, dnssec] = await Promise.all([
    done(analyzeSpf(d, memo, signal), summarizeSpf),
    dmarcPromise,
    done(analyzeDkim(d, memo, { ...signal, selectors: options.dkimSelectors ?? [] }), summarizeDkim),
    mxPromise,
    mtaStsPromise,
    done(analyzeTlsRpt(d, memo, { ...signal, transportSecurity }), summarizeTlsRpt),
    done(
      analyzeBimi(
        d,
        memo,
        dmarcPromise.then((x) => x.policy),
        signal,
      ),
      summarizeBimi,
    ),
    done(analyzeDnssec(d, memo, signal), summarizeDnssec),
  ]);
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
  return {
    ok: true,
    report: {
      domain: d,
      display: toUnicodeName(d),
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
      grade: gradeAreas(areas),
      readiness: bulkSenderReadiness(spf, dmarc, dkim, mx),
      queries: memo.stats.misses,
    },
  };
}
