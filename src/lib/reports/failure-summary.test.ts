import { describe, expect, it } from 'vitest';
import { failureTitle } from './failure-summary';

// Auth-Failure values and feedback types as reports write them, and the words a group is titled with.
const TITLES: Array<[string, string]> = [
  ['dmarc', 'DMARC failed'],
  ['bodyhash', 'DKIM body hash did not match (the message changed on the way)'],
  ['auth-failure', 'Authentication failure (which check was not given)'],
  ['abuse', 'Abuse complaint (not an authentication failure)'],
  ['SPF', 'SPF failed'],
  // Unknown types are quoted; the lookup never reads a property of its table.
  ['x-local', 'Failure type “x-local”'],
  ['constructor', 'Failure type “constructor”'],
];

describe('failureTitle', () => {
  it('words the Auth-Failure, or the feedback type when there is none, without “… failure failure”', () => {
    for (const [type, words] of TITLES) expect(failureTitle(type), type).toBe(words);
  });
});
