// Signals analysts look for in a header section: RFC 5322 §3.6 fields that may occur once (From, Sender, Subject)
// occurring twice, Reply-To in another organization, mail loops (RFC 5321 §6.3) and long delays on one hop.

import { pslOrganizationalDomain } from '../domain/org-domain';
import type { Finding } from '../findings';
import { parseIp } from '../net/ip';
import { parseAddressList } from './address';
import { formatDuration } from './date';
import type { Hop } from './types';
import type { HeaderField } from './split';

/** RFC 5322 §3.6: at most one of each. Attacks rely on clients showing a different copy than filters check. */
const SINGLE_FIELDS = ['from', 'sender', 'subject'] as const;
/** RFC 5321 §6.3: a message with more than about 100 Received fields is looping; 25 is already far past normal. */
export const MAX_NORMAL_HOPS = 25;
/** The same server appearing this often in the trace is a loop, not a route. */
const REPEATED_BY = 3;
/** One hop taking longer than this is flagged on the timeline (queueing, greylisting or a retry). */
export const SLOW_HOP_MS = 60 * 60 * 1000;

export function isSlowHop(delayMs: number | null, skew: boolean): boolean {
  return !skew && delayMs !== null && delayMs > SLOW_HOP_MS;
}

export interface PhishingInput {
  fields: readonly HeaderField[];
  hops: readonly Hop[];
  fromDomain: string | null;
  replyTo: string | null;
}

function duplicates(fields: readonly HeaderField[]): Finding[] {
  const out: Finding[] = [];
  for (const name of SINGLE_FIELDS) {
    const copies = fields.filter((f) => f.lname === name);
    if (copies.length < 2) continue;
    const shown = copies[0]!.name;
    out.push({
      severity: 'error',
      code: `duplicate-${name}`,
      title: `${copies.length} ${shown} fields`,
      detail: `A message may have only one ${shown} field (lines ${copies.map((c) => c.line).join(', ')}). A second copy is a known spoofing trick: a filter checks one while the mail client shows the other. The copies say: ${copies.map((c) => `“${c.value.trim().slice(0, 120)}”`).join(' and ')}.`,
      spec: 'RFC 5322 §3.6',
    });
  }
  return out;
}

/** The first Reply-To address in another organization than the From domain, or null. */
export function replyOutside(fromDomain: string | null, replyTo: string | null): string | null {
  if (!fromDomain || !replyTo) return null;
  const fromOrg = pslOrganizationalDomain(fromDomain);
  const other = parseAddressList(replyTo).find(
    (m) => m.domain !== '' && pslOrganizationalDomain(m.domain) !== fromOrg,
  );
  return other?.address ?? null;
}

function replyToElsewhere(fromDomain: string | null, replyTo: string | null): Finding[] {
  const other = replyOutside(fromDomain, replyTo);
  if (!other) return [];
  return [
    {
      severity: 'warning',
      code: 'reply-to-elsewhere',
      title: 'Replies go to another organization',
      detail: `The message is from ${fromDomain}, but replies go to ${other}. Normal for some newsletters and help desks; in a message that asks for money, passwords or documents it is how a fraudster receives the answer.`,
    },
  ];
}

function loops(hops: readonly Hop[]): Finding[] {
  const out: Finding[] = [];
  const counts = new Map<string, number>();
  for (const h of hops) {
    const by = h.received.by?.split(/[\s(]/, 1)[0]?.toLowerCase();
    if (by && /[a-z]/.test(by) && by.includes('.') && parseIp(by) === null)
      counts.set(by, (counts.get(by) ?? 0) + 1);
  }
  const repeated = [...counts].filter(([, n]) => n >= REPEATED_BY);
  if (hops.length > MAX_NORMAL_HOPS || repeated.length > 0)
    out.push({
      severity: 'warning',
      code: 'mail-loop',
      title:
        hops.length > MAX_NORMAL_HOPS
          ? `${hops.length} hops: a mail loop`
          : 'A server handled the message repeatedly',
      detail: `${repeated.map(([by, n]) => `${by} appears ${n} times`).join('; ') || `More than ${MAX_NORMAL_HOPS} Received fields`}. Forwarding rules that point at each other make mail go round until a server gives up.`,
      spec: 'RFC 5321 §6.3',
    });
  const slow = hops.filter((h) => isSlowHop(h.delayMs, h.skew));
  if (slow.length > 0)
    out.push({
      severity: 'info',
      code: 'slow-hop',
      title: `Delayed for ${formatDuration(Math.max(...slow.map((h) => h.delayMs ?? 0)))} on one hop`,
      detail: `Hop ${slow.map((h) => `${h.number} (${formatDuration(h.delayMs ?? 0)})`).join(', ')} took more than an hour: the message waited in a queue (greylisting, a retry after a temporary failure, or a server that was down).`,
    });
  return out;
}

export function phishingFindings(input: PhishingInput): Finding[] {
  return [
    ...duplicates(input.fields),
    ...replyToElsewhere(input.fromDomain, input.replyTo),
    ...loops(input.hops),
  ];
}
