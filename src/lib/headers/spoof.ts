// A DMARC fail that the From domain's own records call unauthorized (RFC 7208 §2.6.4 SPF fail, RFC 9989 §4.7
// p=quarantine/reject) with no forwarding or list to explain it: the message is probably not from that domain.
// The advice then goes to the recipient (treat it as phishing), not to the domain owner (the policy did its job).
// The policy is the one that applied: sp= for a subdomain under its parent's record, and t=y is testing.

import { align, type AlignmentRow, type DmarcPolicyHint, type Verdict } from './alignment';
import { canonicalName } from '../dns/names';
import { pslOrganizationalDomain } from '../domain/org-domain';
import { actionStrength, localOverride, type AppliedPolicy, type ReceiverDmarc } from './receiver-dmarc';

export interface SpoofInput {
  verdict: Verdict;
  from: string | null;
  rows: readonly AlignmentRow[];
  /** The policy looked up today, when it was. */
  policy: DmarcPolicyHint | null;
  /** The final receiver's dmarc= with the policy and action it wrote. */
  receiver: ReceiverDmarc | null;
  /** A forwarding or list story, or ARC seals from another organization: the mail may have been passed on. */
  forwarded: boolean;
  /** d= of every DKIM-Signature in the message. */
  signatureDomains: readonly string[];
  /** The connecting client's IP as the receiver saw it, when the headers show it. */
  ip: string | null;
  /** A Reply-To address in another organization than From (phishing.ts), when there is one. */
  replyElsewhere: string | null;
}

/** RFC 9989 §4.7: the policies that ask receivers to act on a failing message. */
const ENFORCING = new Set(['quarantine', 'reject']);

/**
 * RFC 9989 §4.10.1 (RFC 7489 §6.3): p= for the record's own domain, sp= (default p=) for a subdomain under the
 * organizational domain's record. `recordDomain` is where today's lookup found the record, when it did; without it,
 * a subdomain whose receiver wrote both tags may have had either record, so the milder one is taken (no claim beyond
 * what both support). Null when the receiver wrote no p=.
 */
export function appliedPolicy(
  r: ReceiverDmarc,
  from: string,
  recordDomain: string | null,
): AppliedPolicy | null {
  const asOwn = r.p === null ? undefined : actionStrength(r.p);
  if (r.p === null || asOwn === undefined) return null;
  const own = { tag: 'p' as const, value: r.p, testing: r.testing };
  const name = canonicalName(from);
  if (pslOrganizationalDomain(name) === name || recordDomain === name) return own;
  // RFC 9989 §4.7: an absent (or unreadable) sp= is p=.
  const asSub = r.sp === null ? undefined : actionStrength(r.sp);
  const sub = { tag: 'sp' as const, value: asSub === undefined ? r.p : (r.sp ?? r.p), testing: r.testing };
  if (recordDomain !== null) return sub;
  return asSub !== undefined && asSub < asOwn ? sub : own;
}

/** The domain of the record today's lookup found ("_dmarc.example.com"), or null without one. */
function recordDomain(policy: DmarcPolicyHint | null): string | null {
  if (!policy || policy.noRecord || !policy.source.startsWith('_dmarc.')) return null;
  return policy.source.slice('_dmarc.'.length).toLowerCase();
}

/**
 * The policy that applied: today's lookup (already p= or sp= as RFC 9989 §4.10.1 selects), else the tags the receiver
 * wrote it read (Gmail's comment), sp= for a subdomain under its organizational domain's record.
 */
function policyApplied(input: SpoofInput, from: string): AppliedPolicy | null {
  const found = recordDomain(input.policy);
  if (found !== null && input.policy?.p) {
    const tag = found === canonicalName(from) ? 'p' : 'sp';
    return { tag, value: input.policy.p.toLowerCase(), testing: input.policy.testing === true };
  }
  return input.receiver ? appliedPolicy(input.receiver, from, found) : null;
}

/** What the applicable policy asks of such mail, for the owner's side of the story. */
function policySaid(
  from: string,
  applied: AppliedPolicy | null,
  looked: boolean,
  overridden: boolean,
): string {
  if (!applied)
    return `${from} publishes no enforcing DMARC policy${looked ? '' : ' known here'}, so receivers decide alone what to do with such mail.`;
  const { tag, value } = applied;
  if (!ENFORCING.has(value))
    return `${from}’s DMARC policy (${tag}=${value}) asks receivers for no action, so they decide alone what to do with such mail.`;
  // RFC 9989 §4.7: t=y receivers apply one step less, older receivers the full policy: no enforcement is sure.
  if (applied.testing)
    return `${from}’s DMARC policy (${tag}=${value}, t=y) is in testing: receivers that follow RFC 9989 apply one step less (${value === 'reject' ? 'quarantine' : 'none'}), so no enforcement can be counted on.`;
  // The policy did its job only where the receiver followed it; a milder local choice is said next (localOverride).
  return `${from}’s DMARC policy (${tag}=${value}) asks receivers to ${value === 'reject' ? 'refuse' : 'quarantine'} such mail${overridden ? ', as it should' : ': the policy did its job'}.`;
}

/**
 * The verdict for a message that is probably not from its From domain, or null when the evidence does not say so:
 * DMARC failed with nothing aligned passing, no forwarding or list explains it, no signature of the domain is in the
 * message, no SPF or DKIM result passed for any domain, and the domain's own records reject the sender (SPF fail for
 * the domain, or an enforcing policy).
 */
export function spoofVerdict(input: SpoofInput): Verdict | null {
  const { verdict, from, rows } = input;
  if (!from || verdict.computed !== 'fail' || input.forwarded) return null;
  if (rows.some((r) => r.counts)) return null;
  // A signature of the domain that did not pass may be the domain's own mail changed on the way: not judged here.
  if (input.signatureDomains.some((d) => align(d.toLowerCase(), from).relaxed === true)) return null;
  // An SPF or DKIM pass for another domain (an ESP's own d=, its bounce domain) is how a real sender of the domain
  // looks before the service is set up for alignment: the old advice (align DKIM, authorize the service) stands.
  if (rows.some((r) => r.kind !== 'from' && r.result === 'pass')) return null;
  const spf = rows.find((r) => r.kind === 'spf');
  // RFC 7208 §2.6.4: fail is the domain owner's explicit statement that the client is not authorized.
  const spfRejects = spf?.result === 'fail' && spf.relaxed === true;
  const applied = policyApplied(input, from);
  const p = applied && !applied.testing && ENFORCING.has(applied.value) ? applied.value : null;
  if (!spfRejects && !p) return null;
  const server = input.ip ? `the server ${input.ip}` : 'the sending server';
  const why = spfRejects
    ? `its SPF record does not authorize ${server}, no DKIM signature of ${from} passed`
    : `it asks receivers to ${p} unauthenticated mail, neither SPF nor DKIM passed for any domain`;
  const reply = input.replyElsewhere ? ` Replies would go to ${input.replyElsewhere}, outside ${from}.` : '';
  // The receiver's action is measured against the tags it read then, not today's record.
  const then = input.receiver && appliedPolicy(input.receiver, from, recordDomain(input.policy));
  const override = input.receiver ? localOverride(input.receiver, then) : null;
  const didJob = policySaid(from, applied, input.policy !== null, override !== null);
  return {
    ...verdict,
    sentence: `Probably not from ${from}: ${why}, and nothing shows forwarding or a mailing list.${reply}`,
    detail: [verdict.sentence, verdict.detail, didJob, override].filter((s): s is string => !!s).join(' '),
    fix: `For the recipient: treat it as phishing. Do not reply, open links or pay; report it to your mail provider or security team. For ${from}’s owner: nothing to change, unless you recognise ${server} as one of yours; only then authorize it in ${from}’s SPF record and sign its mail with DKIM for ${from}.`,
  };
}
