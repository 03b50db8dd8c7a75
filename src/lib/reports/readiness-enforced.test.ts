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

  /** Eight days of good.example under `policy`: its own mail, and 40 a day of it failing with `disposition`. */
  const held = (tags: Record<string, unknown>, disposition: string | null) => {
    const policy = { ...report(0, []).policy, ...tags };
    const failing = record({
      sourceIp: '192.0.2.10',
      count: 40,
      disposition: disposition ?? 'none',
      authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'fail' }],
      authDkim: [],
    });
    const days = Array.from({ length: 8 }, (_, d) =>
      report(d, disposition === null ? [scenarioDay()[0]!] : [scenarioDay()[0]!, failing], { policy }),
    );
    return assessReadiness(days)[0]!;
  };

  it('p=reject; t=y: receivers quarantine instead of rejecting, and the next step is removing t=y', () => {
    const r = held({ p: 'reject', testing: 'y' }, 'quarantine');
    expect(r).toMatchObject({ enforcing: true, stage: 'fix-sources', nextStep: null, ownQuarantined: 320 });
    expect(r.heading).toBe('Your own mail under p=reject; t=y on good.example');
    expect(r.verdict.detail).toMatch(/^p=reject; t=y is in force, so receivers send your own mail that fails DMARC to spam instead of refusing it \(t=y\)/);
    expect(r.verdict.detail).toMatch(/before removing t=y/);
    expect(r.verdict.detail).not.toMatch(/moving to p=reject/);
    const ok = held({ p: 'reject', testing: 'y' }, null);
    expect(ok).toMatchObject({ stage: 'ready', enforcing: true });
    expect(ok.nextStep).toMatchObject({ label: 'p=reject', testing: false });
    expect(ok.nextStep!.record).not.toMatch(/t=y/);
    expect(ok.verdict.detail).toMatch(/remove t=y: publish p=reject\.$/);
  }); // prettier-ignore

  it('p=quarantine; pct=50 is in force for half the failing mail: never "would", never t=y as the next step', () => {
    const r = held({ p: 'quarantine', pct: 50 }, 'quarantine');
    expect(r).toMatchObject({ enforcing: true, stage: 'fix-sources', nextStep: null, ownQuarantined: 320 });
    expect(r.heading).toBe('Your own mail under p=quarantine; pct=50 on good.example');
    expect(r.verdict.title).toBe('320 of your own messages were quarantined');
    expect(r.verdict.detail).toMatch(/receivers send 50% of your own mail that fails DMARC to spam/);
    expect(r.verdict.detail).toMatch(/before raising pct to 100/);
    expect(r.verdict.detail).not.toMatch(/would/);
    const ok = held({ p: 'quarantine', pct: 50 }, null);
    expect(ok).toMatchObject({ stage: 'ready', enforcing: true });
    expect(ok.nextStep).toMatchObject({ label: 'p=quarantine', testing: false });
    expect(ok.nextStep!.record).not.toMatch(/t=y|pct/);
    expect(ok.verdict.detail).toMatch(/raise pct to 100: publish p=quarantine\.$/);
    // p=reject; pct=50: the rest is quarantined (RFC 7489 §6.6.4); raising pct is the next step, not t=y.
    const rej = held({ p: 'reject', pct: 50 }, 'reject');
    expect(rej.verdict.detail).toMatch(/receivers refuse 50% of your own mail that fails DMARC and send the rest to spam/);
    expect(held({ p: 'reject', pct: 50 }, null).nextStep).toMatchObject({ label: 'p=reject' });
  }); // prettier-ignore
});
