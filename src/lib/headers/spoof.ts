// A DMARC fail that the From domain's own records call unauthorized (RFC 7208 §2.6.4 SPF fail, RFC 9989 §4.7
// p=quarantine/reject) with no forwarding or list to explain it: the message is probably not from that domain.
// The advice then goes to the recipient (treat it as phishing), not to the domain owner (the policy did its job).

import { align, type AlignmentRow, type DmarcPolicyHint, type Verdict } from './alignment';
import { localOverride, type ReceiverDmarc } from './receiver-dmarc';

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

/** The policy that applied: today's lookup, else the one the receiver wrote it read (Gmail's comment). */
function enforcedPolicy(input: SpoofInput): string | null {
  const today = input.policy && !input.policy.noRecord ? input.policy.p?.toLowerCase() : null;
  const p = today ?? input.receiver?.p ?? null;
  return p && ENFORCING.has(p) ? p : null;
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
  const p = enforcedPolicy(input);
  if (!spfRejects && !p) return null;
  const server = input.ip ? `the server ${input.ip}` : 'the sending server';
  const why = spfRejects
    ? `its SPF record does not authorize ${server}, no DKIM signature of ${from} passed`
    : `it asks receivers to ${p} unauthenticated mail, neither SPF nor DKIM passed for any domain`;
  const reply = input.replyElsewhere ? ` Replies would go to ${input.replyElsewhere}, outside ${from}.` : '';
  const didJob = p
    ? `${from}’s DMARC policy (p=${p}) asks receivers to ${p === 'reject' ? 'refuse' : 'quarantine'} such mail: the policy did its job.`
    : `${from} publishes no enforcing DMARC policy${input.policy ? '' : ' known here'}, so receivers decide alone what to do with such mail.`;
  const override = input.receiver ? localOverride(input.receiver) : null;
  return {
    ...verdict,
    sentence: `Probably not from ${from}: ${why}, and nothing shows forwarding or a mailing list.${reply}`,
    detail: [verdict.sentence, verdict.detail, didJob, override].filter((s): s is string => !!s).join(' '),
    fix: `For the recipient: treat it as phishing. Do not reply, open links or pay; report it to your mail provider or security team. For ${from}’s owner: nothing to change, unless you recognise ${server} as one of yours; only then authorize it in ${from}’s SPF record and sign its mail with DKIM for ${from}.`,
  };
}
