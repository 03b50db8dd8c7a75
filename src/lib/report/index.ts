// Domain report (checkDomain): every DNS check for one domain, as parallel as dependencies allow, no query twice.

import { CachingResolver } from '../dns/caching-resolver';
import { toAsciiName, toUnicodeName } from '../dns/names';
import type { Resolver } from '../dns/types';
import { analyzeSpf, type SpfAnalysis } from '../spf';
import { summarizeSpf } from './spf-area';
import type { AreaSummary } from './types';

export * from './types';

export interface DomainReport {
  domain: string;
  display: string;
  spf: SpfAnalysis;
  areas: AreaSummary[];
}

export interface CheckDomainOptions {
  signal?: AbortSignal;
  dkimSelectors?: string[];
  /** Called as each area finishes, so a page can show progress. */
  onArea?: (area: AreaSummary) => void;
}

export type CheckDomainResult = { ok: true; report: DomainReport } | { ok: false; error: string };

/** One memo per check: whatever the areas ask, each (name, type) reaches the resolver once. */
function memo(resolver: Resolver): Resolver {
  return new CachingResolver(resolver, { memo: true });
}

export async function checkDomain(
  domain: string,
  resolver: Resolver,
  options: CheckDomainOptions = {},
): Promise<CheckDomainResult> {
  const name = toAsciiName(domain);
  if (!name.ok) return { ok: false, error: name.error };
  const dns = memo(resolver);
  const spf = await analyzeSpf(name.name, dns, options.signal ? { signal: options.signal } : {});
  const spfArea = summarizeSpf(spf);
  options.onArea?.(spfArea);
  return {
    ok: true,
    report: { domain: name.name, display: toUnicodeName(name.name), spf, areas: [spfArea] },
  };
}
