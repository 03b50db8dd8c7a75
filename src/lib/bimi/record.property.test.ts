// BIMI assertion records (draft-brand-indicators-for-message-identification) on arbitrary and hostile input:
// never throw.
import { describe, expect, it } from 'vitest';
import {
  expectNeverThrows,
  expectReturnsOnHostile,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { parseBimiRecord } from './record';

const PIECES = [
  'v=BIMI1',
  'l=https://example.com/logo.svg',
  'a=https://example.com/vmc.pem',
  'l=',
  'a=',
  'avp=brand',
  'lps=a,b',
  ';',
  '=',
  ',',
  ' ',
];

describe('parseBimiRecord on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws (2,000 cases)', () => expectNeverThrows((s) => parseBimiRecord(s), PIECES));

  it('returns on every hostile input', () =>
    expectReturnsOnHostile((s) => parseBimiRecord(s), {
      prefixes: ['v=BIMI1; ', 'v=BIMI1; l=', 'v=BIMI1; l=; lps='],
    }));

  it('treats built-in property names as unknown tags, not repeated ones', () => {
    const r = parseBimiRecord('v=BIMI1; l=; constructor=x');
    expect(JSON.stringify(r)).not.toMatch(/twice|more than once/);
  });
});
