import { describe, expect, it } from 'vitest';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeMtaSts } from './analyze';

const z = (records: Zone['records']) => new ZoneResolver({ records });

describe('analyzeMtaSts (the DNS part)', () => {
  it('needs the policy host to resolve', async () => {
    const r = await analyzeMtaSts('m.example', z({ '_mta-sts.m.example': { TXT: ['v=STSv1; id=1'] } }));
    expect(r.status).toBe('found');
    expect(r.parsed?.id).toBe('1');
    expect(r.findings.map((f) => f.code)).toContain('mtasts-host-missing');
  });

  it('flags a policy host without a TXT record', async () => {
    const r = await analyzeMtaSts('m.example', z({ 'mta-sts.m.example': { A: ['192.0.2.1'] } }));
    expect(r.status).toBe('none');
    expect(r.findings.map((f) => f.code)).toEqual(['no-mtasts', 'mtasts-host-without-txt']);
  });

  it('suggests an id from the injected clock for an invalid record', async () => {
    const r = await analyzeMtaSts(
      'm.example',
      z({
        '_mta-sts.m.example': { TXT: ['v=STSv1; id=bad id!'] },
        'mta-sts.m.example': { A: ['192.0.2.1'] },
      }),
      { now: () => new Date('2026-03-04T05:06:07Z') },
    );
    expect(r.status).toBe('invalid');
    expect(r.record).toBe('v=STSv1; id=bad id!');
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'mtasts-txt-invalid',
        detail: 'id=bad id! contains characters other than letters and digits (space, “!”).',
        fix: 'Publish “v=STSv1; id=2026030401” at _mta-sts.m.example.',
        term: 'id',
      }),
    ]);
  });

  it('reads a DNS failure as could not check', async () => {
    const r = await analyzeMtaSts('m.example', z({ '_mta-sts.m.example': { $rcode: 'SERVFAIL' } }));
    expect(r.status).toBe('error');
    expect(r.findings.map((f) => `${f.severity}:${f.code}`)).toEqual(['unknown:mtasts-dns-error']);
  });
});
