// RFC 7208 §4.5–§4.6.2 and §5: the SPF vocabulary — the version term, mechanism names, the terms that query DNS,
// and what a matching mechanism's qualifier yields.

import type { MechanismName, Qualifier } from './types';

export const MECHANISMS: readonly MechanismName[] = [
  'all',
  'include',
  'a',
  'mx',
  'ptr',
  'ip4',
  'ip6',
  'exists',
];

/** RFC 7208 §4.6.4: the terms that cause DNS queries and count toward the limit of 10. */
export const DNS_TERMS: ReadonlySet<string> = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

/** RFC 7208 §4.5: a record starts with "v=spf1" followed by a space or the end (case-insensitive). */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1(?: |$)/i.test(text);
}

/** RFC 7208 §4.6.2: the result a matching mechanism's qualifier gives. */
export function qualifierResult(q: Qualifier): 'pass' | 'fail' | 'softfail' | 'neutral' {
  return q === '+' ? 'pass' : q === '-' ? 'fail' : q === '~' ? 'softfail' : 'neutral';
}
