// DMARC report destinations (RFC 9990 §3 external authorization, RFC 7505 null MX) in words a person reads, and
// the authorization record a destination must publish. One copy for the domain check and the DMARC generator.

import type { ReportDestination } from '../dmarc/analyze';
import type { Severity } from '../findings/severity';
import { reportAuthorizationRecord } from './dmarc';

export interface DestinationLook {
  severity: Severity;
  label: string;
}

const AUTHORIZATION: Record<ReportDestination['authorization'], DestinationLook> = {
  authorized: { severity: 'ok', label: 'Authorized' },
  missing: { severity: 'warning', label: 'Not authorized' },
  'not-needed': { severity: 'ok', label: 'Same organization' },
  error: { severity: 'unknown', label: 'Could not check' },
};

const MAIL: Record<ReportDestination['mail'], DestinationLook> = {
  mx: { severity: 'ok', label: 'Yes (MX)' },
  'implicit-a': { severity: 'ok', label: 'Yes (no MX, A record)' },
  'null-mx': { severity: 'warning', label: 'No (null MX)' },
  none: { severity: 'warning', label: 'No: the domain receives no mail' },
  error: { severity: 'unknown', label: 'Could not check' },
};

/** RFC 9990 §3: may receivers send this destination reports about the policy domain? */
export function authorizationLook(destination: ReportDestination): DestinationLook {
  return AUTHORIZATION[destination.authorization];
}

/** Can the destination's domain receive the report mail at all (MX, implicit A, RFC 7505 null MX)? */
export function mailLook(destination: ReportDestination): DestinationLook {
  return MAIL[destination.mail];
}

export interface AuthorizationToPublish {
  /** The destination's domain, whose operator publishes the record. */
  zone: string;
  /** The name below that zone: `<policy domain>._report._dmarc`. */
  label: string;
  value: string;
  /** The domain the record authorizes reports for: where the DMARC policy was found, not always the one checked. */
  policyDomain: string;
}

/**
 * RFC 9990 §3: the record an external destination that has not authorized reports must publish, else null. Its name
 * is the one the destination check looked up, so the advice and the lookup cannot name different domains.
 */
export function authorizationToPublish(destination: ReportDestination): AuthorizationToPublish | null {
  if (destination.authorization !== 'missing' || destination.authorizationName === null) return null;
  const record = reportAuthorizationRecord(destination.policyDomain, destination.domain);
  return {
    zone: destination.domain,
    label: record.name.slice(0, -(destination.domain.length + 1)),
    value: record.value,
    policyDomain: destination.policyDomain,
  };
}

/** The authorization records still missing for a policy's destinations, one per destination domain. */
export function authorizationsToPublish(
  destinations: readonly ReportDestination[],
): AuthorizationToPublish[] {
  const out = new Map<string, AuthorizationToPublish>();
  for (const d of destinations) {
    const record = authorizationToPublish(d);
    if (record && !out.has(record.zone)) out.set(record.zone, record);
  }
  return [...out.values()];
}
