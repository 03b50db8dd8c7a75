// A draft check's outcome when its DNS lookups failed (the product rule "could not check whenever DNS failed").
// Publishing a record fixes no failed lookup, so a failure is never "resolved by this draft"; and when the record
// published today could not be read, the draft is valid as text only: it was not checked against DNS, and what it
// would replace is unknown (it may be stricter than the draft), so it must not be overwritten blindly.

import type { Finding } from '../findings/finding';
import { makeIssue, type Issue } from '../findings/issue';
import type { DraftComparison } from './draft-check';
import { DRAFT_LABEL, type DraftKind } from './draft-kind';

/** The kinds of record a generator checks against DNS: the draft-checked ones and a DKIM key's selector. */
export type CheckedKind = DraftKind | 'dkim';

/** The record a draft would replace, when DNS did not say what it is (SERVFAIL, a timeout, the DoH provider down). */
export interface UnreadRecord {
  kind: CheckedKind;
  /** The name that was asked for ("_dmarc.example.com"). */
  name: string;
  /** Why, in a few words ("SERVFAIL", "timed out"). */
  cause: string;
}

/** A finding that says a lookup failed (severity unknown, "Could not check …"). */
export function isLookupFailure(f: Pick<Finding, 'severity'>): boolean {
  return f.severity === 'unknown';
}

/** What the draft would fix compared with today: never a failed lookup (a record cannot repair a SERVFAIL). */
export function resolvedByDraft(check: DraftComparison): Finding[] {
  return check.resolved.filter((f) => !isLookupFailure(f));
}

/** The record published today at the draft's name, when its lookup failed; null when it was read (or is absent). */
export function unreadLiveRecord(check: DraftComparison): UnreadRecord | null {
  const live = check.live.analysis;
  if (live.status !== 'error') return null;
  const label = DRAFT_LABEL[check.kind];
  const failed = live.findings.find(isLookupFailure);
  return {
    kind: check.kind,
    name: label === '' ? check.domain : `${label}.${check.domain}`,
    cause: failed?.cause ?? 'the DNS lookup failed',
  };
}

/** What the unknown record might hold that the draft would throw away: the reason to read it first. */
const UNREAD_RISK: Record<CheckedKind, string> = {
  dmarc:
    'It may be stricter than this draft (p=reject, say) or send reports elsewhere, and publishing the draft replaces it.',
  spf: 'It may authorize servers this draft leaves out, and a domain must have exactly one v=spf1 record.',
  'mta-sts':
    'Its id may be the same as this draft’s, and senders fetch a changed policy only when the id changes.',
  'tls-rpt': 'It may send reports to addresses this draft leaves out, and publishing the draft replaces it.',
  bimi: 'It may point to a logo and certificate this draft leaves out, and publishing the draft replaces it.',
  dkim: 'A key may be published there already: a new key under this selector replaces it, and mail signed with the old key fails DKIM.',
};

/** The verdict's sentence: valid as text, not checked against DNS, and why. */
export function unreadHeadline(u: UnreadRecord): string {
  return `The syntax is valid, but it could not be checked against DNS: ${u.name} could not be read (${u.cause}).`;
}

/** The warning that goes with it: what today's record might be, and what to do before replacing it. */
export function unreadIssue(u: UnreadRecord): Issue {
  return makeIssue(
    'warning',
    'live-record-unread',
    `The record published today at ${u.name} is unknown. ${UNREAD_RISK[u.kind]}`,
    {
      fix:
        u.kind === 'dkim'
          ? 'Look at it in your DNS host’s panel or check again later; for a rotation, pick a new selector.'
          : 'Look at it in your DNS host’s panel or check again later before you replace it; do not overwrite it blindly.',
      ...(u.kind === 'dkim' ? { tag: 'selector' } : {}),
    },
  );
}

/** What a generator says about the record published today when DNS did not give it (never "none is published"). */
export function unreadToday(u: UnreadRecord): string {
  return `Published today: not known. ${u.name} could not be read (${u.cause}).`;
}

/** What the draft check says in place of "what would change" when today's record is unknown. */
export function unreadComparison(u: UnreadRecord): string {
  return `Not known: without the record published at ${u.name} today, the draft cannot be compared with it. Publishing the draft fixes no DNS failure.`;
}
