// RFC 7208 §4.6.4, §5 and §6.1: walk the tree in evaluation order, numbering lookups and voids as a receiver
// counts them, and note what each record is reached after and whether a +all passes every address.

import type { SpfAnalysis, SpfNode, SpfTermInfo } from './types';

export interface EvaluationOrder {
  lookups: number;
  /** Lookups if each MX host's address lookup is counted too (a stricter convention some checkers use). */
  addressLookups: number;
  voids: number;
  everyAddress: SpfAnalysis['everyAddress'];
  permerror: SpfAnalysis['permerror'];
}

/** RFC 7208 §5.2, §6.1: an include or redirect whose target gives one of these makes check_host permerror. */
const PERMERROR_STATUSES: ReadonlySet<SpfNode['status']> = new Set([
  'none',
  'nxdomain',
  'multiple',
  'syntax-error',
  'loop',
  'invalid-domain',
]);

/** Can this evaluated term match some message (and so decide it before what follows)? */
function canMatch(t: SpfTermInfo, child: SpfNode | null): boolean {
  if (t.kind !== 'mechanism' || t.isVoid) return false;
  return child === null || child.status === 'ok';
}

/**
 * Number lookups and voids in evaluation order, mark terms never evaluated, and set each node's running total,
 * subtree counts and `earlierMatches`. Nodes a receiver never reaches keep `earlierMatches` null.
 */
export function countInOrder(root: SpfNode): EvaluationOrder {
  const counters: EvaluationOrder = {
    lookups: 0,
    addressLookups: 0,
    voids: 0,
    everyAddress: null,
    permerror: null,
  };
  const unreached = (node: SpfNode) => {
    node.earlierMatches = null;
    node.children.forEach(unreached);
  };
  root.children.forEach(unreached);
  /**
   * `passesAll`: every term on the way here passes on a match (+include, redirect), so +all here passes all.
   * `live`: some message still reaches this record, i.e. no term evaluated before it matched every message or ended
   * check_host with permerror. Returns whether this record passes every message that reaches it (a reachable +all).
   */
  const visit = (
    node: SpfNode,
    earlierAtEntry: readonly string[],
    passesAll: boolean,
    live: boolean,
  ): boolean => {
    node.earlierMatches = [...earlierAtEntry];
    const before = counters.lookups;
    const voidsBefore = counters.voids;
    if (node.status !== 'ok') {
      node.runningTotal = counters.lookups;
      // RFC 7208 §5.2, §6.1: the first broken target met in evaluation order ends check_host for every message not
      // matched before it; nothing after it (a later +all included) decides any message.
      if (live && node !== root && PERMERROR_STATUSES.has(node.status))
        counters.permerror ??= {
          id: node.id,
          domain: node.domain,
          term: node.viaTerm ?? node.domain,
          earlierMatches: [...earlierAtEntry],
        };
      return false;
    }
    const earlier = [...earlierAtEntry];
    let reachedAll = false;
    // A term here matched every message (an include of a record that passes all): later terms decide none.
    let ended = false;
    let passesEvery = false;
    const open = () => live && !ended && counters.permerror === null;
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
      const child = t.childIndex === null ? null : node.children[t.childIndex]!;
      const wasOpen = open();
      // RFC 7208 §5.2: an include matches when its record passes; one that passes every message decides them all.
      if (child && visit(child, earlier, passesAll && t.qualifier === '+', wasOpen) && wasOpen) {
        ended = true;
        passesEvery ||= t.qualifier === '+';
      }
      if (t.name === 'all') {
        reachedAll = true;
        if (wasOpen && t.qualifier === '+') {
          passesEvery = true;
          if (passesAll) counters.everyAddress ??= { domain: node.domain, term: t.text };
        }
      }
      if (canMatch(t, child)) earlier.push(t.text);
    }
    if (redirect) {
      // RFC 7208 §6.1: redirect is used only when no mechanism matched, and never with all.
      if (reachedAll) redirect.unreachable = true;
      else {
        counters.lookups++;
        counters.addressLookups++;
        redirect.lookupNumber = counters.lookups;
        if (redirect.isVoid) counters.voids++;
        const wasOpen = open();
        if (redirect.childIndex !== null)
          passesEvery ||= visit(node.children[redirect.childIndex]!, earlier, passesAll, wasOpen) && wasOpen;
      }
    }
    node.subtreeLookups = counters.lookups - before;
    node.voidLookups = counters.voids - voidsBefore;
    node.runningTotal = counters.lookups;
    return passesEvery;
  };
  visit(root, [], true, true);
  return counters;
}
