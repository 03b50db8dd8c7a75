// TLS-RPT records (RFC 8460 §3) on arbitrary and hostile input: never throw.
import { expect, it } from 'vitest';
import { describeParserOnHostile } from '../../../tests/support/hostile-inputs';
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

describeParserOnHostile(
  'parseTlsRptRecord on hostile input',
  (s) => parseTlsRptRecord(s),
  {
    pieces: PIECES,
    prefixes: ['v=TLSRPTv1; ', 'v=TLSRPTv1; rua=', 'v=TLSRPTv1; rua=mailto:a@example.com,'],
  },
  () => {
    it('treats built-in property names as unknown fields, not repeated ones', () => {
      const r = parseTlsRptRecord('v=TLSRPTv1; rua=mailto:a@example.com; constructor=x');
      expect(JSON.stringify(r)).not.toMatch(/twice|more than once/);
    });
  },
);
