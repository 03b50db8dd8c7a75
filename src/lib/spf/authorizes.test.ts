import { describe, expect, it } from 'vitest';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeSpf } from './analyze';
import { authorizingTerm } from './authorizes';

const analyze = (records: Zone['records']) => analyzeSpf('x.example', new ZoneResolver({ records }));

describe('authorizingTerm', () => {
  it('names the + term whose networks hold the address, through + includes and mx', async () => {
    const spf = await analyze({
      'x.example': { TXT: ['v=spf1 -ip4:192.0.2.7 mx include:p.example ~all'], MX: ['10 mx.x.example'] },
      'mx.x.example': { A: ['192.0.2.25'], AAAA: ['2001:db8::25'] },
      'p.example': { TXT: ['v=spf1 ip4:198.51.100.0/24 -all'] },
    });
    expect(authorizingTerm(spf, '192.0.2.25')).toBe('mx in x.example');
    expect(authorizingTerm(spf, '2001:db8::25')).toBe('mx in x.example');
    expect(authorizingTerm(spf, '198.51.100.9')).toBe('ip4:198.51.100.0/24 in p.example');
    // A "-" term does not authorize; an unknown address and bad input find nothing.
    expect(authorizingTerm(spf, '192.0.2.7')).toBeNull();
    expect(authorizingTerm(spf, '203.0.113.1')).toBeNull();
    expect(authorizingTerm(spf, 'not-an-ip')).toBeNull();
  });

  it('ignores terms after all and records included through a non-+ qualifier', async () => {
    const spf = await analyze({
      'x.example': { TXT: ['v=spf1 ?include:p.example -all ip4:192.0.2.1'] },
      'p.example': { TXT: ['v=spf1 ip4:198.51.100.0/24 -all'] },
    });
    expect(authorizingTerm(spf, '198.51.100.9')).toBeNull();
    expect(authorizingTerm(spf, '192.0.2.1')).toBeNull();
  });
});
