// "Why it failed" for one source, in the findings vocabulary: each finding counts the messages it is about and
// says what to change (a custom DKIM domain or return path at the service, an SPF include, nothing at all).

import { countText } from './share';
import { describeOutcome, SEVERITY_ORDER, type Finding } from '../findings';
import type { AuthErrorTally } from './auth-outcome';
import type { SourceClass } from './source-class';
import type { KnownService } from './services';

export type SourceCode =
  | 'source-pass'
  | 'dkim-not-aligned'
  | 'spf-not-aligned'
  | 'not-in-spf'
  | 'unauthenticated-service'
  | 'dkim-broken'
  | 'forwarded'
  | 'unknown-authenticated'
  | 'spoofing'
  | 'auth-temperror'
  | 'auth-permerror'
  | 'selectors';

export type SourceFinding = Finding<SourceCode> & { messages: number };

/**
 * The findings about the domain's own failing mail (the failing classes of LEGITIMATE: misaligned, a service not set
 * up, a broken signature, its own records' errors): what "fix these sources first" is about. Forwarded, someone else's and spoofed mail have
 * findings of their own, which are not the owner's senders to fix.
 */
export const OWN_MAIL_CODES: ReadonlySet<SourceCode> = new Set<SourceCode>([
  'dkim-not-aligned',
  'spf-not-aligned',
  'not-in-spf',
  'unauthenticated-service',
  'dkim-broken',
  'auth-permerror',
  'auth-temperror',
]);

/** What the findings of one source are computed from. */
export interface SourceEvidence {
  classes: Record<SourceClass, number>;
  messages: number;
  fromDomain: string;
  service: KnownService | null;
  /** Domains that passed DKIM / SPF without being aligned with the From domain, with messages. */
  dkimOther: Map<string, number>;
  spfOther: Map<string, number>;
  /**
   * Messages that failed DMARC (no aligned DKIM pass) with the From domain as MAIL FROM and SPF saying "not
   * authorized", from the domain's own senders only: what adding the source to SPF would fix.
   */
  notInSpf: number;
  /**
   * From domains of the failing messages signed for their own domain whose signature did not verify: in a group
   * of several From domains, those the dkim-broken finding is about (not the group's most common From domain).
   */
  brokenFrom: Map<string, number>;
  /** The selectors of those signatures ("selector._domainkey.domain"), as the fix names them. */
  brokenSelectors: Set<string>;
  /** Selectors of signatures for the From domain: "selector._domainkey.domain" → pass/fail messages. */
  ownSelectors: Map<string, { domain: string; selector: string; pass: number; fail: number }>;
  /** Messages with a temperror / permerror SPF or DKIM result, and the domains (yours or others') they were for. */
  errors: AuthErrorTally;
  /**
   * Suspicious messages that also carry a failing signature for the From domain, with no reason saying they were
   * forwarded: possibly a mailing list that re-signed the domain's mail, or a spoofer who added that signature.
   */
  maybeList: number;
}

const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([d]) => d);

export function sourceFindings(e: SourceEvidence): SourceFinding[] {
  const out: SourceFinding[] = [];
  const at = e.service ? ` at ${e.service.name}` : ' at this service';
  const c = e.classes;
  const add = (f: Omit<SourceFinding, 'severity'> & { severity: SourceFinding['severity'] }) => out.push(f);
  if (c.misaligned > 0 && e.dkimOther.size > 0)
    add({
      severity: 'warning',
      code: 'dkim-not-aligned',
      messages: c.misaligned,
      title: 'DKIM passes, but for another domain',
      detail: `Signatures verified for ${top(e.dkimOther).join(', ')}, not for ${e.fromDomain}, so DKIM does not count for DMARC.`,
      fix: `Set up DKIM for your own domain${at} (often called a custom DKIM domain or "authenticate your domain"), so it signs with d=${e.fromDomain}.`,
      spec: 'RFC 9989 §4.4',
      items: top(e.dkimOther),
    });
  if (c.misaligned > 0 && e.spfOther.size > 0)
    add({
      severity: 'warning',
      code: 'spf-not-aligned',
      messages: c.misaligned,
      title: 'SPF passes, but for another domain',
      detail: `The bounce address (MAIL FROM) is under ${top(e.spfOther).join(', ')}, not ${e.fromDomain}, so SPF does not count for DMARC.`,
      fix: `Set a custom return path (bounce or MAIL FROM domain) under ${e.fromDomain}${at}.`,
      spec: 'RFC 9989 §4.4',
      items: top(e.spfOther),
    });
  if (c['unauthenticated-service'] > 0)
    add({
      severity: 'warning',
      code: 'unauthenticated-service',
      messages: c['unauthenticated-service'],
      title: `${e.service?.name ?? 'This source'} sends as ${e.fromDomain}, but nothing passes${e.service ? '' : ' for some of its mail'}`,
      detail:
        e.service?.kind === 'mailbox'
          ? 'Neither SPF nor DKIM passed. Either your account there is not set up to authenticate your domain, or this is mail forwarded without a signature.'
          : e.service
            ? 'Neither SPF nor DKIM passed: the service is not set up to authenticate your domain.'
            : 'Neither SPF nor DKIM passed, yet other mail from the same addresses passes DMARC: it is your own sender, not set up for all of its mail (another bounce address, or a stream sent without DKIM).',
      fix: `Set up DKIM for ${e.fromDomain}${at}${e.service?.spf ? `, and add include:${e.service.spf} to the SPF record of the MAIL FROM domain` : ''}.`,
      spec: 'RFC 9989 §4.7',
    });
  if (e.notInSpf > 0 && (e.service !== null || c.pass > 0) && e.service?.kind !== 'mailbox')
    add({
      severity: 'warning',
      code: 'not-in-spf',
      messages: e.notInSpf,
      title: `Not authorized by ${e.fromDomain}'s SPF record`,
      detail: `These messages used ${e.fromDomain} as their bounce address, SPF did not pass, and no aligned DKIM signature carried them: they failed DMARC.`,
      fix: e.service?.spf
        ? `Add include:${e.service.spf} to the SPF record of ${e.fromDomain} (check the lookup count stays within 10).`
        : `Add this source's addresses to the SPF record of ${e.fromDomain}, or make sure it signs with DKIM for ${e.fromDomain}.`,
      spec: 'RFC 7208 §2.4',
    });
  const brokenFor = top(e.brokenFrom);
  const brokenSelectors = [...e.brokenSelectors];
  if (c['dkim-broken'] > 0)
    add({
      severity: 'warning',
      code: 'dkim-broken',
      messages: c['dkim-broken'],
      title: `Signed for ${brokenFor.slice(0, 3).join(', ') || e.fromDomain}, but the signature did not verify`,
      detail:
        'The key published in DNS did not match, was missing, or the message changed on the way (a mailing list or a gateway rewriting it).',
      fix: `Check the selectors' keys in the domain check: ${brokenSelectors.join(', ') || 'the selectors it uses'}.`,
      spec: 'RFC 6376 §6.1',
      items: brokenSelectors,
    });
  if (c.forwarded > 0)
    add({
      severity: 'info',
      code: 'forwarded',
      messages: c.forwarded,
      title: 'Forwarded or mailing-list mail',
      detail: `The messages reached this receiver through ${e.service?.name ?? 'a forwarder or a list'}; forwarding breaks SPF, and changes to the message break DKIM.`,
      fix: 'Nothing to change in your DNS: receivers accept such mail through ARC or local policy, and a DKIM signature that survives forwarding keeps it passing.',
      spec: 'RFC 9989 §8.6',
    });
  // A group (several addresses) whose mail mostly passes carries the owner's own mail: its suspicious messages
  // come from some of its addresses, and the advice is to tell those apart, never to authorize the whole group.
  const mixed = c.pass * 2 > e.messages;
  const yours = `Most of this source's mail passes DMARC for ${e.fromDomain}, so your own mail goes out this way`;
  const tellApart = `Show the addresses and compare them with the servers you send from: one of yours needs SPF and DKIM for ${e.fromDomain} set up there; one you do not run is someone else using your domain, which p=quarantine or p=reject stops. Do not authorize this whole source in SPF.`;
  if (c['unknown-authenticated'] > 0)
    add({
      severity: 'warning',
      code: 'unknown-authenticated',
      messages: c['unknown-authenticated'],
      title: mixed
        ? 'Some of its addresses authenticate as someone else, with your From address'
        : `Authenticated as someone else, with your From address`,
      detail: `${mixed ? `${yours}; these messages` : 'The messages'} passed SPF or DKIM only for ${[...new Set([...top(e.dkimOther), ...top(e.spfOther)])].slice(0, 5).join(', ') || 'another domain'}.${e.maybeList > 0 ? ` ${e.maybeList === c['unknown-authenticated'] ? 'They' : `${e.maybeList} of them`} also carry a signature for ${e.fromDomain} that did not verify: possibly a mailing list that changed and re-signed your mail, but anyone can add such a signature, and no receiver said the mail was forwarded.` : ''}`,
      fix: mixed
        ? tellApart
        : `If this is a service you use, set it up to sign with d=${e.fromDomain}; if not, it is someone else's mail using your domain, which enforcement stops.`,
      spec: 'RFC 9989 §4.7',
    });
  if (c.spoofing > 0)
    add({
      severity: 'warning',
      code: 'spoofing',
      messages: c.spoofing,
      title: mixed ? 'Some of its addresses pass nothing' : 'Passes nothing: looks like spoofing',
      detail: mixed
        ? `${yours}. ${countText(c.spoofing, 'other message')} had no DKIM signature and passed SPF for no domain, and came from addresses that never send mail passing DMARC.`
        : 'No DKIM signature and no SPF pass for any domain, from a source that is not a known service.',
      fix: mixed
        ? tellApart
        : 'If you do not recognise this source, p=quarantine or p=reject stops such mail; if you do, authorize it in SPF and sign with DKIM.',
      spec: 'RFC 9989 §4.7',
    });
  const named = (m: Map<string, number>) => top(m).filter((d) => d !== '');
  const list = (domains: string[]) => domains.slice(0, 5).join(', ') || 'its domains';
  if (e.errors.permerror > 0) {
    const domains = named(e.errors.domains.permerror);
    const own = domains.filter((d) => e.errors.own.has(d));
    const other = domains.filter((d) => !e.errors.own.has(d));
    add({
      severity: describeOutcome('permerror').severity,
      code: 'auth-permerror',
      messages: e.errors.permerror,
      title: `A published record is broken (permerror) for ${list(domains)}`,
      detail:
        'Receivers found an SPF or DKIM record they could not use: SPF needing more than 10 DNS lookups or with a syntax error, or a DKIM key record that cannot be read. It is not a fail, and it stays broken for every receiver until the record is fixed.',
      // RFC 7208 §2.6.7: only the domain's owner can fix a permerror; the receiver is not at fault.
      fix:
        own.length > 0
          ? `Fix the record of ${list(own)} (yours to fix): the domain check shows what is wrong with it.${other.length > 0 ? ` ${list(other)} is for its own owner to fix.` : ''}`
          : `${list(other)} is not your domain: its owner (the sending service) has to fix its record. Your mail does not depend on it once it is signed with DKIM for ${e.fromDomain}.`,
      spec: 'RFC 7208 §2.6.7',
      items: domains,
    });
  }
  if (e.errors.temperror > 0) {
    const domains = named(e.errors.domains.temperror);
    add({
      severity: describeOutcome('temperror').severity,
      code: 'auth-temperror',
      messages: e.errors.temperror,
      title: `Receivers could not check SPF or DKIM (temperror) for ${list(domains)}`,
      detail:
        'A DNS lookup failed at the receiver while it checked: a temporary error, neither a pass nor a fail. It is usually passing trouble at the receiver, and later messages are checked normally.',
      fix: `Nothing to change if it does not come back. If it recurs with many receivers, run the domain check on ${list(domains)} to see whether its DNS servers time out.`,
      spec: 'RFC 7208 §2.6.6',
      items: domains,
    });
  }
  if (e.ownSelectors.size > 0)
    add({
      severity: 'info',
      code: 'selectors',
      messages: e.messages,
      title: 'DKIM selectors seen',
      detail: `Signatures for your domain used: ${[...e.ownSelectors.values()].map((s) => `${s.selector} (${s.domain})`).join(', ')}.`,
      items: [...e.ownSelectors.values()].map((s) => `${s.selector}._domainkey.${s.domain}`),
    });
  if (out.every((f) => f.severity === 'info') && c.pass === e.messages)
    out.unshift({
      severity: 'ok',
      code: 'source-pass',
      messages: c.pass,
      title: 'Passes DMARC',
      detail: 'Aligned SPF or DKIM passed for all of its messages.',
    });
  return out;
}

/** A group's findings: "passes" only when nothing else is wrong. */
export function groupFindings(findings: SourceFinding[]): SourceFinding[] {
  const problems = findings.some((f) => f.severity !== 'info' && f.severity !== 'ok');
  return findings
    .filter((f) => !(problems && f.code === 'source-pass'))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.messages - a.messages);
}
