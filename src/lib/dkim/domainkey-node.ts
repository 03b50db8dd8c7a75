// What the answer at _domainkey.<domain> proves about DKIM keys: RFC 8020 §2 makes NXDOMAIN proof that no selector
// exists, but NOERROR only proves the name exists, which a wildcard (RFC 4592 §2.1) also produces.

import { txtRecords, type Lookup } from '../dns/lookup';

/**
 * A label no selector uses: asked below _domainkey.<domain>, it exists only when a wildcard answers for every name
 * there (`*.<domain>` when _domainkey.<domain> does not exist itself, or `*._domainkey.<domain>`).
 */
export const WILDCARD_PROBE_LABEL = '_authlens-wildcard-probe';

export function wildcardProbeName(domain: string): string {
  return `${WILDCARD_PROBE_LABEL}._domainkey.${domain}`;
}

/**
 * nxdomain: no selector exists (RFC 8020 §2). names-below: an empty non-terminal that no wildcard answers for, so
 * names are published below it. own-records: the name holds a TXT record of its own, which says nothing about names
 * below it. wildcard: a name nobody publishes exists too, so existence proves nothing. error: a lookup failed.
 */
export type DomainkeyNode = 'nxdomain' | 'names-below' | 'own-records' | 'wildcard' | 'error';

/** The node's state from the answers at _domainkey.<domain> and at the probe name (both TXT). */
export function readDomainkeyNode(node: Lookup, probe: Lookup): DomainkeyNode {
  if (node.kind === 'error') return 'error';
  if (node.kind === 'nxdomain') return 'nxdomain';
  if (probe.kind === 'error') return 'error';
  // RFC 4592 §2.1: only a wildcard makes a name that was never published answer, or alias it (a CNAME chain).
  if (probe.kind !== 'nxdomain' || probe.chain.length > 0) return 'wildcard';
  return txtRecords(node).length > 0 ? 'own-records' : 'names-below';
}

/** The nodes that leave keys under other selectors possible, so only the domain's own selector can settle it. */
export type OpenDomainkeyNode = 'names-below' | 'own-records';

/**
 * With no key at the selectors tried: names proven below _domainkey (most likely keys under other selectors), or a
 * record of its own there (an old DomainKeys policy, RFC 6376 §3.6.2.1) that says nothing about the names below it.
 * Neither proves that keys exist or that they do not: only a lookup of the domain's own selector can tell.
 */
export function leavesSelectorOpen(node: DomainkeyNode): node is OpenDomainkeyNode {
  return node === 'names-below' || node === 'own-records';
}

/** The badge of that answer, the same in the DKIM area and the bulk-sender readiness row. */
export const SELECTOR_NEEDED = 'Selector needed';

/** That answer in one sentence: what was checked, what it proves, and what the person can do. */
export function selectorNeededSentence(node: OpenDomainkeyNode, tried: number): string {
  const what =
    node === 'names-below'
      ? 'names exist under _domainkey, most likely keys under other selectors'
      : '_domainkey holds a record of its own, which says nothing about keys under other selectors';
  return `No key at the ${tried} selectors tried; ${what}. Type your selector under Options (the s= tag of a DKIM-Signature header names it), or paste a message header in Header analysis.`;
}
