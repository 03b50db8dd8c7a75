import { describe, expect, it } from 'vitest';
import { failureTitle } from './failure-summary';

describe('failureTitle', () => {
  it('words the Auth-Failure, or the feedback type when there is none, without “… failure failure”', () => {
    expect(failureTitle('dmarc')).toBe('DMARC failed');
    expect(failureTitle('bodyhash')).toBe('DKIM body hash did not match (the message changed on the way)');
    expect(failureTitle('auth-failure')).toBe('Authentication failure (which check was not given)');
    expect(failureTitle('abuse')).toBe('Abuse complaint (not an authentication failure)');
    expect(failureTitle('SPF')).toBe('SPF failed');
  });

  it('quotes a type it does not know, and never reads a property of the lookup table', () => {
    expect(failureTitle('x-local')).toBe('Failure type “x-local”');
    expect(failureTitle('constructor')).toBe('Failure type “constructor”');
  });
});
