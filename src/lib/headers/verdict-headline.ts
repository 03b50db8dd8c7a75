// The verdict's headline in a module of its own, so the page shows it without loading the analysis code.

import type { Verdict } from './alignment';

/** The verdict's headline, the same on the page and in the Markdown report. */
export function verdictHeadline(computed: Verdict['computed']): string {
  if (computed === 'unknown') return 'DMARC cannot be judged';
  if (computed === 'none') return 'DMARC does not apply: no policy';
  return `DMARC ${computed}`;
}
