// What the final receiver's dmarc= result says it found and did (RFC 7489 §6.7: the disposition is its local
// policy): the policy it read (Gmail's comment "p=REJECT sp=REJECT dis=QUARANTINE") and the action it took
// (Gmail's dis=, Microsoft's action=). Receiver-written text, so only single tokens are read.

import type { AuthResResult } from '../authres';

export interface ReceiverDmarc {
  /** dmarc=pass or fail, as written. */
  result: string;
  /** The policy the receiver read when the message arrived (lower-cased), when it wrote one. */
  p: string | null;
  /** The record's subdomain policy (sp=), when the receiver wrote one. */
  sp: string | null;
  /** The record said t=y (RFC 9989 testing): receivers apply one step less, older ones the full policy. */
  testing: boolean;
  /** What it did with the message (lower-cased): dis= or action=, when it wrote one. */
  disposition: string | null;
}

/** RFC 7489 §6.3 policy values, and the actions receivers write (Microsoft adds oreject, pct.*). */
const TOKEN = /^[a-z][a-z.]{0,19}$/;
/** A receiver comment longer than this is not the short tag list Gmail writes. */
const MAX_COMMENT = 200;

function tagsOf(comment: string | undefined): Map<string, string> {
  const tags = new Map<string, string>();
  if (!comment || comment.length > MAX_COMMENT) return tags;
  for (const word of comment.split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq <= 0) continue;
    const value = word.slice(eq + 1).toLowerCase();
    if (TOKEN.test(value)) tags.set(word.slice(0, eq).toLowerCase(), value);
  }
  return tags;
}

/** The receiver's dmarc= result with the policy and action it wrote, or null without a dmarc= result. */
export function receiverDmarc(dmarc: AuthResResult | null): ReceiverDmarc | null {
  if (!dmarc) return null;
  const tags = tagsOf(dmarc.comment);
  const action = dmarc.extras?.['action']?.toLowerCase() ?? null;
  const disposition = tags.get('dis') ?? (action && TOKEN.test(action) ? action : null);
  // Microsoft's action=oreject ("override reject"): the policy said reject, the message went to junk instead.
  const p = tags.get('p') ?? (disposition === 'oreject' || disposition === 'o.reject' ? 'reject' : null);
  return { result: dmarc.result, p, sp: tags.get('sp') ?? null, testing: tags.get('t') === 'y', disposition };
}

/** "dmarc=fail, action quarantine": the receiver's result and what it did, for "it evaluated one then". */
export function receiverSaid(r: ReceiverDmarc): string {
  const parts = [`dmarc=${r.result}`];
  if (r.p) parts.push(`policy p=${r.p}`);
  if (r.disposition) parts.push(`action ${r.disposition}`);
  return parts.join(', ');
}

/** The policy tag that applied to a message, with its value, as the receiver wrote it. */
export interface AppliedPolicy {
  tag: 'p' | 'sp';
  value: string;
  testing: boolean;
}

/** How strongly each action treats a message, to tell a milder local action from the policy's. */
const STRENGTH: Record<string, number> = { none: 0, quarantine: 1, oreject: 1, 'o.reject': 1, reject: 2 };

/** How strongly an action or policy value treats a message (none 0, quarantine 1, reject 2), when known. */
export function actionStrength(value: string): number | undefined {
  return STRENGTH[value];
}

/** RFC 9989 §4.7: under t=y receivers apply one step less (reject as quarantine, quarantine as none). */
function strengthApplied(policy: AppliedPolicy): number | undefined {
  const s = STRENGTH[policy.value];
  return s === undefined || !policy.testing ? s : Math.max(0, s - 1);
}

/**
 * RFC 7489 §6.7: a receiver may apply a milder action than the policy asks (its local policy); said in words when
 * the receiver's own result shows an action milder than the applicable policy (after t=y), else null.
 */
export function localOverride(r: ReceiverDmarc, policy: AppliedPolicy | null): string | null {
  if (!policy || !r.disposition) return null;
  const asked = strengthApplied(policy);
  const did = STRENGTH[r.disposition];
  if (asked === undefined || did === undefined || did >= asked) return null;
  const done = r.disposition === 'none' ? 'delivered it as normal mail' : 'put it in spam or quarantine';
  const tag = r.disposition === 'oreject' || r.disposition === 'o.reject' ? 'action' : 'dis';
  const wrote = `${policy.tag}=${policy.value}${policy.testing ? ', t=y' : ''}`;
  return `The receiver ${done} instead of ${asked === 2 ? 'rejecting' : 'quarantining'} it (${wrote}, ${tag}=${r.disposition}): receivers may apply a milder local policy than the domain asks (RFC 7489 §6.7), for example so that mail through forwarders and lists is not lost.`;
}

/**
 * RFC 7489 §6.6.3 / RFC 9989 §4.10.1: without a record the result is none, so a receiver that wrote dmarc=pass or
 * fail found one when the message arrived. The policy line for a lookup that finds none today, or null when the
 * receiver evaluated none (then "no policy applies" is the whole story).
 */
export function noRecordSinceArrival(domain: string, r: ReceiverDmarc | null): string | null {
  if (!r || (r.result !== 'pass' && r.result !== 'fail')) return null;
  return `${domain} publishes no usable DMARC record today, but the receiver evaluated one when the message arrived (${receiverSaid(r)}): the record has been removed or broken since, or the receiver saw other DNS.`;
}
