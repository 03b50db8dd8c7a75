// DKIM-Signature (RFC 6376 §3.5, and ARC-Message-Signature, RFC 8617 §4.1.2) and key records (RFC 6376 §3.6.1) on
// arbitrary and hostile input: parse and lint never throw.
import { describe, it } from 'vitest';
import {
  expectNeverThrows,
  expectReturnsOnHostile,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { parseDkimKeyRecord } from './key-record';
import { countHeaderNames, lintDkimSignature, parseDkimSignature } from './signature';

const SIGNATURE = 'v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1; t=1700000000; x=1800000000; ';
const PIECES = [
  'v=1',
  'i=1',
  'a=rsa-sha256',
  'a=ed25519-sha256',
  'c=relaxed/simple',
  'd=example.com',
  's=sel',
  'h=from:subject:from',
  'bh=',
  'b=',
  'l=10',
  't=1',
  'x=0',
  'q=dns/txt',
  'k=rsa',
  'p=',
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA',
  'MCowBQYDK2VwAyEA',
  '=',
  ';',
  ' ',
  '\r\n\t',
];
const present = countHeaderNames(['from', 'subject', 'to', 'date', 'constructor', '__proto__']);

function parseAndLint(text: string, kind: 'dkim' | 'ams'): void {
  const parsed = parseDkimSignature(text, kind);
  if (parsed.ok) lintDkimSignature(parsed.signature, present, new Date(0));
}

describe('DKIM records on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws (2,000 cases each)', () => {
    expectNeverThrows((s) => parseAndLint(s, 'dkim'), PIECES);
    expectNeverThrows((s) => parseAndLint(s, 'ams'), PIECES);
    expectNeverThrows((s) => parseDkimKeyRecord(s), PIECES);
  });

  it('returns on every hostile input', () => {
    const prefixes = [SIGNATURE, `${SIGNATURE}h=`, `${SIGNATURE}b=`];
    expectReturnsOnHostile((s) => parseAndLint(s, 'dkim'), { prefixes });
    expectReturnsOnHostile((s) => parseAndLint(s, 'ams'), { prefixes: ['i=1; a=rsa-sha256; ', 'i='] });
    expectReturnsOnHostile((s) => parseDkimKeyRecord(s), {
      prefixes: ['v=DKIM1; k=rsa; p=', 'v=DKIM1; h='],
    });
  });
});
