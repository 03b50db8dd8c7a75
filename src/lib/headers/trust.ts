// RFC 8601 §5 trust boundary: which Authentication-Results fields the final receiver added, and which are claims
// made before the message reached it (a sender or an earlier hop can add any Authentication-Results it likes).

import { pslOrganizationalDomain } from '../domain/org-domain';
import { parseAuthenticationResults, type AuthResParse } from '../authres';
import { parseIp } from '../net/ip';
import { parseReceived, type Received } from './received';
import type { HeaderField } from './split';

export type Trust = 'receiver' | 'upstream' | 'untrusted';

export interface AuthResField {
  /** Index of the field in the header list (0 = top). */
  index: number;
  line: number;
  name: string;
  authservId: string | null;
  parse: AuthResParse;
  trust: Trust;
  /** Plain reason for the trust decision. */
  trustReason: string;
  /** The authserv-id names a server whose Received field is in the paste (or the field sits above it). */
  tied: boolean;
}

export interface TrustBoundary {
  fields: AuthResField[];
  receiverOrg: string | null;
  receiverId: string | null;
  /** The organization the message was delivered into (the newest Received's by host), when named. */
  finalOrg: string | null;
}

const AUTHRES_FIELDS = ['authentication-results', 'x-ms-exchange-authentication-results'];
/** Microsoft writes Authentication-Results without an authserv-id inside its own hops. */
const MICROSOFT_ORGS = new Set(['outlook.com', 'office365.com', 'microsoft.com', 'hotmail.com', 'live.com']);

const isHostName = (s: string) => /^[a-z0-9_-]+(\.[a-z0-9_-]+)+\.?$/i.test(s) && parseIp(s) === null;
/** Names inside one site's network ("compute5.internal", "mailmx.nyi.internal") name no organization. */
const SITE_LOCAL = /\.(internal|local|localdomain|lan|home|corp|intranet|localhost|private)\.?$/i;

function orgOf(name: string | null): string | null {
  if (name === null) return null;
  // An authserv-id is usually a host name; take its organizational domain.
  return isHostName(name)
    ? pslOrganizationalDomain(name.toLowerCase().replace(/\.$/, ''))
    : name.toLowerCase();
}

/** The organization of a Received clause's host ("mx.example.com (Postfix)" → example.com), null for an IP. */
function hostOrg(clause: string | null): string | null {
  const host = clause?.split(/[\s(]/)[0] ?? '';
  return isHostName(host) && !SITE_LOCAL.test(host) ? orgOf(host) : null;
}

/**
 * The final receiving organization and the Received field where the message entered it: walking down from the
 * newest Received, the first hop whose client (from, or its EHLO name) belongs to another organization.
 */
function entry(
  fields: readonly HeaderField[],
  parsed: readonly Received[] | undefined,
): {
  finalOrg: string | null;
  orgs: Set<string>;
  entry: number;
  /** The newest Received that names its server (Gmail's and Fastmail's internal hops name none). */
  firstNamed: number;
} {
  const orgs = new Set<string>();
  let at = -1;
  let firstNamed = -1;
  let finalOrg: string | null = null;
  let n = 0;
  // Walk down only until the entry hop: the rest of a long trace is never looked at.
  for (const [index, f] of fields.entries()) {
    if (f.lname !== 'received') continue;
    at = index;
    const r = parsed?.[n++] ?? parseReceived(f.value);
    const byOrg = hostOrg(r.by);
    if (byOrg) {
      orgs.add(byOrg);
      finalOrg ??= byOrg;
      if (firstNamed === -1) firstNamed = index;
    }
    const helo = /\b(?:EHLO|HELO)\s+([^\s)\]]+)/i.exec(r.fromComment ?? '')?.[1] ?? null;
    const fromOrg = hostOrg(r.from) ?? hostOrg(helo);
    if (fromOrg && orgs.size > 0 && !orgs.has(fromOrg)) break;
  }
  return { finalOrg, orgs, entry: at, firstNamed };
}

/**
 * Classify every Authentication-Results field. Fields above every Received field were added by the final
 * receiver (the topmost, when it parses, names it). Otherwise the receiver is the organization of the newest
 * Received fields down to the one where the message entered it; a field whose authserv-id names that
 * organization is its own even when a milter wrote it just below its Received. Anything added before the
 * message entered the final receiving organization is upstream; below every Received, the sender wrote it.
 */
export function classifyAuthResults(
  fields: readonly HeaderField[],
  /** The Received fields already parsed, top first (parsed here when not given). */
  received?: readonly Received[],
): TrustBoundary {
  const receivedAt = fields.flatMap((f, i) => (f.lname === 'received' ? [i] : []));
  const { finalOrg, orgs, entry: entryAt, firstNamed } = entry(fields, received);
  // Fields above the newest Received that names a server were added by the final receiver's own systems.
  const firstReceived = firstNamed === -1 ? (receivedAt[0] ?? -1) : firstNamed;
  const lastReceived = receivedAt[receivedAt.length - 1] ?? -1;
  // The Received below the entry hop: a milter's field sits between the two (found once, so the scan stays linear).
  const nextAfterEntry = receivedAt.find((i) => i > entryAt) ?? -1;
  const out: AuthResField[] = [];
  for (const [index, f] of fields.entries()) {
    if (!AUTHRES_FIELDS.includes(f.lname)) continue;
    const parse = parseAuthenticationResults(f.value);
    out.push({
      index,
      line: f.line,
      name: f.name,
      authservId: parse.ok ? parse.authservId : null,
      parse,
      trust: 'untrusted',
      trustReason: '',
      tied: false,
    });
  }
  const above = out.filter((a) => firstReceived === -1 || a.index < firstReceived);
  // RFC 8601 §5: the topmost field is the receiver's; an unreadable one is not replaced by one from the middle.
  const topAbove = above[0];
  let receiverOrg: string | null = null;
  let receiverId: string | null = null;
  let readable = true;
  let found = false;
  if (topAbove) {
    readable = topAbove.parse.ok;
    found = readable;
    receiverOrg = readable ? orgOf(topAbove.authservId) : null;
    receiverId = readable ? topAbove.authservId : null;
  } else {
    const own = out.find(
      (a) => a.parse.ok && a.authservId !== null && orgs.has(orgOf(a.authservId) ?? '') && ownPlace(a),
    );
    const microsoft = out.find(
      (a) => a.parse.ok && a.authservId === null && a.index < entryAt && isMicrosoft(finalOrg),
    );
    const chosen = own ?? microsoft;
    if (chosen) {
      found = true;
      receiverOrg = orgOf(chosen.authservId);
      receiverId = chosen.authservId;
    }
  }

  /** Above the entry Received, or below it with no other Received between (a milter writes just below). */
  function ownPlace(a: AuthResField): boolean {
    return a.index < entryAt || nextAfterEntry === -1 || a.index < nextAfterEntry;
  }

  for (const a of out) {
    const org = orgOf(a.authservId);
    // Microsoft's own field has no authserv-id; inside Microsoft's hops it is tied to them.
    a.tied = a.authservId === null ? isMicrosoft(finalOrg) : orgs.has(org ?? '');
    const sameReceiver =
      found &&
      a.parse.ok &&
      (topAbove ? a.index < firstReceived || firstReceived === -1 : ownPlace(a)) &&
      org === receiverOrg;
    if (sameReceiver) {
      a.trust = 'receiver';
      a.trustReason =
        a.authservId === null
          ? 'Added by the receiving Microsoft server (Microsoft omits the authserv-id).'
          : a.tied
            ? `Added by the final receiver (${a.authservId}).`
            : `Taken as the final receiver’s (${a.authservId}, the topmost field), but no Received field names that server, so it cannot be tied to a receiver.`;
    } else if (found && a.parse.ok && org === receiverOrg) {
      a.trust = 'untrusted';
      a.trustReason =
        'It names the final receiver but is not where the receiver writes its results: an earlier party wrote it to look like the receiver’s.';
    } else if (lastReceived !== -1 && a.index > lastReceived && !a.tied) {
      a.trust = 'untrusted';
      a.trustReason =
        'It sits below every Received field and names no server that handled the message: the sender wrote it.';
    } else if (!readable && a === topAbove) {
      a.trust = 'untrusted';
      a.trustReason =
        'The topmost Authentication-Results could not be read, so the final receiver’s results are unknown.';
    } else {
      a.trust = 'upstream';
      a.trustReason = `Added by ${a.authservId ?? 'an unnamed server'} before the message reached the final receiver${finalOrg ? ` (${finalOrg})` : ''}: a claim, not the receiver’s verdict.`;
    }
  }
  return { fields: out, receiverOrg, receiverId, finalOrg };
}

function isMicrosoft(org: string | null): boolean {
  return org !== null && MICROSOFT_ORGS.has(org);
}
