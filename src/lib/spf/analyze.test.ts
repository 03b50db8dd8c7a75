import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CachingResolver } from '../dns/caching-resolver';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeSpf } from './analyze';
import { checkHost } from './check-host';

const deepZone = JSON.parse(readFileSync('tests/fixtures/zones/spf.example.json', 'utf8')) as Zone;

function zone(records: Zone['records']): ZoneResolver {
  return new ZoneResolver({ records });
}

const codes = (a: Awaited<ReturnType<typeof analyzeSpf>>) => a.findings.map((f) => `${f.severity}:${f.code}`);

describe('analyzeSpf on a deep include tree', () => {
  it('builds the whole tree with per-node cost and running totals', async () => {
    const a = await analyzeSpf('deep-spf.example', new ZoneResolver(deepZone));
    expect(a.root.status).toBe('ok');
    expect(a.lookups.rfc).toBe(15);
    expect(a.root.ownLookups).toBe(4);
    const spf = a.root.children[0]!;
    expect(spf.domain).toBe('_spf.deep-spf.example');
    expect(spf.children.map((c) => c.domain)).toEqual(['_spf1.deep-spf.example', '_spf2.deep-spf.example']);
    expect(spf.subtreeLookups).toBe(9);
    expect(spf.runningTotal).toBe(10);
    const vendorC = spf.children[1]!.children[0]!;
    expect(vendorC.domain).toBe('_spf.vendor-c.example');
    expect(vendorC.terms.map((t) => t.lookupNumber)).toEqual([8, 9, 10, null, null]);
    expect(a.root.terms[1]!.lookupNumber).toBe(11);
    expect(a.root.children[1]!.terms[0]!.lookupNumber).toBe(12);
    // depth: root → _spf → _spf2 → vendor-c is 4 levels
    expect(vendorC.id.split('.')).toHaveLength(4);
  });

  it('reports the over-limit term, voids, macros and netblocks', async () => {
    const a = await analyzeSpf('deep-spf.example', new ZoneResolver(deepZone));
    const over = a.findings.find((f) => f.code === 'too-many-lookups')!;
    expect(over.severity).toBe('error');
    expect(over.detail).toContain('include:mail.vendor-a.example in deep-spf.example');
    expect(codes(a)).toContain('warning:void-lookup');
    expect(codes(a)).toContain('info:macro-target');
    expect(codes(a)).toContain('info:softfail-all');
    expect(a.netblocks.duplicates.map((d) => d.block)).toContain('198.51.100.0/24');
    expect(a.netblocks.overlaps.map((o) => `${o.outer}>${o.inner}`)).toContain('192.0.2.0/24>192.0.2.128/25');
    // 192.0.2.0/24 + 198.51.100.0/24 + 203.0.113.0/24 + 198.18.0.0/24 are the union
    expect(a.netblocks.ipv4Addresses).toBe(4 * 256);
  });

  it('counts MX host address lookups only in the stricter convention', async () => {
    const a = await analyzeSpf('deep-spf.example', new ZoneResolver(deepZone));
    expect(a.lookups.withAddressLookups).toBe(16);
    expect(codes(a)).toContain('info:lookup-conventions');
  });

  it('asks no question twice behind a memo resolver', async () => {
    const inner = new ZoneResolver(deepZone);
    await analyzeSpf('deep-spf.example', new CachingResolver(inner, { memo: true }));
    const keys = inner.asked.map((q) => `${q.name} ${q.type}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('check_host on the same tree: pass before the limit, permerror after it', async () => {
    const r = new ZoneResolver(deepZone);
    const base = { domain: 'deep-spf.example', sender: 'a@deep-spf.example', helo: 'mx.deep-spf.example' };
    const early = await checkHost({ ...base, ip: '203.0.113.5' }, r);
    expect(early.result).toBe('pass');
    expect(early.lookups).toBe(10);
    expect(early.decidedBy).toMatchObject({
      domain: '_spf.vendor-c.example',
      term: 'ip4:203.0.113.0/24',
      path: ['deep-spf.example', '_spf.deep-spf.example', '_spf2.deep-spf.example', '_spf.vendor-c.example'],
    });
    const late = await checkHost({ ...base, ip: '198.18.0.25' }, r);
    expect(late.result).toBe('permerror');
    expect(late.reason).toMatch(/lookup number 11/);
  });
});

describe('analyzeSpf findings', () => {
  it('flags no record and suggests one', async () => {
    const a = await analyzeSpf('nospf.example', zone({ 'nospf.example': { TXT: ['hello'] } }));
    expect(codes(a)).toEqual(['warning:no-spf']);
  });

  it('flags +all, terms after all, redirect with all, ptr, duplicate terms', async () => {
    const a = await analyzeSpf(
      'bad.example',
      zone({
        'bad.example': { TXT: ['v=spf1 ptr a a +all mx redirect=other.example'] },
        'other.example': { TXT: ['v=spf1 -all'] },
      }),
    );
    expect(codes(a)).toEqual(
      expect.arrayContaining([
        'error:plus-all',
        'warning:after-all',
        'warning:redirect-ignored',
        'warning:ptr',
        'warning:duplicate-term',
      ]),
    );
    const redirect = a.root.terms.find((t) => t.name === 'redirect')!;
    expect(redirect.unreachable).toBe(true);
    expect(a.root.terms.find((t) => t.name === 'mx')!.unreachable).toBe(true);
  });

  it('flags a missing include target as permerror and a loop', async () => {
    const a = await analyzeSpf(
      'x.example',
      zone({
        'x.example': { TXT: ['v=spf1 include:gone.example include:loop1.example -all'] },
        'loop1.example': { TXT: ['v=spf1 include:loop2.example -all'] },
        'loop2.example': { TXT: ['v=spf1 include:loop1.example -all'] },
      }),
    );
    expect(codes(a)).toEqual(expect.arrayContaining(['error:include-target-missing', 'error:spf-loop']));
  });

  it('flags multiple records, syntax errors and the obsolete leftovers', async () => {
    const multi = await analyzeSpf(
      'm.example',
      zone({ 'm.example': { TXT: ['v=spf1 -all', 'v=spf1 ~all'] } }),
    );
    expect(codes(multi)).toContain('error:spf-multiple');
    const syntax = await analyzeSpf(
      's.example',
      zone({ 's.example': { TXT: ['v=spf1 ip4:192.0.2.1~all'] } }),
    );
    const err = syntax.findings.find((f) => f.code === 'bad-network')!;
    expect(err.fix).toBe('Put a space before “~all”.');
    const old = await analyzeSpf(
      'o.example',
      zone({ 'o.example': { TXT: ['v=spf1 -all', 'spf2.0/mfrom,pra -all'], SPF: ['v=spf1 -all'] } }),
    );
    expect(codes(old)).toEqual(expect.arrayContaining(['warning:spf-rr-type', 'warning:sender-id']));
  });

  it('reads a DNS failure as “could not check”, never as missing', async () => {
    const a = await analyzeSpf('t.example', zone({ 't.example': { $timeout: true } }));
    expect(a.root.status).toBe('dns-error');
    expect(codes(a)).toContain('unknown:spf-dns-error');
    expect(codes(a)).not.toContain('warning:no-spf');
    const b = await analyzeSpf(
      's.example',
      zone({
        's.example': { TXT: ['v=spf1 include:sf.example -all'] },
        'sf.example': { $rcode: 'SERVFAIL' },
      }),
    );
    expect(codes(b)).toContain('unknown:spf-dns-error');
  });

  it('warns on an answer over 512 bytes and counts voids over the limit', async () => {
    const big = await analyzeSpf(
      'big.example',
      zone({
        'big.example': {
          TXT: [
            'v=spf1 -all',
            ...Array.from({ length: 6 }, (_, i) => `verification-token-${i}=${'x'.repeat(80)}`),
          ],
        },
      }),
    );
    expect(codes(big)).toContain('warning:answer-size');
    const voids = await analyzeSpf(
      'v.example',
      zone({ 'v.example': { TXT: ['v=spf1 a:n1.v.example a:n2.v.example mx:n3.v.example -all'] } }),
    );
    expect(voids.voidLookups).toBe(3);
    expect(codes(voids)).toContain('error:too-many-voids');
  });
});

describe('analyzeSpf applies check_host’s rules', () => {
  it('reads MX hosts in preference order and reports the first failing one', async () => {
    const r = zone({
      'm.example': { TXT: ['v=spf1 mx -all'], MX: ['30 c.m.example', '10 a.m.example', '20 b.m.example'] },
      'a.m.example': { A: ['192.0.2.1'] },
      'b.m.example': { $rcode: 'SERVFAIL' },
      'c.m.example': { $timeout: true },
    });
    const a = await analyzeSpf('m.example', r);
    const mx = a.root.terms[0]!;
    expect(mx.mxHosts.map((h) => h.host)).toEqual(['a.m.example', 'b.m.example', 'c.m.example']);
    expect(mx.dnsError).toContain('b.m.example');
    expect(mx.dnsError).toContain('SERVFAIL');
    expect(codes(a)).toContain('unknown:term-dns-error');
    const finding = a.findings.find((f) => f.code === 'term-dns-error')!;
    expect(finding.detail).not.toContain('..');
  });

  it('counts an include or redirect whose TXT answer is void, as check_host does', async () => {
    const r = zone({
      'v.example': { TXT: ['v=spf1 a:none1.v.example include:gone.v.example -all'] },
      'r.example': { TXT: ['v=spf1 a:none1.r.example redirect=empty.r.example'] },
      'empty.r.example': { A: ['192.0.2.9'] },
    });
    const inc = await analyzeSpf('v.example', r);
    expect(inc.voidLookups).toBe(2);
    expect(codes(inc)).toContain('error:include-target-missing');
    expect(codes(inc).filter((c) => c === 'warning:void-lookup')).toHaveLength(1);
    const incCheck = await checkHost({ ip: '192.0.2.1', domain: 'v.example', sender: 'x@v.example' }, r);
    expect(incCheck).toMatchObject({ result: 'permerror', voidLookups: 2 });
    const red = await analyzeSpf('r.example', r);
    expect(red.voidLookups).toBe(2);
    const redCheck = await checkHost({ ip: '192.0.2.1', domain: 'r.example', sender: 'x@r.example' }, r);
    expect(redCheck).toMatchObject({ result: 'permerror', voidLookups: 2 });
  });

  it('carries the limits the counts are measured against', async () => {
    const eight = Array.from({ length: 8 }, (_, i) => `a:h${i}.e.example`).join(' ');
    const records: Zone['records'] = { 'e.example': { TXT: [`v=spf1 ${eight} -all`] } };
    for (let i = 0; i < 8; i++) records[`h${i}.e.example`] = { A: [`192.0.2.${i}`] };
    const a = await analyzeSpf('e.example', zone(records));
    expect(a.limits).toEqual({ lookups: 10, warnAt: 8, voidLookups: 2 });
    expect(a.lookups.rfc).toBe(8);
    expect(codes(a)).toContain('warning:lookups-near-limit');
  });

  it('derives findings from the note kind, not its wording', async () => {
    const mx = Array.from({ length: 11 }, (_, i) => `${i} mx${i}.many.example`);
    const a = await analyzeSpf(
      'many.example',
      zone({
        'many.example': { TXT: ['v=spf1 mx exists:%{i}.x.example include:%{d}.y.example -all'], MX: mx },
      }),
    );
    expect(a.root.terms.map((t) => t.note?.kind ?? null)).toEqual([
      'mx-too-many',
      'macro-target',
      'macro-include',
      null,
    ]);
    expect(codes(a)).toEqual(expect.arrayContaining(['error:mx-too-many', 'info:macro-target']));
    expect(codes(a).filter((c) => c === 'info:macro-target')).toHaveLength(2);
  });
});

describe('analyzeSpf verdicts (issue 13)', () => {
  const broken = {
    'b.example': { TXT: ['v=spf1 a:mail.b.example include:missing.b.example ptr +all'] },
    'mail.b.example': { A: ['192.0.2.81'] },
  };

  it('says “fails for every message” only when nothing evaluated earlier can match', async () => {
    const a = await analyzeSpf('b.example', zone(broken));
    const missing = a.findings.find((f) => f.code === 'include-target-missing')!;
    expect(missing.detail).not.toContain('every message.');
    expect(missing.detail).toContain('not matched earlier by a:mail.b.example');
    // and check_host agrees: the earlier a: passes
    const r = await checkHost({ ip: '192.0.2.81', domain: 'b.example', sender: 'x@b.example' }, zone(broken));
    expect(r.result).toBe('pass');
    const first = await analyzeSpf(
      'f.example',
      zone({ 'f.example': { TXT: ['v=spf1 include:missing.f.example a -all'], A: ['192.0.2.1'] } }),
    );
    expect(first.findings.find((f) => f.code === 'include-target-missing')!.detail).toContain(
      'so SPF fails for every message',
    );
  });

  it('knows a reachable +all authorizes every address, directly or through +include', async () => {
    const direct = zone({
      'p.example': { TXT: ['v=spf1 a:mail.p.example ptr +all'] },
      'mail.p.example': { A: ['192.0.2.81'] },
    });
    expect((await analyzeSpf('p.example', direct)).everyAddress).toEqual({
      domain: 'p.example',
      term: '+all',
    });
    const via = zone({
      'i.example': { TXT: ['v=spf1 ip4:192.0.2.1 include:open.example -all'] },
      'n.example': { TXT: ['v=spf1 -include:open.example ~all'] },
      'd.example': { TXT: ['v=spf1 -all include:open.example'] },
      'open.example': { TXT: ['v=spf1 +all'] },
    });
    expect((await analyzeSpf('i.example', via)).everyAddress).toEqual({
      domain: 'open.example',
      term: '+all',
    });
    expect((await analyzeSpf('n.example', via)).everyAddress).toBeNull();
    expect((await analyzeSpf('d.example', via)).everyAddress).toBeNull();
  });

  it('a broken include before +all ends evaluation with permerror: +all is never reached (RFC 7208 §5.2)', async () => {
    const a = await analyzeSpf('b.example', zone(broken));
    expect(a.everyAddress).toBeNull();
    expect(a.permerror).toMatchObject({
      domain: 'missing.b.example',
      term: 'include:missing.b.example',
      earlierMatches: ['a:mail.b.example'],
    });
    // The broken include is the first fix; +all comes second, saying it decides nothing today.
    expect(a.findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual([
      'include-target-missing',
      'plus-all',
    ]);
    expect(a.findings.find((f) => f.code === 'plus-all')!.title).toBe(
      '“+all” would authorize every server on the Internet once “include:missing.b.example” is fixed',
    );
  });

  const reach = {
    // An include that passes every message decides them all: the broken include after it is never reached.
    'open-first.example': { TXT: ['v=spf1 include:open.example include:missing.example -all'] },
    // A -include of an open record matches every message too (and fails it).
    'minus-first.example': { TXT: ['v=spf1 -include:open.example include:missing.example ~all'] },
    // A record that fails every message does not match as an include: evaluation goes on to the broken one.
    'closed-first.example': { TXT: ['v=spf1 include:closed.example include:missing.example +all'] },
    // Nested: the include's own broken include is a permerror of the whole check.
    'nested.example': { TXT: ['v=spf1 ip4:192.0.2.1 include:mid.example +all'] },
    'mid.example': { TXT: ['v=spf1 include:missing.example -all'] },
    'open.example': { TXT: ['v=spf1 +all'] },
    'closed.example': { TXT: ['v=spf1 -all'] },
  };

  it('a permerror counts only when a message can reach it', async () => {
    const z = zone(reach);
    // Each domain: where evaluation ends with permerror (null: never), and what +all passes every address.
    const cases: Array<[string, string | null, string | null]> = [
      ['open-first.example', null, 'open.example'],
      ['minus-first.example', null, null],
      ['closed-first.example', 'include:missing.example', null],
      ['nested.example', 'include:missing.example', null],
    ];
    for (const [domain, stop, open] of cases) {
      const a = await analyzeSpf(domain, z);
      expect(a.permerror?.term ?? null, domain).toBe(stop);
      expect(a.everyAddress?.domain ?? null, domain).toBe(open);
    }
    expect((await analyzeSpf('nested.example', z)).permerror?.earlierMatches).toEqual(['ip4:192.0.2.1']);
  });

  it('reports an SPF record behind a byte-order mark instead of reading it silently', async () => {
    for (const style of ['cloudflare', 'google'] as const) {
      const r = new ZoneResolver({ records: { 'bom.example': { TXT: ['\uFEFFv=spf1 -all'] } } }, { style });
      const a = await analyzeSpf('bom.example', r);
      expect(a.root.status).toBe('none');
      expect(a.root.bomRecord).toBe('v=spf1 -all');
      expect(codes(a)).toEqual(['error:spf-bom']);
      const check = await checkHost({ ip: '192.0.2.1', domain: 'bom.example', sender: 'x@bom.example' }, r);
      expect(check.result).toBe('none');
      expect(check.reason).toContain('byte-order mark');
    }
    const included = await analyzeSpf(
      'inc.example',
      zone({
        'inc.example': { TXT: ['v=spf1 include:bom.example -all'] },
        'bom.example': { TXT: ['\uFEFFv=spf1 -all'] },
      }),
    );
    expect(codes(included)).toEqual(
      expect.arrayContaining(['error:include-target-missing', 'error:spf-bom']),
    );
  });
});
