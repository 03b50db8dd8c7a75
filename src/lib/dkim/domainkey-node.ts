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
