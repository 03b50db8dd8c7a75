// RFC 7208: the SPF model shared by the parser, check_host() and the domain analysis (types only).

import type { RecordStatus } from '../findings/area';
import type { Finding } from '../findings';
import type { Issue } from '../findings/issue';
import type { IpAddress } from '../net/ip';
import type { SpfLimits } from './limits';
import type { MacroToken } from './macro';
import type { NetblockSummary } from './netblocks';

// ---- The record (RFC 7208 §4.6, §5, §6) ----

export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

interface Span {
  /** Offset of the term's first character in the record text. */
  start: number;
  /** Offset just past the term. */
  end: number;
  /** The term as written. */
  text: string;
}

export interface Mechanism extends Span {
  kind: 'mechanism';
  name: MechanismName;
  qualifier: Qualifier;
  /** The domain-spec as written (a, mx, ptr, include, exists), or null when absent. */
  domainSpec: string | null;
  macro: MacroToken[] | null;
  /** ip4/ip6 network. */
  network: IpAddress | null;
  /** ip4 prefix, or the a/mx IPv4 prefix; null when not given. */
  cidr4: number | null;
  /** ip6 prefix, or the a/mx IPv6 prefix; null when not given. */
  cidr6: number | null;
}

export interface Modifier extends Span {
  kind: 'modifier';
  /** Lower-cased name. */
  name: string;
  value: string;
  macro: MacroToken[] | null;
}

export type Term = Mechanism | Modifier;

export interface SpfRecord {
  text: string;
  terms: Term[];
  mechanisms: Mechanism[];
  redirect: Modifier | null;
  exp: Modifier | null;
}

// ---- Parser and lint issues ----

/** Syntax errors (any one makes the record a permerror, RFC 7208 §4.6) and the one parser note. */
export type SpfParseIssueCode =
  | 'too-long'
  | 'no-version'
  | 'non-ascii'
  | 'bad-character'
  | 'qualified-modifier'
  | 'empty-modifier'
  | 'bad-modifier'
  | 'unknown-modifier'
  | 'unknown-mechanism'
  | 'empty-domain'
  | 'bad-macro'
  | 'bad-domain'
  | 'all-argument'
  | 'missing-domain'
  | 'bad-ptr'
  | 'bad-cidr'
  | 'missing-network'
  | 'bad-network'
  | 'duplicate-redirect'
  | 'duplicate-exp';

/** Advice about a valid record that needs no DNS. */
export type SpfLintCode =
  | 'plus-all'
  | 'neutral-all'
  | 'softfail-all'
  | 'after-all'
  | 'redirect-ignored'
  | 'no-all'
  | 'duplicate-term'
  | 'ptr'
  | 'p-macro'
  | 'host-bits'
  | 'huge-network'
  | 'record-size';

export type SpfIssueCode = SpfParseIssueCode | SpfLintCode;

/** An SPF parser or lint issue: always positioned in the record text. */
export interface SpfIssue extends Issue<SpfIssueCode> {
  start: number;
  end: number;
}

/** Errors are the issues of severity error; `ok` is false exactly when there is one. */
export type SpfParse =
  { ok: true; record: SpfRecord; issues: SpfIssue[] } | { ok: false; record: SpfRecord; issues: SpfIssue[] };

// ---- check_host() (RFC 7208 §4) ----

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface CheckHostInput {
  ip: string;
  /** The domain whose policy is evaluated (MAIL FROM domain, or HELO when MAIL FROM is empty). */
  domain: string;
  /** The full MAIL FROM, or postmaster@<helo> when MAIL FROM is empty. */
  sender: string;
  helo?: string;
  receiver?: string;
}

export interface CheckHostOptions {
  signal?: AbortSignal;
  now?: () => Date;
}

export interface TraceStep {
  depth: number;
  domain: string;
  /** The term as written, or null for record-level steps. */
  term: string | null;
  termIndex: number | null;
  outcome: 'match' | 'no-match' | 'error' | 'info';
  detail: string;
}

/** The innermost term that decided a result, with the chain of domains from the checked domain to its record. */
export interface DecidedBy {
  domain: string;
  term: string;
  termIndex: number;
  depth: number;
  path: string[];
}

export interface CheckHostResult {
  result: SpfResult;
  /** The expanded exp= text, on a fail whose record has a usable exp=. */
  explanation?: string;
  /** One plain sentence: why this result. */
  reason: string;
  lookups: number;
  voidLookups: number;
  trace: TraceStep[];
  /** The matching mechanism (inside an include too), or the term where evaluation failed. */
  decidedBy?: DecidedBy;
  /** On "none": the checked domain does not exist in DNS (NXDOMAIN), not merely without a record. */
  nxdomain?: true;
}

// ---- The domain analysis (include tree, counts, findings) ----

export type SpfNodeStatus =
  'ok' | 'none' | 'nxdomain' | 'multiple' | 'syntax-error' | 'dns-error' | 'loop' | 'invalid-domain';

/** Why a term carries a note; findings are derived from the kind, the text is for people. */
export type SpfTermNoteKind =
  /** a, mx, exists or ptr whose domain uses a macro: counted, not resolved. */
  | 'macro-target'
  /** include or redirect whose domain uses a macro: counted as 1 lookup, not followed. */
  | 'macro-include'
  /** RFC 7208 §4.6.4: more MX records than the mx mechanism may look up: receivers return permerror. */
  | 'mx-too-many'
  /** ptr cannot be resolved without the connecting IP. */
  | 'ptr-needs-ip'
  /** The tree reached MAX_TREE_NODES: this include or redirect was not followed. */
  | 'tree-cap';

export interface SpfTermNote {
  kind: SpfTermNoteKind;
  text: string;
}

export interface SpfTermInfo {
  text: string;
  kind: Term['kind'];
  name: string;
  /** The mechanism's qualifier; null for a modifier. */
  qualifier: Qualifier | null;
  start: number;
  end: number;
  /** Counts toward the limit of 10 (RFC 7208 §4.6.4). */
  countsLookup: boolean;
  /** Running lookup number when a receiver evaluates the whole tree in order; null when not reached. */
  lookupNumber: number | null;
  /** Never evaluated: after all, or a redirect ignored because of all. */
  unreachable: boolean;
  isVoid: boolean;
  /** Addresses or networks this term authorizes ("192.0.2.0/24"). */
  addresses: string[];
  /** MX hosts in preference order (RFC 7208 §5.4), with their addresses. */
  mxHosts: Array<{ host: string; addresses: string[] }>;
  note: SpfTermNote | null;
  /** The first DNS failure met resolving this term (in preference order for mx), or null. */
  dnsError: string | null;
  /** Its cause in a few words ("SERVFAIL", "timed out"). */
  dnsCause: string | null;
  /** The failure gives the same answer on every check (over the answer cap, the query limit). */
  dnsLasting: boolean;
  /** The failure was the user's own DNS provider's (could not connect): it says nothing about the domain. */
  dnsAtResolver: boolean;
  childIndex: number | null;
}

export interface SpfNode {
  id: string;
  domain: string;
  via: 'root' | 'include' | 'redirect';
  viaTerm: string | null;
  status: SpfNodeStatus;
  statusText: string;
  record: string | null;
  /** Octets of each character-string when the answer shows them (Cloudflare form). */
  strings: number[] | null;
  /** A TXT record that would be SPF but starts with a byte-order mark, so receivers do not read it as SPF. */
  bomRecord: string | null;
  /** For status dns-error: the cause in a few words ("SERVFAIL", "timed out"). */
  dnsCause: string | null;
  /** For status dns-error: the failure gives the same answer on every check (over the answer cap, the query limit). */
  dnsLasting: boolean;
  /** For status dns-error: the user's own DNS provider failed (could not connect), not the domain's DNS. */
  dnsAtResolver: boolean;
  /** Parse issues (errors first when status is syntax-error) and lint advice of this record. */
  issues: SpfIssue[];
  terms: SpfTermInfo[];
  ownLookups: number;
  subtreeLookups: number;
  /** Running total after this node's subtree, in evaluation order. */
  runningTotal: number;
  voidLookups: number;
  children: SpfNode[];
  /** Set when the same domain already appears elsewhere in the tree. */
  repeatOf: string | null;
  /**
   * In evaluation order, the mechanisms met before this record that can match a message and so decide it first;
   * null when a receiver never reaches this record (it sits after all).
   */
  earlierMatches: string[] | null;
}

export type SpfFindingCode =
  | SpfIssueCode
  | 'no-spf'
  | 'domain-nxdomain'
  | 'spf-bom'
  | 'spf-dns-error'
  | 'spf-loop'
  | 'include-target-missing'
  | 'redirect-target-missing'
  | 'spf-multiple'
  | 'spf-invalid-target'
  | 'duplicate-include'
  | 'term-dns-error'
  | 'void-lookup'
  | 'mx-too-many'
  | 'mx-host-no-address'
  | 'macro-target'
  | 'too-many-lookups'
  | 'lookups-near-limit'
  | 'lookups-ok'
  | 'lookup-conventions'
  | 'too-many-voids'
  | 'spf-rr-type'
  | 'sender-id'
  | 'answer-size'
  | 'duplicate-netblock'
  | 'overlapping-netblock'
  | 'huge-authorization';

export type SpfFinding = Finding<SpfFindingCode>;

export interface SpfAnalysis {
  domain: string;
  /** The area status every report area shares, from the root record's status. */
  status: RecordStatus;
  root: SpfNode;
  lookups: {
    /** RFC 7208 §4.6.4: terms that cause DNS queries (the count receivers enforce). */
    rfc: number;
    /** The stricter convention some checkers use: also each MX host's address lookup. */
    withAddressLookups: number;
  };
  voidLookups: number;
  /** The limits the counts are measured against (one source: limits.ts). */
  limits: SpfLimits;
  netblocks: NetblockSummary;
  /**
   * A reachable +all (directly or through +include / redirect) passes every address: where it is, or null. Null too
   * when a permerror (`permerror`) ends evaluation before the +all is reached.
   */
  everyAddress: { domain: string; term: string } | null;
  /**
   * RFC 7208 §5.2, §6.1: the first include or redirect, in evaluation order, whose target makes check_host permerror
   * (no record, no such domain, several records, a syntax error, a loop): its node id and target, the term that reaches it, and
   * the mechanisms before it that can still match (mail they match passes; all other mail gets permerror). Null when
   * none does.
   */
  permerror: { id: string; domain: string; term: string; earlierMatches: string[] } | null;
  findings: SpfFinding[];
  obsolete: { spfType99: string[]; senderId: string[] };
  /** Estimated size in octets of the root TXT answer (RFC 7208 §3.4), null when unknown. */
  answerBytes: number | null;
}
