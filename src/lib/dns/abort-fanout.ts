// One 'abort' listener per AbortSignal however many waits race it: a domain check races about fifty DNS
// questions on its one run signal (DKIM selector discovery), and a listener each made the count grow with them.

interface Waiters {
  callbacks: Set<() => void>;
  fire: () => void;
}

const bySignal = new WeakMap<AbortSignal, Waiters>();

/**
 * Call `callback` once when `signal` aborts; the returned function forgets it. The signal carries one listener
 * while any callback waits and none once the last is forgotten or fired.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  // An 'abort' event never comes again for a signal already aborted: call back on the next microtask instead.
  if (signal.aborted) {
    let waiting = true;
    queueMicrotask(() => waiting && callback());
    return () => void (waiting = false);
  }
  let waiters = bySignal.get(signal);
  if (!waiters) {
    const callbacks = new Set<() => void>();
    const fire = () => {
      bySignal.delete(signal);
      for (const c of [...callbacks]) c();
      callbacks.clear();
    };
    waiters = { callbacks, fire };
    bySignal.set(signal, waiters);
    signal.addEventListener('abort', fire, { once: true });
  }
  const { callbacks, fire } = waiters;
  // A callback object of its own, so the same function registered twice is forgotten once each.
  const entry = () => callback();
  callbacks.add(entry);
  return () => {
    if (!callbacks.delete(entry) || callbacks.size > 0) return;
    signal.removeEventListener('abort', fire);
    if (bySignal.get(signal)?.fire === fire) bySignal.delete(signal);
  };
}
