// The final receiver's dmarc= as it wrote it: the policy it read, what it did, and what that says when today's
// lookup finds no record (review 3, findings 1 and 2).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';
import { localOverride, noRecordSinceArrival, receiverDmarc } from './receiver-dmarc';

describe('the receiver’s policy and action', () => {
  const dmarc = (extra: Partial<{ comment: string; extras: Record<string, string> }>) =>
    receiverDmarc({ method: 'dmarc', result: 'fail', properties: [], ...extra });
  it('reads Gmail’s comment and Microsoft’s action=', () => {
    expect(dmarc({ comment: 'p=REJECT sp=REJECT dis=QUARANTINE' })).toEqual({
      result: 'fail',
      p: 'reject',
      disposition: 'quarantine',
    });
    expect(dmarc({ extras: { action: 'oreject' } })).toEqual({
      result: 'fail',
      p: 'reject',
      disposition: 'oreject',
    });
    expect(dmarc({ comment: 'p=<script> dis=' })).toEqual({ result: 'fail', p: null, disposition: null });
  });
  it('explains only an action milder than the policy', () => {
    expect(localOverride(dmarc({ comment: 'p=REJECT dis=REJECT' })!)).toBeNull();
    expect(localOverride(dmarc({ comment: 'p=QUARANTINE dis=NONE' })!)).toMatch(
      /^The receiver delivered it as normal mail instead of quarantining it \(p=quarantine, dis=none\)/,
    );
    expect(localOverride(dmarc({ extras: { action: 'oreject' } })!)).toMatch(/\(p=reject, action=oreject\)/);
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
