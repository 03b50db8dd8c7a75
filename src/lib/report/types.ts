// The domain report: what checkDomain() returns and the UI renders.

import type { AreaStatus } from '../findings';

export type { AreaStatus, Finding, Severity } from '../findings';
export { SEVERITY_ORDER, sortFindings, statusFromFindings } from '../findings';

export type AreaId = 'spf' | 'dmarc' | 'dkim' | 'mx' | 'mta-sts' | 'tls-rpt' | 'bimi' | 'dnssec';

/** The areas in report order, with the title each shows (a page can list them before the engines load). */
export const AREA_TITLES: Readonly<Record<AreaId, string>> = {
  spf: 'SPF',
  dmarc: 'DMARC',
  dkim: 'DKIM',
  mx: 'MX',
  'mta-sts': 'MTA-STS',
  'tls-rpt': 'TLS-RPT',
  bimi: 'BIMI',
  dnssec: 'DNSSEC',
};
export const AREA_ORDER = Object.keys(AREA_TITLES) as readonly AreaId[];

export interface AreaSummary {
  id: AreaId;
  title: string;
  status: AreaStatus;
  /** One plain line for the summary card. */
  headline: string;
  /**
   * The badge's words when the status's usual ones would claim more than was checked (an info status reads "Not
   * used"; DKIM keys that may sit under another selector read "Selector needed"). Absent: the status's words.
   */
  label?: string;
  /** When the status is unknown: why, in a few words ("timed out", "SERVFAIL"); else null. */
  cause: string | null;
  /**
   * The cause gives the same answer on every check (an answer over this tool's cap, the query limit): checking again
   * does not help, the domain's DNS operator has to change the records. False when the cause may pass, or none.
   */
  lasting: boolean;
  /** With the cause: what the person running the check can do about it (check fewer selectors), when it is theirs. */
  advice?: string;
}
