// RFC 8601 §2.7: the result values of SPF, DKIM, DMARC, ARC and iprev, mapped once to a severity and to the words a
// person reads. Every view that shows a result (IP test, header results, alignment, signature check) uses this.

import type { Severity } from './severity';

/** The closed vocabulary of RFC 7208 §2.6 / RFC 8601 §2.7, plus a DNS failure seen before any result existed. */
export type Outcome =
  'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'policy' | 'permerror' | 'temperror' | 'dns-error';

export interface OutcomeLook {
  severity: Severity;
  /** A short label for a badge. */
  label: string;
  /** What the result means, as a clause: "SPF {words}". */
  words: string;
}

const LOOKS: Record<Outcome, OutcomeLook> = {
  pass: { severity: 'ok', label: 'Pass', words: 'passed' },
  fail: { severity: 'error', label: 'Fail', words: 'failed' },
  softfail: {
    severity: 'warning',
    label: 'Softfail',
    words: 'soft-failed (the domain says the sender is probably not authorized)',
  },
  neutral: { severity: 'info', label: 'Neutral', words: 'was neutral (the domain makes no assertion)' },
  none: { severity: 'info', label: 'None', words: 'did not apply (nothing was published or signed)' },
  policy: {
    severity: 'warning',
    label: 'Policy',
    words: 'was not accepted by the receiver’s local policy',
  },
  permerror: {
    severity: 'error',
    label: 'Permanent error',
    words: 'could not be evaluated because a record is broken (permerror)',
  },
  temperror: {
    severity: 'unknown',
    label: 'Could not check',
    words: 'could not be checked because a DNS lookup failed (temperror)',
  },
  'dns-error': {
    severity: 'unknown',
    label: 'Could not check',
    words: 'could not be checked because a DNS lookup failed',
  },
};

/** Result words other implementations write, read as the RFC 8601 value they stand for. */
const ALIASES: Record<string, Outcome> = {
  hardfail: 'fail', // RFC 7489 appendix C reports and some Authentication-Results
  error: 'temperror',
  unknown: 'permerror', // RFC 4408 name of permerror
};

/** Results outside RFC 8601's set that still need their own words rather than a guess. */
const OTHER_LOOKS: Record<string, OutcomeLook> = {
  bestguesspass: {
    severity: 'info',
    label: 'Best-guess pass',
    words: 'would have passed, but the domain publishes no DMARC policy (a guess, not a pass)',
  },
  skipped: { severity: 'info', label: 'Skipped', words: 'was not evaluated by the receiver' },
  declined: { severity: 'info', label: 'Declined', words: 'was declined by the receiver' },
};

/** Is `text` one of the closed outcome values (after aliases)? */
export function toOutcome(text: string): Outcome | null {
  const lower = text.trim().toLowerCase();
  if (Object.hasOwn(LOOKS, lower)) return lower as Outcome;
  return Object.hasOwn(ALIASES, lower) ? ALIASES[lower]! : null;
}

/**
 * The severity, badge label and words for any result string a receiver or engine wrote. Unknown words are shown
 * as written with severity `warning`: never green, never red, since nothing is known about them.
 */
export function describeOutcome(result: string): OutcomeLook {
  const outcome = toOutcome(result);
  if (outcome) return LOOKS[outcome];
  const lower = result.trim().toLowerCase();
  if (Object.hasOwn(OTHER_LOOKS, lower)) return OTHER_LOOKS[lower]!;
  return {
    severity: 'warning',
    label: result,
    words: `returned “${result}”, a result this tool does not know`,
  };
}

/** The CSS class of a result badge (`sev-ok`, `sev-error`, …). */
export function outcomeClass(result: string): string {
  return `sev-${describeOutcome(result).severity}`;
}
