// RFC 8461 §3.3: the MTA-STS policy file as fetched (a seam: the browser may block it, policy hosts rarely send
// CORS headers), judged against §3.2 and against the domain's MX hosts (§4.1).

import type { Finding } from '../findings';
import { MAX_POLICY_BYTES, mxMatches, parseMtaStsPolicy, type MtaStsPolicy } from './policy';

export const MTASTS_POLICY_FINDING_CODES = [
  'mtasts-unverifiable',
  'mtasts-redirect',
  'mtasts-http',
  'mtasts-content-type',
  'mtasts-too-large',
  'mtasts-policy-note',
  'mtasts-policy-invalid',
  'mtasts-enforce',
  'mtasts-not-enforced',
  'mtasts-short-age',
  'mtasts-mx-uncovered',
] as const;
export type MtaStsPolicyFindingCode = (typeof MTASTS_POLICY_FINDING_CODES)[number];

export type PolicyFetch =
  | { kind: 'ok'; status: number; contentType: string | null; redirected: boolean; body: string }
  /** The browser refused to show the answer: usually no CORS headers on the policy host, or it is unreachable. */
  | { kind: 'blocked'; message: string };

export type FetchText = (url: string) => Promise<PolicyFetch>;

/** RFC 8461 §3.3: fetch and judge the policy file, and §4.1: whether every MX host is covered. */
export function evaluatePolicyFetch(
  domain: string,
  fetched: PolicyFetch,
  mxHosts: readonly string[],
): { policy: MtaStsPolicy | null; findings: Finding<MtaStsPolicyFindingCode>[] } {
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  const findings: Finding<MtaStsPolicyFindingCode>[] = [];
  if (fetched.kind === 'blocked') {
    findings.push({
      severity: 'unknown',
      code: 'mtasts-unverifiable',
      title: 'The policy cannot be verified from a browser',
      detail: `The browser could not read ${url} (${fetched.message}). Either the host sends no CORS headers (most policy hosts do not, and senders do not need them), or it refused the connection or could not be reached: a browser cannot tell these apart, so this does not show that the policy is broken.`,
      cause: 'policy file not readable from a browser',
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
  for (const w of parsed.issues.filter((i) => i.severity !== 'error'))
    findings.push({
      severity: 'info',
      code: 'mtasts-policy-note',
      title: w.message,
      detail: w.message,
      domain,
    });
  if (!parsed.ok) {
    for (const e of parsed.issues.filter((i) => i.severity === 'error'))
      findings.push({
        severity: 'error',
        code: 'mtasts-policy-invalid',
        title: 'The MTA-STS policy is invalid',
        detail: e.message,
        spec: 'RFC 8461 §3.2',
        domain,
        ...(e.tag === undefined ? {} : { term: e.tag }),
      });
    return { policy: null, findings };
  }
  const policy = parsed.record;
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
  findings.push(...mxCoverageFindings(domain, policy, mxHosts));
  return { policy, findings };
}

/** RFC 8461 §4.1: the MX hosts that no mx pattern of the policy matches. */
export function uncoveredMxHosts(patterns: readonly string[], mxHosts: readonly string[]): string[] {
  return mxHosts.filter((host) => !patterns.some((p) => mxMatches(host, p)));
}

/**
 * RFC 8461 §4.1 and §5: one finding per MX host no mx pattern matches. In enforce mode senders refuse to deliver to
 * it (an error); in testing mode they deliver and report the failure over TLS-RPT (RFC 8460), and would refuse it
 * once the mode is enforce. The domain check's fetched policy and the generator's draft policy both use this rule.
 */
export function mxCoverageFindings(
  domain: string,
  policy: Pick<MtaStsPolicy, 'mode' | 'mx'>,
  mxHosts: readonly string[],
): Finding<'mtasts-mx-uncovered'>[] {
  return uncoveredMxHosts(policy.mx, mxHosts).map((host) => ({
    severity: policy.mode === 'enforce' ? 'error' : 'warning',
    code: 'mtasts-mx-uncovered',
    title:
      policy.mode === 'enforce'
        ? `MX ${host} is not in the policy: in enforce mode, senders following RFC 8461 §5 refuse to deliver to it`
        : policy.mode === 'testing'
          ? `MX ${host} is not in the policy: in testing mode, senders report each delivery to it as a failure (TLS-RPT); in enforce mode, senders following RFC 8461 §5 would refuse to deliver to it`
          : `MX ${host} is not in the policy: in enforce mode, senders following RFC 8461 §5 would refuse to deliver to it`,
    detail:
      policy.mode === 'enforce'
        ? `No mx line matches ${host}, so mail routed to it is not delivered there: it waits for another MX host or bounces.`
        : `No mx line matches ${host}. Senders still deliver to it while the mode is ${policy.mode}.`,
    fix: `Add “mx: ${host}” to the policy (or a “*.” pattern that matches it).`,
    spec: 'RFC 8461 §4.1, §5',
    domain,
  }));
}
