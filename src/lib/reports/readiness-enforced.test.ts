import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { record, report, scenarioDay } from '../../../tests/support/aggregate-scenario';
import { readReports } from './read';
import { assessReadiness } from './readiness';

const REJECTED = 'tests/fixtures/reports/written/google.com!good.example!1764460800!1764547199.xml';

describe('assessReadiness under a policy in force', () => {
  it('p=reject: says how many of the domain’s own messages receivers rejected, and who sent them; no next step', async () => {
    const name = REJECTED.split('/').at(-1)!;
    const read = await readReports([{ name, bytes: readFileSync(REJECTED) }]);
    const [r] = assessReadiness(read.reports);
    expect(r).toMatchObject({
      heading: 'Your own mail under p=reject on good.example',
      enforcing: true,
      stage: 'fix-sources',
      ownRejected: 220,
      ownQuarantined: 0,
      nextStep: null,
    });
    // The spoofer's 14 rejected messages are not the domain's own mail.
    expect(r!.suspicious).toBe(14);
    expect(r!.verdict.severity).toBe('error');
    expect(r!.verdict.title).toBe('220 of your own messages were rejected');
    expect(r!.verdict.detail).toMatch(
      /^p=reject is in force, so receivers refuse your own mail that fails DMARC/,
    );
    expect(r!.verdict.detail).not.toMatch(/would|move to/);
    expect(r!.fixFirst[0]).toMatchObject({ label: 'Microsoft 365 / Outlook', failing: 220, rejected: 220 });
    expect(r!.fixFirst[0]!.findings.length).toBeGreaterThan(0);
  });

  it('p=quarantine: counts what was quarantined, and keeps p=reject for when the own mail passes', () => {
    const policy = { ...report(0, []).policy, p: 'quarantine' };
    const failing = (d: number, disposition: string) =>
      record({
        sourceIp: '192.0.2.10',
        count: 40,
        disposition,
        authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'fail' }],
        authDkim: [{ domain: 'good.example', selector: 's1', result: 'pass' }],
      });
    const days = Array.from({ length: 8 }, (_, d) =>
      report(d, [scenarioDay()[0]!, { ...failing(d, 'quarantine'), authDkim: [] }], { policy }),
    );
    const [r] = assessReadiness(days);
    expect(r).toMatchObject({ enforcing: true, stage: 'fix-sources', nextStep: null });
    expect(r!.ownQuarantined).toBe(r!.legitimateFailing);
    expect(r!.verdict.title).toMatch(/^320 of your own messages were quarantined$/);
    expect(r!.verdict.detail).toMatch(/before moving to p=reject/);
    // Once the own mail passes, the next step is p=reject.
    const clean = Array.from({ length: 8 }, (_, d) => report(d, [scenarioDay()[0]!], { policy }));
    const [ok] = assessReadiness(clean);
    expect(ok).toMatchObject({ stage: 'ready', enforcing: true });
    expect(ok!.nextStep!.label).toBe('p=reject');
  });
});
