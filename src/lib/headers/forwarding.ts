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
  /** The DMARC verdict gives this fix as its own (a fail): the page says it there, once. */
  fixInVerdict: boolean;
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
  /** d= of every DKIM-Signature in the message: whether the author signs with an aligned domain. */
  signatureDomains: readonly string[];
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

/** The domain of the MAIL FROM the final receiver saw: its smtp.mailfrom, else Return-Path. */
function envelopeDomain(input: ForwardingInput): string | null {
  const mailfrom = input.receiver.spf?.properties.find(
    (p) => p.ptype === 'smtp' && p.property === 'mailfrom',
  );
  const text = mailfrom?.value ?? input.fields.find((f) => f.lname === 'return-path')?.value ?? '';
  const domain = /([^@<>\s]+)>?\s*$/.exec(
    text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : '',
  )?.[1];
  return domain ? domain.toLowerCase().replace(/\.$/, '') : null;
}

const joined = (items: readonly string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

interface Facts {
  from: string;
  kind: ForwardingStory['kind'];
  /** An aligned DKIM-Signature in the message (d= in the author's organization), or null. */
  authorSigned: string | null;
  dkimBefore: boolean;
  dkimAfter: boolean;
  /** The ARC sealers other than the final receiver (authserv-id, else d=). */
  sealers: string[];
  /** The receiver validated the chain (arcTrusted): only then do the seals count. */
  sealsCount: boolean;
  /** The receiver's arc= result, null when it reported none. */
  arcSaid: string | null;
  envelope: string | null;
  spfAfter: string | null;
}

/**
 * RFC 7960 §4.1.1: aligned DKIM is what survives forwarding, so the author domain is told to sign with it only when
 * the message has no aligned signature, and never told to add a forwarder to SPF.
 */
function authorAdvice(f: Facts, others: readonly string[]): string {
  const servers = `do not add the ${f.kind === 'mailing-list' ? 'list' : 'forwarder'}’s servers to SPF`;
  if (f.authorSigned)
    return `${f.from} has nothing to change: the message carries its aligned DKIM signature (d=${f.authorSigned})${f.dkimAfter ? ', which survived' : ''}; ${servers}.`;
  // A message with no signature at all: the verdict's reasons say so, once.
  const signedBy =
    others.length > 0 ? `: the message is signed only by ${joined(others)}, not aligned with ${f.from}` : '';
  return `${f.from} should sign its mail with DKIM for ${f.from} (d=${f.from})${signedBy}. An aligned signature survives ${f.kind === 'mailing-list' ? 'a list that leaves the message unchanged' : 'forwarding'}; SPF never does (RFC 7960 §4.1.1), so ${servers}.`;
}

/** What the forwarder or list should still do, from what the message shows it already did. */
function intermediaryAdvice(f: Facts, fromOrg: string | null): string {
  const done: string[] = [];
  const todo: string[] = [];
  // RFC 8617 §5.2: a seal counts only in a chain the receiver validated. One it reported failing is the
  // sealer's to check; when the receiver reported no ARC result, nothing is said either way.
  if (f.sealers.length > 0 && f.sealsCount) done.push(`ARC-sealed the message (${joined(f.sealers)})`);
  else if (f.sealers.length > 0 && f.arcSaid !== null && !['pass', 'none'].includes(f.arcSaid))
    todo.push(
      `check its ARC seal (${joined(f.sealers)}): the receiver reported arc=${f.arcSaid}, so the seal did not count`,
    );
  else if (f.sealers.length === 0)
    todo.push(f.kind === 'mailing-list' ? 'ARC-seal what it sends' : 'ARC-seal what it forwards');
  const envelopeOrg = org(f.envelope);
  if (f.envelope && envelopeOrg !== fromOrg)
    done.push(`sent it from its own envelope domain (${f.envelope})`);
  else if (f.envelope && f.spfAfter !== 'pass')
    todo.push(`rewrite the envelope sender (SRS): it kept ${f.from}’s`);
  if (f.kind === 'mailing-list' && f.authorSigned && !f.dkimAfter)
    todo.unshift(
      'stop modifying messages (no Subject tag or footer), or rewrite From to its own address for DMARC-protected domains',
    );
  else if (f.kind === 'mailing-list' && !f.authorSigned)
    todo.unshift('rewrite From to its own address for DMARC-protected domains');
  else if (f.dkimBefore && !f.dkimAfter) todo.unshift('forward the message unchanged');
  const who = f.kind === 'mailing-list' ? 'The list' : 'The forwarder';
  // The steps can hold commas of their own, so they are set apart by semicolons.
  const steps =
    todo.length < 2 ? todo.join('') : `${todo.slice(0, -1).join('; ')}; and ${todo[todo.length - 1]}`;
  if (done.length === 0) return `${who} should ${steps}.`;
  return todo.length === 0
    ? `${who} already ${joined(done)}: it has nothing more to do.`
    : `${who} already ${joined(done)}; it should also ${steps}.`;
}

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
  const fromOrg = org(from);
  // The signing domains: DKIM-Signature fields, and signatures the receiver or the first sealer reported on
  // (a paste may leave the DKIM-Signature field out; a result other than none means one was there).
  const reported = [...after.dkim, ...before.filter((r) => r.method === 'dkim')]
    .filter((r) => r.result !== 'none')
    .map((r) => dkimDomain(r));
  const signers = [
    ...new Set([...input.signatureDomains, ...reported].flatMap((d) => (d ? [d.toLowerCase()] : []))),
  ];
  const facts: Facts = {
    from,
    kind,
    authorSigned: signers.find((d) => org(d) === fromOrg) ?? null,
    dkimBefore,
    dkimAfter,
    sealers: foreignSealers(input),
    sealsCount: arcTrusted(input),
    arcSaid: input.receiver.arc?.result.toLowerCase() ?? null,
    envelope: envelopeDomain(input),
    spfAfter: after.spf?.result ?? null,
  };
  if (parts.length === 0) {
    if (kind !== 'mailing-list' || after.dmarc?.result !== 'fail') return null;
    const broken = after.dkim.find((r) => r.result !== 'pass' && org(dkimDomain(r)) === fromOrg);
    parts.push(
      facts.authorSigned
        ? `The message came through ${who}, and the author’s DKIM signature (d=${facts.authorSigned}) no longer verifies${broken ? ` (the receiver reported dkim=${broken.result})` : ''}: lists often tag the Subject or add a footer, which breaks it.`
        : `The message came through ${who}, whose servers are not in ${from}’s SPF: nothing aligned with ${from} is left for DMARC.`,
    );
  }
  if (seen) parts.push('The receiver validated the ARC chain, so it can use the earlier results.');
  const fix = [
    authorAdvice(
      facts,
      signers.filter((d) => org(d) !== fromOrg),
    ),
    intermediaryAdvice(facts, fromOrg),
    receiverAdvice(facts, input),
  ].filter(Boolean);
  return {
    kind,
    via,
    seenBy: seen?.by ?? null,
    sentence: parts.join(' '),
    fix: fix.join(' '),
    fixInVerdict: false,
  };
}

/** The ARC sealers before the final receiver, newest last: authserv-id of their results, else the seal's d=. */
function foreignSealers(input: ForwardingInput): string[] {
  const ids = input.arc.sets
    .filter((s) => !sealedByReceiver(s.results?.authservId ?? null, s.seal, input))
    .map((s) => s.results?.authservId ?? s.seal?.['d'] ?? null)
    .filter((id): id is string => id !== null);
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/**
 * RFC 8617 §7.2: a receiver may honour a sealer it trusts. Only said of a sealer outside the receiver's own
 * organization, and only when the receiver validated the chain: a receiver is not told about its own seal.
 */
function receiverAdvice(f: Facts, input: ForwardingInput): string {
  const outside = f.sealers.filter((id) => org(id) !== input.receiverOrg);
  if (outside.length === 0 || !arcTrusted(input) || input.receiver.dmarc?.result !== 'fail') return '';
  return `The receiver can add ${joined(outside)} to its trusted ARC sealers, so the earlier results count.`;
}
