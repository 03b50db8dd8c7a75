// The domain report: what checkDomain() returns and the UI renders.

import type { AreaStatus } from '../findings';

export type { AreaStatus, Finding, Severity } from '../findings';
export { SEVERITY_ORDER, sortFindings, statusFromFindings } from '../findings';

export type AreaId = 'spf' | 'dmarc' | 'dkim' | 'mx' | 'mta-sts' | 'tls-rpt' | 'bimi' | 'dnssec';

export interface AreaSummary {
  id: AreaId;
  title: string;
  status: AreaStatus;
  /** One plain line for the summary card. */
  headline: string;
  /** When the status is unknown: why, in a few words ("timed out", "SERVFAIL"); else null. */
  cause: string | null;
}
