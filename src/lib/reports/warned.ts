// Reports read despite malformed content (markup repaired, values out of range), for the read summary.

import { MAX_WARNED_LISTED } from './limits';
import type { Report, ReportSource } from './types';

/** A report read despite malformed content (markup repaired, values out of range), for the read summary. */
export interface WarnedReport {
  source: ReportSource;
  warnings: string[];
}

/**
 * Reports that carry warnings: how many, and the first MAX_WARNED_LISTED with theirs, so malformed XML that was
 * read anyway is said on screen rather than taken as a clean report.
 */
export function warnedReports(reports: readonly Report[]): { total: number; listed: WarnedReport[] } {
  const warned = reports.filter((r) => r.warnings.length > 0);
  return {
    total: warned.length,
    listed: warned.slice(0, MAX_WARNED_LISTED).map((r) => ({ source: r.source, warnings: r.warnings })),
  };
}
