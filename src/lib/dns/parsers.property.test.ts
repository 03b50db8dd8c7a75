// DNS text on arbitrary and hostile input: TXT presentation form (RFC 1035 §5.1), MX data, domain input and IDN
// names, and DoH JSON answers of any shape (the body is JSON from the network). None may throw.
import { describe, expect, it } from 'vitest';
import {
  expectNeverThrows,
  expectReturnsOnHostile,
  hostileDohResponses,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import {
  decodeTxtData,
  interpretResponse,
  lookup,
  parseDomainInput,
  parseMxData,
  splitTxtOctets,
  toAsciiName,
  type DohResponse,
} from '.';
import { parseRetryAfter } from './doh-client';

const TXT_PIECES = ['"', '\\"', '\\\\', '\\0', '\\255', '\\999', '\\', ' ', 'v=spf1', 'é'];
const NAME_PIECES = [
  '.',
  '-',
  'xn--',
  'a',
  'example',
  'com',
  'ü',
  '..',
  'https://',
  ':443',
  '/path',
  '@',
  '[',
  ']',
];

const parsers: Array<[string, (s: string) => unknown, string[], string[]]> = [
  ['decodeTxtData', (s) => decodeTxtData(s), TXT_PIECES, ['"', '"v=spf1 " "', '"a\\']],
  ['splitTxtOctets', (s) => splitTxtOctets(s), TXT_PIECES, []],
  ['parseMxData', (s) => parseMxData(s), ['10', '0', '65536', ' ', 'mx.example.com.', '.'], ['10 ', '0 .']],
  ['parseDomainInput', (s) => parseDomainInput(s), NAME_PIECES, ['https://', 'user@']],
  ['toAsciiName', (s) => toAsciiName(s), NAME_PIECES, ['xn--', 'a.']],
  ['parseRetryAfter', (s) => parseRetryAfter(s, 0), ['1', '0', 'Mon, 01 Jan 2024 00:00:00 GMT', ' '], []],
];

describe('DNS text parsers on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  for (const [name, parse, pieces, prefixes] of parsers) {
    it(`${name} never throws (2,000 cases) and returns on every hostile input`, () => {
      expectNeverThrows(parse, pieces);
      expectReturnsOnHostile(parse, { prefixes });
    });
  }
});

describe('DoH answers of hostile shape', { timeout: HOSTILE_TIMEOUT }, () => {
  const all = hostileDohResponses();

  it('interpretResponse turns each into an outcome', () => {
    for (const { name, response } of all)
      expect(interpretResponse('a.example', 'TXT', response as DohResponse).kind, name).toMatch(/^[a-z]+$/);
  });

  it('lookup turns each into an outcome, as a resolver would answer it', async () => {
    for (const { name, response } of all) {
      const resolver = { query: async () => response as DohResponse };
      expect((await lookup(resolver, 'a.example', 'TXT')).kind, name).toMatch(/^[a-z]+$/);
    }
  });
});
