import { describe, expect, it } from 'vitest';
import { describeOutcome, outcomeClass, toOutcome } from './outcome';

describe('one outcome vocabulary', () => {
  it('maps every RFC 8601 result to one severity', () => {
    expect(describeOutcome('pass').severity).toBe('ok');
    expect(describeOutcome('fail').severity).toBe('error');
    expect(describeOutcome('softfail').severity).toBe('warning');
    expect(describeOutcome('neutral').severity).toBe('info');
    expect(describeOutcome('none').severity).toBe('info');
    expect(describeOutcome('permerror').severity).toBe('error');
    expect(describeOutcome('policy').severity).toBe('warning');
  });
  it('reads temperror and DNS errors as "could not check", never as a failure', () => {
    expect(describeOutcome('temperror')).toMatchObject({ severity: 'unknown', label: 'Could not check' });
    expect(describeOutcome('TempError').severity).toBe('unknown');
    expect(describeOutcome('dns-error').severity).toBe('unknown');
    expect(outcomeClass('temperror')).toBe('sev-unknown');
  });
  it('reads other implementations’ words as the RFC value they stand for', () => {
    expect(toOutcome('hardfail')).toBe('fail');
    expect(toOutcome(' PASS ')).toBe('pass');
    expect(toOutcome('bestguesspass')).toBeNull();
    expect(describeOutcome('bestguesspass').severity).toBe('info');
  });
  it('never paints an unknown word green or red, and ignores built-in property names', () => {
    expect(describeOutcome('constructor')).toMatchObject({ severity: 'warning', label: 'constructor' });
    expect(toOutcome('toString')).toBeNull();
  });
});
