// The kinds of record a generator drafts and where each is published (kept apart from the draft check, so a
// generator page loads the check's analyzers only when a person checks a draft).

export type DraftKind = 'spf' | 'dmarc' | 'mta-sts' | 'tls-rpt' | 'bimi';

/** Where each kind of record is published, relative to the domain. */
export const DRAFT_LABEL: Record<DraftKind, string> = {
  spf: '',
  dmarc: '_dmarc',
  'mta-sts': '_mta-sts',
  'tls-rpt': '_smtp._tls',
  bimi: 'default._bimi',
};
