// The name a report destination publishes to accept reports about another domain's policy. Its own module: the DMARC
// generator builds it without the destination checks and the Public Suffix List they need.

/**
 * RFC 7489 §7.1, kept in RFC 9990 §3: the name where a destination authorizes reports about a policy domain. The
 * policy domain is where the DMARC record was found (the domain itself, or the organizational domain or tree-walk
 * parent it inherits from), since receivers ask about the record they applied. The one place this name is built.
 */
export function reportAuthorizationName(policyDomain: string, destinationDomain: string): string {
  return `${policyDomain}._report._dmarc.${destinationDomain}`;
}
