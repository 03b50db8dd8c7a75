// BIMI assertion records (draft-brand-indicators-for-message-identification) on arbitrary and hostile input:
// never throw.
import { expect, it } from 'vitest';
import { describeParserOnHostile } from '../../../tests/support/hostile-inputs';
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

describeParserOnHostile(
  'parseBimiRecord on hostile input',
  (s) => parseBimiRecord(s),
  { pieces: PIECES, prefixes: ['v=BIMI1; ', 'v=BIMI1; l=', 'v=BIMI1; l=; lps='] },
  () => {
    it('treats built-in property names as unknown tags, not repeated ones', () => {
      const r = parseBimiRecord('v=BIMI1; l=; constructor=x');
      expect(JSON.stringify(r)).not.toMatch(/twice|more than once/);
    });
  },
);
