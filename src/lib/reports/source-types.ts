// The shapes of the sources view (addresses, their groups and what the DNS steps add), apart from the tally that
// makes them (sources.ts), so readers of the view import no tallying code.

import type { SourceClass } from './source-class';
import type { SourceFinding } from './source-findings';
import type { KnownService } from './services';

export interface PtrInfo {
  status: 'found' | 'none' | 'error';
  /** PTR names as published (lower-case, no trailing dot). */
  names: string[];
  /** The first name whose A/AAAA records include the address (forward-confirmed), or null. */
  confirmed: string | null;
  error?: string;
}

export interface AsnInfo {
  asn: number;
  prefix: string | null;
  country: string | null;
  registry: string | null;
  /** The AS's name ("GOOGLE, US"), when looked up. */
  name: string | null;
}

/** What the on-demand DNS steps learned about an address; filled in later, passed back in. */
export interface SourceEnrichment {
  ptr?: PtrInfo;
  asn?: AsnInfo;
}

export interface SourceService {
  id: string;
  name: string;
  kind: KnownService['kind'];
  /** How it was recognised: a forward-confirmed (or bare) reverse-DNS name, or the domains its mail passed as. */
  via: 'ptr' | 'ptr-unconfirmed' | 'dkim' | 'spf';
}

export interface SourceIp {
  ip: string;
  messages: number;
  dmarcPass: number;
  alignedDkimPass: number;
  alignedSpfPass: number;
  /** Messages per class; `category` is the class with the most. */
  classes: Record<SourceClass, number>;
  category: SourceClass;
  /** Messages the receivers said were forwarded or came through a list (reason types), passing DMARC or not. */
  forwardedByReason: number;
  /** The domain's own mail (LEGITIMATE classes) from this address that receivers quarantined or rejected. */
  ownEnforced: { quarantine: number; reject: number };
  fromDomains: string[];
  reporters: string[];
  ptr: string | null;
  ptrConfirmed: boolean | null;
  organization: string | null;
  asn: AsnInfo | null;
  service: SourceService | null;
  findings: SourceFinding[];
  groupKey: string;
}

export interface SourceGroup {
  /** "service:google", "org:example.net", "asn:13335" or "unidentified". */
  key: string;
  label: string;
  kind: 'service' | 'organization' | 'asn' | 'unidentified';
  /** Addresses by messages, most first. */
  ips: string[];
  messages: number;
  dmarcPass: number;
  failing: number;
  classes: Record<SourceClass, number>;
  category: SourceClass;
  findings: SourceFinding[];
}

export interface SourceReport {
  ips: SourceIp[];
  /** By messages that fail DMARC, then by messages. */
  groups: SourceGroup[];
  /** DKIM selectors seen per From domain, for the domain check's selector list. */
  selectors: Record<string, string[]>;
}
