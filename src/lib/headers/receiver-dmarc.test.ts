// The final receiver's dmarc= as it wrote it: the policy it read, what it did, and what that says when today's
// lookup finds no record (review 3, findings 1 and 2); sp= for a subdomain and t=y (review 4, finding 6).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';
import { localOverride, noRecordSinceArrival, receiverDmarc } from './receiver-dmarc';
import { appliedPolicy } from './spoof';

describe('the receiver’s policy and action', () => {
  const dmarc = (extra: Partial<{ comment: string; extras: Record<string, string> }>) =>
    receiverDmarc({ method: 'dmarc', result: 'fail', properties: [], ...extra });
  it('reads Gmail’s comment and Microsoft’s action=', () => {
    expect(dmarc({ comment: 'p=REJECT sp=REJECT dis=QUARANTINE' })).toEqual({
      result: 'fail',
      p: 'reject',
      sp: 'reject',
      testing: false,
      disposition: 'quarantine',
    });
    expect(dmarc({ extras: { action: 'oreject' } })).toEqual({
      result: 'fail',
      p: 'reject',
      sp: null,
      testing: false,
      disposition: 'oreject',
    });
    expect(dmarc({ comment: 'p=<script> dis=' })).toEqual({
      result: 'fail',
      p: null,
      sp: null,
      testing: false,
      disposition: null,
    });
  });
  const override = (comment: string, from = 'good.example', found: string | null = null) => {
    const r = dmarc({ comment })!;
    return localOverride(r, appliedPolicy(r, from, found));
  };
  it('explains only an action milder than the policy', () => {
    expect(override('p=REJECT dis=REJECT')).toBeNull();
    expect(override('p=QUARANTINE dis=NONE')).toMatch(
      /^The receiver delivered it as normal mail instead of quarantining it \(p=quarantine, dis=none\)/,
    );
    const oreject = dmarc({ extras: { action: 'oreject' } })!;
    expect(localOverride(oreject, appliedPolicy(oreject, 'good.example', null))).toMatch(
      /\(p=reject, action=oreject\)/,
    );
  });
  // Review 4, finding 6: a subdomain From is judged by sp= under its organizational domain's record.
  it('a subdomain under the organizational domain’s p=REJECT sp=NONE: sp=none applied, no override', () => {
    const r = dmarc({ comment: 'p=REJECT sp=NONE dis=NONE' })!;
    expect(appliedPolicy(r, 'news.good.example', 'good.example')).toEqual({
      tag: 'sp',
      value: 'none',
      testing: false,
    });
    // Without a lookup the record may be the subdomain's own or the parent's: the milder tag, no claim beyond it.
    expect(appliedPolicy(r, 'news.good.example', null)).toEqual({ tag: 'sp', value: 'none', testing: false });
    expect(override('p=REJECT sp=NONE dis=NONE', 'news.good.example')).toBeNull();
    // The organizational domain itself is judged by p=, and the subdomain's own record too.
    expect(appliedPolicy(r, 'good.example', null)).toMatchObject({ tag: 'p', value: 'reject' });
    expect(appliedPolicy(r, 'news.good.example', 'news.good.example')).toMatchObject({
      tag: 'p',
      value: 'reject',
    });
    expect(override('p=REJECT sp=QUARANTINE dis=NONE', 'news.good.example', 'good.example')).toMatch(
      /instead of quarantining it \(sp=quarantine, dis=none\)/,
    );
  });
  it('t=y (RFC 9989 testing): the policy one step less is what is measured', () => {
    expect(dmarc({ comment: 'p=REJECT t=y dis=QUARANTINE' })).toMatchObject({ testing: true });
    expect(override('p=REJECT t=y dis=QUARANTINE')).toBeNull();
    expect(override('p=QUARANTINE t=y dis=NONE')).toBeNull();
    expect(override('p=REJECT t=y dis=NONE')).toMatch(
      /instead of quarantining it \(p=reject, t=y, dis=none\)/,
    );
  });
});

describe('a record the receiver evaluated then and the lookup does not find today (review 3, finding 2)', () => {
  it('the Outlook example: no usable record today, but the receiver’s dmarc=fail and action=quarantine say it found one', () => {
    const a = analyzeHeaders(readFileSync('src/state/header-examples/outlook.eml', 'utf8'));
    expect(noRecordSinceArrival('shop.example', receiverDmarc(a.receiver.dmarc))).toBe(
      'shop.example publishes no usable DMARC record today, but the receiver evaluated one when the message arrived (dmarc=fail, action quarantine): the record has been removed or broken since, or the receiver saw other DNS.',
    );
  });
  it('a receiver that evaluated none (dmarc=none) leaves the plain “no policy applies” line', () => {
    const none = receiverDmarc({ method: 'dmarc', result: 'none', properties: [] });
    expect(noRecordSinceArrival('shop.example', none)).toBeNull();
    expect(noRecordSinceArrival('shop.example', null)).toBeNull();
  });
});
