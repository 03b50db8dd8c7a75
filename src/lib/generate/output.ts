// How a record is published: host relative to the zone and fully qualified, the value as registrars ask for it,
// TXT values over 255 octets split into quoted strings (RFC 1035 §3.3), and a BIND zone-file line.

import { encodeTxtPresentation, splitTxtOctets } from '../dns/txt';
import type { Issue } from '../findings/issue';

export interface PublishForm {
  /** The label(s) below the domain ("_dmarc", "@" for the domain itself). */
  host: string;
  /** Fully qualified, with the final dot. */
  fqdn: string;
  type: 'TXT';
  /** The raw value, as most registrar forms want it. */
  value: string;
  /** The value as quoted character-strings (needed by some forms and by zone files). */
  quoted: string;
  /** Number of character-strings the value needs (1 when it fits in 255 octets). */
  strings: number;
  bind: string;
}

export function publishForm(domain: string, label: string, value: string, ttl = 3600): PublishForm {
  const host = label === '' ? '@' : label;
  const fqdn = `${label === '' ? '' : `${label}.`}${domain}.`;
  const quoted = encodeTxtPresentation(value);
  return {
    host,
    fqdn,
    type: 'TXT',
    value,
    quoted,
    strings: splitTxtOctets(value).length,
    bind: `${fqdn} ${ttl} IN TXT ${quoted}`,
  };
}

/**
 * A parser's issues for display beside another record's (the MTA-STS TXT record and policy file share one list),
 * each message prefixed with what it is about.
 */
export function issuesAbout<Code extends string>(
  about: string,
  issues: readonly Issue<Code>[],
): Issue<Code>[] {
  return issues.map((i) => ({ ...i, message: `${about}: ${i.message}` }));
}
