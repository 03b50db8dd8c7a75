import { describe, expect, it } from 'vitest';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeSpf } from '../spf';
import { spfAuthorizationSentence, summarizeSpf } from './spf-area';

const analyze = (records: Zone['records'], domain = 'x.example') =>
  analyzeSpf(domain, new ZoneResolver({ records }));

describe('spfAuthorizationSentence', () => {
  it('says +all authorizes every address on the Internet, not the networks it happens to list', async () => {
    const a = await analyze({
      'x.example': { TXT: ['v=spf1 a:mail.x.example +all'] },
      'mail.x.example': { A: ['192.0.2.81'] },
    });
    expect(spfAuthorizationSentence(a)).toBe('Authorizes every address on the Internet (“+all”).');
  });

  it('names the included record whose +all passes everything', async () => {
    const a = await analyze({
      'x.example': { TXT: ['v=spf1 include:open.example -all'] },
      'open.example': { TXT: ['v=spf1 +all'] },
    });
    expect(spfAuthorizationSentence(a)).toContain('(“+all” in open.example)');
  });

  it('says all other mail gets permerror when a broken include stops evaluation before +all', async () => {
    const a = await analyze({
      'x.example': { TXT: ['v=spf1 a:mail.x.example include:missing.x.example ptr +all'] },
      'mail.x.example': { A: ['192.0.2.81'] },
    });
    expect(spfAuthorizationSentence(a)).toBe(
      'Authorizes 1 IPv4 address in 1 network and 0 IPv6 networks; all other mail gets permerror at “include:missing.x.example”.',
    );
  });

  it('counts the listed networks otherwise', async () => {
    const a = await analyze({ 'x.example': { TXT: ['v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all'] } });
    expect(spfAuthorizationSentence(a)).toBe(
      'Authorizes 256 IPv4 addresses in 1 network and 1 IPv6 network.',
    );
  });
});

describe('summarizeSpf', () => {
  it('reads a DNS failure as could not be checked', async () => {
    const s = summarizeSpf(await analyze({ 'x.example': { $rcode: 'SERVFAIL' } }));
    expect(s).toMatchObject({
      status: 'unknown',
      headline: 'Could not be checked (SERVFAIL).',
      cause: 'SERVFAIL',
    });
  });

  it('counts against the limit carried in the analysis', async () => {
    const s = summarizeSpf(await analyze({ 'x.example': { TXT: ['v=spf1 ip4:192.0.2.1 -all'] } }));
    expect(s.headline).toBe('Record found, 0/10 DNS lookups, ends in -all.');
  });

  it('leads with the permerror that ends evaluation, not with the +all it never reaches (RFC 7208 §5.2)', async () => {
    const broken = {
      'x.example': { TXT: ['v=spf1 a:mail.x.example include:missing.x.example ptr +all'] },
      'mail.x.example': { A: ['192.0.2.81'] },
    };
    expect(summarizeSpf(await analyze(broken))).toMatchObject({
      status: 'fail',
      headline:
        'SPF fails (permerror) for all mail not from a:mail.x.example: “include:missing.x.example” points to a domain that does not exist.',
    });
    const first = await analyze({ 'x.example': { TXT: ['v=spf1 include:missing.x.example -all'] } });
    expect(summarizeSpf(first).headline).toBe(
      'SPF fails (permerror) for all mail: “include:missing.x.example” points to a domain that does not exist.',
    );
  });
});
