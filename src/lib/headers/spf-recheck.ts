// Live SPF re-check (RFC 7208 §4 check_host() today): the connecting IP and MAIL FROM the final receiver checked.
// RFC 7208 §4.1: SPF checks the connecting client's IP as the receiver saw it, so the IP comes from the receiver's
// own results (smtp.remote-ip, Received-SPF client-ip=, "sender IP is") or from the connection details (RFC 5321
// §4.4 TCP-info, never the client's HELO) in the Received field written by the authserv-id host; a private or
// internal address is never re-checked, and otherwise the IP is unknown.

import { pslOrganizationalDomain } from '../domain/org-domain';
import { isNonPublic, parseIp } from '../net/ip';
import type { HeaderAnalysis } from './types';

export interface SpfRecheckInput {
  /** The connecting client's IP the receiver checked, or null when the headers do not show it. */
  ip: string | null;
  /** The domain check_host() evaluates: MAIL FROM's, or the HELO name for a null sender. */
  domain: string;
  sender: string;
  helo: string | undefined;
  /** What the receiver said then (spf=…), null when it did not say. */
  said: string | null;
  /** Where the IP was read from, or (when `ip` is null) why it is not known. */
  ipSource: string;
}

const IP_TOKEN = /^[0-9a-f:.]+$/i;

/** `nowhere`: the headers hold nothing the IP could come from (no Received field, no IP in the results). */
type Found = { ip: string; source: string } | { ip: null; why: string; nowhere?: true };

/** A named address, or why it cannot be the connecting client (a private or internal one). */
function checked(text: string, source: string): Found {
  const parsed = parseIp(text);
  if (!parsed) return { ip: null, why: `${source} names “${text}”, which is not an IP address` };
  const inner = isNonPublic(parsed);
  return inner
    ? { ip: null, why: `${source} names ${text}, ${inner}: an internal hop, not the client that connected` }
    : { ip: text, source };
}

const hostName = (s: string | null) => s?.toLowerCase().replace(/\.$/, '') ?? null;

function ipOf(a: HeaderAnalysis): Found {
  const spf = a.receiver.spf;
  const fromProps = spf?.properties.find(
    (p) => p.ptype === 'smtp' && ['remote-ip', 'client-ip'].includes(p.property),
  )?.value;
  if (fromProps && IP_TOKEN.test(fromProps)) return checked(fromProps, 'the receiver’s smtp.remote-ip');
  const said = spf?.comment ? /sender IP is ([0-9a-f:.]+)/i.exec(spf.comment)?.[1] : undefined;
  if (said) return checked(said, 'the receiver’s SPF comment');
  const id = hostName(a.receiver.authservId);
  // The newest Received written by the authserv-id host (its "by" as parsed): where the receiver took the message
  // from its client. Received fields are top first; hop 1 is the bottom one.
  const received = a.fields.flatMap((f, i) => (f.lname === 'received' ? [i] : []));
  const hopOf = (k: number) => a.hops[received.length - 1 - k];
  const k = id === null ? -1 : received.findIndex((_, j) => hostName(hopOf(j)?.received.by ?? null) === id);
  const hopAt = k === -1 ? -1 : received[k]!;
  // Received-SPF above the receiver's Received is its own; below it, only the receiver's own trace block counts.
  const top = hopAt === -1 ? (received[0] ?? -1) : hopAt;
  const org = id === null ? null : pslOrganizationalDomain(id);
  const rspf =
    a.fields.find((f, i) => f.lname === 'received-spf' && (top === -1 || i < top))?.value ??
    (hopAt === -1 ? undefined : ownBelow(a.fields, hopAt, received[k + 1], org));
  const client = rspf ? /client-ip=([0-9a-f:.]+)/i.exec(rspf)?.[1] : undefined;
  if (client) return checked(client, 'Received-SPF client-ip=');
  if (received.length === 0) return { ip: null, why: NOWHERE, nowhere: true };
  if (id === null)
    return { ip: null, why: 'the receiver’s results name no IP and no receiving host (no authserv-id)' };
  if (hopAt === -1)
    return { ip: null, why: `the receiver’s results name no IP, and no Received field was written by ${id}` };
  const hop = hopOf(k);
  const n = hop?.number ?? received.length - k;
  const source = `the Received field ${id} wrote for hop ${n}`;
  // RFC 5321 §4.4: the address the receiver recorded for the connection, never the client's HELO word; the hop
  // list shows the same one.
  const recorded = hop?.received.ip;
  if (recorded) return checked(recorded, source);
  if (hop?.received.ips.length)
    return {
      ip: null,
      why: `${source} records no connecting IP; the address after “from” is the sender’s own HELO claim`,
    };
  return { ip: null, why: `${source} names no client IP` };
}

/**
 * The receiver's Received-SPF written below its Received (Gmail just below it, Authentication Milter after its ARC
 * and results fields): the nearest one in that receiver's trace block, down to the next Received field or, when its
 * Received is the bottom one, only the field just below (the sender's own fields start there). A sender can write
 * any field, so one further down, or one that does not name the receiver ("(google.com: …)", receiver=…), is not it.
 */
function ownBelow(
  fields: HeaderAnalysis['fields'],
  at: number,
  next: number | undefined,
  org: string | null,
): string | undefined {
  if (org === null) return undefined;
  const end = Math.min(next ?? at + 2, fields.length);
  for (let i = at + 1; i < end; i++) {
    const f = fields[i]!;
    if (f.lname === 'received-spf') return namesHost(f.value, org) ? f.value : undefined;
  }
  return undefined;
}

/** `value` names `org` or a host inside it as a whole name ("google.com:", "receiver=mx.google.com"). */
function namesHost(value: string, org: string): boolean {
  const lower = value.toLowerCase();
  for (let at = lower.indexOf(org); at !== -1; at = lower.indexOf(org, at + 1)) {
    const before = lower[at - 1] ?? ' ';
    const after = lower[at + org.length] ?? ' ';
    if (/[\s(=.]/.test(before) && !/[a-z0-9-]/.test(after)) return true;
  }
  return false;
}

const NOWHERE =
  'The IP of the server that connected is not in these headers (there is no Received field, and the receiver’s results name none), so SPF cannot be re-checked here.';

/**
 * Said once, on the SPF row of the alignment table, when the connecting IP cannot be known at all (the re-check
 * card is then not shown); null otherwise.
 */
export function spfIpNowhere(a: HeaderAnalysis): string | null {
  const row = a.alignment.find((r) => r.kind === 'spf');
  if (!row?.domain || row.result === null) return null;
  const found = ipOf(a);
  return found.ip === null && found.nowhere ? found.why : null;
}

/**
 * What to re-check (`ip` null when the headers do not show it, with why), or null when they name no domain, or no
 * IP could be in them at all (spfIpNowhere says so).
 */
export function spfRecheckInput(a: HeaderAnalysis): SpfRecheckInput | null {
  const row = a.alignment.find((r) => r.kind === 'spf');
  if (!row?.domain) return null;
  const found = ipOf(a);
  // Neither an IP nor a result: nothing to re-check and nothing to say. No IP anywhere: the SPF row says so.
  if (found.ip === null && (row.result === null || found.nowhere)) return null;
  const mailfrom = a.receiver.spf?.properties.find((p) => p.property === 'mailfrom')?.value;
  const helo = a.receiver.spf?.properties.find((p) => p.property === 'helo')?.value;
  const sender = mailfrom?.includes('@') ? mailfrom : `postmaster@${row.domain}`;
  return {
    ip: found.ip,
    domain: row.domain,
    sender,
    helo,
    said: row.result,
    ipSource: found.ip === null ? found.why : found.source,
  };
}

export { compareSpfRecheck, type SpfRecheckComparison } from './spf-recheck-compare';
