// Whole messages (RFC 5322 with DKIM-Signature and ARC fields) that are hostile text or bytes: verifyDkim and
// verifyArc (the contract's entry points, through canonicalize.ts splitMessage) resolve with results, never reject.
import { describe, expect, it } from 'vitest';
import { HOSTILE_BYTES, HOSTILE_TEXTS, HOSTILE_TIMEOUT } from '../../../tests/support/hostile-inputs';
import { verifyArc } from '../arc';
import type { Resolver } from '../dns';
import { verifyDkim } from '.';
import { splitHeader } from './canonicalize';

const noKeys: Resolver = { query: async () => ({ Status: 3 }) };
const SIGNATURE =
  'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s; h=from; bh=AA; b=AA';
const options = { now: () => new Date(0) };

/**
 * Each hostile text as a whole message, as a signature's value, and as the body under a signature. The 1 MB
 * inputs are left to the header parsers' tests: message size is the DKIM benchmark's subject.
 */
const messages = HOSTILE_TEXTS.filter((h) => !h.name.startsWith('1 MB')).flatMap((h) => [
  h.text,
  `DKIM-Signature: ${h.text}\r\nFrom: a@example.com\r\n\r\nbody`,
  `ARC-Seal: i=1; ${h.text}\r\nARC-Message-Signature: i=1; ${h.text}\r\n` +
    `ARC-Authentication-Results: i=1; ${h.text}\r\n${SIGNATURE}\r\nFrom: a@example.com\r\n\r\n`,
  `${SIGNATURE}\r\nFrom: a@example.com\r\n\r\n${h.text}`,
]);

describe('verifyDkim and verifyArc on hostile messages', { timeout: HOSTILE_TIMEOUT }, () => {
  it('resolve for every hostile text', async () => {
    for (const message of messages) {
      expect(Array.isArray(await verifyDkim(message, noKeys, options))).toBe(true);
      expect(['none', 'pass', 'fail']).toContain((await verifyArc(message, noKeys, options)).result);
    }
  });

  it('resolve for every hostile byte input', async () => {
    for (const { bytes } of HOSTILE_BYTES) {
      expect(Array.isArray(await verifyDkim(bytes, noKeys, options))).toBe(true);
      expect(['none', 'pass', 'fail']).toContain((await verifyArc(bytes, noKeys, options)).result);
    }
  });

  it('splitHeader returns fields for every hostile text', () => {
    for (const { text } of HOSTILE_TEXTS) expect(Array.isArray(splitHeader(text))).toBe(true);
  });
});
