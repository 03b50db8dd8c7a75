// The verdict after "Verify signatures": a DKIM check made here adds facts and names disagreements, and never
// overrides the trusted receiver's result (RFC 8601 §5). Messages from Stalwart's vectors, keys in signing-keys.json.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DmarcPolicyHint } from './alignment';
import { analyzeHeaders } from './analyze';
import { verdictWithVerification, type VerifiedSignature } from './verified-verdict';

/** Stalwart's two-hop chain: manchego.org signs, scamorza.org and manchego.org report dkim=pass for it. */
const stalwart = (() => {
  const text = readFileSync('tests/fixtures/arc/stalwart/002.txt', 'latin1');
  return text.slice(text.indexOf('\n\n') + 2);
})();
/** The same message with no Authentication-Results: no receiver result at all. */
const silent = stalwart.replace(/^Authentication-Results:.*\n(?:[ \t].*\n)*/gm, '');

const pass: VerifiedSignature = { result: 'pass', domain: 'manchego.org', selector: 'rsa' };
const published: DmarcPolicyHint = { adkim: 'r', aspf: 'r', p: 'reject', source: '_dmarc.manchego.org' };
const none: DmarcPolicyHint = { ...published, p: null, noRecord: true };

function after(
  text: string,
  verified: VerifiedSignature[],
  policy: DmarcPolicyHint | null = null,
  exact = true,
) {
  const a = analyzeHeaders(text, { policy });
  const verdict = verdictWithVerification({
    verdict: a.verdict,
    from: a.fromDomain,
    rows: a.alignment,
    policy,
    verified,
    exact,
  });
  return { before: a.verdict, verdict };
}

describe('no receiver result is trusted', () => {
  it('the fixture has none: the verdict cannot be judged from the headers', () => {
    const a = analyzeHeaders(silent);
    expect(a.receiver.dkim).toEqual([]);
    expect(a.verdict).toMatchObject({ computed: 'unknown', reported: null });
  });

  it('a valid aligned signature verified here makes a pass likely, says “verified here” and that the receiver’s view was not available', () => {
    const { before, verdict } = after(silent, [pass]);
    expect(verdict.sentence).toMatch(
      /^The DKIM signature of manchego\.org \(s=rsa\) was verified here as valid/,
    );
    expect(verdict.sentence).toContain('DMARC would likely pass if manchego.org publishes a policy');
    expect(verdict.sentence).toContain('The receiver’s own view was not available');
    // Likely, not proven: the headline and the contract's values stay.
    expect(verdict).toMatchObject({ computed: before.computed, reported: null, fix: before.fix });
  });

  it('with the policy looked up: likely passed under it; with no record: DMARC does not apply, it would pass', () => {
    expect(after(silent, [pass], published).verdict.sentence).toContain(
      'so DMARC likely passed under the policy at _dmarc.manchego.org',
    );
    const noRecord = after(silent, [pass], none).verdict;
    expect(noRecord.computed).toBe('none');
    expect(noRecord.sentence).toMatch(
      /^manchego\.org publishes no DMARC policy .* so DMARC does not apply\./,
    );
    expect(noRecord.sentence).toContain('would pass had manchego.org published one');
  });

  it('a strict policy needs d= to be the From domain itself', () => {
    const sub: VerifiedSignature = { ...pass, domain: 'mail.manchego.org' };
    expect(after(silent, [sub]).verdict.sentence).toContain('was verified here as valid');
    const strict = after(silent, [sub], { ...published, adkim: 's' }).verdict;
    expect(strict.sentence).not.toContain('likely');
    // What the check here adds goes below the headline (review 3, finding 13).
    expect(strict.detail).toContain(
      'Verified here, no DKIM signature is both valid and aligned with manchego.org',
    );
  });

  it('signatures that fail here are said, and nothing is called likely', () => {
    const { verdict } = after(silent, [{ ...pass, result: 'fail', reason: 'body hash did not verify' }]);
    expect(verdict.detail).toContain('(d=manchego.org: fail)');
    expect(`${verdict.sentence} ${verdict.detail}`).not.toMatch(/likely/);
  });
});

describe('the receiver’s result is trusted', () => {
  it('a signature that fails here while the receiver said pass is a named disagreement; the verdict stays', () => {
    const failed: VerifiedSignature = {
      ...pass,
      result: 'fail',
      reason: 'body hash did not verify',
      bodyHashOk: false,
    };
    const { before, verdict } = after(stalwart, [failed], published);
    expect(before.computed).toBe('pass');
    expect(verdict.computed).toBe('pass');
    expect(verdict.sentence).toBe(before.sentence);
    expect(verdict.detail).toContain(
      'Verified here, the signature of manchego.org fails, though the receiver reported dkim=pass for it: the body has changed since it arrived. The receiver’s result stands',
    );
    // The likely reason already says what the check found.
    expect(verdict.detail).not.toContain('body hash did not verify');
  });

  it('names a rotated key for a signature whose key is gone, and copying for pasted text', () => {
    const gone: VerifiedSignature = { ...pass, result: 'permerror', reason: 'no key for the selector' };
    expect(after(stalwart, [gone], published).verdict.detail).toContain(
      'Verified here, the signature of manchego.org cannot be checked, though the receiver reported dkim=pass for it: manchego.org has since rotated or removed the key (s=rsa). The check here found: no key for the selector.',
    );
    const header: VerifiedSignature = { ...pass, result: 'fail', bodyHashOk: true };
    expect(after(stalwart, [header], published, false).verdict.detail).toContain(
      'may have been rotated since, or a signed header changed, or copying the text changed its line ends or spaces',
    );
  });

  it('a signing domain that no longer exists is said once, without guessing at a rotated key (review 3, finding 13)', () => {
    const reason = 'manchego.org does not exist in DNS (NXDOMAIN), so it publishes no key.';
    const checked = [{ ...pass, result: 'permerror', reason, domainMissing: true } as const];
    const { before, verdict } = after(stalwart, checked, published);
    expect(verdict.sentence).toBe(before.sentence);
    expect(verdict.detail).toBe(
      'Verified here, the signature of manchego.org cannot be checked: manchego.org does not exist in DNS today (NXDOMAIN), so it publishes no key. The receiver reported dkim=pass for it when the message arrived, and its result stands.',
    );
    expect(verdict.detail).not.toMatch(/rotated|removed/);
  });

  it('agreement adds nothing; a DNS failure here is no disagreement', () => {
    const { before, verdict } = after(stalwart, [pass], published);
    expect(verdict).toBe(before);
    expect(after(stalwart, [{ ...pass, result: 'temperror' }], published).verdict).toEqual(before);
  });

  // The receiver's own dmarc= stands either way; a signature verified here is added as a fact beside it.
  it.each([
    [
      'dmarc=fail keeps the headline; an aligned signature it did not report is added as a fact',
      'spf=fail smtp.mailfrom=manchego.org; dmarc=fail header.from=manchego.org',
      'fail',
      'fail',
      'The DKIM signature of manchego.org verifies here and is aligned with manchego.org, but the receiver reported no DKIM result for it, so its verdict stands.',
    ],
    [
      // Not green: no pass in the receiver's results is tied to the From domain (RFC 9989 §4.2).
      'dmarc=pass that no aligned result here explains: a valid aligned signature is named as the likely reason',
      'spf=pass smtp.mailfrom=bounce.esp.example; dkim=none; dmarc=pass header.from=manchego.org',
      'pass',
      'unknown',
      'Verified here, the DKIM signature of manchego.org (s=rsa) is valid with the key it publishes today and aligned with manchego.org: likely what the receiver’s dmarc=pass rests on.',
    ],
  ])('the receiver’s %s', (_, results, said, computed, added) => {
    const text = `Authentication-Results: mx.receiver.example; ${results}\n${silent}`;
    const { before, verdict } = after(text, [pass]);
    expect(before).toMatchObject({ computed, reported: said });
    expect(verdict).toMatchObject({ computed, reported: said });
    expect(verdict.sentence).toBe(before.sentence);
    expect(verdict.detail).toContain(added);
  });
});

describe('a policy lookup that failed', () => {
  it('asks to try the lookup again, not to look it up', () => {
    const a = analyzeHeaders(silent, { policy: null, policyLookupFailed: true });
    const verdict = verdictWithVerification({
      verdict: a.verdict,
      from: a.fromDomain,
      rows: a.alignment,
      policy: null,
      policyLookupFailed: true,
      verified: [pass],
      exact: true,
    });
    expect(verdict.sentence).toContain(
      'DMARC would likely pass if manchego.org publishes a policy (its lookup failed: try it again to judge).',
    );
  });
});
