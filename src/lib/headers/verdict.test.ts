// The review's findings on what the verdict, forwarding and bulk-sender cards claim, on the real files it named:
// a badge is a promise (RFC 9989 §4.10.1, RFC 8601 §5, RFC 8617 §5.2).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';
import type { DmarcPolicyHint } from './alignment';

const fixture = (name: string) => readFileSync(`tests/fixtures/headers/${name}`, 'utf8');
/** What the live lookup passes when _dmarc.<domain> has no usable record (policy-hint.ts). */
const noRecord = (domain: string): DmarcPolicyHint => ({
  adkim: 'r',
  aspf: 'r',
  p: null,
  source: `_dmarc.${domain}`,
  noRecord: true,
});
const relaxed = (domain: string): DmarcPolicyHint => ({
  adkim: 'r',
  aspf: 'r',
  p: 'reject',
  source: `_dmarc.${domain}`,
});

describe('finding 1: a forwarding story only from trusted results', () => {
  it('a forged upstream dkim=pass (dkim_verifier fakePayPal) tells no forwarding story', () => {
    const a = analyzeHeaders(fixture('dkim_verifier-fakePayPal.eml'));
    expect(a.authResults.map((r) => [r.authservId, r.trust])).toEqual([
      ['example.net', 'receiver'],
      ['unrelated.net', 'upstream'],
    ]);
    expect(a.forwarding).toBeNull();
    expect(`${a.verdict.sentence} ${a.verdict.fix}`).not.toMatch(/paypal\.com passed|nothing to change/);
    // The receiver's dmarc=fail is the headline.
    expect(a.verdict).toMatchObject({ computed: 'fail', reported: 'fail' });
  });
});

describe('finding 2: the receiver’s dmarc=fail wins the headline', () => {
  const text = [
    'Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=bounce@news.shop.example; dkim=none; dmarc=fail (p=reject sp=reject dis=reject) header.from=shop.example',
    'Received: from out.news.shop.example by mx.receiver.example; Mon, 1 Jan 2024 10:00:00 +0000',
    'From: info@shop.example',
  ].join('\n');
  it('says fail and names strict alignment as the likely reason, before the lookup', () => {
    const a = analyzeHeaders(text);
    expect(a.verdict).toMatchObject({ computed: 'fail', reported: 'fail' });
    expect(a.verdict.sentence).toMatch(/the receiver reported dmarc=fail/);
    expect(a.verdict.sentence).toMatch(/probably asks for strict alignment \(aspf=s\)/);
    expect(a.verdict.fix).toMatch(/aspf=s/);
  });
  it('stays fail under a strict policy, and says it is disputed under a relaxed one', () => {
    const strict = { ...relaxed('shop.example'), adkim: 's', aspf: 's' } as const;
    expect(analyzeHeaders(text, { policy: strict }).verdict.computed).toBe('fail');
    const disputed = analyzeHeaders(text, { policy: relaxed('shop.example') }).verdict;
    expect(disputed.computed).toBe('fail');
    expect(disputed.sentence).toMatch(/would let it pass/);
  });
});

describe('finding 3: no green pass without a policy', () => {
  it.each(['gmail-authtest.eml', 'arc-pass.eml', 'zonevs-minimal.eml'])(
    '%s: no dmarc= and no policy known → cannot be judged; no record → DMARC does not apply',
    (name) => {
      const text = fixture(name);
      const before = analyzeHeaders(text);
      expect(before.receiver.dmarc).toBeNull();
      expect(before.verdict.computed).toBe('unknown');
      expect(before.verdict.sentence).toMatch(/policy is not known/);
      const domain = before.fromDomain!;
      const after = analyzeHeaders(text, { policy: noRecord(domain) }).verdict;
      expect(after.computed).toBe('none');
      expect(after.sentence).toMatch(/lookup of _dmarc\.\S+ found none/);
      expect(analyzeHeaders(text, { policy: relaxed(domain) }).verdict.computed).toBe('pass');
    },
  );
  it('gmail-zone-ee.eml: the receiver’s dmarc=pass stands; a record gone today is said', () => {
    const text = fixture('gmail-zone-ee.eml');
    expect(analyzeHeaders(text).verdict).toMatchObject({ computed: 'pass', reported: 'pass' });
    const after = analyzeHeaders(text, { policy: noRecord('zone.ee') }).verdict;
    expect(after.computed).toBe('pass');
    expect(after.sentence).toMatch(/publishes no record today/);
  });
});

describe('an unaligned message is a DMARC fail only under a policy (RFC 9989 §4.10.1)', () => {
  const unaligned = (dmarc = '') =>
    [
      `Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=bounce@esp.example; dkim=none${dmarc}`,
      'Received: from out.esp.example by mx.receiver.example; Mon, 1 Jan 2024 10:00:00 +0000',
      'From: info@shop.example',
    ].join('\n');
  const facts = /^Not aligned: SPF passed for esp\.example, which is not aligned with shop\.example/;

  it('no dmarc= and the policy not looked up: not aligned, cannot be judged until the policy is looked up', () => {
    const v = analyzeHeaders(unaligned()).verdict;
    expect(v.computed).toBe('unknown');
    expect(v.sentence).toMatch(facts);
    expect(v.sentence).toContain('DMARC would fail if shop.example publishes a DMARC policy');
    expect(v.sentence).toMatch(/cannot be judged until the policy is looked up\.$/);
    expect(v.sentence).not.toMatch(/DMARC fails/);
    // The alignment advice stays: it is what a policy will need.
    expect(v.fix).toMatch(/custom return-path/);
  });

  it('the lookup found no record: DMARC does not apply; not aligned, and would fail under a policy', () => {
    const v = analyzeHeaders(unaligned(), { policy: noRecord('shop.example') }).verdict;
    expect(v.computed).toBe('none');
    expect(v.sentence).toMatch(facts);
    expect(v.sentence).toContain(
      'DMARC would fail if shop.example published a policy, but shop.example publishes no DMARC policy (the lookup of _dmarc.shop.example found none), so DMARC does not apply.',
    );
    expect(v.sentence).not.toMatch(/DMARC fails/);
  });

  it('a published policy makes it a fail; so does the receiver’s own dmarc=fail, looked up or not', () => {
    expect(analyzeHeaders(unaligned(), { policy: relaxed('shop.example') }).verdict).toMatchObject({
      computed: 'fail',
      sentence: expect.stringMatching(/^DMARC fails: SPF passed for esp\.example/),
    });
    for (const policy of [null, noRecord('shop.example')])
      expect(
        analyzeHeaders(unaligned('; dmarc=fail header.from=shop.example'), { policy }).verdict,
      ).toMatchObject({ computed: 'fail', reported: 'fail' });
  });

  it('a receiver that could not evaluate (dmarc=temperror) is named, and the message is not judged', () => {
    const v = analyzeHeaders(unaligned('; dmarc=temperror header.from=shop.example')).verdict;
    expect(v).toMatchObject({ computed: 'unknown', reported: 'temperror' });
    expect(v.sentence).toContain('the receiver wrote dmarc=temperror');
  });

  it('the receiver’s dmarc=none tells the same facts first', () => {
    const v = analyzeHeaders(unaligned('; dmarc=none header.from=shop.example')).verdict;
    expect(v).toMatchObject({ computed: 'none', reported: 'none' });
    expect(v.sentence).toMatch(facts);
  });
});

describe('finding 7: the verdict agrees with the page’s own checks', () => {
  it('zonevs-minimal.eml: dkim=pass is the receiver’s claim, not “verified”', () => {
    const v = analyzeHeaders(fixture('zonevs-minimal.eml'), { policy: relaxed('srv.dev') }).verdict;
    expect(v.sentence).toMatch(/the receiver reported dkim=pass for the signature of out\.srv\.dev/);
    expect(v.sentence).not.toMatch(/verified/);
  });
  it('arc-fail3.eml: a broken chain is not “validated”, and its sealed results are not told as fact', () => {
    const a = analyzeHeaders(fixture('arc-fail3.eml'));
    expect(a.arc.result).toBe('fail');
    expect(a.forwarding?.sentence ?? '').not.toMatch(/validated the ARC chain/);
    expect(a.forwarding).toBeNull();
    expect(a.arc.narrative).toMatch(/^The ARC chain in these headers is broken/);
    expect(a.arc.narrative).not.toMatch(/sealed what it saw/);
    // The intact chain still tells the story.
    const intact = analyzeHeaders(fixture('arc-pass.eml'));
    expect(intact.forwarding?.sentence).toMatch(/validated the ARC chain/);
    expect(intact.arc.narrative).toMatch(/^The message was forwarded/);
  });
  it('outlook-compauth.eml: no “DMARC policy published” beside a lookup that found no record', () => {
    const dmarc = (policy: DmarcPolicyHint | null) =>
      analyzeHeaders(fixture('outlook-compauth.eml'), { policy }).bulkSender!.checks.find(
        (c) => c.id === 'dmarc',
      )!;
    expect(dmarc(null)).toMatchObject({ state: 'pass' });
    const after = dmarc(noRecord('shop.example'));
    expect(after.state).toBe('fail');
    expect(after.detail).toMatch(/_dmarc\.shop\.example publishes no usable DMARC record today/);
  });
});

/** A message from `from` (info@shop.example) sent through an ESP, with the final receiver's `results`. */
const said = (results: string, from = 'info@shop.example') =>
  [
    `Authentication-Results: mx.receiver.example; ${results}`,
    'Received: from out.esp.example by mx.receiver.example; Mon, 1 Jan 2024 10:00:00 +0000',
    `From: ${from}`,
  ].join('\n');

describe('the receiver’s dmarc=pass is green only on a pass tied to the From domain (RFC 9989 §4.2)', () => {
  const unseen = said(
    'spf=pass smtp.mailfrom=bounce@esp.example; dkim=none; dmarc=pass header.from=shop.example',
  );
  const claim =
    /^The receiver wrote dmarc=pass for shop\.example, but none of its SPF or DKIM passes is tied to shop\.example, so the pass could not be confirmed here and is taken as the receiver's claim: /;

  it('nothing aligned shows here: not green; what could not be confirmed is said, looked up or not', () => {
    for (const policy of [null, relaxed('shop.example')]) {
      const v = analyzeHeaders(unseen, { policy }).verdict;
      expect(v).toMatchObject({ computed: 'unknown', reported: 'pass', fix: null });
      expect(v.sentence).toMatch(claim);
      expect(v.sentence).toContain('SPF passed for esp.example, which is not aligned with shop.example');
      expect(v.sentence).toContain(
        'The receiver may have counted a DKIM signature or an SPF identity these headers do not show',
      );
      expect(v.sentence).not.toMatch(/DMARC fails|DMARC passes/);
    }
  });

  it('passes for unrelated domains (the review’s case): dkim=pass d=other.example, spf=pass for an unrelated bounce domain', () => {
    const v = analyzeHeaders(
      said(
        'dkim=pass header.d=other.example; spf=pass smtp.mailfrom=bounce.unrelated.example; dmarc=pass header.from=brand.example',
        'news@brand.example',
      ),
    ).verdict;
    expect(v).toMatchObject({ computed: 'unknown', reported: 'pass' });
    expect(v.sentence).toContain('none of its SPF or DKIM passes is tied to brand.example');
    // No DKIM-Signature in the message: nothing to verify, so verifying is not offered.
    expect(v.sentence).toMatch(/removed on the way to the mailbox\)\.$/);
    expect(v.sentence).toContain(
      'SPF passed for bounce.unrelated.example, which is not aligned with brand.example, and DKIM passed only for other.example, not aligned with brand.example',
    );
  });

  it('a message with a DKIM-Signature is told it can verify it here', () => {
    const signed = `${unseen}\nDKIM-Signature: v=1; a=rsa-sha256; d=esp.example; s=s1; h=from; bh=AA==; b=BB==`;
    expect(analyzeHeaders(signed).verdict.sentence).toMatch(
      /; Verify signatures to check the signatures here\.$/,
    );
  });

  it('one tied pass is enough: an aligned DKIM pass beside an unrelated SPF pass is green', () => {
    const v = analyzeHeaders(
      said(
        'spf=pass smtp.mailfrom=bounce@esp.example; dkim=pass header.d=mail.shop.example; dmarc=pass header.from=shop.example',
      ),
    ).verdict;
    expect(v).toMatchObject({ computed: 'pass', reported: 'pass' });
    expect(v.sentence).toMatch(
      /^DMARC passes because the receiver reported dkim=pass for the signature of mail\.shop\.example/,
    );
  });

  it('the policy looked up today asks for strict alignment and the pass is relaxed only: the receiver’s pass stands, the difference named', () => {
    // The pass is tied to the From domain's organization; the receiver judged under the policy of its day.
    const text = said(
      'spf=pass smtp.mailfrom=bounce@news.shop.example; dkim=none; dmarc=pass header.from=shop.example',
    );
    expect(analyzeHeaders(text).verdict.computed).toBe('pass');
    const strict = { ...relaxed('shop.example'), adkim: 's', aspf: 's' } as const;
    const v = analyzeHeaders(text, { policy: strict }).verdict;
    expect(v).toMatchObject({ computed: 'pass', reported: 'pass' });
    expect(v.sentence).toContain(
      'its SPF pass for news.shop.example is in the same organization as shop.example (relaxed alignment). The policy at _dmarc.shop.example today asks for strict alignment (aspf=s), under which this message would fail',
    );
  });

  it('a signer it did not name, no SPF or DKIM result, or no pass at all: only a claim', () => {
    // Nothing in the same results supports the pass: anyone can write dmarc=pass (found in review).
    const bare = analyzeHeaders(said('dmarc=pass header.from=shop.example')).verdict;
    expect(bare).toMatchObject({ computed: 'unknown', reported: 'pass' });
    expect(bare.sentence).toContain('taken as the receiver');
    const contradicted = analyzeHeaders(
      said('spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=pass header.from=shop.example'),
    ).verdict;
    expect(contradicted).toMatchObject({ computed: 'unknown', reported: 'pass' });
    expect(contradicted.sentence).toContain('the results contradict each other');
    const unnamed = analyzeHeaders(
      said('spf=fail smtp.mailfrom=esp.example; dkim=pass; dmarc=pass header.from=shop.example'),
    ).verdict;
    expect(unnamed.computed).toBe('unknown');
    expect(unnamed.sentence).toContain('DKIM passed only for a signer the receiver did not name');
    expect(unnamed.sentence).toContain(
      'that signature may be the aligned one, but these headers do not show it',
    );
  });

  it('a record gone today is said, and the pass stays the receiver’s claim', () => {
    const v = analyzeHeaders(unseen, { policy: noRecord('shop.example') }).verdict;
    expect(v.computed).toBe('unknown');
    expect(v.sentence).toMatch(/_dmarc\.shop\.example publishes no record today/);
  });

  it('a dmarc=pass the final receiver did not write (an upstream or forged field) is not its verdict', () => {
    // A list relay's field below the receiver's Received: written before the message reached it.
    const relay = 'Received: from relay.list.example by mx.receiver.example; Mon, 1 Jan 2024 10:00:05 +0000';
    const text = said('spf=pass smtp.mailfrom=bounce@esp.example; dkim=none')
      .replace(
        'Received: from out.esp.example by mx.receiver.example',
        'Received: from out.esp.example by relay.list.example',
      )
      .replace(
        /^(Received:)/m,
        `${relay}\nAuthentication-Results: relay.list.example; dmarc=pass header.from=shop.example\n$1`,
      );
    const a = analyzeHeaders(text);
    expect(a.authResults.map((r) => r.trust)).toEqual(['receiver', 'upstream']);
    expect(a.verdict).toMatchObject({ computed: 'unknown', reported: null });
    expect(analyzeHeaders(text, { policy: relaxed('shop.example') }).verdict).toMatchObject({
      computed: 'fail',
      sentence: expect.stringMatching(/^DMARC fails: SPF passed for esp\.example/),
    });
    // Only claims from before the receiver: not judged, whatever they say.
    const upstreamOnly = analyzeHeaders(text.split('\n').slice(1).join('\n')).verdict;
    expect(upstreamOnly.computed).toBe('unknown');
  });
});

describe('a policy lookup that failed (DNS error) is said, not “until the policy is looked up”', () => {
  const failed = { policy: null, policyLookupFailed: true };
  const unaligned = said('spf=pass smtp.mailfrom=bounce@esp.example; dkim=none');

  it('not aligned: could not be checked, try the lookup again', () => {
    const v = analyzeHeaders(unaligned, failed).verdict;
    expect(v.computed).toBe('unknown');
    expect(v.sentence).toContain(
      'shop.example’s DMARC policy could not be checked (the DNS lookup of _dmarc.shop.example failed), so it cannot be judged here; try the lookup again.',
    );
    expect(v.sentence).not.toMatch(/until the policy is looked up|policy is not known/);
  });

  it('aligned, and the receiver’s dmarc=fail: the same words', () => {
    const aligned = analyzeHeaders(fixture('gmail-authtest.eml'), failed).verdict;
    expect(aligned.computed).toBe('unknown');
    expect(aligned.sentence).toContain('could not be checked (the DNS lookup of _dmarc.ekiri.ee failed)');
    // The next step is told below the headline (review 3, finding 13).
    expect(aligned.detail).toMatch(/Try the lookup again to judge it\.$/);
    const disputed = analyzeHeaders(
      unaligned.replace('esp.example; dkim=none', 'news.shop.example; dkim=none; dmarc=fail'),
      failed,
    ).verdict;
    expect(disputed.computed).toBe('fail');
    expect(disputed.sentence).toMatch(/Try the lookup again to check\.$/);
  });

  it('a policy that was found wins over the flag', () => {
    const v = analyzeHeaders(unaligned, {
      policy: relaxed('shop.example'),
      policyLookupFailed: true,
    }).verdict;
    expect(v.computed).toBe('fail');
    expect(v.sentence).not.toMatch(/could not be checked/);
  });
});

describe('dkim=none reads as no DKIM signature evaluated, not an unnamed signer', () => {
  const text = (dkim: string) =>
    [
      `Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=bounce@esp.example; ${dkim}`,
      'Received: from out.esp.example by mx.receiver.example; Mon, 1 Jan 2024 10:00:00 +0000',
      'From: info@shop.example',
    ].join('\n');

  it('in the verdict and in the alignment row', () => {
    const a = analyzeHeaders(text('dkim=none'), { policy: relaxed('shop.example') });
    expect(a.verdict.sentence).toBe(
      'DMARC fails: SPF passed for esp.example, which is not aligned with shop.example, and the receiver evaluated no DKIM signature (dkim=none).',
    );
    expect(a.alignment.find((r) => r.kind === 'dkim')).toMatchObject({
      label: 'DKIM (no signature evaluated)',
      note: 'The receiver reported dkim=none: it evaluated no DKIM signature.',
    });
    expect(JSON.stringify(a)).not.toMatch(/unnamed signer|d=\(unknown\)/);
  });

  it('beside another DKIM result', () => {
    const v = analyzeHeaders(text('dkim=none; dkim=fail header.d=esp.example'), {
      policy: relaxed('shop.example'),
    }).verdict;
    expect(v.sentence).toContain(
      'the receiver reported no DKIM pass (dkim=none: no signature evaluated, esp.example: fail)',
    );
  });
});

describe('each signing domain once in the reasons (review 3, finding 2)', () => {
  it('stalwart 001: two ietf.org signatures that passed read “DKIM passed only for ietf.org”', () => {
    const a = analyzeHeaders(readFileSync('tests/fixtures/arc/stalwart/001.txt', 'latin1'));
    expect(a.verdict.sentence).toMatch(/DKIM passed only for ietf\.org, not aligned with stalw\.art/);
    expect(a.verdict.sentence).not.toMatch(/ietf\.org, ietf\.org/);
  });
});
