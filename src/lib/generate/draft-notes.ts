// Advice a generator shows beside the parser's issues: what makes a valid record a good one (RFC 8461 §3.2 max_age,
// BIMI's certificate). Notes only, never errors: the record is valid either way.

import { makeIssue, type Issue } from '../findings/issue';
import type { BimiOptions, MtaStsOptions } from './records';

export type DraftNoteCode = 'mtasts-short-max-age' | 'bimi-no-certificate';

/** One week: RFC 8461 §3.2 suggests weeks or more for max_age in enforce mode, so a cached policy outlives an attack. */
export const MIN_ENFORCE_MAX_AGE = 604_800;

export function mtaStsNotes(o: MtaStsOptions): Issue<DraftNoteCode>[] {
  // RFC 8461 §3.2: a short max_age lets an attacker who blocks the policy fetch wait for the cache to expire.
  if (o.mode === 'enforce' && o.maxAge < MIN_ENFORCE_MAX_AGE)
    return [
      makeIssue(
        'info',
        'mtasts-short-max-age',
        'In enforce mode a max_age of at least a week is usual; short ages give less protection.',
        { tag: 'max_age' },
      ),
    ];
  return [];
}

export function bimiNotes(o: BimiOptions): Issue<DraftNoteCode>[] {
  // BIMI: l= and a= both empty declines a logo; a logo without a= (no VMC/CMC) is shown by few mailbox providers.
  if (o.logo !== '' && o.authority === '')
    return [
      makeIssue(
        'info',
        'bimi-no-certificate',
        'Without a certificate (a=), Gmail and Apple Mail show no logo; Yahoo and some others may still show it.',
        { tag: 'a' },
      ),
    ];
  return [];
}
