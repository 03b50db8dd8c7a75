// DMARC records (RFC 9989, RFC 7489 mode) on arbitrary and hostile input: never throw; built-in property names
// are unknown tags, not duplicates.
import { describe, expect, it } from 'vitest';
import {
  expectNeverThrows,
  expectReturnsOnHostile,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { parseDmarcRecord } from '.';

const PIECES = [
  'v=DMARC1',
  'p=reject',
  'sp=none',
  'np=quarantine',
  'pct=50',
  'rua=mailto:a@example.com',
  'ruf=mailto:b@example.com!10m',
  'adkim=s',
  'aspf=r',
  'fo=1:d:s',
  'psd=y',
  't=y',
  'ri=86400',
  ';',
  '=',
  ',',
  ' ',
];
const prefixes = ['v=DMARC1; ', 'v=DMARC1; p=none; rua=', 'v=DMARC1; p=none; fo='];

describe('parseDmarcRecord on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws (2,000 cases per mode)', () => {
    expectNeverThrows((s) => parseDmarcRecord(s), PIECES);
    expectNeverThrows((s) => parseDmarcRecord(s, { mode: 'rfc7489' }), PIECES);
  });

  it('returns on every hostile input', () => {
    expectReturnsOnHostile((s) => parseDmarcRecord(s), { prefixes });
    expectReturnsOnHostile((s) => parseDmarcRecord(s, { mode: 'rfc7489' }), { prefixes });
  });

  it('treats built-in property names as unknown tags, not repeated ones', () => {
    const r = parseDmarcRecord('v=DMARC1; p=none; constructor=x');
    expect(JSON.stringify(r)).not.toMatch(/more than once|twice/);
  });
});
