// RFC 8601 §2.7 (RFC 7208 §2.6, RFC 6376 §3.9): the SPF and DKIM results of an aggregate record read through the one
// outcome vocabulary (findings/outcome.ts), so "hardfail", "unknown" and "error" count as what they stand for.

import { toOutcome } from '../findings';
import type { AggregateRecord } from './types';

/** The two errors: the receiver's DNS lookup failed, or the domain's record cannot be used. */
export type AuthError = 'temperror' | 'permerror';

/**
 * RFC 7208 §2.6.6/§2.6.7, RFC 6376 §3.9: temperror is a DNS failure while checking (transient, usually at the
 * receiver), permerror a record that cannot be used (the domain owner's to fix); neither is a fail. "error" and
 * "unknown" are RFC 4408's names for them.
 */
export function authError(result: string): AuthError | null {
  if (result === 'pass' || result === 'fail') return null;
  const outcome = toOutcome(result);
  return outcome === 'temperror' || outcome === 'permerror' ? outcome : null;
}

/**
 * RFC 7208 §2.6: results that say the address is not authorized by the record (fail, softfail, neutral, none;
 * "hardfail" as some reporters write fail). Errors are not: adding an address fixes nothing.
 */
export function isSpfUnauthorized(result: string): boolean {
  const outcome = toOutcome(result);
  return outcome === 'fail' || outcome === 'softfail' || outcome === 'neutral' || outcome === 'none';
}

/** The domains whose SPF or DKIM results in one record were errors, by error (each domain once). */
export interface RecordAuthErrors {
  temperror: string[];
  permerror: string[];
}

/** The errors of one record: its messages count once per error, however many results it lists (helo and mfrom). */
export function recordAuthErrors(record: AggregateRecord): RecordAuthErrors | null {
  let out: RecordAuthErrors | null = null;
  for (const r of [...record.authDkim, ...record.authSpf]) {
    const error = authError(r.result);
    if (error === null) continue;
    out ??= { temperror: [], permerror: [] };
    if (!out[error].includes(r.domain)) out[error].push(r.domain);
  }
  return out;
}
