// RFC 5321 §4.4 trace fields in words: what a route of Received fields can and cannot show.

import type { Hop } from './types';

/**
 * A word about the route when its hops alone say little, or null. One Received field records one hand-off: there
 * is no earlier server to time it against, so no delay is shown (the Received fields of the servers before it,
 * if any, were not kept or not pasted).
 */
export function routeNote(hops: readonly Hop[], total: number): string | null {
  const only = hops[0];
  if (total !== 1 || !only) return null;
  const by = only.received.by ?? 'a server that did not name itself';
  return `One Received field: only the hand-off to ${by} is recorded, so there is no delay between servers to show.`;
}
