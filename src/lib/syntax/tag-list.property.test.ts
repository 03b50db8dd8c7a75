// The tag=value scanners (RFC 6376 §3.2 tag lists, and the policy-record field scanner) on arbitrary and hostile
// input: never throw; built-in property names are ordinary tag names (the scan returns a Map, not an object).
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_NAMES,
  expectNeverThrows,
  expectReturnsOnHostile,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { scanPolicyRecord } from './policy-record';
import { parseTagList, scanTags } from './tag-list';

const PIECES = [
  'v',
  '=',
  ';',
  ' ',
  '\r\n\t',
  'a',
  'b',
  'p',
  'k',
  'rsa',
  'DKIM1',
  'abc+/=',
  '_',
  '1',
  ':',
  '|',
];
const prefixes = ['v=DKIM1; ', 'a=b; c='];

describe('tag-list scanner on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws (2,000 cases each)', () => {
    expectNeverThrows((s) => parseTagList(s), PIECES);
    expectNeverThrows((s) => scanTags(s, { lowerCaseNames: true, duplicates: 'keep-first' }), PIECES);
    expectNeverThrows((s) => scanPolicyRecord(s, { lowerCaseNames: true }), PIECES);
  });

  it('returns on every hostile input', () => {
    expectReturnsOnHostile((s) => parseTagList(s), { prefixes });
    expectReturnsOnHostile((s) => scanTags(s, { lowerCaseNames: true }), { prefixes });
    expectReturnsOnHostile((s) => scanPolicyRecord(s), { prefixes: ['v=STSv1; ', 'v=TLSRPTv1; rua='] });
  });

  it('keeps built-in property names as ordinary tags', () => {
    const names = BUILT_IN_NAMES.filter((n) => /^[A-Za-z]/.test(n));
    const scan = scanTags(names.map((n) => `${n}=x`).join('; '));
    expect(scan.ok).toBe(true);
    expect([...scan.map.keys()]).toEqual(names);
  });
});
