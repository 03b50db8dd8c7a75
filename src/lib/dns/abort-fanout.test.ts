import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from './abort-fanout';

describe('onAbort', () => {
  it('one listener for many callbacks; forgotten ones are not called; the last forget removes it', () => {
    const run = new AbortController();
    const called: number[] = [];
    const forgets = [1, 2, 3].map((n) => onAbort(run.signal, () => called.push(n)));
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
    forgets[1]!();
    forgets[1]!();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
    run.abort();
    expect(called).toEqual([1, 3]);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener once every callback is forgotten, and starts afresh after', () => {
    const run = new AbortController();
    const forget = [onAbort(run.signal, () => {}), onAbort(run.signal, () => {})];
    forget.forEach((f) => f());
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    let fired = false;
    onAbort(run.signal, () => (fired = true));
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
    run.abort();
    expect(fired).toBe(true);
  });

  it('a signal already aborted calls back on the next microtask, unless forgotten first (found in review)', async () => {
    const signal = AbortSignal.abort();
    const called: string[] = [];
    onAbort(signal, () => called.push('kept'));
    const forget = onAbort(signal, () => called.push('forgotten'));
    forget();
    expect(called).toEqual([]);
    await Promise.resolve();
    expect(called).toEqual(['kept']);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
