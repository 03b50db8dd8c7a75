// The source classes of DMARC-failing mail (RFC 9989 §4.7) and the one a source or group is tagged with: a module
// of its own so the page can name a class without loading the classifier (and the Public Suffix List behind it).

/**
 * pass: DMARC passed. forwarded: forwarding or a mailing list broke it (reasons, or a mailbox provider passing on
 * a message signed by the domain). misaligned: a service authenticated as itself, not as the domain.
 * unauthenticated-service: a known service, or an address whose other mail passes DMARC, sent with nothing passing
 * (not in SPF, no DKIM). dkim-broken: a signature for the domain did not verify. unknown-authenticated:
 * authenticated as an unknown other domain. spoofing: nothing passed at all, from a source no one names and none
 * of whose mail passes DMARC.
 */
export type SourceClass =
  | 'pass'
  | 'forwarded'
  | 'misaligned'
  | 'unauthenticated-service'
  | 'dkim-broken'
  | 'unknown-authenticated'
  | 'spoofing';

/** Classes that are the domain's own mail (sent by it or for it), for readiness. */
export const LEGITIMATE: ReadonlySet<SourceClass> = new Set([
  'pass',
  'misaligned',
  'unauthenticated-service',
  'dkim-broken',
]);
export const SUSPICIOUS: ReadonlySet<SourceClass> = new Set(['unknown-authenticated', 'spoofing']);

/**
 * The class a source or group is tagged with: what most of its failing mail is, or "passes" when nothing fails. A
 * suspicious class names it only when passing mail is not the majority: a group that mostly passes DMARC is the
 * domain's own, and its few spoofed messages are a finding with their count, not its name.
 */
export function worstClass(classes: Record<SourceClass, number>): SourceClass {
  const total = Object.values(classes).reduce((n, c) => n + c, 0);
  const mostlyPasses = classes.pass * 2 > total;
  let worst: SourceClass = 'pass';
  for (const k of Object.keys(classes) as SourceClass[]) {
    if (k === 'pass' || classes[k] === 0 || (mostlyPasses && SUSPICIOUS.has(k))) continue;
    if (worst === 'pass' || classes[k] > classes[worst]) worst = k;
  }
  return worst;
}
