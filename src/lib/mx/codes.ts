// Every finding the MX part of the domain check can report; the union is the type of MxAnalysis.findings.

export const MX_FINDING_CODES = [
  'mx-dns-error',
  'mx-answer-capped',
  'mx-hosts-capped',
  'mx-addresses-capped',
  'mx-implicit',
  'mx-none',
  'null-mx',
  'null-mx-mixed',
  'mx-duplicate',
  'mx-malformed',
  'mx-ok',
  'mx-ip-literal',
  'mx-cname',
  'mx-no-address',
  'mx-address-error',
  'mx-private-ip',
  'mx-no-ptr',
  'mx-no-fcrdns',
  'mx-ptr-other-name',
  'dane-insecure',
  'dane',
  'dane-usage',
] as const;
export type MxFindingCode = (typeof MX_FINDING_CODES)[number];
