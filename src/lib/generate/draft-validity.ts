// One rule for every generator: a draft is valid only when it works. Its syntax (the parser's issues), the
// generator's notes, and the live check of the exact draft (lookup limits, void lookups, includes that do not
// resolve …) decide together; a draft that would fail is never "✓ Valid" and its Copy buttons say so.

import type { Finding } from '../findings/finding';
import { hasErrors, makeIssue, sortIssues, type Issue } from '../findings/issue';
import type { DraftComparison } from './draft-check';
import type { DraftIntent } from './draft-intent';
import {
  resolvedByDraft,
  unreadHeadline,
  unreadIssue,
  unreadLiveRecord,
  type UnreadRecord,
} from './draft-lookups';

/**
 * - `invalid`: the parser or the generator reports an error: the text does not parse as the record (receivers
 *   ignore it or return permerror), or it parses but must not be published as it is (SPF +all).
 * - `fails`: it parses, but checked against DNS it would fail (SPF over 10 lookups, an include that does not exist).
 * - `unchecked`: it parses; the check against DNS has not run for this draft (no domain, running, or could not:
 *   `unread` then names the record published today that DNS did not give, lib/generate/draft-lookups).
 * - `empty`: the form is still empty: say what to add, not the parser's error about the empty field.
 * - `declines`: it works, and it opts out (a BIMI record with both URLs empty): said, never green.
 * - `warnings`: it works, with problems worth reading.
 * - `valid`: it works and nothing is worth saying.
 */
export type DraftState = 'invalid' | 'fails' | 'unchecked' | 'empty' | 'declines' | 'warnings' | 'valid';

export interface DraftValidity {
  state: DraftState;
  /** False while publishing the draft would break something: Copy buttons then say "do not publish yet". */
  publishable: boolean;
  /** The short verdict on a badge ("Invalid", "Would fail", "Valid"). */
  badge: string;
  /** One sentence after the badge. */
  headline: string;
  /** Everything wrong with the draft itself, errors first: syntax, notes, and the live check's errors. */
  issues: Issue[];
  /** What the draft would fix compared with today: nothing while it is not publishable, never a failed lookup. */
  resolved: Finding[];
  /** What a browser cannot check about this kind of record (DraftComparison.beyondBrowser), said by name. */
  beyondBrowser: string[];
  /** The record published today, when DNS did not give it: the draft was not checked against DNS. */
  unread: UnreadRecord | null;
  /** How the Copy buttons say what the record does, when it is not what a person would expect (an opt-out). */
  copy: { label: string; note: string } | null;
}

/** Why no live check of this exact draft is there to judge it. */
export type DraftPending = 'no-domain' | 'checking' | 'not-checked';

export interface DraftValidityInput {
  /** The parser's issues about the draft text, with the generator's notes. */
  issues: readonly Issue[];
  /** The live check of this exact draft (null while there is none); kinds without a live check pass null. */
  check: DraftComparison | null;
  /** Why `check` is null; leave out for kinds that have no live check (DKIM keys). */
  pending?: DraftPending;
  /** Kinds without a draft check (a DKIM key's selector): the record there could not be read. */
  unread?: UnreadRecord | null;
  /** What the draft means besides its syntax: a form still empty, or a record that opts out. */
  intent?: DraftIntent | null;
}

const PENDING_HEADLINE: Record<DraftPending, string> = {
  'no-domain': 'The syntax is valid. Type your domain to check it against DNS before publishing.',
  checking: 'The syntax is valid; checking it against DNS…',
  'not-checked': 'The syntax is valid, but it has not been checked against DNS yet.',
};

/** A live-check finding as an issue of the draft; `tag` carries the term (SPF) so the form can mark the row. */
function findingIssue(f: Finding): Issue {
  if (f.severity === 'unknown')
    return makeIssue('warning', `could-not-check:${f.code}`, `Could not check: ${f.title}`, {
      fix: f.cause,
      tag: f.term,
    });
  return makeIssue(f.severity === 'error' ? 'error' : 'warning', f.code, f.title, {
    fix: f.fix,
    tag: f.term,
  });
}

/**
 * The errors, warnings and checks that could not run that the domain check would report with the draft published:
 * the same findings the draft check lists, so the verdict never says "No problems" above a warning there.
 */
function liveIssues(check: DraftComparison, known: readonly Issue[]): Issue[] {
  const seen = new Set(known.map((i) => i.message));
  const said = new Set(known.flatMap((i) => SAID_BY_NOTE[i.code] ?? []));
  return check.draft.analysis.findings
    .filter(
      (f) =>
        (f.severity === 'error' || f.severity === 'unknown' || f.severity === 'warning') &&
        !seen.has(f.title) &&
        !said.has(f.code),
    )
    .map(findingIssue);
}

/** A generator note that already says what these live-check findings say (one sentence, not three). */
const SAID_BY_NOTE: Record<string, readonly string[]> = {
  // "p=none without rua collects nothing" is the domain check's "Policy is p=none" and "No rua" together.
  'dmarc-collects-nothing': ['policy-none', 'no-rua'],
  // "a= is empty: without a certificate …" is the domain check's "No certificate (a=)".
  'bimi-no-certificate': ['bimi-no-vmc'],
};

/** The verdict; only `invalid` and `fails` keep the draft from being published (and resolve nothing). */
function verdict(
  state: DraftState,
  badge: string,
  headline: string,
  issues: Issue[],
  resolved: Finding[],
  extra: Partial<Pick<DraftValidity, 'unread' | 'copy' | 'beyondBrowser'>> = {},
): DraftValidity {
  const publishable = state !== 'invalid' && state !== 'fails' && state !== 'empty';
  return {
    state,
    publishable,
    badge,
    headline,
    issues,
    resolved: publishable ? resolved : [],
    beyondBrowser: extra.beyondBrowser ?? [],
    unread: extra.unread ?? null,
    copy: extra.copy ?? null,
  };
}

export function draftValidity(input: DraftValidityInput): DraftValidity {
  const own = sortIssues(input.issues);
  const resolved = input.check ? resolvedByDraft(input.check) : [];
  // Nothing typed yet: the parser's errors are about the empty field, so ask for it instead.
  if (input.intent?.kind === 'empty') return verdict('empty', 'Not filled in', input.intent.prompt, [], []);
  if (hasErrors(own))
    return verdict(
      'invalid',
      '✗ Invalid',
      'The record has errors (below): fix them before publishing.',
      own,
      [],
    );
  // The syntax is fine: the live check decides (its syntax findings would only repeat the parser's).
  const live = input.check ? liveIssues(input.check, own) : [];
  const issues = sortIssues([...own, ...live]);
  if (hasErrors(live))
    return verdict(
      'fails',
      '✗ Would fail',
      'The syntax is valid, but checked against DNS it would not work once published.',
      issues,
      [],
    );
  // Today's record could not be read: valid as text only, and what it would replace is unknown.
  const unread = input.check ? unreadLiveRecord(input.check) : (input.unread ?? null);
  if (unread)
    return verdict(
      'unchecked',
      'Could not check',
      unreadHeadline(unread),
      sortIssues([unreadIssue(unread), ...issues]),
      resolved,
      { unread },
    );
  // An opt-out fixes nothing ("No BIMI record" is not resolved by declining BIMI).
  if (input.intent?.kind === 'declines')
    return verdict('declines', input.intent.badge, input.intent.headline, issues, [], {
      copy: input.intent.copy,
    });
  if (!input.check && input.pending)
    return verdict('unchecked', 'Not checked yet', PENDING_HEADLINE[input.pending], issues, resolved);
  if (input.check?.draft.analysis.findings.some((f) => f.severity === 'unknown'))
    return verdict(
      'unchecked',
      'Partly checked',
      'The syntax is valid, but some of it could not be checked against DNS (see below).',
      issues,
      resolved,
    );
  // Everything a browser can check was checked: what it cannot is named below the verdict, not "partly checked".
  const beyond = input.check?.beyondBrowser ?? [];
  const checked = input.check
    ? beyond.length > 0
      ? ', checked against DNS as far as a browser can'
      : ', checked against DNS'
    : '';
  return issues.some((i) => i.severity === 'warning')
    ? verdict('warnings', '✓ Valid', `Valid${checked}; read the warnings below.`, issues, resolved, {
        beyondBrowser: beyond,
      })
    : verdict('valid', '✓ Valid', `No problems${checked}.`, issues, resolved, { beyondBrowser: beyond });
}
