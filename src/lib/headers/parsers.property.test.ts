// Every header parser on arbitrary and mutated input never throws (≥ 10,000 cases each), and returns on the shared
// hostile list (tests/support/hostile-inputs.ts) plus the header-specific inputs that once made a parser quadratic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectReturnsOnHostile,
  HOSTILE_BYTES,
  hostileSoup,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { parseAddressList } from './address';
import { analyzeHeaders } from './analyze';
import { explainCompauth } from './compauth';
import { parseMailDate } from './date';
import { decodeMicrosoftAntispam } from './microsoft';
import { parseReceived } from './received';
import { decodeEncodedWords } from './rfc2047';
import { decodeMessageBytes, splitHeaders } from './split';

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
  '<',
  '>',
  ',',
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
  '=?utf-8?q?',
  '?=',
  'From:',
  'Received:',
  'DKIM-Signature:',
  'Authentication-Results:',
  'by',
  'from',
  'with',
  '[192.0.2.1]',
  '2001:db8::1',
  'Mon, 1 Jan 2024 00:00:00 +0000',
  'é',
];
const anything = fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), hostileSoup(PIECES));

/** Each parser, and valid starts that lead the hostile list into its inner loops. */
const parsers: Array<[string, (s: string) => unknown, string[]]> = [
  ['splitHeaders', (s) => splitHeaders(s), ['Subject: ', 'From: a@example.com\r\n ']],
  [
    'parseReceived',
    (s) => parseReceived(s),
    ['from a.example (b.example [192.0.2.1]) by c.example with ESMTPS id '],
  ],
  ['parseMailDate', (s) => parseMailDate(s), ['Mon, 1 Jan 2024 ', '2024-01-01T00:00:00']],
  ['decodeEncodedWords', (s) => decodeEncodedWords(s), ['=?utf-8?q?', '=?utf-8?B?', '=?utf-8?q?a?= ']],
  ['parseAddressList', (s) => parseAddressList(s), ['"a" <', 'a@', 'group: ']],
  ['explainCompauth', (s) => explainCompauth(s), []],
  [
    'decodeMicrosoftAntispam',
    (s) =>
      decodeMicrosoftAntispam(
        splitHeaders(
          ['X-Forefront-Antispam-Report', 'X-Microsoft-Antispam', 'X-Microsoft-Antispam-Mailbox-Delivery']
            .map((name) => `${name}: ${s}\r\n`)
            .join(''),
        ).fields,
        s,
      ),
    ['CIP:', 'SFV:', 'SCL:', 'BCL:', 'ucf:', 'dest:', 'CIP:192.0.2.1;CTRY:'],
  ],
  [
    'analyzeHeaders',
    (s) => analyzeHeaders(s, { now: new Date(0) }),
    [
      'From: ',
      'Subject: ',
      'Date: ',
      'Received: ',
      'Authentication-Results: ',
      'Authentication-Results: mx.example; compauth=fail reason=',
      'DKIM-Signature: ',
      'ARC-Seal: i=1; ',
      'ARC-Authentication-Results: i=1; ',
      'Return-Path: <',
    ],
  ],
];

describe('header parsers on arbitrary input', { timeout: HOSTILE_TIMEOUT }, () => {
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
});

describe('header parsers on the hostile list', { timeout: HOSTILE_TIMEOUT }, () => {
  for (const [name, parse, prefixes] of parsers) {
    it(`${name} returns on every hostile input`, () => expectReturnsOnHostile(parse, { prefixes }));
  }

  it('decodeMessageBytes returns text for every hostile byte input', () => {
    for (const { name, bytes } of HOSTILE_BYTES)
      expect(typeof decodeMessageBytes(bytes).text, name).toBe('string');
  });

  it('returns on header-specific hostile inputs, including those that once made a parser quadratic', () => {
    const inputs = [
      `Subject: x\r\n${' folded\r\n'.repeat(20_000)}`,
      `Received: from ${'[192.0.2.1] '.repeat(5000)}by x; Mon, 1 Jan 2024 00:00:00 +0000`,
      `Received: from x (${':'.repeat(8000)}) by y`,
      `Subject: =?utf-8?q?${'=41'.repeat(30_000)}?=`,
      `To: ${'a@b.example, '.repeat(10_000)}`,
      // split.ts trimmed with /[ \t]+$/, which rescans a long inner run of blanks from every start.
      `Subject: a${' \t'.repeat(50_000)}b`,
      // address.ts stripped a domain's tail with /[>\]\s]+$/.
      `From: a@b${' '.repeat(100_000)}c`,
      // rfc2047.ts dropped base64 padding with /=+$/: a 10,000-character word of "=" cost 0.25 s each.
      `Subject: ${`=?utf-8?B?${'='.repeat(9_999)}x?= `.repeat(20)}`,
      // The display-name check used /[\w.+-]+@…/, which rescans a long name from every start.
      `From: "${'a'.repeat(100_000)}" <x@example.com>`,
      `Subject: ${'a'.repeat(1024 * 1024)}`,
    ];
    for (const text of inputs) expect(analyzeHeaders(text, { now: new Date(0) }).fields.length).toBe(1);
  });
});
