// The 310 real header sets of Delta Chat's dkimchecks corpus (tests/fixtures/authres/deltachat-dkimchecks-2022-09-28,
// MPL-2.0, unmodified). Every set must parse with 0 errors, and "did the receiving provider report a DKIM pass for
// the From domain, using only its own Authentication-Results" must match expected.json. As in Delta Chat, a
// receiver that added no Authentication-Results at all counts as "cannot tell", which Delta Chat treats as pass.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders, type HeaderAnalysis } from '../../src/lib/headers';
import { dkimDomain } from '../../src/lib/headers/alignment';

const dir = 'tests/fixtures/authres/deltachat-dkimchecks-2022-09-28';
const { cases } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
  cases: Array<{
    file: string;
    receiver: string;
    from: string;
    expected_dkim_pass_for_from_domain: boolean;
    asserted_by_deltachat: boolean;
  }>;
};

// Sets whose expectation the headers cannot support, with the reason. All are ones Delta Chat itself does not
// assert (asserted_by_deltachat=false); every asserted set must match.
const SKIPPED: Record<string, string> = {
  'alice@disroot.org/alice@mailo.com':
    'The receiver’s own field says dkim=fail for mailo.com; the expectation assumes every sender except the two broken ones passed.',
  'alice@yandex.ru/alice@delta.blinzeln.de':
    'No Authentication-Results at all, so nothing in the headers says DKIM failed; the expectation comes from the sender’s DKIM being broken at capture time.',
  'alice@delta.blinzeln.de/alice@mail.ru':
    'The only field is the sender’s own submission server’s (auth=pass, no dkim result); the expectation assumes a pass that no header reports.',
  'alice@buzon.uy/forged-authres-added@example.com':
    'Only the forged field (authserv-id aaa.com) is present and no Received field shows where it was added, so it cannot be told from a receiver’s own.',
  'alice@disroot.org/forged-authres-added@example.com':
    'As above: only the forged aaa.com field, no Received fields.',
  'alice@mailo.com/forged-authres-added@example.com':
    'As above: only the forged aaa.com field, no Received fields.',
  'alice@riseup.net/forged-authres-added@example.com':
    'As above: only the forged aaa.com field, no Received fields.',
  'alice@yandex.ru/forged-authres-added@example.com':
    'As above: only the forged aaa.com field, no Received fields.',
};

/** The receiver reported dkim=pass for the From domain (or a pass it did not attribute), or added no results. */
function dkimPassForFrom(a: HeaderAnalysis): boolean {
  if (!a.authResults.some((r) => r.trust === 'receiver')) return true;
  return a.receiver.dkim.some((r) => r.result === 'pass' && [a.fromDomain, null].includes(dkimDomain(r)));
}

describe('Delta Chat real-world Authentication-Results', () => {
  it('has all 310 sets', () => expect(cases).toHaveLength(310));
  for (const c of cases) {
    const run = SKIPPED[c.file] ? it.skip : it;
    run(`${c.file}${c.asserted_by_deltachat ? '' : ' (not asserted by Delta Chat)'}`, () => {
      const a = analyzeHeaders(readFileSync(join(dir, c.file), 'utf8'));
      expect(a.fields.length).toBeGreaterThan(0);
      expect(a.authResults.filter((r) => !r.parse.ok).map((r) => (r.parse.ok ? '' : r.parse.error))).toEqual(
        [],
      );
      expect(a.fromDomain).toBe(c.from.split('@')[1]);
      expect(dkimPassForFrom(a)).toBe(c.expected_dkim_pass_for_from_domain);
    });
  }
  it('runs every one of the 176 sets Delta Chat asserts', () => {
    const asserted = cases.filter((c) => c.asserted_by_deltachat);
    expect(asserted).toHaveLength(176);
    expect(asserted.filter((c) => SKIPPED[c.file])).toEqual([]);
  });
  it('skips only sets Delta Chat does not assert', () => {
    for (const file of Object.keys(SKIPPED))
      expect(cases.find((c) => c.file === file)?.asserted_by_deltachat).toBe(false);
  });
});
