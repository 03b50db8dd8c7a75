// RFC 8601 §5 trust boundary: which Authentication-Results fields the final receiver added, and which are claims
// made before the message reached it (a sender can add any Authentication-Results it likes).

import { pslOrganizationalDomain } from '../domain/org-domain';
import { parseAuthenticationResults, type AuthResParse } from '../authres';
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
}

const AUTHRES_FIELDS = ['authentication-results', 'x-ms-exchange-authentication-results'];

function orgOf(authservId: string | null): string | null {
  if (authservId === null) return null;
  // An authserv-id is usually a host name; take its organizational domain.
  return /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(authservId)
    ? pslOrganizationalDomain(authservId)
    : authservId.toLowerCase();
}

/**
 * Classify every Authentication-Results field. The receiver is the author of the topmost field; fields from the
 * same organization are its own. Fields below the bottom-most Received field were present before the first
 * transfer, so the sender wrote them: never trusted.
 */
export function classifyAuthResults(fields: readonly HeaderField[]): {
  fields: AuthResField[];
  receiverOrg: string | null;
  receiverId: string | null;
} {
  const lastReceived = fields.reduce((max, f, i) => (f.lname === 'received' ? i : max), -1);
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
    });
  }
  const candidates = out.filter((a) => lastReceived === -1 || a.index < lastReceived);
  const top = candidates.find((a) => a.parse.ok);
  const receiverOrg = top ? orgOf(top.authservId) : null;
  for (const a of out) {
    if (lastReceived !== -1 && a.index > lastReceived) {
      a.trust = 'untrusted';
      a.trustReason =
        'It sits below every Received field, so it was in the message before the first server handled it: the sender wrote it.';
    } else if (top && orgOf(a.authservId) === receiverOrg) {
      a.trust = 'receiver';
      a.trustReason =
        a.authservId === null
          ? 'Added by the receiving Microsoft server (Microsoft omits the authserv-id).'
          : `Added by the final receiver (${a.authservId}).`;
    } else {
      a.trust = 'upstream';
      a.trustReason = `Added earlier by ${a.authservId ?? 'an unnamed server'}, before the final receiver: a claim, not the receiver’s verdict.`;
    }
  }
  return { fields: out, receiverOrg, receiverId: top?.authservId ?? null };
}
