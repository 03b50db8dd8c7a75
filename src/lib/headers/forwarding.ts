// The story of forwarded and mailing-list mail (RFC 7960 §3.2, RFC 8617 ARC): what passed before a forwarder or
// list changed the message, what broke after, and the fix for the party who can act — never the author's SPF.
// Built only from the final receiver's results and an ARC chain it validated (RFC 8601 §5).

import { pslOrganizationalDomain } from '../domain/org-domain';
import type { ArcStructure } from '../arc/structure';
import type { AuthResResult } from '../authres';
import { dkimDomain } from './alignment';
import type { HeaderField } from './split';

export interface ForwardingStory {
  kind: 'mailing-list' | 'forwarder';
  /** The list (List-Id) or the forwarding server. */
  via: string;
  /** Who saw the earlier results (an authserv-id or ARC sealer). */
  seenBy: string | null;
  sentence: string;
  fix: string;
}

export interface ForwardingInput {
  fields: readonly HeaderField[];
  arc: ArcStructure;
  receiver: {
    spf: AuthResResult | null;
    dkim: AuthResResult[];
    dmarc: AuthResResult | null;
    arc: AuthResResult | null;
  };
  receiverOrg: string | null;
  fromDomain: string | null;
}

const org = (d: string | null | undefined) => (d ? pslOrganizationalDomain(d.toLowerCase()) : null);

interface Seen {
  by: string;
  results: AuthResResult[];
}

/**
 * RFC 8601 §5 / RFC 8617 §5.2: the results from before the final receiver that can be relied on — only those the
 * first foreign ARC set sealed, and only when the receiver reported arc=pass and the chain is not broken. An
 * upstream Authentication-Results field is a claim anyone could have written, so it is never read here.
 */
function earliest(input: ForwardingInput): Seen | null {
  if (!arcTrusted(input)) return null;
  const foreign = input.arc.sets.filter(
    (s) => !sealedByReceiver(s.results?.authservId ?? null, s.seal, input),
  );
  const first = foreign[0]?.results;
  if (first?.parse.ok)
    return { by: first.authservId ?? `ARC instance ${foreign[0]!.instance}`, results: first.parse.results };
  return null;
}

/** The final receiver validated the ARC chain (arc=pass) and its structure here is not broken. */
export function arcTrusted(input: Pick<ForwardingInput, 'arc' | 'receiver'>): boolean {
  return input.receiver.arc?.result === 'pass' && input.arc.result === 'pass';
}

/**
 * The receiver's own seal on delivery: a lone set sealed by the receiver's organization. Two or more sets mean
 * the first sealer passed the message on (Gmail to Gmail forwarding is sealed by google.com twice).
 */
function sealedByReceiver(
  id: string | null,
  seal: Record<string, string> | null,
  input: ForwardingInput,
): boolean {
  return (
    input.arc.sets.length === 1 &&
    input.receiverOrg !== null &&
    (org(id) === input.receiverOrg || org(seal?.['d']) === input.receiverOrg)
  );
}

/** A receiver-added ARC seal on the final hop is not forwarding: only foreign sets count. */
export function foreignArcSets(input: ForwardingInput): number {
  return input.arc.sets.filter((s) => !sealedByReceiver(s.results?.authservId ?? null, s.seal, input)).length;
}

function listOf(fields: readonly HeaderField[]): string | null {
  const id = fields.find((f) => f.lname === 'list-id')?.value;
  if (id) return /<([^>]+)>/.exec(id)?.[1] ?? id.trim();
  const ml = fields.find((f) => f.lname === 'mailing-list')?.value;
  if (ml) return /list\s+(\S+?)[;\s]/i.exec(`${ml} `)?.[1] ?? ml.trim();
  return fields.some((f) => f.lname === 'x-google-group-id') ? 'a Google Group' : null;
}

const alignedPass = (results: readonly AuthResResult[], from: string) =>
  results.some((r) => r.method === 'dkim' && r.result === 'pass' && org(dkimDomain(r)) === org(from));

export function forwardingStory(input: ForwardingInput): ForwardingStory | null {
  const from = input.fromDomain;
  if (!from) return null;
  const list = listOf(input.fields);
  const seen = earliest(input);
  if (!list && !seen) return null;
  const kind = list ? 'mailing-list' : 'forwarder';
  const via = list ?? seen?.by ?? 'a forwarder';
  const before = seen?.results ?? [];
  const after = input.receiver;
  const dkimBefore = alignedPass(before, from);
  const dkimAfter = alignedPass(after.dkim, from);
  const spfBefore = before.some((r) => r.method === 'spf' && r.result === 'pass');
  const parts: string[] = [];
  const who = kind === 'mailing-list' ? `the list ${via}` : `the forwarder (${via})`;
  if (dkimBefore && !dkimAfter)
    parts.push(
      `DKIM for ${from} passed at the first hop (${seen!.by}); ${who} changed the message${kind === 'mailing-list' ? ' (a Subject tag or a footer)' : ''} and broke the signature.`,
    );
  else if (dkimBefore && dkimAfter)
    parts.push(`DKIM for ${from} passed at ${seen!.by} and still passes: it survived ${who}.`);
  if (spfBefore && after.spf?.result !== 'pass')
    parts.push(
      `SPF passed at ${seen!.by}; after ${who} resent it, the message came from a server ${from} never authorized, as forwarding always does.`,
    );
  if (parts.length === 0) {
    if (kind !== 'mailing-list' || after.dmarc?.result !== 'fail') return null;
    parts.push(
      `The message came through ${who}; lists often tag the Subject or add a footer, which breaks the author’s DKIM signature.`,
    );
  }
  if (seen) parts.push('The receiver validated the ARC chain, so it can use the earlier results.');
  const fix =
    kind === 'mailing-list'
      ? `${from} has nothing to change. The list can stop modifying messages (no Subject tag or footer) or rewrite From to its own address for DMARC-protected domains, and ARC-seal what it sends; the receiver can trust the list’s ARC seal.`
      : `${from} has nothing to change (do not add the forwarder’s servers to SPF). The forwarder should ARC-seal what it forwards and rewrite the envelope sender (SRS); the receiver can add ${via} to its trusted ARC sealers.`;
  return { kind, via, seenBy: seen?.by ?? null, sentence: parts.join(' '), fix };
}
