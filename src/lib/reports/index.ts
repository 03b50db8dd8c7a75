// Reports a domain receives, read in the browser: DMARC aggregate (RFC 7489 appendix C, RFC 9990), SMTP TLS
// (RFC 8460) and DMARC failure reports (RFC 9991, RFC 6591), and what they mean for the domain.

export { readReports, type ReadOptions } from './read';
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
  ReadResult,
  ReadStats,
  Report,
  ReportSource,
  TlsFailureDetail,
  TlsPolicy,
  TlsReport,
} from './types';
export * as limits from './limits';
