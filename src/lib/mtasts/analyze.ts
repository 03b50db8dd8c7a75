// The MTA-STS part of the domain check (RFC 8461): TXT record, policy host, and — when the caller fetches it —
// the policy file with MX coverage. Fetching is a seam: the browser may block it (no CORS on policy hosts).

import { lookup, txtRecords } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { dnsFailureFinding, type Finding } from '../findings';
import { MAX_POLICY_BYTES, mxMatches, parseMtaStsPolicy, parseMtaStsTxt, type MtaStsPolicy } from './record';

export interface MtaStsAnalysis {
  domain: string;
  txtStatus: 'found' | 'none' | 'multiple' | 'invalid' | 'error';
  record: string | null;
  id: string | null;
  policyHost: string;
  policyUrl: string;
  policyHostResolves: boolean | null;
  findings: Finding[];
}

export type PolicyFetch =
  | { kind: 'ok'; status: number; contentType: string | null; redirected: boolean; body: string }
  /** The browser refused to show the answer: usually no CORS headers on the policy host, or it is unreachable. */
  | { kind: 'blocked'; message: string };

export type FetchText = (url: string) => Promise<PolicyFetch>;

export async function analyzeMtaSts(
  domain: string,
  resolver: Resolver,
  options: { signal?: AbortSignal } = {},
): Promise<MtaStsAnalysis> {
  const policyHost = `mta-sts.${domain}`;
  const policyUrl = `https://${policyHost}/.well-known/mta-sts.txt`;
  const [txt, a, aaaa] = await Promise.all([
    lookup(resolver, `_mta-sts.${domain}`, 'TXT', options.signal),
    lookup(resolver, policyHost, 'A', options.signal),
    lookup(resolver, policyHost, 'AAAA', options.signal),
  ]);
  const base = { domain, record: null, id: null, policyHost, policyUrl, findings: [] as Finding[] };
  const policyHostResolves =
    a.kind === 'error' && aaaa.kind === 'error' ? null : a.kind === 'records' || aaaa.kind === 'records';
  if (txt.kind === 'error') {
    return {
      ...base,
      txtStatus: 'error',
      policyHostResolves,
      findings: [dnsFailureFinding('mtasts-dns-error', 'Could not check MTA-STS', txt.message, domain)],
    };
  }
  const records = txtRecords(txt)
    .map((t) => t.text)
    .filter((t) => /^v=STSv1/i.test(t));
  if (records.length === 0) {
    const findings: Finding[] = [
      {
        severity: 'info',
        code: 'no-mtasts',
        title: 'No MTA-STS',
        detail:
          'Senders may deliver to this domain without TLS, or with TLS that an attacker can strip. MTA-STS tells them to require valid TLS.',
        fix: `Publish a policy at ${policyUrl} and a TXT record “v=STSv1; id=<date>” at _mta-sts.${domain}, starting in testing mode.`,
        spec: 'RFC 8461',
        domain,
      },
    ];
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
    return { ...base, txtStatus: 'none', policyHostResolves, findings };
  }
  if (records.length > 1) {
    return {
      ...base,
      txtStatus: 'multiple',
      policyHostResolves,
      findings: [
        {
          severity: 'error',
          code: 'mtasts-multiple',
          title: 'More than one MTA-STS record',
          detail: 'With several v=STSv1 records senders treat the domain as having no policy.',
          fix: 'Keep exactly one.',
          spec: 'RFC 8461 §3.1',
          domain,
          items: records,
        },
      ],
    };
  }
  const parsed = parseMtaStsTxt(records[0]!);
  const findings: Finding[] = [];
  if (!parsed.ok) {
    for (const e of parsed.errors)
      findings.push({
        severity: 'error',
        code: 'mtasts-txt-invalid',
        title: 'The MTA-STS record is invalid',
        detail: e,
        fix: `Publish “v=STSv1; id=${new Date().toISOString().slice(0, 10).replace(/-/g, '')}01” at _mta-sts.${domain}.`,
        spec: 'RFC 8461 §3.1',
        domain,
      });
    return { ...base, record: records[0]!, txtStatus: 'invalid', policyHostResolves, findings };
  }
  for (const w of parsed.warnings)
    findings.push({ severity: 'info', code: 'mtasts-txt-extension', title: w, detail: w, domain });
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
    findings.push({
      severity: 'info',
      code: 'mtasts-policy-unverified',
      title: 'Policy file not yet checked',
      detail: `Browsers usually cannot read ${policyUrl} (the host sends no CORS headers). Use “Fetch policy” to try; otherwise open the link to check it by eye.`,
      domain,
    });
  }
  return {
    ...base,
    record: records[0]!,
    id: parsed.record.id,
    txtStatus: 'found',
    policyHostResolves,
    findings,
  };
}

/** RFC 8461 §3.3: fetch and judge the policy file, and §4.1: whether every MX host is covered. */
export function evaluatePolicyFetch(
  domain: string,
  fetched: PolicyFetch,
  mxHosts: readonly string[],
): { policy: MtaStsPolicy | null; findings: Finding[] } {
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  const findings: Finding[] = [];
  if (fetched.kind === 'blocked') {
    findings.push({
      severity: 'unknown',
      code: 'mtasts-unverifiable',
      title: 'The policy cannot be verified from a browser',
      detail: `The browser blocked reading ${url} (${fetched.message}). Policy hosts rarely send CORS headers, so this does not mean the policy is broken.`,
      fix: `Open ${url} in a new tab and check it has version, mode, mx and max_age lines.`,
      spec: 'RFC 8461 §3.3',
      domain,
    });
    return { policy: null, findings };
  }
  if (fetched.redirected)
    findings.push({
      severity: 'error',
      code: 'mtasts-redirect',
      title: 'The policy URL redirects',
      detail: 'Senders must not follow redirects when fetching the policy (RFC 8461 §3.3).',
      fix: `Serve the file directly at ${url}.`,
      spec: 'RFC 8461 §3.3',
      domain,
    });
  if (fetched.status !== 200) {
    findings.push({
      severity: 'error',
      code: 'mtasts-http',
      title: `The policy URL answered HTTP ${fetched.status}`,
      detail: 'Senders need a 200 response with the policy.',
      fix: `Serve the policy at ${url}.`,
      spec: 'RFC 8461 §3.3',
      domain,
    });
    return { policy: null, findings };
  }
  if (fetched.contentType && !/^text\/plain\b/i.test(fetched.contentType)) {
    findings.push({
      severity: 'warning',
      code: 'mtasts-content-type',
      title: `The policy is served as ${fetched.contentType}`,
      detail: 'RFC 8461 §3.2 requires text/plain; strict senders refuse other types.',
      fix: 'Serve it with Content-Type: text/plain.',
      spec: 'RFC 8461 §3.2',
      domain,
    });
  }
  if (fetched.body.length > MAX_POLICY_BYTES) {
    findings.push({
      severity: 'error',
      code: 'mtasts-too-large',
      title: 'The policy file is too large',
      detail: `It is over ${MAX_POLICY_BYTES} bytes.`,
      domain,
    });
    return { policy: null, findings };
  }
  const parsed = parseMtaStsPolicy(fetched.body);
  for (const w of parsed.warnings)
    findings.push({ severity: 'info', code: 'mtasts-policy-note', title: w, detail: w, domain });
  if (!parsed.ok) {
    for (const e of parsed.errors)
      findings.push({
        severity: 'error',
        code: 'mtasts-policy-invalid',
        title: 'The MTA-STS policy is invalid',
        detail: e,
        spec: 'RFC 8461 §3.2',
        domain,
      });
    return { policy: null, findings };
  }
  const policy = parsed.policy;
  if (policy.mode === 'enforce')
    findings.push({
      severity: 'ok',
      code: 'mtasts-enforce',
      title: 'MTA-STS enforced',
      detail: 'Senders that support MTA-STS require valid TLS to your MX hosts.',
      domain,
    });
  else
    findings.push({
      severity: 'info',
      code: 'mtasts-not-enforced',
      title: `MTA-STS in ${policy.mode} mode`,
      detail:
        policy.mode === 'testing'
          ? 'Senders report TLS problems (with TLS-RPT) but still deliver.'
          : 'The policy is switched off.',
      fix: 'Move to mode: enforce once TLS-RPT reports are clean.',
      domain,
    });
  if (policy.maxAge < 86_400)
    findings.push({
      severity: 'warning',
      code: 'mtasts-short-age',
      title: `max_age is only ${policy.maxAge} seconds`,
      detail:
        'A short max_age lets an attacker who blocks the policy fetch wait out the cache. Use at least a week (604800) once stable.',
      domain,
    });
  for (const host of mxHosts) {
    if (!policy.mx.some((p) => mxMatches(host, p))) {
      findings.push({
        severity: policy.mode === 'enforce' ? 'error' : 'warning',
        code: 'mtasts-mx-uncovered',
        title: `MX ${host} is not in the policy`,
        detail: `No mx: line matches ${host}, so ${policy.mode === 'enforce' ? 'senders refuse to deliver to it' : 'senders would refuse it once enforced'}.`,
        fix: `Add “mx: ${host}” to the policy.`,
        spec: 'RFC 8461 §4.1',
        domain,
      });
    }
  }
  return { policy, findings };
}
