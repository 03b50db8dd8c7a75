// Every finding the DMARC part of the domain check can report, by where it comes from; the union is the type of
// DmarcAnalysis.findings, and the lists let a test ask that each code has a case.

import { DMARC_ISSUE_CODES, DMARC_UNRECOGNIZED_ISSUE_CODES, type DmarcIssueCode } from './types';

/** The policy a receiver applies (policy-findings.ts). */
export const DMARC_POLICY_FINDING_CODES = [
  'policy-none',
  'policy-quarantine',
  'policy-reject',
  'sp-none',
  'np-weaker',
  'test-mode',
  'pct-partial',
  'strict-alignment',
  'no-rua',
  'many-uris',
  'ruf',
  'fo-without-ruf',
] as const;

/** Report destinations (destinations.ts). */
export const DMARC_DESTINATION_FINDING_CODES = [
  'external-unauthorized',
  'external-authorized',
  'external-auth-error',
  'report-null-mx',
  'report-no-mx',
] as const;

/** Where the record was found (discovery-findings.ts). */
export const DMARC_DISCOVERY_FINDING_CODES = [
  'multiple-dmarc',
  'dmarc-near-miss',
  'dmarc-bom',
  'spf-at-dmarc',
  'other-txt-at-dmarc',
  'cname-and-txt',
  'dmarc-cname',
  'inherited',
  'discovery-disagrees',
  'org-domain-disagrees',
] as const;

/** The analysis itself (analyze.ts). */
export const DMARC_AREA_FINDING_CODES = ['dmarc-dns-error', 'dmarc-at-apex', 'no-dmarc'] as const;

/** The parser's issues a recognized record (v=DMARC1 first) can have in RFC 9989 mode: they become findings. */
export type DmarcRecordIssueCode = Exclude<DmarcIssueCode, (typeof DMARC_UNRECOGNIZED_ISSUE_CODES)[number]>;

export function isRecordIssueCode(code: DmarcIssueCode): code is DmarcRecordIssueCode {
  return !(DMARC_UNRECOGNIZED_ISSUE_CODES as readonly string[]).includes(code);
}

export type DmarcFindingCode =
  | (typeof DMARC_AREA_FINDING_CODES)[number]
  | (typeof DMARC_POLICY_FINDING_CODES)[number]
  | (typeof DMARC_DESTINATION_FINDING_CODES)[number]
  | (typeof DMARC_DISCOVERY_FINDING_CODES)[number]
  | DmarcRecordIssueCode;

export const DMARC_FINDING_CODES: readonly DmarcFindingCode[] = [
  ...DMARC_AREA_FINDING_CODES,
  ...DMARC_DISCOVERY_FINDING_CODES,
  ...DMARC_POLICY_FINDING_CODES,
  ...DMARC_DESTINATION_FINDING_CODES,
  ...DMARC_ISSUE_CODES.filter(isRecordIssueCode),
];
