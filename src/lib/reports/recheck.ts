// "Re-check today": RFC 7208 §4 check_host() for each source address against the domain's SPF record as
// published now, saying which term (and which include) authorizes it, without waiting for tomorrow's reports.

import type { Resolver } from '../dns/types';
import { checkHost, type SpfResult } from '../spf';
import { runBatched, type BatchOptions } from './resolve';

/**
 * Where an address stands today. RFC 7208 §2.6.6/§2.6.7: temperror and permerror are not fail, so an address whose
 * check errored is neither authorized nor unauthorized: it could not be checked.
 */
export type RecheckStanding = 'authorized' | 'not-authorized' | 'could-not-check';

export function recheckStanding(result: SpfResult): RecheckStanding {
  if (result === 'pass') return 'authorized';
  return result === 'temperror' || result === 'permerror' ? 'could-not-check' : 'not-authorized';
}

export interface RecheckTally {
  authorized: number;
  notAuthorized: number;
  /** Addresses whose check errored, by result (temperror, permerror), in the order first seen. */
  couldNotCheck: Array<{ result: SpfResult; count: number }>;
}

/** The counts the re-check headline states: errors are counted apart, never among the unauthorized. */
export function tallyRecheck(rows: ReadonlyArray<{ result: SpfResult }>): RecheckTally {
  const tally: RecheckTally = { authorized: 0, notAuthorized: 0, couldNotCheck: [] };
  for (const { result } of rows) {
    const standing = recheckStanding(result);
    if (standing === 'authorized') tally.authorized++;
    else if (standing === 'not-authorized') tally.notAuthorized++;
    else {
      const seen = tally.couldNotCheck.find((c) => c.result === result);
      if (seen) seen.count++;
      else tally.couldNotCheck.push({ result, count: 1 });
    }
  }
  return tally;
}

export interface SpfRecheck {
  ip: string;
  result: SpfResult;
  standing: RecheckStanding;
  /** One sentence: why this result. */
  reason: string;
  /** The term of the domain's own record that matched ("include:_spf.google.com", "ip4:192.0.2.0/24"), or null. */
  authorizedBy: string | null;
  /** The innermost term that decided it, and the chain of domains down to its record. */
  decidedBy: { domain: string; term: string; path: string[] } | null;
  lookups: number;
}

/** check_host() runs at once (each may make up to 10 lookups, RFC 7208 §4.6.4). */
export const RECHECK_CONCURRENCY = 4;

/**
 * Evaluate `domain`'s current SPF record for each address, as mail with MAIL FROM postmaster@domain would be
 * (RFC 7208 §2.4). `now` is injected for macro expansion.
 */
export async function recheckSpf(
  domain: string,
  ips: readonly string[],
  resolver: Resolver,
  options: BatchOptions & { now?: () => Date } = {},
): Promise<SpfRecheck[]> {
  const out = new Map<string, SpfRecheck>();
  await runBatched(
    [...new Set(ips)],
    async (ip) => {
      const r = await checkHost({ ip, domain, sender: `postmaster@${domain}` }, resolver, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
      if (options.signal?.aborted) return;
      // RFC 7208 §4.6.2: the mechanism of the domain's own record (depth 0) that matched.
      const top = r.trace.findLast((s) => s.depth === 0 && s.outcome === 'match' && s.term !== null);
      out.set(ip, {
        ip,
        result: r.result,
        standing: recheckStanding(r.result),
        reason: r.reason,
        authorizedBy: r.result === 'pass' ? (top?.term ?? null) : null,
        decidedBy: r.decidedBy
          ? { domain: r.decidedBy.domain, term: r.decidedBy.term, path: r.decidedBy.path }
          : null,
        lookups: r.lookups,
      });
    },
    options,
    options.concurrency ?? RECHECK_CONCURRENCY,
  );
  return [...new Set(ips)].filter((ip) => out.has(ip)).map((ip) => out.get(ip)!);
}

/**
 * The receivers said most of this address's mail was forwarded (reason forwarded, trusted_forwarder, mailing_list):
 * a forwarder re-sends mail it did not write, so SPF fails there whatever the record says (RFC 7960 §3.1.1), and
 * authorizing it would let it send anything as the domain. A source to leave out of SPF, not to add.
 */
export function isForwarder(source: { messages: number; forwardedByReason: number }): boolean {
  return source.forwardedByReason > 0 && source.forwardedByReason * 2 >= source.messages;
}
