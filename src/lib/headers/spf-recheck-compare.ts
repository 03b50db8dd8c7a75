// The live SPF re-check's answer against the receiver's (spf-recheck.ts finds what to re-check). Its own module: the
// page imports it, and the rest of the re-check needs the Public Suffix List, which the page does not load.

import { describeOutcome, toOutcome } from '../findings/outcome';

/**
 * How today's result stands against what the receiver said. RFC 7208 §2.6.6: a temperror is a DNS failure, not a
 * result, so it is never read as a change: `unchecked` when today's lookup failed, `unknown-then` when the receiver's
 * did, `changed` only when both are results and differ.
 */
export type SpfRecheckComparison = 'not-said' | 'same' | 'changed' | 'unchecked' | 'unknown-then' | 'gone';

/**
 * `gone`: the domain does not exist in DNS today (NXDOMAIN), a fact that explains a different result by itself,
 * so no edit of the record is guessed at.
 */
export function compareSpfRecheck(
  said: string | null,
  today: string,
  domainMissing = false,
): SpfRecheckComparison {
  if (describeOutcome(today).severity === 'unknown') return 'unchecked';
  if (domainMissing && said !== null && toOutcome(said) !== toOutcome(today)) return 'gone';
  if (said === null) return 'not-said';
  if (describeOutcome(said).severity === 'unknown') return 'unknown-then';
  return (toOutcome(said) ?? said) === toOutcome(today) ? 'same' : 'changed';
}
