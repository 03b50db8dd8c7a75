// What each kind of source is called on the page, and the badge look it gets.

import { describeOutcome } from '../../lib/findings/outcome';
import type { SourceClass } from '../../lib/reports';
import { sourceTag } from '../../lib/reports/source-rank';
import { count } from './format';
import type { Route } from '../../state/routes';

export const CLASS_WORDS: Record<SourceClass, { label: string; look: string }> = {
  pass: { label: 'Passes DMARC', look: 'sev-ok' },
  forwarded: { label: 'Forwarded', look: 'sev-info' },
  misaligned: { label: 'Authenticated, not aligned', look: 'sev-warning' },
  'unauthenticated-service': { label: 'Service not set up', look: 'sev-warning' },
  'dkim-broken': { label: 'DKIM broken', look: 'sev-warning' },
  // The outcome vocabulary's own words: "Permanent error" (the record owner's to fix), "Could not check".
  permerror: {
    label: describeOutcome('permerror').label,
    look: `sev-${describeOutcome('permerror').severity}`,
  },
  temperror: {
    label: describeOutcome('temperror').label,
    look: `sev-${describeOutcome('temperror').severity}`,
  },
  'unknown-authenticated': { label: 'Someone else’s mail', look: 'sev-error' },
  spoofing: { label: 'Looks like spoofing', look: 'sev-error' },
};

/** "s1._domainkey.example.com" items of a finding, as the domain check's route with those selectors. */
export function selectorRoute(items: readonly string[] | undefined): Route | null {
  const bySelector = (items ?? []).map((item) => item.split('._domainkey.'));
  const domain = bySelector[0]?.[1];
  if (!domain) return null;
  const selectors = bySelector.filter((p) => p[1] === domain && p[0]).map((p) => p[0]!);
  return { page: 'domain', domain, selectors };
}

/**
 * The badge of a group or source, from its messages per class (the rule, sourceTag, lives with the classes): green
 * "Passes DMARC" only when all of its mail passes; a source that mostly passes says how many messages fail.
 */
export function tagWords(classes: Record<SourceClass, number>): { label: string; look: string } {
  const tag = sourceTag(classes);
  switch (tag.kind) {
    case 'passes':
      return CLASS_WORDS.pass;
    case 'mostly-passes':
      return {
        label: `Mostly passes — ${count(tag.failing)} fail`,
        look: tag.forwardedOnly ? 'sev-info' : 'sev-warning',
      };
    case 'fails':
      return CLASS_WORDS[tag.worst];
    case 'no-mail':
      return { label: 'No messages', look: 'sev-info' };
  }
}
