// The MTA-STS part of the domain check (RFC 8461): TXT record, policy host, and — when the caller fetches it —
// the policy file with MX coverage (policy-fetch.ts).

import { lookup } from '../dns/lookup';
import { fetchTaggedRecord } from '../dns/tagged-record';
import type { Resolver } from '../dns/types';
import type { Finding, RecordArea } from '../findings';
import { readRecord, recordCodes } from '../findings/record-area';
import { MTASTS_POLICY_FINDING_CODES } from './policy-fetch';
import { isMtaStsRecord, parseMtaStsTxt, type MtaStsTxt } from './record';

export {
  evaluatePolicyFetch,
  MTASTS_POLICY_FINDING_CODES,
  type FetchText,
  type MtaStsPolicyFindingCode,
  type PolicyFetch,
} from './policy-fetch';

/** The DNS part's codes, then the policy file's (evaluatePolicyFetch). */
const AREA_CODES = recordCodes('mtasts', 'mtasts-txt-invalid');
export const MTASTS_FINDING_CODES = [
  ...Object.values(AREA_CODES),
  'mtasts-host-without-txt',
  'mtasts-txt-extension',
  'mtasts-host-missing',
  'mtasts-policy-unverified',
  ...MTASTS_POLICY_FINDING_CODES,
] as const;
export type MtaStsFindingCode = (typeof MTASTS_FINDING_CODES)[number];

/** `parsed.id`: the policy id. */
export interface MtaStsAnalysis extends RecordArea<MtaStsTxt, MtaStsFindingCode> {
  policyHost: string;
  policyUrl: string;
  /** The policy host has an address (null: both lookups failed). */
  policyHostResolves: boolean | null;
}

/** A fresh policy id to suggest: today's date and a counter (RFC 8461 §3.1 allows 1–32 letters or digits). */
function suggestedId(now: (() => Date) | undefined): string {
  return now ? `${now().toISOString().slice(0, 10).replace(/-/g, '')}01` : '<today’s date, e.g. 2026010101>';
}

export async function analyzeMtaSts(
  domain: string,
  resolver: Resolver,
  /** now: the clock, for the id suggested in fixes. */
  options: { signal?: AbortSignal; now?: () => Date } = {},
): Promise<MtaStsAnalysis> {
  const policyHost = `mta-sts.${domain}`;
  const policyUrl = `https://${policyHost}/.well-known/mta-sts.txt`;
  const [txt, a, aaaa] = await Promise.all([
    fetchTaggedRecord(resolver, `_mta-sts.${domain}`, isMtaStsRecord, options.signal),
    lookup(resolver, policyHost, 'A', options.signal),
    lookup(resolver, policyHost, 'AAAA', options.signal),
  ]);
  const policyHostResolves =
    a.kind === 'error' && aaaa.kind === 'error' ? null : a.kind === 'records' || aaaa.kind === 'records';
  const read = readRecord(txt, parseMtaStsTxt, {
    name: 'MTA-STS',
    domain,
    codes: AREA_CODES,
    multipleDetail: 'With several v=STSv1 records senders treat the domain as having no policy.',
    invalidFix: `Publish “v=STSv1; id=${suggestedId(options.now)}” at _mta-sts.${domain}.`,
    spec: 'RFC 8461 §3.1',
  });
  const findings: Finding<MtaStsFindingCode>[] = [...read.findings];
  // A record behind a byte-order mark: its own finding says what to fix, not "publish one".
  if (read.status === 'none' && !read.behindBom) {
    findings.push({
      severity: 'info',
      code: 'no-mtasts',
      title: 'No MTA-STS',
      detail:
        'Senders may deliver to this domain without TLS, or with TLS that an attacker can strip. MTA-STS tells them to require valid TLS.',
      fix: `Publish a policy at ${policyUrl} and a TXT record “v=STSv1; id=<date>” at _mta-sts.${domain}, starting in testing mode.`,
      spec: 'RFC 8461',
      domain,
    });
    if (policyHostResolves)
      findings.push({
        severity: 'warning',
        code: 'mtasts-host-without-txt',
        title: `${policyHost} exists but there is no _mta-sts record`,
        detail: 'Without the TXT record senders never fetch the policy.',
        fix: `Publish “v=STSv1; id=…” at _mta-sts.${domain}.`,
        spec: 'RFC 8461 §3.1',
        domain,
      });
  }
  if (read.parsed) {
    for (const w of read.issues)
      findings.push({
        severity: 'info',
        code: 'mtasts-txt-extension',
        title: w.message,
        detail: w.message,
        domain,
      });
    if (policyHostResolves === false) {
      findings.push({
        severity: 'error',
        code: 'mtasts-host-missing',
        title: `${policyHost} does not resolve`,
        detail: 'The TXT record announces a policy, but its host has no address, so senders cannot fetch it.',
        fix: `Create ${policyHost} and serve the policy at ${policyUrl} over HTTPS.`,
        spec: 'RFC 8461 §3.3',
        domain,
      });
    } else {
      // The TXT record only announces a policy: until the file is read, MTA-STS is not proven to work.
      findings.push({
        severity: 'unknown',
        code: 'mtasts-policy-unverified',
        title: 'Policy file not yet checked',
        cause: 'policy file not read',
        detail: `Browsers usually cannot read ${policyUrl} (the host sends no CORS headers). Use “Fetch policy” to try; otherwise open the link to check it by eye.`,
        domain,
      });
    }
  }
  return {
    domain,
    status: read.status,
    record: read.record,
    parsed: read.parsed,
    policyHost,
    policyUrl,
    policyHostResolves,
    findings,
  };
}
