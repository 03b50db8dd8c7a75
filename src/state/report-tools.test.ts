import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../lib/dns';
import { fixtureZone } from '../../tests/support/zones';
import { checkDomain, type DomainReport } from '../lib/report';
import { PolicyCheck, SpfIpTest } from './report-tools.svelte';

const zone = new ZoneResolver(fixtureZone());

describe('SpfIpTest', () => {
  it('runs check_host() for the typed IP, with the sender domain split by the SPF engine’s rule', async () => {
    const t = new SpfIpTest(() => zone);
    t.ip = '203.0.113.5';
    await t.test('deep-spf.example');
    expect(t.result?.result).toBe('pass');
    expect(t.running).toBe(false);

    t.sender = 'bounce@good.example';
    t.ip = '10.9.9.9';
    await t.test('deep-spf.example');
    expect(t.result?.result).toBe('fail');
  });

  it('a typing error is a message, not a result', async () => {
    const t = new SpfIpTest(() => zone);
    await t.test('good.example');
    expect(t.error).toBe('Type the IP address of the server that sent the mail.');
    t.ip = 'not-an-ip';
    await t.test('good.example');
    expect(t.error).toBe('“not-an-ip” is not an IP address.');
    expect(t.result).toBeNull();
  });
});

describe('PolicyCheck', () => {
  it('keeps only the answer of the newest fetch', async () => {
    const answers: Array<(body: string) => void> = [];
    const check = new PolicyCheck(
      () =>
        new Promise((resolve) =>
          answers.push((body) =>
            resolve({ kind: 'ok', status: 200, contentType: 'text/plain', redirected: false, body }),
          ),
        ),
    );
    const first = check.run('good.example', ['mx1.good.example']);
    const second = check.run('good.example', ['mx1.good.example']);
    answers[1]!('version: STSv1\r\nmode: enforce\r\nmx: mx1.good.example\r\nmax_age: 604800\r\n');
    await second;
    answers[0]!('version: STSv1\r\nmode: testing\r\nmx: mx1.good.example\r\nmax_age: 604800\r\n');
    await first;
    expect(check.result?.policy?.mode).toBe('enforce');
    expect(check.running).toBe(false);
  });

  it('a read policy file decides the MTA-STS area, the summary and the grade; a blocked read stays "could not check"', async () => {
    const checked = await checkDomain('good.example', zone, { now: () => new Date('2026-01-01T00:00:00Z') });
    if (!checked.ok) throw new Error(checked.error);
    const report = checked.report;
    const sts = (r: DomainReport) => r.areas.find((a) => a.id === 'mta-sts')!;
    expect(sts(report)).toMatchObject({ status: 'unknown', cause: 'policy file not read' });
    expect(report.grade.incomplete).toBe(true);

    const ok = new PolicyCheck(async () => ({
      kind: 'ok',
      status: 200,
      contentType: 'text/plain',
      redirected: false,
      body: `version: STSv1\r\nmode: enforce\r\n${report.mx.hosts.map((h) => `mx: ${h.host}`).join('\r\n')}\r\nmax_age: 604800\r\n`,
    }));
    expect(ok.applied(report)).toBe(report);
    await ok.run(
      'good.example',
      report.mx.hosts.map((h) => h.host),
    );
    const read = ok.applied(report);
    expect(sts(read).status).toBe('pass');
    // BIMI's logo and certificate are never fetched here, so the grade stays provisional on that alone.
    expect(read.grade).toMatchObject({
      letter: 'A',
      incomplete: true,
      summary:
        'Well configured. Provisional: BIMI (logo and certificate not fetched) could not be checked, so the grade counts only what was checked.',
    });
    expect(read.mtaSts.findings.map((f) => f.code)).not.toContain('mtasts-policy-unverified');
    expect(ok.applied({ ...report, domain: 'other.example' }).areas).toBe(report.areas);

    const blocked = new PolicyCheck(async () => ({ kind: 'blocked', message: 'Failed to fetch' }));
    await blocked.run('good.example', []);
    expect(sts(blocked.applied(report))).toMatchObject({
      status: 'unknown',
      cause: 'policy file not readable from a browser',
    });
  });
});
