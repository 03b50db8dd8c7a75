import { describe, expect, it } from 'vitest';
import { DMARC_ROLLOUT, rolloutStage } from './dmarc-guide';

describe('DMARC rollout guide', () => {
  it('places each published policy on its stage', () => {
    expect(rolloutStage('none', false)).toBe(0);
    expect(rolloutStage('none', true)).toBe(0);
    expect(rolloutStage('quarantine', true)).toBe(1);
    expect(rolloutStage('quarantine', false)).toBe(2);
    expect(rolloutStage('reject', false)).toBe(3);
    expect(DMARC_ROLLOUT[3]!.title).toMatch(/Reject/);
  });

  it('has no stage without a policy, nor for a test of reject', () => {
    expect(rolloutStage(null, false)).toBe(-1);
    expect(rolloutStage('reject', true)).toBe(-1);
  });

  it('every stage is reachable from its own p and t', () => {
    DMARC_ROLLOUT.forEach((s, i) => expect(rolloutStage(s.p, s.testing)).toBe(i));
  });
});
