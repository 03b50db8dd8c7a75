// The shape of a header analysis (RFC 5322 fields, RFC 8601 results, RFC 6376 signatures, RFC 8617 ARC): what
// analyzeHeaders() returns and the views render.

import type { ArcStructure } from '../arc/structure';
import type { BulkSender } from './bulk-sender';
import type { ForwardingStory } from './forwarding';
import type { MicrosoftAntispam } from './microsoft';
import type { AuthResResult } from '../authres';
import type { DkimSignature } from '../dkim/signature';
import type { Finding } from '../findings';
import type { Mailbox } from './address';
import type { AlignmentRow, DmarcPolicyHint, Verdict } from './alignment';
import type { CompauthReason } from './compauth';
import type { ParsedDate } from './date';
import type { Received } from './received';
import type { HeaderField } from './split';
import type { AuthResField } from './trust';

export interface Hop {
  /** 1 = the first server (bottom Received field). */
  number: number;
  received: Received;
  /** Time since the previous hop in ms; null when either date is missing. */
  delayMs: number | null;
  /** The clock of this or the previous server is off: the hop appears to happen before the previous one. */
  skew: boolean;
  /** More than an hour on this hop (a queue, greylisting or a retry). */
  slow: boolean;
}

export interface DecodedValue {
  raw: string;
  text: string;
  encoded: boolean;
  /** Contains control characters or bidi overrides (shown escaped). */
  controls: boolean;
}

export interface Summary {
  from: Mailbox[];
  fromText: DecodedValue | null;
  to: DecodedValue | null;
  cc: DecodedValue | null;
  replyTo: DecodedValue | null;
  subject: DecodedValue | null;
  date: { text: string; parsed: ParsedDate | null } | null;
  messageId: string | null;
  returnPath: string | null;
  deliveredTo: string | null;
  /** First Received date to last Received date, in ms. */
  deliveryMs: number | null;
  listUnsubscribe: boolean;
  oneClickUnsubscribe: boolean;
}

export interface SignatureInfo {
  line: number;
  signature: DkimSignature | null;
  error: string | null;
  /** The receiver's result for this signature, matched by d= (and b= prefix when given). */
  result: string | null;
  findings: Finding[];
}

export interface ReceiverResults {
  authservId: string | null;
  spf: AuthResResult | null;
  dkim: AuthResResult[];
  dmarc: AuthResResult | null;
  arc: AuthResResult | null;
  compauth: (AuthResResult & { explained: CompauthReason | null }) | null;
  bimi: AuthResResult | null;
  iprev: AuthResResult | null;
}

export interface HeaderAnalysis {
  fields: HeaderField[];
  warnings: string[];
  summary: Summary;
  hops: Hop[];
  authResults: AuthResField[];
  receiver: ReceiverResults;
  signatures: SignatureInfo[];
  arc: ArcStructure & { narrative: string | null };
  alignment: AlignmentRow[];
  verdict: Verdict;
  /** What passed before a forwarder or mailing list changed the message, and who can fix it. */
  forwarding: ForwardingStory | null;
  /** Microsoft 365 anti-spam verdicts decoded, when the message passed a Microsoft filter. */
  microsoft: MicrosoftAntispam | null;
  /** Bulk-sender requirements this message shows (one-click unsubscribe, aligned DKIM, DMARC). */
  bulkSender: BulkSender | null;
  findings: Finding[];
  /** The From domain whose DMARC policy a live lookup should fetch. */
  fromDomain: string | null;
  /** A body followed the headers (a whole message), so signatures can be verified. */
  hadBody: boolean;
  /**
   * Offset in the pasted text where the header section starts: what came before (Gmail's "Show original" summary,
   * an mbox "From " line, a leading line of text) is not part of the message, and verification starts here too.
   */
  headerStart: number;
  /** The time signatures are judged at (t=/x=): the newest Received date, else now (epoch ms). */
  judgedAt: number;
}

export interface AnalyzeHeadersOptions {
  /** For t=/x= checks; defaults to the newest Received date, else now. */
  now?: Date;
  policy?: DmarcPolicyHint | null;
  /** The policy lookup was tried and failed (DNS error), so `policy` is null because it could not be checked. */
  policyLookupFailed?: boolean;
}
