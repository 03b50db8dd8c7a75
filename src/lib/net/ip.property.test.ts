// IPv4 and IPv6 text (RFC 791 dotted quads, RFC 4291 §2.2) on arbitrary and hostile input: never throws.
import { describe, it } from 'vitest';
import {
  expectNeverThrows,
  expectReturnsOnHostile,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { parseIp, parseIpv4, parseIpv6 } from './ip';

const PIECES = [
  '192',
  '0',
  '2',
  '255',
  '256',
  '.',
  ':',
  '::',
  'ffff',
  '2001',
  'db8',
  '%eth0',
  '/24',
  '[',
  ']',
];

describe('IP address parsers on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('never throws (2,000 cases) and returns on every hostile input', () => {
    for (const parse of [parseIp, (s: string) => parseIpv4(s, false), parseIpv6]) {
      expectNeverThrows(parse, PIECES);
      expectReturnsOnHostile(parse, { prefixes: ['192.0.2.', '2001:db8::', '::ffff:'] });
    }
  });
});
