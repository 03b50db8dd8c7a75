// Which filters fit the reports loaded: a filter over something no loaded report carries only confuses.

import type { Facets } from './filter';

export interface FilterFields {
  /** Source IP: aggregate records and failure reports carry one; TLS reports do not. */
  source: boolean;
  /** DMARC pass / fail / quarantined / rejected: only aggregate records carry a DMARC result. */
  result: boolean;
}

export function filterFields(kinds: Facets['kinds']): FilterFields {
  const aggregate = kinds['dmarc-aggregate'] > 0;
  return { source: aggregate || kinds['dmarc-failure'] > 0, result: aggregate };
}
