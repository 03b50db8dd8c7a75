// The lookup cost of each term of an SPF draft (from the draft check's analysis).

import type { SpfAnalysis } from '../spf';

/** One line per lookup-costing term of the draft's own record: the term, its cost with everything below it, and
 * the running total, so the expensive includes stand out. */
export interface SpfTermCost {
  term: string;
  cost: number;
  runningTotal: number | null;
  status: string | null;
}

export function spfTermCosts(analysis: SpfAnalysis): SpfTermCost[] {
  const root = analysis.root;
  const out: SpfTermCost[] = [];
  for (const term of root.terms) {
    if (!term.countsLookup || term.unreachable) continue;
    const child = term.childIndex === null ? null : (root.children[term.childIndex] ?? null);
    out.push({
      term: term.text,
      cost: 1 + (child ? child.subtreeLookups : 0),
      runningTotal: term.lookupNumber === null ? null : child ? child.runningTotal : term.lookupNumber,
      status: child && child.status !== 'ok' ? child.statusText : term.dnsError,
    });
  }
  return out;
}
