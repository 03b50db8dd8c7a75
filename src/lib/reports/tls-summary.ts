// What SMTP TLS reports (RFC 8460) say about a domain's inbound TLS, in plain words: which MX, which failure
// (RFC 8460 §4.3 result types), since when, how many sessions, and which check of the domain it points to.

import { countText } from './share';
import type { Finding } from '../findings';
import { filterReports, type ReportFilter } from './filter';
import { utcDate } from './summary';
import type { Report } from './types';

/** The domain check's area that shows the cause. */
export type TlsArea = 'tls' | 'mta-sts' | 'dane' | 'dns';

export interface TlsIssue {
  domain: string;
  mx: string | null;
  resultType: string;
  sessions: number;
  /** Epoch seconds: the first report's begin and the last report's end that listed it. */
  firstSeen: number;
  lastSeen: number;
  reporters: string[];
  sendingMtas: number;
  area: TlsArea;
  title: string;
  fix: string;
  /** "mail.example.com: the certificate has expired — 37 sessions failed since 2026-03-01 (Microsoft)." */
  sentence: string;
}

export interface TlsDomainSummary {
  domain: string;
  policyTypes: string[];
  success: number;
  failure: number;
  /** failure / (success + failure), or null without sessions. */
  failureRate: number | null;
  /**
   * Failed sessions senders refused to deliver over rather than fall back: a TLS or certificate failure under MTA-STS
   * in an explicit enforce mode (RFC 8461 §5) or DANE TLSA (RFC 7672 §2.2). Failures under no-policy-found, MTA-STS
   * testing or unknown mode, and failures to fetch the MTA-STS policy, still deliver.
   */
  refused: number;
  /** Sessions failed under an MTA-STS policy whose mode the reports do not give (no policy-string). */
  modeUnknown: boolean;
  reporters: string[];
  reports: number;
  issues: TlsIssue[];
  verdict: Finding<'tls-ok' | 'tls-failures' | 'tls-no-sessions'>;
}

// RFC 8460 §4.3.1–§4.3.3 result types, in words.
// prettier-ignore
const RESULT_TYPES: Record<string, { title: string; fix: string; area: TlsArea }> = {
  'starttls-not-supported': { title: 'the server does not offer STARTTLS', fix: 'Enable STARTTLS on this MX.', area: 'tls' },
  'certificate-host-mismatch': { title: 'the certificate does not name this MX host', fix: 'Install a certificate whose names include the MX host name.', area: 'tls' },
  'certificate-expired': { title: 'the certificate has expired', fix: 'Renew the MX certificate (and automate renewal).', area: 'tls' },
  'certificate-not-trusted': { title: 'the certificate is not trusted (self-signed, or the chain is incomplete)', fix: 'Use a certificate from a public CA and serve the full chain.', area: 'tls' },
  'validation-failure': { title: 'the certificate chain failed validation', fix: 'Check the certificate chain the MX serves.', area: 'tls' },
  'tlsa-invalid': { title: 'the DANE TLSA record does not match', fix: 'Update the TLSA records to the current certificate or key.', area: 'dane' },
  'dnssec-invalid': { title: 'DNSSEC validation of the TLSA records failed', fix: 'Fix the zone’s DNSSEC signatures or DS records.', area: 'dane' },
  'dane-required': { title: 'DANE was required but no usable TLSA record was found', fix: 'Publish TLSA records for the MX, signed with DNSSEC.', area: 'dane' },
  'sts-policy-fetch-error': { title: 'the MTA-STS policy could not be fetched', fix: 'Serve https://mta-sts.<domain>/.well-known/mta-sts.txt with a valid certificate.', area: 'mta-sts' },
  'sts-policy-invalid': { title: 'the MTA-STS policy is invalid', fix: 'Correct the policy file (version, mode, mx lines, max_age).', area: 'mta-sts' },
  'sts-webpki-invalid': { title: 'the MTA-STS policy host’s certificate is not valid', fix: 'Give mta-sts.<domain> a valid public certificate.', area: 'mta-sts' },
};

function words(resultType: string) {
  return (
    RESULT_TYPES[resultType] ?? {
      title: `sessions failed with “${resultType}”`,
      fix: 'See the reporter’s additional information for this failure.',
      area: 'tls' as const,
    }
  );
}

/**
 * Under this share of sessions, failures are graded as noise to watch: one sender's broken TLS stack, a probe, a
 * retry that then succeeded. From it on, they are the domain's problem to fix.
 */
export const TLS_NOTICE_SHARE = 0.02;
/** From this share of sessions refused under an enforcing policy, mail is being lost: an error, not a warning. */
export const TLS_LOSS_SHARE = 0.1;

/** RFC 8460 §4.3.1/§4.3.2 result types of a session that failed TLS itself (not the policy's retrieval). */
const DELIVERY_FAILURES = new Set([
  'starttls-not-supported',
  'certificate-host-mismatch',
  'certificate-expired',
  'certificate-not-trusted',
  'validation-failure',
  'tlsa-invalid',
  'dnssec-invalid',
  'dane-required',
]);

/**
 * Which of a policy's failed sessions senders refused to deliver over: RFC 8461 §5 (MTA-STS, only in an explicit
 * "mode: enforce") and RFC 7672 §2.2 (DANE). A sender that could not fetch a valid MTA-STS policy
 * (sts-policy-fetch-error, sts-policy-invalid, sts-webpki-invalid) applies none and delivers as usual; a report
 * without the policy text does not show the mode. 'unknown': sessions failed under MTA-STS of unknown mode.
 */
function refusedSessions(policy: {
  type: string;
  policyStrings: readonly string[];
  failure: number;
  failures: ReadonlyArray<{ resultType: string; count: number }>;
}): { refused: number; modeUnknown: boolean } {
  const enforce =
    policy.type === 'tlsa' ||
    (policy.type === 'sts' && policy.policyStrings.some((l) => /^\s*mode\s*:\s*enforce\s*$/i.test(l)));
  const modeUnknown =
    policy.type === 'sts' && policy.failure > 0 && !policy.policyStrings.some((l) => /^\s*mode\s*:/i.test(l));
  let refused = 0;
  if (enforce) for (const f of policy.failures) if (DELIVERY_FAILURES.has(f.resultType)) refused += f.count;
  return { refused: Math.min(refused, policy.failure), modeUnknown };
}

function tlsVerdict(
  total: number,
  failure: number,
  refused: number,
  worst: TlsIssue | undefined,
  modeUnknown: boolean,
): TlsDomainSummary['verdict'] {
  const spec = 'RFC 8460 §4.4';
  if (total === 0)
    return {
      severity: 'info',
      code: 'tls-no-sessions',
      title: 'No sessions reported',
      detail: 'The reports list no TLS sessions for this domain.',
      spec,
    };
  if (failure === 0)
    return {
      severity: 'ok',
      code: 'tls-ok',
      title: 'Inbound TLS works',
      detail: `All ${total.toLocaleString('en-US')} reported sessions negotiated TLS as the policy requires.`,
      spec,
    };
  const n = (x: number) => x.toLocaleString('en-US');
  const share = failure / total;
  const lost = refused / total >= TLS_LOSS_SHARE;
  const severity = lost ? 'error' : share < TLS_NOTICE_SHARE ? 'info' : 'warning';
  const cause = worst?.sentence ?? 'Sessions failed without failure details.';
  // prettier-ignore
  const which =
    refused === failure
      ? failure === 1 ? 'It was' : 'All of them were'
      : `${n(refused)} of them ${refused === 1 ? 'was' : 'were'}`;
  const consequence =
    refused === 0
      ? modeUnknown || worst?.area === 'mta-sts'
        ? 'The reports show no MTA-STS policy in enforce mode for these sessions (the policy could not be fetched, or its mode is not given), so senders most likely delivered anyway, possibly without encryption (RFC 8461 §5).'
        : 'Without an enforcing policy, senders deliver anyway, possibly without encryption.'
      : lost
        ? `${which} under an enforcing policy (MTA-STS enforce or DANE): senders do not deliver over such a session, so that mail was delayed and may have bounced.`
        : `${which} under an enforcing policy (MTA-STS enforce or DANE), where senders do not deliver over such a session.`;
  const verdict: TlsDomainSummary['verdict'] = {
    severity,
    code: 'tls-failures',
    title: lost
      ? `${n(failure)} of ${n(total)} sessions failed: senders refused to deliver`
      : share < TLS_NOTICE_SHARE
        ? `${n(failure)} of ${n(total)} sessions failed: a small share to watch`
        : `${n(failure)} of ${n(total)} sessions failed`,
    detail: `${cause} ${consequence}`,
    spec: refused > 0 ? 'RFC 8461 §5' : 'RFC 8460 §4.3',
  };
  if (worst) verdict.fix = `For whoever runs ${worst.mx ?? worst.domain}: ${worst.fix}`;
  return verdict;
}

export function summarizeTls(reports: readonly Report[], filter: ReportFilter = {}): TlsDomainSummary[] {
  const byDomain = new Map<
    string,
    TlsDomainSummary & { issueMap: Map<string, TlsIssue & { mtas: Set<string> }> }
  >();
  const domains = filter.domains && filter.domains.length > 0 ? new Set(filter.domains) : null;
  for (const report of filterReports(reports, 'tls-rpt', filter))
    for (const policy of report.policies) {
      if (domains !== null && !domains.has(policy.domain)) continue;
      let s = byDomain.get(policy.domain);
      if (s === undefined) {
        s = {
          domain: policy.domain,
          policyTypes: [],
          success: 0,
          failure: 0,
          failureRate: null,
          refused: 0,
          modeUnknown: false,
          reporters: [],
          reports: 0,
          issues: [],
          verdict: { severity: 'info', code: 'tls-no-sessions', title: '', detail: '' },
          issueMap: new Map(),
        };
        byDomain.set(policy.domain, s);
      }
      if (!s.policyTypes.includes(policy.type)) s.policyTypes.push(policy.type);
      if (!s.reporters.includes(report.orgName)) s.reporters.push(report.orgName);
      s.reports++;
      s.success += policy.success;
      s.failure += policy.failure;
      const { refused, modeUnknown } = refusedSessions(policy);
      s.refused += refused;
      if (modeUnknown) s.modeUnknown = true;
      for (const f of policy.failures) {
        const key = `${f.receivingMx ?? ''}|${f.resultType}`;
        let issue = s.issueMap.get(key);
        if (issue === undefined) {
          const w = words(f.resultType);
          issue = {
            domain: policy.domain,
            mx: f.receivingMx,
            resultType: f.resultType,
            sessions: 0,
            firstSeen: report.begin,
            lastSeen: report.end,
            reporters: [],
            sendingMtas: 0,
            area: w.area,
            title: w.title,
            fix: w.fix.replace('<domain>', policy.domain),
            sentence: '',
            mtas: new Set(),
          };
          s.issueMap.set(key, issue);
        }
        issue.sessions += f.count;
        issue.firstSeen = Math.min(issue.firstSeen, report.begin);
        issue.lastSeen = Math.max(issue.lastSeen, report.end);
        if (!issue.reporters.includes(report.orgName)) issue.reporters.push(report.orgName);
        if (f.sendingMta) issue.mtas.add(f.sendingMta);
      }
    }
  return [...byDomain.values()].map(({ issueMap, ...s }) => {
    const issues = [...issueMap.values()]
      .map(({ mtas, ...i }) => ({
        ...i,
        sendingMtas: mtas.size,
        sentence: `${i.mx ?? s.domain}: ${i.title} — ${countText(i.sessions, 'session')} failed since ${utcDate(i.firstSeen)} (${i.reporters.join(', ')}).`,
      }))
      .sort((a, b) => b.sessions - a.sessions);
    const total = s.success + s.failure;
    const failureRate = total === 0 ? null : s.failure / total;
    const verdict = tlsVerdict(total, s.failure, s.refused, issues[0], s.modeUnknown);
    return { ...s, failureRate, issues, verdict };
  });
}
