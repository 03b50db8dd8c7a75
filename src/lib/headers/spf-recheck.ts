// Live SPF re-check (RFC 7208 §4 check_host() today): the connecting IP and MAIL FROM the final receiver checked,
// read from its results (smtp.remote-ip, Received-SPF client-ip=, "sender IP is"), else the newest public hop IP.

import { describeOutcome, toOutcome } from '../findings';
import type { HeaderAnalysis } from './types';

export interface SpfRecheckInput {
  ip: string;
  /** The domain check_host() evaluates: MAIL FROM's, or the HELO name for a null sender. */
  domain: string;
  sender: string;
  helo: string | undefined;
  /** What the receiver said then (spf=…), null when it did not say. */
  said: string | null;
  /** Where the IP was read from. */
  ipSource: string;
}

const IP_TOKEN = /^[0-9a-f:.]+$/i;

function ipOf(a: HeaderAnalysis): { ip: string; source: string } | null {
  const spf = a.receiver.spf;
  const fromProps = spf?.properties.find(
    (p) => p.ptype === 'smtp' && ['remote-ip', 'client-ip'].includes(p.property),
  )?.value;
  if (fromProps && IP_TOKEN.test(fromProps))
    return { ip: fromProps, source: 'the receiver’s smtp.remote-ip' };
  const said = spf?.comment ? /sender IP is ([0-9a-f:.]+)/i.exec(spf.comment)?.[1] : undefined;
  if (said) return { ip: said, source: 'the receiver’s SPF comment' };
  const rspf = a.fields.find((f) => f.lname === 'received-spf')?.value;
  const client = rspf ? /client-ip=([0-9a-f:.]+)/i.exec(rspf)?.[1] : undefined;
  if (client) return { ip: client, source: 'Received-SPF client-ip=' };
  const hop = [...a.hops].reverse().find((h) => h.received.ip !== null);
  return hop?.received.ip ? { ip: hop.received.ip, source: `the Received field of hop ${hop.number}` } : null;
}

/** What to re-check, or null when the headers name no IP or no domain. */
export function spfRecheckInput(a: HeaderAnalysis): SpfRecheckInput | null {
  const found = ipOf(a);
  const row = a.alignment.find((r) => r.kind === 'spf');
  if (!found || !row?.domain) return null;
  const mailfrom = a.receiver.spf?.properties.find((p) => p.property === 'mailfrom')?.value;
  const helo = a.receiver.spf?.properties.find((p) => p.property === 'helo')?.value;
  const sender = mailfrom?.includes('@') ? mailfrom : `postmaster@${row.domain}`;
  return { ip: found.ip, domain: row.domain, sender, helo, said: row.result, ipSource: found.source };
}

/**
 * How today's result stands against what the receiver said. RFC 7208 §2.6.6: a temperror is a DNS failure, not a
 * result, so it is never read as a change: `unchecked` when today's lookup failed, `unknown-then` when the receiver's
 * did, `changed` only when both are results and differ.
 */
export type SpfRecheckComparison = 'not-said' | 'same' | 'changed' | 'unchecked' | 'unknown-then';

export function compareSpfRecheck(said: string | null, today: string): SpfRecheckComparison {
  if (describeOutcome(today).severity === 'unknown') return 'unchecked';
  if (said === null) return 'not-said';
  if (describeOutcome(said).severity === 'unknown') return 'unknown-then';
  return (toOutcome(said) ?? said) === toOutcome(today) ? 'same' : 'changed';
}
