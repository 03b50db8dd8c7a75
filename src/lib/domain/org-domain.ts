// Organizational domains: the Public Suffix List view (RFC 7489 §3.2, via tldts) and relaxed alignment.

import { getDomain } from 'tldts';
import { canonicalName } from '../dns/names';

/**
 * RFC 7489 §3.2: the registered domain per the Public Suffix List (private suffixes included, so two
 * customers of one hosting suffix are different organizations). Unknown TLDs fall back to the last two labels
 * via the PSL's default rule; a bare suffix is its own organizational domain.
 */
export function pslOrganizationalDomain(domain: string): string {
  const name = canonicalName(domain);
  return getDomain(name, { allowPrivateDomains: true, validHosts: [] }) ?? name;
}

/** RFC 9989 §4.4: relaxed alignment means the same organizational domain; strict means the same name. */
export function aligned(
  a: string,
  b: string,
  mode: 'r' | 's',
  orgDomain: (d: string) => string = pslOrganizationalDomain,
): boolean {
  const x = canonicalName(a);
  const y = canonicalName(b);
  if (mode === 's') return x === y;
  return orgDomain(x) === orgDomain(y);
}
