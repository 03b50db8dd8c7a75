import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReports } from './read';
import { summarizeTls, TLS_LOSS_SHARE, TLS_NOTICE_SHARE } from './tls-summary';
import { parseTlsReportJson } from './tlsrpt';
import type { Report } from './types';

const dir = 'tests/fixtures/reports/tlsrpt/';
async function fixtures(): Promise<Report[]> {
  const names = [
    'google-shape.json',
    'microsoft-shape.json',
    'missing-optional.json',
    'rfc8460-example.json',
  ];
  return (await readReports(names.map((name) => ({ name, bytes: readFileSync(dir + name) })))).reports;
}

/** One report for good.example: `failed` sessions of 1,000 under a policy of `type` (with its mode line). */
function one(
  type: string,
  mode: string | null,
  failed: number,
  resultType = 'certificate-expired',
): Report[] {
  const doc = {
    'organization-name': 'Sender',
    'date-range': { 'start-datetime': '2026-03-01T00:00:00Z', 'end-datetime': '2026-03-01T23:59:59Z' },
    'report-id': `r-${type}-${mode}-${failed}`,
    policies: [
      {
        policy: {
          'policy-type': type,
          'policy-domain': 'good.example',
          ...(mode === null ? {} : { 'policy-string': ['version: STSv1', `mode: ${mode}`, 'mx: mx.good.example'] }),
        },
        summary: { 'total-successful-session-count': 1000 - failed, 'total-failure-session-count': failed },
        'failure-details': [
          { 'result-type': resultType, 'receiving-mx-hostname': 'mx.good.example', 'failed-session-count': failed },
        ],
      },
    ],
  }; // prettier-ignore
  const r = parseTlsReportJson(new TextEncoder().encode(JSON.stringify(doc)), {
    file: 'r.json',
    member: null,
  });
  return r.ok ? r.reports : [];
}

describe('summarizeTls grades failures by share and by policy (RFC 8461 §5)', () => {
  it('37 of 42 sessions failing under MTA-STS enforce is an error that names the cause and the MX operator’s fix', async () => {
    const broken = summarizeTls(await fixtures()).find((s) => s.domain === 'broken.example')!;
    // 30 expired-certificate sessions were refused; the 7 whose policy could not be fetched were not (RFC 8461 §5).
    expect(broken).toMatchObject({ failure: 37, refused: 30 });
    expect(broken.verdict.severity).toBe('error');
    expect(broken.verdict.title).toBe('37 of 42 sessions failed: senders refused to deliver');
    expect(broken.verdict.detail).toMatch(/mail\.broken\.example: the certificate has expired/);
    expect(broken.verdict.detail).toMatch(/senders do not deliver over such a session/);
    expect(broken.verdict.fix).toBe(
      'For whoever runs mail.broken.example: Renew the MX certificate (and automate renewal).',
    );
    expect(broken.verdict.spec).toBe('RFC 8461 §5');
  });

  it('1 of 416 is a small share to watch, not a warning', async () => {
    const good = summarizeTls(await fixtures()).find((s) => s.domain === 'good.example')!;
    expect(good.failure).toBe(1);
    expect(good.verdict.severity).toBe('info');
    expect(good.verdict.title).toBe('1 of 416 sessions failed: a small share to watch');
  });

  it('the same share is an error under enforce, a warning under testing or without a policy', () => {
    const failed = Math.ceil(TLS_LOSS_SHARE * 1000);
    const grade = (type: string, mode: string | null, n = failed) =>
      summarizeTls(one(type, mode, n))[0]!.verdict;
    expect(grade('sts', 'enforce').severity).toBe('error');
    expect(grade('tlsa', null).severity).toBe('error');
    // A report that leaves out the policy text does not show enforce mode: senders most likely delivered.
    expect(grade('sts', null).severity).toBe('warning');
    expect(grade('sts', null).title).not.toMatch(/refused/);
    expect(grade('sts', null).detail).toMatch(/mode is not given\), so senders most likely delivered anyway/);
    expect(grade('sts', 'testing').severity).toBe('warning');
    expect(grade('sts', 'testing').detail).toMatch(/senders deliver anyway/);
    expect(grade('no-policy-found', null).severity).toBe('warning');
    // Between the two thresholds, an enforcing policy is a warning that says what senders do.
    const some = grade('sts', 'enforce', Math.ceil(TLS_NOTICE_SHARE * 1000));
    expect(some.severity).toBe('warning');
    expect(some.detail).toMatch(/where senders do not deliver/);
    expect(grade('no-policy-found', null, 1).severity).toBe('info');
  });

  it('a sender that could not fetch the MTA-STS policy delivered as usual: never “refused to deliver”', () => {
    for (const mode of ['enforce', null])
      for (const type of ['sts-policy-fetch-error', 'sts-policy-invalid', 'sts-webpki-invalid']) {
        const [s] = summarizeTls(one('sts', mode, 200, type));
        expect(s!.refused).toBe(0);
        expect(s!.verdict.severity).toBe('warning');
        expect(s!.verdict.title).toBe('200 of 1,000 sessions failed');
        expect(s!.verdict.detail).toMatch(/senders most likely delivered anyway/);
        expect(s!.verdict.spec).toBe('RFC 8460 §4.3');
      }
    // Under DANE a TLSA mismatch is refused whatever the policy text says (RFC 7672 §2.2).
    expect(summarizeTls(one('tlsa', null, 200, 'tlsa-invalid'))[0]!.refused).toBe(200);
  });
});

describe('summarizeTls wording', () => {
  it('says “It was” for one failed session and “All of them were” when every failure was under enforcement', async () => {
    const all = summarizeTls(await fixtures());
    expect(all.find((s) => s.domain === 'good.example')!.verdict.detail).toMatch(
      / It was under an enforcing policy/,
    );
    expect(all.find((s) => s.domain === 'broken.example')!.verdict.detail).toMatch(
      / 30 of them were under an enforcing policy/,
    );
    expect(summarizeTls(one('sts', 'enforce', 200))[0]!.verdict.detail).toMatch(
      / All of them were under an enforcing policy/,
    );
  });
});
