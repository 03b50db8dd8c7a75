// Why a DMARC-failing record failed (RFC 9989 §4.7: neither SPF nor DKIM passed aligned with the From domain),
// told from what did pass, for which domain, with which reasons, and which service the source belongs to.

import { authError } from './auth-outcome';
import { isPass, type OrgDomains } from './record-facts';
import { serviceForDomain, type KnownService } from './services';
import type { SourceClass } from './source-rank';
import type { AggregatePolicy, AggregateRecord } from './types';

export {
  emptyClasses,
  LEGITIMATE,
  SPF_WOULD_FIX,
  SUSPICIOUS,
  UNVERIFIED,
  sourceTag,
  type SourceClass,
  type SourceTag,
} from './source-rank';

/**
 * What a failing record shows before the source's service is known (phase one of two). resigned: the From domain's
 * own signature failed and another, unknown domain signed or passed SPF, and the receiver wrote a local_policy
 * reason: an intermediary (a mailing list such as ietf.org) changed the message and re-sent it as itself (RFC 7960
 * §3.2.3, §4.1.3). maybe-resigned: the same results without that evidence. A spoofer produces them too (a fake
 * DKIM-Signature with d= the From domain, and its own signature beside it), so it is possibly a mailing list, and
 * stays suspicious unless the source is a known relay.
 */
export type FailureSign =
  | 'reason'
  | 'resigned'
  | 'maybe-resigned'
  | 'known-domain'
  | 'other-domain'
  | 'own-signature'
  | 'permerror'
  | 'temperror'
  | 'nothing';

/** No messages with any failure sign (a count's start). */
export const noSigns = (): Record<FailureSign, number> => ({
  reason: 0,
  'known-domain': 0,
  'other-domain': 0,
  resigned: 0,
  'maybe-resigned': 0,
  'own-signature': 0,
  permerror: 0,
  temperror: 0,
  nothing: 0,
});

/** RFC 7489 §6.6.2 / RFC 9990 §3.2 reason types a receiver writes when forwarding explains the failure. */
const FORWARDING_REASONS = new Set(['forwarded', 'trusted_forwarder', 'mailing_list']);

/** The receiver said this mail was forwarded or came through a list (whatever its DMARC result). */
export const saysForwarded = (record: AggregateRecord): boolean =>
  record.reasons.some((r) => FORWARDING_REASONS.has(r.type));

export function failureSign(record: AggregateRecord, policy: AggregatePolicy, orgs: OrgDomains): FailureSign {
  // RFC 9990 §3.2: local_policy is what receivers write when ARC (RFC 8617) vouched for a forwarded message.
  if (
    record.reasons.some(
      (r) =>
        FORWARDING_REASONS.has(r.type) ||
        (r.type === 'local_policy' && /\barc\s*=\s*pass/i.test(r.comment ?? '')),
    )
  )
    return 'reason';
  const from = record.headerFrom || policy.domain;
  let other: string | null = null;
  for (const d of record.authDkim)
    if (isPass(d.result) && !orgs.aligned(d.domain, from, 'r')) other ??= d.domain;
  for (const s of record.authSpf)
    if (isPass(s.result) && !orgs.aligned(s.domain, from, 'r')) other ??= s.domain;
  if (other !== null) {
    const all = [...record.authDkim, ...record.authSpf].filter((x) => isPass(x.result)).map((x) => x.domain);
    if (all.some((d) => serviceForDomain(d) !== null)) return 'known-domain';
    // A result for the author's signature, and the passing domain is not a sending service: a list or forwarder
    // may have re-sent the domain's own message. Only the receiver's local_policy reason (RFC 9990 §3.2) shows it;
    // anyone can add a DKIM-Signature naming the From domain.
    if (!record.authDkim.some((d) => orgs.aligned(d.domain, from, 'r'))) return 'other-domain';
    return record.reasons.some((r) => r.type === 'local_policy') ? 'resigned' : 'maybe-resigned';
  }
  const own = record.authDkim.filter((d) => orgs.aligned(d.domain, from, 'r'));
  // A signature of the domain that was evaluated and did not verify (fail, neutral, policy) is broken.
  if (own.some((d) => authError(d.result) === null)) return 'own-signature';
  // RFC 7208 §2.6.6/§2.6.7: the domain's own SPF or DKIM could not be evaluated; neither a fail nor spoofing.
  const ownSpf = record.authSpf.filter((s) => s.scope !== 'helo' && orgs.aligned(s.domain, from, 'r'));
  const errors = [...own, ...ownSpf].map((x) => authError(x.result));
  if (errors.includes('permerror')) return 'permerror';
  if (errors.includes('temperror')) return 'temperror';
  return own.length > 0 ? 'own-signature' : 'nothing';
}

/**
 * Phase two: the class, once the source's service (from reverse DNS or its authenticated domains) is known, and
 * whether any of the source's mail passed DMARC. Rule: a source is suspicious (someone else's mail, spoofing) only
 * when nothing from it aligns; an address that passes aligned SPF or DKIM for the domain (RFC 9989 §4.7) sends the
 * domain's own mail, and its failing messages are that sender not set up for all of its mail. Mail whose own SPF or
 * DKIM check errored, from a source with no such evidence, is neither: it could not be told (permerror, temperror).
 */
export function classify(sign: FailureSign, service: KnownService | null, passesDmarc: boolean): SourceClass {
  const known = service !== null || passesDmarc;
  const relays = service !== null && (service.kind === 'mailbox' || service.kind === 'gateway');
  switch (sign) {
    case 'reason':
    case 'resigned':
      return 'forwarded';
    case 'maybe-resigned':
      // Possibly a mailing list: forwarding only from a mailbox provider or gateway that relays others' mail.
      return relays ? 'forwarded' : known ? 'misaligned' : 'unknown-authenticated';
    case 'known-domain':
      return 'misaligned';
    case 'other-domain':
      return known ? 'misaligned' : 'unknown-authenticated';
    case 'own-signature':
      return relays ? 'forwarded' : 'dkim-broken';
    case 'permerror':
    case 'temperror':
      // An error is no evidence the source is the domain's: a spoofer's MAIL FROM names the domain too, and its
      // mail errors whenever the domain's SPF does (or the receiver's DNS fails). Own mail only with other evidence.
      return known ? 'unauthenticated-service' : sign;
    case 'nothing':
      return known ? 'unauthenticated-service' : 'spoofing';
  }
}
