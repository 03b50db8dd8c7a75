// RFC 7208 §4.6.4, §5 and §6.1: walk the tree in evaluation order, numbering lookups and voids as a receiver
// counts them.

import type { SpfNode, SpfTermInfo } from './types';

export interface EvaluationOrder {
  lookups: number;
  /** Lookups if each MX host's address lookup is counted too (a stricter convention some checkers use). */
  addressLookups: number;
  voids: number;
}

/** Number lookups and voids in evaluation order, mark terms never evaluated, set running totals and subtree counts. */
export function countInOrder(root: SpfNode): EvaluationOrder {
  const counters: EvaluationOrder = { lookups: 0, addressLookups: 0, voids: 0 };
  const visit = (node: SpfNode) => {
    const before = counters.lookups;
    const voidsBefore = counters.voids;
    if (node.status !== 'ok') {
      node.runningTotal = counters.lookups;
      return;
    }
    let reachedAll = false;
    let redirect: SpfTermInfo | null = null;
    for (const t of node.terms) {
      if (t.kind === 'modifier') {
        if (t.name === 'redirect') redirect = t;
        continue;
      }
      // RFC 7208 §5.1: all always matches; nothing after it is evaluated.
      if (reachedAll) {
        t.unreachable = true;
        continue;
      }
      if (t.countsLookup) {
        counters.lookups++;
        t.lookupNumber = counters.lookups;
        counters.addressLookups += 1 + (t.name === 'mx' ? t.mxHosts.length : 0);
      }
      if (t.isVoid) counters.voids++;
      if (t.childIndex !== null) {
        const child = node.children[t.childIndex]!;
        if (child.status === 'nxdomain') counters.voids++;
        visit(child);
      }
      if (t.name === 'all') reachedAll = true;
    }
    if (redirect) {
      // RFC 7208 §6.1: redirect is used only when no mechanism matched, and never with all.
      if (reachedAll) redirect.unreachable = true;
      else {
        counters.lookups++;
        counters.addressLookups++;
        redirect.lookupNumber = counters.lookups;
        if (redirect.childIndex !== null) visit(node.children[redirect.childIndex]!);
      }
    }
    node.subtreeLookups = counters.lookups - before;
    node.voidLookups = counters.voids - voidsBefore;
    node.runningTotal = counters.lookups;
  };
  visit(root);
  return counters;
}
