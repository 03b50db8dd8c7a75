// Authentication-Results on arbitrary input: never throws, and an error position always indexes the input
// (0 ≤ position ≤ length; length means "the field ended too early"). It once reported one past the end for "\.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectReturnsOnHostile, hostileSoup, HOSTILE_TIMEOUT } from '../../../tests/support/hostile-inputs';
import { parseAuthenticationResults, type AuthResOptions } from '.';

const PIECES = [
  'mx.example.com',
  ';',
  ' ',
  '\r\n ',
  '=',
  '.',
  '/',
  '1',
  '(',
  ')',
  '"',
  '\\',
  '@',
  'dkim',
  'spf',
  'dmarc',
  'pass',
  'fail',
  'none',
  'reason',
  'header',
  'smtp',
  'd',
  'i',
  'mailfrom',
  'example.com',
  'action',
  'é',
];
/** 100,000 inputs found the "\ case; the app and the contract use the relaxed mode. */
const MODES: Array<[string, AuthResOptions, number]> = [
  ['relaxed', {}, 100_000],
  ['strict', { relaxed: false, i18n: false }, 20_000],
];

const anything = fc.oneof(hostileSoup(PIECES, 24), fc.string({ maxLength: 40, unit: 'binary' }));

describe('parseAuthenticationResults on arbitrary input', { timeout: HOSTILE_TIMEOUT }, () => {
  for (const [mode, options, runs] of MODES) {
    it(`never throws, and error positions stay inside the input (${mode}, ${runs} cases)`, () => {
      fc.assert(
        fc.property(anything, (value) => {
          const r = parseAuthenticationResults(value, options);
          return r.ok || r.position === undefined || (r.position >= 0 && r.position <= value.length);
        }),
        { numRuns: runs },
      );
    });

    it(`returns on every hostile input (${mode})`, () =>
      expectReturnsOnHostile((s) => parseAuthenticationResults(s, options), {
        prefixes: ['mx.example.com; dkim=pass ', 'mx.example.com; dkim=pass header.d=', 'spf=pass ('],
      }));
  }
});
