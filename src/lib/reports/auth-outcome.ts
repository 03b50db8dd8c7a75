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

/** Messages with errors and the domains they were for, record by record (each record's messages once per error). */
export class AuthErrorTally {
  temperror = 0;
  permerror = 0;
  readonly domains: Record<AuthError, Map<string, number>> = { temperror: new Map(), permerror: new Map() };
  /** The domains aligned with the From domain of their record: the owner's own records. */
  readonly own = new Set<string>();

  add(errors: RecordAuthErrors, messages: number, aligned: (domain: string) => boolean): void {
    for (const k of ['temperror', 'permerror'] as const) {
      if (errors[k].length > 0) this[k] += messages;
      for (const d of errors[k]) {
        this.domains[k].set(d, (this.domains[k].get(d) ?? 0) + messages);
        if (aligned(d)) this.own.add(d);
      }
    }
  }

  /** Add another source's tally (a group's evidence). */
  merge(other: AuthErrorTally | null): void {
    if (other === null) return;
    for (const k of ['temperror', 'permerror'] as const) {
      this[k] += other[k];
      for (const [d, n] of other.domains[k]) this.domains[k].set(d, (this.domains[k].get(d) ?? 0) + n);
    }
    for (const d of other.own) this.own.add(d);
  }
}
