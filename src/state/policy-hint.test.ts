import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../lib/dns/zone';
import { lookupPolicyHint } from './policy-hint';

const zone = (records: Record<string, { TXT: string[] }>) => new ZoneResolver({ records });

describe('lookupPolicyHint (the From domain’s policy for the header verdict)', () => {
  it('reads a record with an invalid p= and a valid rua= as p=none, not as no record (RFC 7489 §6.6.3)', async () => {
    const r = await lookupPolicyHint(
      'broken.example',
      zone({ '_dmarc.broken.example': { TXT: ['v=DMARC1; p=nonsense; rua=mailto:d@broken.example'] } }),
    );
    expect(r.policy).toEqual({ adkim: 'r', aspf: 'r', p: 'none', source: '_dmarc.broken.example' });
    expect(r.message).toMatch(/act as if it said p=none/);
  });

  it('a record with an invalid p= and no rua= is no usable record (DMARC does not apply)', async () => {
    const r = await lookupPolicyHint(
      'broken.example',
      zone({ '_dmarc.broken.example': { TXT: ['v=DMARC1; p=nonsense'] } }),
    );
    expect(r.policy).toMatchObject({ p: null, noRecord: true });
    expect(r.message).toMatch(/no usable DMARC record/);
  });

  it('a valid record gives its policy and alignment modes', async () => {
    const r = await lookupPolicyHint(
      'ok.example',
      zone({ '_dmarc.ok.example': { TXT: ['v=DMARC1; p=reject; aspf=s'] } }),
    );
    expect(r.policy).toEqual({ adkim: 'r', aspf: 's', p: 'reject', source: '_dmarc.ok.example' });
  });

  it('a record in testing (t=y, RFC 9989) says so, and a subdomain gets the parent’s sp=', async () => {
    const r = await lookupPolicyHint(
      'news.ok.example',
      zone({ '_dmarc.ok.example': { TXT: ['v=DMARC1; p=reject; sp=quarantine; t=y'] } }),
    );
    expect(r.policy).toEqual({
      adkim: 'r',
      aspf: 'r',
      p: 'quarantine',
      source: '_dmarc.ok.example',
      testing: true,
    });
  });
});
