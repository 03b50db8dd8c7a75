// Reports a domain receives, read in the browser: DMARC aggregate (RFC 7489 appendix C, RFC 9990), SMTP TLS
// (RFC 8460) and DMARC failure reports (RFC 9991, RFC 6591), and what they mean for the domain.

export { readReports, type ReadOptions } from './read';
export { warnedReports, type WarnedReport } from './warned';
export { guessReportKind } from './sniff';
export type {
  AggregateDkimResult,
  AggregatePolicy,
  AggregateReason,
  AggregateRecord,
  AggregateReport,
  AggregateSpfResult,
  FailureReport,
  ReadError,
  ReadErrorCode,
  ReadProgress,
  ReadDrop,
  ReadResult,
  ReadStats,
  Report,
  ReportSource,
  TlsFailureDetail,
  TlsPolicy,
  TlsReport,
} from './types';
export * as limits from './limits';

// Understanding: filters, totals, sources and why they fail, readiness, TLS and failure views, export.
export {
  facets,
  filterRecords,
  filterReports,
  forEachRecord,
  type Facets,
  type RecordRef,
  type ReportFilter,
} from './filter';
export { recordFacts, OrgDomains, type RecordFacts, type RecordOutcome } from './record-facts';
export {
  summarize,
  utcDate,
  type AggregateSummary,
  type DayRow,
  type DaysCut,
  type Totals,
  type TotalsRow,
} from './summary';
export {
  outcomeChart,
  DAILY_MAX_DAYS,
  WEEKLY_MAX_DAYS,
  type ChartBucket,
  type ChartUnit,
  type OutcomeChart,
} from './chart-buckets';
export {
  groupSources,
  sourceIpFindings,
  type AsnInfo,
  type PtrInfo,
  type SourceEnrichment,
  type SourceGroup,
  type SourceIp,
  type SourceReport,
  type SourceService,
} from './sources';
export { sourceTag, type SourceClass, type SourceTag } from './source-class';
export type { SourceCode, SourceFinding } from './source-findings';
export { KNOWN_SERVICES, serviceForDomain, serviceForHost, type KnownService } from './services';
export {
  assessReadiness,
  READY_MAX_FAIL_SHARE,
  MIN_DAYS_OBSERVED,
  type Readiness,
  type ReadinessStage,
  type ReadinessStep,
} from './readiness';
export { summarizeTls, type TlsArea, type TlsDomainSummary, type TlsIssue } from './tls-summary';
export { groupFailures, type FailureGroup } from './failure-summary';
export { csvChunks, jsonChunks, toCsv, toJson, exportRow, CSV_COLUMNS, type ExportRow } from './export';

// On-demand DNS steps (opt-in: each address becomes DNS questions to the chosen provider).
export { reverseLookup, MAX_PTR_NAMES_CONFIRMED, RESOLVE_CONCURRENCY, type BatchOptions } from './resolve';
export { lookupAsn, ASN_MIN_INTERVAL_MS, cymruOriginName, type AsnOptions } from './asn';
export {
  recheckSpf,
  recheckStanding,
  tallyRecheck,
  RECHECK_CONCURRENCY,
  type RecheckStanding,
  type RecheckTally,
  type SpfRecheck,
} from './recheck';
