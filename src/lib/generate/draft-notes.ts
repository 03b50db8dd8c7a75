// Advice a generator shows beside the parser's issues: what makes a valid record a good one (RFC 8461 §3.2 max_age,
// BIMI's certificate, a DMARC record that collects reports). Notes and warnings only, never errors: the record is
// valid either way.

import { makeIssue, type Issue } from '../findings/issue';
import type { DmarcOptions } from './dmarc';
import type { BimiOptions, MtaStsOptions } from './records';

export type DraftNoteCode = 'mtasts-short-max-age' | 'bimi-no-certificate' | 'dmarc-collects-nothing';

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
        'warning',
        'bimi-no-certificate',
        'a= is empty: without a certificate, Gmail and Apple Mail show no logo; Yahoo and some others may still show it.',
        { tag: 'a', fix: 'Add the https:// URL of your VMC or CMC (a PEM file).' },
      ),
    ];
  return [];
}

export function dmarcNotes(o: DmarcOptions): Issue<DraftNoteCode>[] {
  // RFC 9989 §4.7: p=none asks receivers for nothing; without rua (§4.7) no report comes back either.
  if ((o.p ?? 'none') === 'none' && o.rua.length === 0)
    return [
      makeIssue(
        'warning',
        'dmarc-collects-nothing',
        'p=none without rua collects nothing: receivers change nothing and send you no reports.',
        {
          tag: 'rua',
          fix: 'Add an aggregate report address (rua) to learn who sends as your domain: the first step of the rollout guide.',
        },
      ),
    ];
  return [];
}
