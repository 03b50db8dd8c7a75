// ARC chain validation (RFC 8617 §5.2) on ValiMail's arc_test_suite validation tests (MIT; tests/fixtures/NOTICE.md).
// Each suite carries the DKIM key records its messages were sealed with; the expected cv is Pass, Fail or None.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyArc } from '../../src/lib/arc';
import { ZoneResolver, type Zone } from '../../src/lib/dns/zone';

interface Suite {
  description: string;
  tests: Record<string, { spec: string; description: string; message: string; cv: string }>;
  'txt-records': Record<string, string>;
}

const suites = JSON.parse(
  readFileSync('tests/fixtures/arc/arc-draft-validation-tests.json', 'utf8'),
) as Suite[];

/**
 * Tests whose expectation we do not share, with the reason. (The target is none.)
 */
const SKIPPED: Record<string, string> = {};

/** The suite writes an empty cv for "the newest seal already says cv=fail", which RFC 8617 §5.2 step 2 calls fail. */
function expected(cv: string): 'pass' | 'fail' | 'none' {
  const v = cv.trim().toLowerCase();
  return v === '' ? 'fail' : (v as 'pass' | 'fail' | 'none');
}

let total = 0;
for (const suite of suites) {
  const zone: Zone = { records: {} };
  for (const [name, value] of Object.entries(suite['txt-records'] ?? {}))
    zone.records[name] = { TXT: [value] };
  const resolver = new ZoneResolver(zone);
  describe(`ValiMail ARC suite: ${suite.description.trim()}`, () => {
    for (const [name, test] of Object.entries(suite.tests)) {
      total++;
      const run = SKIPPED[name] ? it.skip : it;
      run(`${name}: ${test.description} → ${expected(test.cv)}`, async () => {
        const result = await verifyArc(test.message, resolver);
        expect(result.result, result.reason).toBe(expected(test.cv));
      });
    }
  });
}

describe('ValiMail ARC suite size', () => {
  it('runs every validation test', () => {
    expect(total).toBe(171);
  });
});

/** Stalwart's self-contained vectors: "<name> <TXT value>" lines, a blank line, then the message. */
function keyedMessage(path: string): { records: Zone['records']; message: Buffer } {
  const text = readFileSync(path, 'latin1');
  const split = text.indexOf('\n\n');
  const records: Zone['records'] = {};
  for (const line of text.slice(0, split).split('\n'))
    records[line.slice(0, line.indexOf(' '))] = { TXT: [line.slice(line.indexOf(' ') + 1)] };
  return { records, message: Buffer.from(text.slice(split + 2), 'latin1') };
}

describe('Real-world ARC chains', () => {
  const s1 = keyedMessage('tests/fixtures/arc/stalwart/001.txt');
  const s2 = keyedMessage('tests/fixtures/arc/stalwart/002.txt');
  // 001.txt carries google.com's arc-20160816 key, which also sealed mailauth's and forwardemail's Gmail chains.
  const keys = new ZoneResolver({ records: { ...s1.records, ...s2.records } });

  it('Stalwart 001 (Gmail, i=1) and 002 (two hops, RSA over Ed25519) pass', async () => {
    expect(await verifyArc(s1.message, keys)).toEqual({ result: 'pass', instance: 1 });
    expect(await verifyArc(s2.message, keys)).toEqual({ result: 'pass', instance: 2 });
  });

  it('mailauth: two Gmail hops pass; a changed seal or a cv=fail seal fails', async () => {
    const run = (f: string) => verifyArc(readFileSync(`tests/fixtures/arc/mailauth/${f}.eml`), keys);
    expect(await run('arc-pass')).toEqual({ result: 'pass', instance: 2 });
    expect(await run('arc-pass2')).toEqual({ result: 'pass', instance: 2 });
    // One character of the i=2 seal changed; then of the i=1 seal (which the i=2 seal covers).
    expect(await run('arc-fail')).toMatchObject({
      result: 'fail',
      reason: expect.stringMatching(/^ARC-Seal i=2/),
    });
    expect(await run('arc-fail2')).toMatchObject({
      result: 'fail',
      reason: expect.stringMatching(/^ARC-Seal i=2/),
    });
    expect(await run('arc-fail3')).toMatchObject({ result: 'fail', reason: 'The newest seal has cv=fail.' });
  });

  it('forwardemail: a Gmail-sealed forward passes; a message without ARC is none', async () => {
    const run = (f: string) => verifyArc(readFileSync(`tests/fixtures/arc/forwardemail/${f}.txt`), keys);
    expect(await run('arc-pass')).toEqual({ result: 'pass', instance: 1 });
    expect(await run('arc-none')).toEqual({ result: 'none' });
  });

  it('a key that cannot be fetched is a temporary failure, never a pass', async () => {
    const down = new ZoneResolver({ records: { 'arc-20160816._domainkey.google.com': { $timeout: true } } });
    expect(await verifyArc(s1.message, down)).toMatchObject({ result: 'fail', temporary: true });
  });

  it('bad input never throws', async () => {
    for (const input of [
      '',
      'ARC-Seal: i=1\r\n\r\n',
      'ARC-Seal: garbage',
      new Uint8Array([0, 255, 13, 10, 13, 10]),
    ])
      expect((await verifyArc(input, keys)).result).toMatch(/^(none|fail)$/);
  });
});
