// The one shape every area of the domain check reports in: a status from one closed vocabulary, the findings,
// and for policy records (DMARC, MTA-STS, TLS-RPT, BIMI) the record as published and as parsed.

import type { Finding } from './finding';

/**
 * found: the record (or key, host, DS) is there; none: it is not (the name or the record is absent); multiple:
 * several records where one is allowed; invalid: present but unusable; error: DNS failed, so nothing is known.
 */
export const RECORD_STATUSES = ['found', 'none', 'multiple', 'invalid', 'error'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export interface AreaAnalysis<Code extends string = string> {
  domain: string;
  status: RecordStatus;
  findings: Finding<Code>[];
}

export interface RecordArea<Parsed, Code extends string = string> extends AreaAnalysis<Code> {
  /** The record's text as published (found or invalid), else null. */
  record: string | null;
  /** The record as its parser read it, when it is usable. */
  parsed: Parsed | null;
}
