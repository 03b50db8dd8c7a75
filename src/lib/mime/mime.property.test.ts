// The MIME walker (RFC 2045–2049, RFC 2231) on arbitrary and hostile input: report e-mails are attacker-controlled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectNeverThrows,
  expectReturnsOnHostile,
  hostileByteInputs,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { parseHeaderValue } from './content-type';
import { parseMime } from './entity';
import { splitMbox } from './mbox';
import { decodeBase64Body, decodeQuotedPrintable, decodeTransfer } from './transfer';

const MESSAGE_PREFIX =
  'From: a@example.com\r\nContent-Type: multipart/report; report-type=feedback-report; boundary="b"\r\n\r\n--b\r\n';

describe('MIME parsers on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('parseHeaderValue never throws (2,000 cases) and returns on every hostile input', () => {
    const pieces = ['multipart/mixed', '; boundary=', '"', '\\', "*0*=utf-8''", '%', '(', ')', '=', ';'];
    expectNeverThrows((s) => parseHeaderValue(s), pieces);
    expectReturnsOnHostile((s) => parseHeaderValue(s), { prefixes: ['text/plain; name="', 'a; b*1*='] });
  });

  it('parseMime, splitMbox and the transfer decoders return on every hostile byte input', () => {
    for (const input of hostileByteInputs([MESSAGE_PREFIX])) {
      expect(typeof parseMime(input)).toBe('object');
      expect(Array.isArray(splitMbox(input, 100).messages)).toBe(true);
      expect(decodeBase64Body(input)).toBeInstanceOf(Uint8Array);
      expect(decodeQuotedPrintable(input)).toBeInstanceOf(Uint8Array);
      expect(decodeTransfer(input, 'x-uuencode')).toBeInstanceOf(Uint8Array);
    }
  });

  it('parseMime never throws on arbitrary bytes (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        parseMime(bytes);
        splitMbox(bytes, 10);
      }),
      { numRuns: 1_000 },
    );
  });
});
