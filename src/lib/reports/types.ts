// The reports a domain receives, as read from files: DMARC aggregate (RFC 7489 appendix C, RFC 9990), SMTP TLS
// (RFC 8460) and DMARC failure reports (RFC 9991, RFC 6591). Shapes fixed by the public contract, plus additions.

/** Where a report came from: the dropped file, and the path inside it (zip member, attachment …) when nested. */
export interface ReportSource {
  file: string;
  /** "report.zip › google.com!example.com!….xml", or null for the file itself. */
  member: string | null;
}

export interface AggregateDkimResult {
  domain: string;
  selector: string | null;
  /** Lower-cased: pass, fail, neutral, none, policy, temperror, permerror (or what the reporter wrote). */
  result: string;
  humanResult?: string;
}

export interface AggregateSpfResult {
  domain: string;
  /** mfrom or helo (RFC 9990 allows only mfrom), or null when not given. */
  scope: string | null;
  /** Lower-cased: pass, fail, softfail, neutral, none, temperror, permerror (hardfail, unknown, error seen too). */
  result: string;
  humanResult?: string;
}

export interface AggregateReason {
  /** forwarded, sampled_out (RFC 7489), local_policy, mailing_list, other, policy_test_mode, trusted_forwarder. */
  type: string;
  comment: string | null;
}

export interface AggregateRecord {
  /** RFC 5952 text form when the address parses, else as written. */
  sourceIp: string;
  count: number;
  /** policy_evaluated, lower-cased: disposition none | quarantine | reject | pass; dkim and spf pass | fail. */
  disposition: string;
  dkim: string;
  spf: string;
  /** Lower-cased From domain. */
  headerFrom: string;
  envelopeFrom: string | null;
  envelopeTo: string | null;
  authDkim: AggregateDkimResult[];
  authSpf: AggregateSpfResult[];
  reasons: AggregateReason[];
}

export interface AggregatePolicy {
  domain: string;
  p: string | null;
  sp: string | null;
  np: string | null;
  adkim: string | null;
  aspf: string | null;
  pct: number | null;
  testing: string | null;
  discoveryMethod: string | null;
  /** fo as published (RFC 9990 keeps it). */
  fo: string | null;
}

export interface AggregateReport {
  kind: 'dmarc-aggregate';
  orgName: string;
  reportId: string;
  /** Epoch seconds from date_range. */
  begin: number;
  end: number;
  policy: AggregatePolicy;
  records: AggregateRecord[];
  /** RFC 9990 additions and metadata. */
  version: string | null;
  /** The XML namespace: 'urn:ietf:params:xml:ns:dmarc-2.0' (RFC 9990), RFC 7489's, or null (none). */
  namespace: string | null;
  email: string | null;
  extraContactInfo: string | null;
  generator: string | null;
  /** report_metadata/error elements. */
  reportErrors: string[];
  /** What was odd but readable (malformed XML recovered, values coerced, stray elements). */
  warnings: string[];
  source: ReportSource;
}

export interface TlsFailureDetail {
  /** RFC 8460 §4.3 result-type: starttls-not-supported, certificate-expired, validation-failure, … */
  resultType: string;
  count: number;
  sendingMta: string | null;
  receivingMx: string | null;
  receivingMxHelo: string | null;
  receivingIp: string | null;
  additionalInformation: string | null;
  failureReasonCode: string | null;
}

export interface TlsPolicy {
  /** sts, tlsa or no-policy-found. */
  type: string;
  domain: string;
  policyStrings: string[];
  mxHosts: string[];
  success: number;
  failure: number;
  failures: TlsFailureDetail[];
}

export interface TlsReport {
  kind: 'tls-rpt';
  orgName: string;
  reportId: string;
  begin: number;
  end: number;
  policies: TlsPolicy[];
  contactInfo: string | null;
  warnings: string[];
  source: ReportSource;
}

export interface FailureReport {
  kind: 'dmarc-failure';
  orgName: string | null;
  /** The report message's Message-ID when there is no other identifier. */
  reportId: string;
  feedbackType: string;
  authFailure: string | null;
  sourceIp: string | null;
  reportedDomain: string | null;
  /** Epoch seconds. */
  arrivalDate: number | null;
  /** The reported message's header section, if included (message/rfc822 or text/rfc822-headers). */
  originalHeaders: string | null;
  /** 'arf' for a message/feedback-report part; 'text' for a plain-text report read as far as it goes. */
  format: 'arf' | 'text';
  identityAlignment: string | null;
  deliveryResult: string | null;
  dkimDomain: string | null;
  dkimSelector: string | null;
  dkimIdentity: string | null;
  spfDns: string | null;
  originalMailFrom: string | null;
  originalRcptTo: string | null;
  authenticationResults: string | null;
  userAgent: string | null;
  /** From, Subject, Date and Message-ID of the reported message, from its headers. */
  original: { from: string | null; subject: string | null; date: number | null; messageId: string | null };
  /** Every field of the feedback report as written (names as given), for the raw view. */
  fields: Array<{ name: string; value: string }>;
  warnings: string[];
  source: ReportSource;
}

export type Report = AggregateReport | TlsReport | FailureReport;

/** Why a file or member could not be read. */
export type ReadErrorCode =
  | 'empty'
  | 'not-a-report'
  | 'too-large'
  | 'bomb'
  | 'limit'
  | 'doctype'
  | 'malformed'
  | 'corrupt'
  | 'unsupported'
  | 'cancelled';

export interface ReadError {
  file: string;
  error: string;
  /** The member inside the file ("a.zip › b.xml.gz"), or absent for the file itself. */
  member?: string;
  code: ReadErrorCode;
}

export interface ReadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** The file being read. */
  file: string | null;
  reports: number;
  records: number;
}

export interface ReadStats {
  files: number;
  bytesIn: number;
  bytesInflated: number;
  records: number;
  messages: number;
  aggregate: number;
  tls: number;
  failure: number;
}

/** What one drop (one readReports call) did: its files, the reports it added, the copies of known reports it skipped. */
export interface ReadDrop {
  files: number;
  reports: number;
  duplicates: number;
  errors: number;
}

/** Everything held after a drop: the reports, duplicates, errors and stats of every drop together. */
export interface ReadResult {
  reports: Report[];
  duplicates: number;
  /** At most MAX_ERRORS_LISTED entries (a "cancelled" entry aside); the rest are counted in errorsUnlisted. */
  errors: ReadError[];
  /** Errors past MAX_ERRORS_LISTED, counted but not listed. */
  errorsUnlisted: number;
  /** This drop was cancelled through the signal; what was read before is kept. */
  cancelled: boolean;
  stats: ReadStats;
  /** How many drops the result holds (1 without `held`). */
  drops: number;
  /** The latest drop alone. */
  drop: ReadDrop;
}
