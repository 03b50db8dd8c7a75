// Every header parser on arbitrary and mutated input: never throws (≥ 10,000 cases each), and the shared hostile
// list (deep comment nesting, huge folds, NULs, CRLF injection, invalid UTF-8 as text) finishes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTagList } from '../syntax/tag-list';
import { parseDkimSignature } from '../dkim/signature';
import { parseAddressList } from './address';
import { analyzeHeaders } from './analyze';
import { parseAuthenticationResults } from '../authres';
import { parseMailDate } from './date';
import { parseReceived } from './received';
import { decodeEncodedWords } from './rfc2047';
import { splitHeaders } from './split';

const RUNS = 10_000;
const PIECES = [
  ';',
  '=',
  '(',
  ')',
  '"',
  '\\',
  '.',
  '/',
  '@',
  ' ',
  '\r\n ',
  '\n',
  'dkim',
  'pass',
  'spf',
  'header.d',
  'smtp.mailfrom',
  'example.com',
  'reason',
  '=?utf-8?B?',
  '?=',
  'From:',
  'Received:',
  'by',
  'from',
  'with',
  '[192.0.2.1]',
  '2001:db8::1',
  'Mon, 1 Jan 2024 00:00:00 +0000',
  'é',
  '\u0000',
  '\u202e',
];
const soup = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 })), { maxLength: 40 })
  .map((a) => a.join(''));
const anything = fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), soup);

const parsers: Array<[string, (s: string) => unknown]> = [
  ['parseAuthenticationResults (relaxed)', (s) => parseAuthenticationResults(s)],
  [
    'parseAuthenticationResults (strict)',
    (s) => parseAuthenticationResults(s, { relaxed: false, i18n: false }),
  ],
  ['splitHeaders', (s) => splitHeaders(s)],
  ['parseReceived', (s) => parseReceived(s)],
  ['parseMailDate', (s) => parseMailDate(s)],
  ['decodeEncodedWords', (s) => decodeEncodedWords(s)],
  ['parseAddressList', (s) => parseAddressList(s)],
  ['parseTagList', (s) => parseTagList(s)],
  ['parseDkimSignature', (s) => parseDkimSignature(s)],
  ['analyzeHeaders', (s) => analyzeHeaders(s, { now: new Date(0) })],
];

describe('header parsers on arbitrary input', () => {
  for (const [name, parse] of parsers) {
    it(`${name} never throws (${RUNS} cases)`, () => {
      fc.assert(
        fc.property(anything, (s) => {
          parse(s);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('finishes the shared hostile list', () => {
    const hostile = [
      `x; dkim=pass ${'('.repeat(50_000)}`,
      `x; dkim=pass ${'(a)'.repeat(20_000)}`,
      `Subject: ${'a'.repeat(100_000)}`,
      `Subject: x\r\n${' folded\r\n'.repeat(20_000)}`,
      'From: a@example.com\r\nBcc: injected@example.com\u0000\r\n',
      `Received: from ${'[192.0.2.1] '.repeat(5000)}by x; Mon, 1 Jan 2024 00:00:00 +0000`,
      `Received: from x (${':'.repeat(8000)}) by y`,
      `=?utf-8?q?${'=41'.repeat(30_000)}?=`,
      `To: ${'a@b.example, '.repeat(10_000)}`,
      '\uFFFD\uFFFD\uD800 invalid surrogate',
    ];
    for (const text of hostile) for (const [, parse] of parsers) expect(() => parse(text)).not.toThrow();
  });
});
