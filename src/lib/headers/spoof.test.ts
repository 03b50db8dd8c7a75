// A DMARC fail the domain's own records call unauthorized, with nothing to explain it, is told as probable spoofing:
// the advice goes to the recipient, and the domain owner is told the policy did its job (review 3, finding 1);
// a pass for another domain keeps the owner's advice (review 4, finding 3).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';
import type { DmarcPolicyHint } from './alignment';
import { headerReportMarkdown } from './report';

const fixture = (name: string) => readFileSync(`tests/fixtures/headers/${name}`, 'utf8');
const spoof = fixture('review-spoof-reject.eml');
const policy = (p: string): DmarcPolicyHint => ({ adkim: 'r', aspf: 'r', p, source: '_dmarc.good.example' });

describe('a spoofed From under an SPF -all and p=reject (review-spoof-reject.eml)', () => {
  it('says the message is probably not from the domain, and names the lookalike Reply-To in the headline', () => {
    const v = analyzeHeaders(spoof).verdict;
    expect(v).toMatchObject({ computed: 'fail', reported: 'fail' });
    expect(v.sentence).toBe(
      'Probably not from good.example: its SPF record does not authorize the server 203.0.113.66, no DKIM signature of good.example passed, and nothing shows forwarding or a mailing list. Replies would go to payments@lookalike-good.example, outside good.example.',
    );
  });
  it('tells the recipient to treat it as phishing and the domain owner that there is nothing to change', () => {
    const { fix } = analyzeHeaders(spoof, { policy: policy('reject') }).verdict;
    expect(fix).toMatch(/^For the recipient: treat it as phishing\./);
    expect(fix).toMatch(
      /For good\.example’s owner: nothing to change, unless you recognise the server 203\.0\.113\.66 as one of yours/,
    );
    // The old advice led with authorizing the forger's server.
    expect(fix).not.toMatch(/^Authorize the sending server/);
  });
  it('says the policy asks to refuse such mail, and explains the receiver’s milder dis=QUARANTINE as local policy', () => {
    const v = analyzeHeaders(spoof, { policy: policy('reject') }).verdict;
    expect(v.detail).toMatch(
      /^DMARC fails: SPF fail for good\.example, and the receiver evaluated no DKIM signature/,
    );
    expect(v.detail).toMatch(
      // Not "did its job" beside the receiver's milder choice (the two read as a contradiction).
      /good\.example’s DMARC policy \(p=reject\) asks receivers to refuse such mail, as it should\./,
    );
    expect(v.detail).toMatch(
      /The receiver put it in spam or quarantine instead of rejecting it \(p=reject, dis=quarantine\): receivers may apply a milder local policy than the domain asks \(RFC 7489 §6\.7\)/,
    );
  });
  it('the Markdown report carries the headline, what explains it, and the advice', () => {
    const md = headerReportMarkdown(analyzeHeaders(spoof));
    expect(md).toContain('**Verdict: DMARC fail.** Probably not from good.example');
    expect(md).toContain('\n\nDMARC fails: SPF fail for good.example');
    expect(md).toContain('\n\nFix: For the recipient: treat it as phishing.');
  });
  it('reads the policy from the receiver’s comment before any lookup', () => {
    expect(analyzeHeaders(spoof).verdict.detail).toMatch(/\(p=reject\) asks receivers to refuse such mail/);
  });
  it('without a Reply-To elsewhere, the headline says nothing of replies', () => {
    const v = analyzeHeaders(spoof.replace(/^Reply-To:.*\n/m, '')).verdict;
    expect(v.sentence).toMatch(/^Probably not from good\.example/);
    expect(v.sentence).not.toMatch(/Replies/);
  });
});

describe('what is not called spoofing', () => {
  it('a list message (List-Id) keeps the list’s story', () => {
    const a = analyzeHeaders(spoof.replace('\nTo: victim', '\nList-Id: <news.lists.example>\nTo: victim'));
    expect(a.forwarding?.kind).toBe('mailing-list');
    expect(a.verdict.sentence).not.toMatch(/Probably not from/);
  });
  it('a message carrying the domain’s own signature that did not pass (changed on the way?)', () => {
    const signed = spoof.replace(
      'From: "Good',
      'DKIM-Signature: v=1; a=rsa-sha256; d=good.example; s=s1; h=from; bh=YQ==; b=YQ==\nFrom: "Good',
    );
    expect(analyzeHeaders(signed).verdict.sentence).not.toMatch(/Probably not from/);
  });
  it('an SPF softfail under p=none: the domain has not said the server is unauthorized', () => {
    const soft = spoof
      .replace('spf=fail', 'spf=softfail')
      .replace('p=REJECT sp=REJECT dis=QUARANTINE', 'p=NONE sp=NONE dis=NONE');
    const v = analyzeHeaders(soft).verdict;
    expect(v.sentence).not.toMatch(/Probably not from/);
    expect(v.fix).toMatch(/^Authorize the sending server in good\.example's SPF record/);
  });
  it('an unaligned ESP under no policy (the Outlook example): the sender is told how to align', () => {
    const v = analyzeHeaders(readFileSync('src/state/header-examples/outlook.eml', 'utf8')).verdict;
    expect(v.sentence).not.toMatch(/Probably not from/);
    expect(v.fix).toMatch(/^Make your sending service sign with DKIM for shop\.example/);
  });
  it('an enforcing policy with no SPF fail, but a pass for another domain: not judged as spoofing', () => {
    const esp = spoof.replace(
      /spf=fail \([^)]*\) smtp\.mailfrom=billing@good\.example/,
      'spf=pass smtp.mailfrom=bounce@esp.example',
    );
    expect(analyzeHeaders(esp).verdict.sentence).not.toMatch(/Probably not from/);
  });
  // Review 4, finding 3: an ESP signing with its own d= while its IP is missing from the domain's SPF is the domain's
  // own mail through a service not yet set up, known service or not.
  const signedBy = (d: string) =>
    spoof
      .replace('dkim=none;', `dkim=pass header.d=${d} header.s=s1 header.b=abcdefgh;`)
      .replace(/^Reply-To:.*\n/m, '')
      .replace(
        'From: "Good',
        `DKIM-Signature: v=1; a=rsa-sha256; d=${d}; s=s1; h=from; bh=YQ==; b=abcdefghij\nFrom: "Good`,
      );
  for (const d of ['sendgrid.net', 'mailer.unknown-sender.example'])
    it(`an SPF fail for the domain with a DKIM pass for ${d}: the owner is told to set the service up`, () => {
      for (const p of ['none', 'reject']) {
        const v = analyzeHeaders(signedBy(d), { policy: policy(p) }).verdict;
        expect(v.sentence).toBe(
          `DMARC fails: SPF fail for good.example, and DKIM passed only for ${d}, not aligned with good.example.`,
        );
        expect(v.fix).toMatch(/^Make your sending service sign with DKIM for good\.example/);
        expect(v.fix).not.toMatch(/phishing|nothing to change/);
      }
    });
  it('an enforcing policy and nothing passing at all, without an SPF fail: probably not from the domain', () => {
    const none = spoof.replace(
      /spf=fail \([^)]*\) smtp\.mailfrom=billing@good\.example/,
      'spf=none smtp.mailfrom=x@other.example',
    );
    expect(analyzeHeaders(none).verdict.sentence).toMatch(
      /^Probably not from good\.example: it asks receivers to reject unauthenticated mail, neither SPF nor DKIM passed for any domain/,
    );
  });
});

// Review 4, finding 6: the policy that applied is sp= for a subdomain under its parent's record, and t=y is testing.
describe('the policy that applied: sp= for a subdomain, t=y as testing', () => {
  const sub = spoof
    .replaceAll('good.example', 'news.good.example')
    .replace('p=REJECT sp=REJECT dis=QUARANTINE', 'p=REJECT sp=NONE dis=NONE');
  it('a subdomain From under “p=REJECT sp=NONE dis=NONE”: sp=none asked nothing, and no local override', () => {
    for (const hint of [
      undefined,
      { adkim: 'r', aspf: 'r', p: 'none', source: '_dmarc.good.example' } as const,
    ]) {
      const v = analyzeHeaders(sub, hint ? { policy: hint } : {}).verdict;
      expect(v.sentence).toMatch(/^Probably not from news\.good\.example: its SPF record does not authorize/);
      expect(v.detail).toMatch(
        /news\.good\.example’s DMARC policy \(sp=none\) asks receivers for no action, so they decide alone/,
      );
      expect(v.detail).not.toMatch(/did its job|milder local policy/);
    }
  });
  it('says the policy did its job where the receiver followed it (dis=reject)', () => {
    const followed = spoof.replaceAll('dis=QUARANTINE', 'dis=REJECT');
    const v = analyzeHeaders(followed, { policy: policy('reject') }).verdict;
    expect(v.detail).toMatch(/\(p=reject\) asks receivers to refuse such mail: the policy did its job\./);
    expect(v.detail).not.toMatch(/milder local policy/);
  });
  it('a record of the subdomain’s own (today’s lookup) is judged by its p=', () => {
    const own = { adkim: 'r', aspf: 'r', p: 'reject', source: '_dmarc.news.good.example' } as const;
    expect(analyzeHeaders(sub, { policy: own }).verdict.detail).toMatch(
      /\(p=reject\) asks receivers to refuse such mail, as it should\. The receiver delivered it as normal mail instead of rejecting it \(p=reject, dis=none\)/,
    );
  });
  it('t=y in the receiver’s tags or today’s record: no enforcement claimed, one step less is no override', () => {
    const testing = spoof.replace(
      'p=REJECT sp=REJECT dis=QUARANTINE',
      'p=REJECT sp=REJECT t=y dis=QUARANTINE',
    );
    const v = analyzeHeaders(testing).verdict;
    expect(v.detail).toMatch(
      /good\.example’s DMARC policy \(p=reject, t=y\) is in testing: receivers that follow RFC 9989 apply one step less \(quarantine\), so no enforcement can be counted on\./,
    );
    expect(v.detail).not.toMatch(/did its job|milder local policy/);
    const looked = analyzeHeaders(spoof, { policy: { ...policy('reject'), testing: true } }).verdict;
    expect(looked.detail).toMatch(/\(p=reject, t=y\) is in testing/);
    // Nothing failed SPF and nothing passed: under testing the policy alone does not make it spoofing.
    const none = testing.replace(
      /spf=fail \([^)]*\) smtp\.mailfrom=billing@good\.example/,
      'spf=none smtp.mailfrom=x@other.example',
    );
    expect(analyzeHeaders(none).verdict.sentence).not.toMatch(/Probably not from/);
  });
});
