// The OpenSPF RFC 7208 test suite (203 tests, tests/fixtures/spf/rfc7208-tests.yml, BSD-style licence) run by one
// data-driven runner over a zone Resolver built from each scenario's zonedata.

import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../../src/lib/dns/zone';
import { checkHost } from '../../src/lib/spf';
import { identityOf, loadSuite } from '../support/spf-suite';

const cases = loadSuite('tests/fixtures/spf/rfc7208-tests.yml');

// Tests we believe are wrong, with the reason. The list only shrinks; today it is empty.
const SKIPPED: Record<string, string> = {};

// Explanations compared without regard to letter case, with the reason:
const CASE_INSENSITIVE_EXPLANATION: Record<string, string> = {
  // The suite expects upper-case hex nibbles for %{ir} of CAFE:BABE::1; RFC 7208 §7.4's own example expands
  // %{i} of 2001:db8::cb01 in lower case, DNS names are case-insensitive, and libspf2 and jSPF make the same note.
  'v-macro-ip6': 'RFC 7208 §7.4 example uses lower-case nibbles',
};

describe('OpenSPF RFC 7208 suite', () => {
  it('has all 203 tests', () => {
    expect(cases).toHaveLength(203);
  });

  for (const c of cases) {
    const run = SKIPPED[c.name] ? it.skip : it;
    run(`${c.scenario} › ${c.name}`, async () => {
      const resolver = new ZoneResolver(c.zone, { style: 'cloudflare' });
      const { domain, sender } = identityOf(c);
      const r = await checkHost(
        { ip: c.host, domain, sender, helo: c.helo, receiver: 'receiver.example' },
        resolver,
      );
      expect(c.result, `${r.result}: ${r.reason}`).toContain(r.result);
      if (c.explanation !== undefined && r.result === 'fail') {
        if (c.explanation === 'DEFAULT') expect(r.explanation).toBeUndefined();
        else if (CASE_INSENSITIVE_EXPLANATION[c.name])
          expect(r.explanation?.toLowerCase()).toBe(c.explanation.toLowerCase());
        else expect(r.explanation).toBe(c.explanation);
      }
    });
  }
});
