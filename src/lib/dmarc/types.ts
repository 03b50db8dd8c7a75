// RFC 9989 §4.7 DMARC Policy Record: the parsed shapes, the tag names and the parser's issue codes.

import type { Issue } from '../findings/issue';

export type DmarcRequest = 'none' | 'quarantine' | 'reject';
export type DmarcMode = 'rfc9989' | 'rfc7489';
export type DmarcRecordKind = 'policy' | 'report-authorization';

export interface DmarcUri {
  raw: string;
  uri: string;
  scheme: string;
  /** For mailto: the address and its domain (lower-cased). */
  address: string | null;
  domain: string | null;
  /** RFC 7489 "!size" suffix (obsolete in RFC 9989). */
  maxSize: number | null;
  unit: 'k' | 'm' | 'g' | 't' | null;
  valid: boolean;
  problem: string | null;
}

/** The record's effective values, defaults applied (RFC 9989 §4.7). */
export interface DmarcPolicy {
  p: DmarcRequest;
  pExplicit: boolean;
  sp: DmarcRequest;
  spExplicit: boolean;
  np: DmarcRequest;
  npExplicit: boolean;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  fo: string[];
  rua: DmarcUri[];
  ruf: DmarcUri[];
  t: 'y' | 'n';
  psd: 'y' | 'n' | 'u';
  /** Historic in RFC 9989 (Appendix A.6); kept for RFC 7489 receivers. */
  pct: number | null;
  rf: string[] | null;
  ri: number | null;
  /** RFC 9989 §4.10.1: an invalid p/sp/np with a valid rua makes receivers act as if p=none. */
  fellBackToNone: boolean;
}

/** Every issue the parser can report. */
export const DMARC_ISSUE_CODES = [
  'too-long',
  'spf-in-dmarc',
  'leading-space',
  'version-case',
  'missing-separator',
  'no-version',
  'empty-tag',
  'bad-tag',
  'empty-value',
  'bad-character',
  'duplicate-tag',
  'bad-p',
  'bad-sp',
  'bad-np',
  'bad-adkim',
  'bad-aspf',
  'bad-t',
  'bad-psd',
  'bad-fo',
  'bad-rua',
  'bad-ruf',
  'bad-pct',
  'bad-ri',
  'bad-rf',
  'fo-redundant',
  'size-suffix',
  'non-mailto',
  'historic-pct',
  'historic-ri',
  'historic-rf',
  'unknown-tag',
  'missing-p',
  'p-not-first',
  'policy-fallback',
  'policy-invalid',
] as const;
export type DmarcIssueCode = (typeof DMARC_ISSUE_CODES)[number];

/**
 * Issues only text that is not a DMARC record can have (it does not start with v=DMARC1, RFC 9989 §4.10 step 2),
 * and the RFC 7489 strict mode's: the domain check, which parses recognized records in RFC 9989 mode, never
 * reports these.
 */
export const DMARC_UNRECOGNIZED_ISSUE_CODES = [
  'spf-in-dmarc',
  'leading-space',
  'version-case',
  'missing-separator',
  'no-version',
  'policy-invalid',
] as const satisfies readonly DmarcIssueCode[];

export type DmarcParse =
  | {
      ok: true;
      /** The effective values (the shape every record parser shares); `policy` is the same object. */
      record: DmarcPolicy;
      policy: DmarcPolicy;
      tags: Record<string, string>;
      warnings: string[];
      issues: Issue<DmarcIssueCode>[];
    }
  | {
      ok: false;
      errors: string[];
      warnings: string[];
      issues: Issue<DmarcIssueCode>[];
      tags: Record<string, string>;
      /**
       * What receivers apply instead: a record whose policy tag is invalid but whose rua= holds a valid address is
       * read as p=none (RFC 7489 §6.6.3, RFC 9989 §4.10.1: the `policy-fallback` issue). Absent otherwise.
       */
      fallback?: DmarcPolicy;
    };

export interface DmarcParseOptions {
  /** rfc9989 (default) validates as a checker: any invalid tag is an error. rfc7489 follows a strict RFC 7489 receiver. */
  mode?: DmarcMode;
  /** Report-authorization records (`<domain>._report._dmarc.<dest>`) need no p= tag. */
  kind?: DmarcRecordKind;
}

export const REQUESTS: readonly DmarcRequest[] = ['none', 'quarantine', 'reject'];
export const KNOWN_TAGS = [
  'v',
  'p',
  'sp',
  'np',
  'adkim',
  'aspf',
  'fo',
  'rua',
  'ruf',
  't',
  'psd',
  'pct',
  'rf',
  'ri',
] as const;
export const HISTORIC_TAGS = ['pct', 'rf', 'ri'] as const;
