// The tag=value scanner (RFC 6376 §3.2) on arbitrary and hostile input: never throws; built-in property names
// are ordinary tag names (the scan returns a Map, never a plain object).
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_NAMES,
  expectNeverThrows,
  expectReturnsOnHostile,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
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
  });

  it('returns on every hostile input', () => {
    expectReturnsOnHostile((s) => parseTagList(s), { prefixes });
    expectReturnsOnHostile((s) => scanTags(s, { lowerCaseNames: true }), { prefixes });
  });

  it('keeps built-in property names as ordinary tags', () => {
    const names = BUILT_IN_NAMES.filter((n) => /^[A-Za-z]/.test(n));
    const scan = scanTags(names.map((n) => `${n}=x`).join('; '));
    expect(scan.ok).toBe(true);
    expect([...scan.map.keys()]).toEqual(names);
  });
});
