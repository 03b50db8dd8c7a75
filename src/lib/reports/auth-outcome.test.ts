import { describe, expect, it } from 'vitest';
import { record, report } from '../../../tests/support/aggregate-scenario';
import { authError, isSpfUnauthorized, recordAuthErrors } from './auth-outcome';
import { filterRecords } from './filter';
import { exportRow } from './export';
import { recordFieldGroups, resultText } from './record-fields';
import { assessReadiness } from './readiness';
import { sourceTag } from './source-class';
import { groupSources } from './sources';

const spf = (domain: string, result: string, scope = 'mfrom') => ({ domain, scope, result });
const dkim = (domain: string, result: string) => ({ domain, selector: 's1', result });

describe('SPF and DKIM results of aggregate records, in the one outcome vocabulary', () => {
  it('temperror and permerror are errors, under RFC 4408’s names too; fail and the rest are not', () => {
    const errors = {
      temperror: 'temperror',
      error: 'temperror',
      permerror: 'permerror',
      unknown: 'permerror',
    };
    for (const [result, error] of Object.entries(errors)) expect(authError(result)).toBe(error);
    for (const r of ['pass', 'fail', 'hardfail', 'softfail', 'neutral', 'none', 'policy', 'bogus', ''])
      expect(authError(r)).toBeNull();
  });

  it('only fail, softfail, neutral and none say an address is not authorized by SPF', () => {
    for (const r of ['fail', 'hardfail', 'softfail', 'neutral', 'none'])
      expect(isSpfUnauthorized(r)).toBe(true);
    for (const r of ['pass', 'temperror', 'permerror', 'error', 'unknown', 'policy', 'bogus'])
      expect(isSpfUnauthorized(r)).toBe(false);
  });

  it('a record’s errors name each domain once, however many results it lists', () => {
    const r = record({
      sourceIp: '192.0.2.9',
      count: 10,
      authSpf: [spf('good.example', 'temperror', 'helo'), spf('good.example', 'temperror')],
      authDkim: [dkim('good.example', 'temperror'), dkim('esp.example', 'unknown')],
    });
    expect(recordAuthErrors(r)).toEqual({ temperror: ['good.example'], permerror: ['esp.example'] });
    expect(
      recordAuthErrors(record({ sourceIp: '192.0.2.9', count: 1, authSpf: [spf('a.example', 'fail')] })),
    ).toBeNull();
  });

  it('counts a record’s messages once per error, never more than the source sent', () => {
    const r = record({
      sourceIp: '192.0.2.9',
      count: 10,
      authSpf: [spf('good.example', 'temperror', 'helo'), spf('good.example', 'temperror')],
      authDkim: [dkim('good.example', 'temperror')],
    });
    const ip = groupSources([report(0, [r])]).ips[0]!;
    const temp = ip.findings.find((f) => f.code === 'auth-temperror')!;
    expect(temp).toMatchObject({ messages: 10, severity: 'unknown', items: ['good.example'] });
    expect(temp.fix).toMatch(/^Nothing to change if it does not come back/);
    expect(temp.detail).toContain('passing trouble at the receiver');
    expect(ip.findings.map((f) => f.code)).not.toContain('auth-permerror');
    expect(ip.findings.map((f) => f.code)).not.toContain('not-in-spf');
  });

  it('a permerror is the record owner’s to fix: yours, or the sending service’s', () => {
    const own = record({ sourceIp: '192.0.2.8', count: 5, authSpf: [spf('good.example', 'unknown')] });
    const theirs = record({
      sourceIp: '192.0.2.7',
      count: 4,
      authSpf: [spf('bounce.esp.example', 'permerror')],
    });
    const [a, b] = ['192.0.2.8', '192.0.2.7'].map((ip) =>
      groupSources([report(0, [own, theirs])])
        .ips.find((s) => s.ip === ip)!
        .findings.find((f) => f.code === 'auth-permerror')!,
    );
    expect(a).toMatchObject({ messages: 5, severity: 'error' });
    expect(a!.fix).toBe(
      'Fix the record of good.example (yours to fix): the domain check shows what is wrong with it.',
    );
    expect(b).toMatchObject({ messages: 4, severity: 'error' });
    expect(b!.fix).toMatch(
      /^bounce\.esp\.example is not your domain: its owner \(the sending service\) has to fix/,
    );
  });

  it('the raw record says what a result means when its word does not', () => {
    expect(resultText('temperror')).toBe('temperror (could not check)');
    expect(resultText('unknown')).toBe('unknown (permanent error)');
    expect(resultText('hardfail')).toBe('hardfail (fail)');
    expect(resultText('softfail')).toBe('softfail');
    expect(resultText('pass')).toBe('pass');
    expect(resultText('bogus')).toBe('bogus');
    const r = record({
      sourceIp: '192.0.2.9',
      count: 1,
      authSpf: [spf('good.example', 'permerror')],
      authDkim: [dkim('good.example', 'temperror')],
    });
    const [ref] = filterRecords([report(0, [r])], {});
    const auth = recordFieldGroups(exportRow(ref!)).find((g) => g.name === 'auth_results')!.fields;
    expect(auth.map((f) => f.value)).toEqual([
      'good.example, selector s1: temperror (could not check)',
      'good.example, scope mfrom: permerror (permanent error)',
    ]);
  });

  it('mail whose own SPF or DKIM could not be evaluated is neither broken DKIM nor spoofing', () => {
    const sources = groupSources([
      report(0, [
        // Only a temperror for its own signature and SPF: could not check.
        record({ sourceIp: '192.0.2.31', count: 7, authDkim: [dkim('good.example', 'temperror')],
          authSpf: [spf('good.example', 'temperror')] }),
        // RFC 4408's "unknown" for its own SPF: the record is broken.
        record({ sourceIp: '192.0.2.32', count: 5, authSpf: [spf('good.example', 'unknown')] }),
        // A signature that was evaluated and failed stays broken DKIM, whatever SPF said.
        record({ sourceIp: '192.0.2.33', count: 3, authDkim: [dkim('good.example', 'fail')],
          authSpf: [spf('good.example', 'temperror')] }),
        // An error for someone else's domain says nothing about the From domain: still spoofing.
        record({ sourceIp: '192.0.2.34', count: 2, authSpf: [spf('other.example', 'permerror')] }),
      ]),
    ]); // prettier-ignore
    const category = (ip: string) => sources.ips.find((s) => s.ip === ip)!.category;
    expect(category('192.0.2.31')).toBe('temperror');
    expect(category('192.0.2.32')).toBe('permerror');
    expect(category('192.0.2.33')).toBe('dkim-broken');
    expect(category('192.0.2.34')).toBe('spoofing');
    const temp = sources.ips.find((s) => s.ip === '192.0.2.31')!;
    expect(sourceTag(temp.classes)).toEqual({ kind: 'fails', worst: 'temperror' });
    expect(temp.findings.map((f) => f.code)).toEqual(['auth-temperror', 'selectors']);
  });

  it("an error for the domain's own SPF or DKIM is no evidence the mail is the domain's own", () => {
    const days = Array.from({ length: 8 }, (_, d) =>
      report(d, [
        record({ sourceIp: '192.0.2.10', count: 90, dkim: 'pass', authDkim: [dkim('good.example', 'pass')] }),
        // A spoofer with the domain in MAIL FROM while the domain's SPF permerrors: not own mail.
        record({ sourceIp: '192.0.2.32', count: 10, authSpf: [spf('good.example', 'permerror')] }),
      ]),
    );
    const [ready] = assessReadiness(days);
    expect(ready).toMatchObject({
      stage: 'ready',
      legitimateFailing: 0,
      suspicious: 0,
      unverified: 80,
      fixFirst: [],
    });
    // Not green over a broken record: it fails the domain's own mail that is not DKIM-signed.
    expect(ready!.verdict.severity).toBe('warning');
    expect(ready!.verdict.detail).toContain('First fix the broken SPF or DKIM record of good.example');
    // The same source with mail that passes DMARC is the domain's: its errored mail is own mail failing.
    const own = record({
      sourceIp: '192.0.2.32',
      count: 20,
      dkim: 'pass',
      authDkim: [dkim('good.example', 'pass')],
    });
    const [mixed] = assessReadiness(days.map((r) => ({ ...r, records: [...r.records, own] })));
    expect(mixed).toMatchObject({ stage: 'fix-sources', legitimateFailing: 80, unverified: 0 });
    expect(mixed!.fixFirst[0]!.findings[0]!.code).toBe('auth-permerror');
  });

  it('a spoofer rejected under p=reject while a receiver\'s DNS failed is not "your own mail rejected"', () => {
    const policy = { ...report(0, []).policy, p: 'reject' };
    const spoof = record({ sourceIp: '203.0.113.66', count: 50, disposition: 'reject',
      authSpf: [spf('good.example', 'temperror')] }); // prettier-ignore
    const own = record({ sourceIp: '192.0.2.10', count: 900, dkim: 'pass', authDkim: [dkim('good.example', 'pass')] }); // prettier-ignore
    const days = Array.from({ length: 8 }, (_, d) => ({ ...report(d, [own, spoof]), policy }));
    const [r] = assessReadiness(days);
    expect(r).toMatchObject({ stage: 'enforced', ownRejected: 0, legitimateFailing: 0, unverified: 400 });
    expect(r!.verdict.severity).toBe('ok');
    expect(groupSources(days).ips.find((s) => s.ip === '203.0.113.66')!.ownEnforced).toEqual({ quarantine: 0, reject: 0 }); // prettier-ignore
  });
});
