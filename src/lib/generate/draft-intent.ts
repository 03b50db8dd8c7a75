// What a draft means before it is a record someone asked for: a form still empty (a TLS-RPT record with nowhere to
// send reports) asks for input instead of showing the parser's error; a BIMI record with both URLs empty is a
// declination (draft-brand-indicators-for-message-identification: empty l= and a= ask receivers to show no logo),
// said as such, never a green "valid".

import type { BimiOptions } from './records';

export type DraftIntent =
  /** Nothing typed yet: say what to add (not an error). */
  | { kind: 'empty'; prompt: string }
  /** A valid record that opts out: the badge, the sentence, and the Copy buttons' label and what they add to it. */
  | { kind: 'declines'; badge: string; headline: string; copy: { label: string; note: string } };

/** RFC 8460 §3: rua is required; until an address is typed the form asks for one. */
export function tlsRptIntent(o: { rua: readonly string[] }): DraftIntent | null {
  return o.rua.length === 0
    ? { kind: 'empty', prompt: 'Add where reports should go: an email address or an https:// URL.' }
    : null;
}

/** Both URLs empty (and nothing else that makes a logo record): the record declines BIMI. */
export function bimiIntent(o: Pick<BimiOptions, 'logo' | 'authority'>): DraftIntent | null {
  return o.logo === '' && o.authority === ''
    ? {
        kind: 'declines',
        badge: 'Declines BIMI',
        headline:
          'With both URLs empty this record declines BIMI: it asks receivers to show no logo for your mail. Type your logo’s URL to show one.',
        copy: { label: 'Copy opt-out', note: 'declines BIMI' },
      }
    : null;
}
