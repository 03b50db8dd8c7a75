// MTA-STS TXT records and policy files (RFC 8461 §3.1, §3.2) on arbitrary and hostile input: never throw.
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_NAMES,
  expectNeverThrows,
  expectReturnsOnHostile,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { parseMtaStsPolicy, parseMtaStsTxt } from './record';

const TXT_PIECES = ['v=STSv1', 'id=20240101T000000', 'id=', 'ext=1', ';', '=', ' '];
const POLICY_PIECES = [
  'version: STSv1',
  'mode: enforce',
  'mode: testing',
  'mx: mx1.example.com',
  'mx: *.example.net',
  'max_age: 604800',
  'max_age: 99999999999',
  ':',
  '\r\n',
  '\n',
  ' ',
];

describe('MTA-STS parsers on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throw (2,000 cases each)', () => {
    expectNeverThrows((s) => parseMtaStsTxt(s), TXT_PIECES);
    expectNeverThrows((s) => parseMtaStsPolicy(s), POLICY_PIECES);
  });

  it('return on every hostile input', () => {
    expectReturnsOnHostile((s) => parseMtaStsTxt(s), { prefixes: ['v=STSv1; ', 'v=STSv1; id='] });
    expectReturnsOnHostile((s) => parseMtaStsPolicy(s), {
      prefixes: [
        'version: STSv1\r\n',
        'version: STSv1\r\nmode: enforce\r\nmx: ',
        'version: STSv1\r\nmax_age: ',
      ],
    });
  });

  it('keeps built-in property names as ordinary extension fields', () => {
    for (const name of BUILT_IN_NAMES.filter((n) => /^[A-Za-z]/.test(n))) {
      const r = parseMtaStsTxt(`v=STSv1; id=abc; ${name}=x`);
      expect(r.ok && Object.entries(r.record.extensions), name).toEqual([[name, 'x']]);
    }
  });

  it('parses a policy line with a long inner run of blanks (a linear scan, no backtracking regex)', () => {
    const r = parseMtaStsPolicy(
      `version: STSv1\nmode: none\nmax_age: 86400\nx: a${' '.repeat(50_000)}b${' '.repeat(9_000)}\n`,
    );
    expect(r.issues.some((i) => i.code === 'unknown-field')).toBe(true);
  });
});
