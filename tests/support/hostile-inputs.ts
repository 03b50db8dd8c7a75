// The shared hostile-input list: every parser in src/lib is given each of these and must return (never throw,
// never hang). Headers, TXT records and DoH answers are attacker-controlled, so this is the floor.
// Tests assert that a parser returns, never how fast: a quadratic parser shows as a slow suite, not a timing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

export interface HostileText {
  name: string;
  text: string;
}

export interface HostileBytes {
  name: string;
  bytes: Uint8Array;
}

const MB = 1024 * 1024;

/** Built-in Object.prototype names: a parser that collects names in a plain object trips on these. */
export const BUILT_IN_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
];

/** Right-to-left override and the bidi isolates (Unicode UAX #9): text that displays other than it reads. */
export const BIDI_CONTROLS = ['\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

/** Inputs as text. Each is small enough that a linear parser finishes at once, and large enough to catch one that
 *  is not (1 MB without a space, 100,000 open parentheses). */
export const HOSTILE_TEXTS: readonly HostileText[] = [
  { name: 'empty', text: '' },
  { name: 'only whitespace', text: ' \t\r\n \t' },
  // Header injection: a value carrying its own line end and a further field or a body.
  { name: 'CRLF injection', text: 'a\r\nBcc: injected@example.com\r\n\r\nbody' },
  { name: 'bare LF and CR injection', text: 'a\nX-Injected: 1\rY-Injected: 2' },
  { name: 'NUL bytes', text: 'a\u0000b\u0000\u0000c' },
  { name: '1,000 NULs', text: '\u0000'.repeat(1000) },
  // RFC 1035 §2.3.4: labels stop at 63 octets, names at 255.
  { name: '64-character label', text: `${'a'.repeat(64)}.example.com` },
  { name: '300-character name', text: `${'abcdefghi.'.repeat(30)}example` },
  { name: '1,000 empty labels', text: '.'.repeat(1000) },
  // RFC 1035 §3.3: one character-string is 255 octets; a TXT record of 10k characters is many of them.
  { name: '10,000-character TXT', text: 'x'.repeat(10_000) },
  { name: '10,000 characters in quoted strings', text: `"${'y'.repeat(250)}" `.repeat(40) },
  { name: 'unterminated quote and a final backslash', text: '"abc\\' },
  { name: 'backslash only', text: '\\' },
  // Invalid UTF-8 as it reaches a string: replacement characters, and mojibake of a Latin-1 read.
  { name: 'invalid UTF-8 decoded (U+FFFD)', text: 'a\ufffd\ufffdb\ufffd' },
  { name: 'mojibake', text: 'Ã©Ã¨â€™' },
  { name: 'lone high surrogate', text: 'a\ud800b' },
  { name: 'lone low surrogate', text: '\udc00x' },
  { name: 'high surrogate at the end', text: 'abc\ud83d' },
  { name: 'right-to-left override', text: 'example\u202emoc.evil' },
  { name: 'bidi isolates', text: '\u2066a\u2067b\u2068c\u2069d' },
  { name: 'built-in names as tag names', text: BUILT_IN_NAMES.map((n) => `${n}=x`).join('; ') },
  { name: 'built-in names as words', text: BUILT_IN_NAMES.join(' ') },
  // Comments nest (RFC 5322 §3.2.2): Authentication-Results and Received carry them.
  { name: 'deep comment nesting, unclosed', text: '('.repeat(100_000) },
  { name: 'deep comment nesting, closed', text: `${'('.repeat(50_000)}x${')'.repeat(50_000)}` },
  { name: '20,000 comments in a row', text: '(a) '.repeat(20_000) },
  { name: '100,000 separators', text: ';'.repeat(100_000) },
  { name: '100,000 equals signs, then a letter', text: `${'='.repeat(100_000)}x` },
  // A run a trailing-whitespace regex (/\s+$/) rescans from every start: quadratic unless written with care.
  { name: '100,000 spaces and tabs inside', text: `a${' \t'.repeat(50_000)}b` },
  { name: '50,000 quotes', text: '"'.repeat(50_000) },
  { name: '50,000 escapes', text: '\\'.repeat(50_000) },
  { name: '1 MB without a space', text: 'a'.repeat(MB) },
  { name: '1 MB of dotted words', text: 'a.'.repeat(MB / 2) },
];

/** Inputs as bytes, for parsers that read bytes (message files, DER). */
export const HOSTILE_BYTES: readonly HostileBytes[] = [
  { name: 'no bytes', bytes: new Uint8Array(0) },
  // Invalid UTF-8: a stray continuation byte, a truncated sequence, an overlong "/", an encoded surrogate, FF FE.
  {
    name: 'invalid UTF-8 sequences',
    bytes: Uint8Array.from([
      0x61, 0x80, 0xc3, 0x28, 0xe2, 0x28, 0xa1, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff, 0xfe,
    ]),
  },
  {
    name: 'UTF-8 cut inside a character',
    bytes: Uint8Array.from([0x46, 0x72, 0x6f, 0x6d, 0x3a, 0x20, 0xe2, 0x82]),
  },
  { name: 'NUL bytes', bytes: new Uint8Array(1000) },
  { name: '1 MB of 0xFF', bytes: new Uint8Array(MB).fill(0xff) },
  {
    name: 'DER: length runs past the end',
    bytes: Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02]),
  },
  {
    name: 'DER: 10,000 nested sequences',
    bytes: Uint8Array.from({ length: 20_000 }, (_, i) => (i % 2 ? 0x80 : 0x30)),
  },
];

/** Every hostile input as bytes, for parsers that read bytes: the byte inputs, then each text as UTF-8. */
export const HOSTILE_BYTE_INPUTS: readonly Uint8Array[] = [
  ...HOSTILE_BYTES.map((h) => h.bytes),
  ...HOSTILE_TEXTS.map((h) => new TextEncoder().encode(h.text)),
];

/** A hostile byte input after a valid start (`prefix` as UTF-8), so it reaches a byte parser's inner loops. */
function afterPrefix(prefix: string, bytes: Uint8Array): Uint8Array {
  return new Uint8Array([...new TextEncoder().encode(prefix), ...bytes]);
}

/**
 * Every hostile byte input, bare and after each of `prefixes` (valid starts of what the parser reads), for a byte
 * parser's "returns on every hostile input" test: the byte form of expectReturnsOnHostile's prefixes.
 */
export function hostileByteInputs(prefixes: readonly string[]): Uint8Array[] {
  return HOSTILE_BYTE_INPUTS.flatMap((bytes) => [bytes, ...prefixes.map((p) => afterPrefix(p, bytes))]);
}

/** Short hostile pieces for fast-check soups: line ends, NUL, U+FFFD, lone surrogates, bidi controls, names. */
export const HOSTILE_FRAGMENTS: readonly string[] = [
  '\r\n',
  '\n',
  '\r',
  '\u0000',
  '\ufffd',
  '\ud800',
  '\udc00',
  ...BIDI_CONTROLS,
  ...BUILT_IN_NAMES,
  '(',
  ')',
  '"',
  '\\',
  ';',
  '=',
  ':',
  ',',
  '.',
  ' ',
  '\t',
  'a'.repeat(64),
];

/**
 * Text for "never throws" runs: a parser's own vocabulary (`pieces`) mixed with hostile fragments and arbitrary
 * UTF-16 (lone surrogates included), so runs reach the inner branches, not only the first check.
 */
export function hostileSoup(pieces: readonly string[], maxPieces = 40): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pieces) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) },
  );
  return fc.array(piece, { maxLength: maxPieces }).map((a) => a.join(''));
}

/**
 * Assert that `parse` returns on every hostile text, alone and after each prefix (a valid start such as
 * "v=spf1 ", so the input gets past the first check into the inner loops). `skip` names known failures, each
 * recorded by the caller as an `it.fails` or `it.todo` with the reason.
 */
export function expectReturnsOnHostile(
  parse: (text: string) => unknown,
  options: { prefixes?: readonly string[]; skip?: readonly string[] } = {},
): void {
  for (const prefix of ['', ...(options.prefixes ?? [])]) {
    for (const h of HOSTILE_TEXTS) {
      if (options.skip?.includes(h.name)) continue;
      expect(() => parse(prefix + h.text), `${JSON.stringify(prefix)} + ${h.name}`).not.toThrow();
    }
  }
}

/** The text of one hostile input, by name (for known-failure tests). */
export function hostileText(name: string): string {
  const found = HOSTILE_TEXTS.find((h) => h.name === name);
  if (!found) throw new Error(`No hostile input named ${name}`);
  return found.text;
}

const record = (name: unknown, type: unknown, data: unknown) => ({ name, type, TTL: 300, data });

/**
 * DoH JSON answers of hostile shape (the body is JSON from the network: any shape parses). Each entry is what a
 * resolver's `query` could resolve with for a question about a.example; `interpretResponse` and `lookup` must turn
 * each into an outcome. Built on call: the large answers are 200,000 objects.
 */
export function hostileDohResponses(): Array<{ name: string; response: unknown }> {
  return [
    { name: 'Answer is not an array', response: { Status: 0, Answer: { 0: record('a.example', 16, 'x') } } },
    { name: 'Answer holds null', response: { Status: 0, Answer: [null] } },
    { name: 'record name is a number', response: { Status: 0, Answer: [record(5, 16, 'x')] } },
    { name: 'record data is a number', response: { Status: 0, Answer: [record('a.example', 16, 5)] } },
    { name: 'record type is a string', response: { Status: 0, Answer: [record('a.example', 'TXT', 'x')] } },
    {
      name: 'TTL is not a number',
      response: { Status: 0, Answer: [{ ...record('a.example', 16, 'x'), TTL: 'x' }] },
    },
    { name: 'Status is a string', response: { Status: '0', Answer: [] } },
    { name: 'Status is out of range', response: { Status: 65_536 } },
    {
      name: 'CNAME loop',
      response: {
        Status: 0,
        Answer: [record('a.example', 5, 'b.example'), record('b.example', 5, 'a.example')],
      },
    },
    {
      name: 'names with NUL, bidi controls and a 64-character label',
      response: {
        Status: 0,
        Answer: [record(`a\u0000\u202e${'x'.repeat(64)}.example`, 16, '"v=spf1 -all"')],
      },
    },
    {
      name: 'built-in names as owner names',
      response: { Status: 0, Answer: BUILT_IN_NAMES.map((n) => record(n, 16, n)) },
    },
    {
      name: '10,000 records',
      response: {
        Status: 0,
        Answer: Array.from({ length: 10_000 }, (_, i) => record('a.example', 16, `"r${i}"`)),
      },
    },
    {
      name: '200,000 records',
      response: { Status: 0, Answer: Array.from({ length: 200_000 }, () => record('a.example', 16, '"x"')) },
    },
    {
      name: 'a chain of 10,000 CNAMEs',
      response: {
        Status: 0,
        Answer: Array.from({ length: 10_000 }, (_, i) =>
          record(i === 0 ? 'a.example' : `c${i}.example`, 5, `c${i + 1}.example`),
        ),
      },
    },
  ];
}

/** fast-check: `parse` never throws on a soup of its own pieces and hostile fragments, nor on arbitrary text. */
export function expectNeverThrows(
  parse: (text: string) => unknown,
  pieces: readonly string[],
  numRuns = 2_000,
): void {
  const text = fc.oneof(hostileSoup(pieces), fc.string({ maxLength: 100, unit: 'binary' }));
  fc.assert(
    fc.property(text, (t) => {
      parse(t);
    }),
    { numRuns },
  );
}

/**
 * Timeout for a test that runs the hostile list or a fast-check property: a generous bound on a shared machine
 * (fast-check's first run in a file alone costs a second or more). It catches a hang, never measures speed.
 */
export const HOSTILE_TIMEOUT = 60_000;

/**
 * The hostile-input tests of a record parser: it never throws on a soup of its own `pieces` (2,000 cases), and it
 * returns on every hostile text, alone and after each of its `prefixes`. `more` adds the parser's own cases.
 */
export function describeParserOnHostile(
  title: string,
  parse: (text: string) => unknown,
  options: { pieces: readonly string[]; prefixes: readonly string[] },
  more: () => void = () => {},
): void {
  describe(title, { timeout: HOSTILE_TIMEOUT }, () => {
    it('never throws (2,000 cases)', () => expectNeverThrows(parse, options.pieces));
    it('returns on every hostile input', () => expectReturnsOnHostile(parse, { prefixes: options.prefixes }));
    more();
  });
}
