// The source classes of DMARC-failing mail (RFC 9989 §4.7) and the one a source or group is tagged with: a module
// of its own so the page can name a class without loading the classifier (and the Public Suffix List behind it).

/**
 * pass: DMARC passed. forwarded: forwarding or a mailing list broke it (reasons, or a mailbox provider passing on
 * a message signed by the domain). misaligned: a service authenticated as itself, not as the domain.
 * unauthenticated-service: a known service, or an address whose other mail passes DMARC, sent with nothing passing
 * (not in SPF, no DKIM). dkim-broken: a signature for the domain did not verify. unknown-authenticated:
 * authenticated as an unknown other domain. spoofing: nothing passed at all, from a source no one names and none
 * of whose mail passes DMARC. permerror / temperror: nothing passed, the receiver could not evaluate the From
 * domain's own SPF or DKIM (RFC 7208 §2.6.6/§2.6.7: a record of the domain is broken, or a DNS lookup failed), and
 * nothing else shows the source is the domain's (no known service, none of its mail passes DMARC): could not tell.
 */
export type SourceClass =
  | 'pass'
  | 'forwarded'
  | 'misaligned'
  | 'unauthenticated-service'
  | 'dkim-broken'
  | 'permerror'
  | 'temperror'
  | 'unknown-authenticated'
  | 'spoofing';

/** No messages in any class (a tally's start). */
export const emptyClasses = (): Record<SourceClass, number> => ({
  pass: 0,
  forwarded: 0,
  misaligned: 0,
  'unauthenticated-service': 0,
  'dkim-broken': 0,
  permerror: 0,
  temperror: 0,
  'unknown-authenticated': 0,
  spoofing: 0,
});

/**
 * Classes that are the domain's own mail (sent by it or for it), for readiness. Never mail whose only sign is an
 * error for the domain's own SPF or DKIM: a spoofer's mail errors the same way (its MAIL FROM names the domain).
 */
export const LEGITIMATE: ReadonlySet<SourceClass> = new Set([
  'pass',
  'misaligned',
  'unauthenticated-service',
  'dkim-broken',
]);
export const SUSPICIOUS: ReadonlySet<SourceClass> = new Set(['unknown-authenticated', 'spoofing']);
/** Neither own mail nor suspicious: nothing passed, and the From domain's own check errored (could not tell). */
export const UNVERIFIED: ReadonlySet<SourceClass> = new Set(['permerror', 'temperror']);
/**
 * Failing classes that authorizing the source in the From domain's SPF would carry to a DMARC pass (RFC 9989 §4.7,
 * aligned SPF): the domain's own senders. Never forwarded mail (SPF breaks on forwarding whatever the record says),
 * someone else's mail or spoofing.
 */
export const SPF_WOULD_FIX: ReadonlySet<SourceClass> = new Set([
  'misaligned',
  'unauthenticated-service',
  'dkim-broken',
]);

/** Classes of failing mail that is not the domain's to fix (forwarding and lists break SPF and DKIM). */
const NOT_YOURS: ReadonlySet<SourceClass> = new Set(['forwarded']);

/**
 * What the badge of a source or group says, from its messages per class. A badge is a promise: "passes" only when
 * every message passed DMARC; a source whose passing mail is the majority but not all is "mostly passes" with the
 * count that fails; otherwise the class of most of its failing mail names it.
 */
export type SourceTag =
  | { kind: 'passes'; messages: number }
  | {
      kind: 'mostly-passes';
      failing: number;
      /** Every failing message is forwarded mail (not the domain owner's to fix). */
      forwardedOnly: boolean;
    }
  | { kind: 'fails'; worst: SourceClass }
  | { kind: 'no-mail' };

export function sourceTag(classes: Record<SourceClass, number>): SourceTag {
  let total = 0;
  let worst: SourceClass | null = null;
  let forwardedOnly = true;
  for (const k of Object.keys(classes) as SourceClass[]) {
    const n = classes[k];
    total += n;
    if (k === 'pass' || n === 0) continue;
    if (!NOT_YOURS.has(k)) forwardedOnly = false;
    if (worst === null || n > classes[worst]) worst = k;
  }
  if (worst === null)
    return classes.pass > 0 ? { kind: 'passes', messages: classes.pass } : { kind: 'no-mail' };
  if (classes.pass * 2 > total)
    return { kind: 'mostly-passes', failing: total - classes.pass, forwardedOnly };
  return { kind: 'fails', worst: namedFailure(classes, total - classes.pass, worst) };
}

/**
 * The class a failing source is named after: the one with the most failing messages, except that "forwarded" (not
 * the owner's to fix) names it only when forwarding is most of what fails; otherwise the largest other class does.
 */
function namedFailure(
  classes: Record<SourceClass, number>,
  failing: number,
  worst: SourceClass,
): SourceClass {
  if (!NOT_YOURS.has(worst) || classes[worst] * 2 > failing) return worst;
  let named: SourceClass = worst;
  for (const k of Object.keys(classes) as SourceClass[])
    if (k !== 'pass' && !NOT_YOURS.has(k) && (NOT_YOURS.has(named) || classes[k] > classes[named])) named = k;
  return classes[named] > 0 ? named : worst;
}
