// TLS-RPT records (RFC 8460 §3) on arbitrary and hostile input: never throw.
import { describe, expect, it } from 'vitest';
import {
  expectNeverThrows,
  expectReturnsOnHostile,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { parseTlsRptRecord } from './record';

const PIECES = [
  'v=TLSRPTv1',
  'rua=mailto:tlsrpt@example.com',
  'rua=https://reports.example.com/v1',
  ',',
  ';',
  '=',
  ' ',
  'mailto:',
  'https://',
];

describe('parseTlsRptRecord on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws (2,000 cases)', () => expectNeverThrows((s) => parseTlsRptRecord(s), PIECES));

  it('returns on every hostile input', () =>
    expectReturnsOnHostile((s) => parseTlsRptRecord(s), {
      prefixes: ['v=TLSRPTv1; ', 'v=TLSRPTv1; rua=', 'v=TLSRPTv1; rua=mailto:a@example.com,'],
    }));

  it('treats built-in property names as unknown fields, not repeated ones', () => {
    const r = parseTlsRptRecord('v=TLSRPTv1; rua=mailto:a@example.com; constructor=x');
    expect(JSON.stringify(r)).not.toMatch(/twice|more than once/);
  });
});
