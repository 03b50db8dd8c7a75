// RFC 9989 §4.4 identifier alignment and the DMARC verdict for one message: From vs MAIL FROM vs each DKIM d=,
// from the receiver's own results, ending in one plain sentence and what to change.

import { pslOrganizationalDomain } from '../domain/org-domain';
import type { AuthResResult } from '../authres';

export type Outcome =
  | 'pass'
  | 'fail'
  | 'softfail'
  | 'neutral'
  | 'none'
  | 'temperror'
  | 'permerror'
  | 'policy'
  | 'unknown'
  | string;

export interface AlignmentRow {
  kind: 'from' | 'spf' | 'dkim';
  /** What the row is: "From (RFC5322.From)", "MAIL FROM (Return-Path)", "DKIM d=…". */
  label: string;
  domain: string | null;
  result: Outcome | null;
  relaxed: boolean | null;
  strict: boolean | null;
  /** This identifier makes DMARC pass (passed and aligned under the policy's mode). */
  counts: boolean;
  note: string | null;
}

export interface DmarcPolicyHint {
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  p: string | null;
  /** Where the policy came from ("_dmarc.example.com" or "Authentication-Results"). */
  source: string;
  /**
   * The lookup found no usable DMARC record (RFC 9989 §4.10.1: DMARC does not apply); adkim/aspf are then the
   * defaults. Absent when a record was found. A failed lookup is no hint at all (null), not this.
   */
  noRecord?: true;
}

export interface Verdict {
  /** Computed from the receiver's SPF and DKIM results and alignment. */
  computed: 'pass' | 'fail' | 'none' | 'unknown';
  /** What the receiver itself reported in dmarc=, if it did. */
  reported: string | null;
  sentence: string;
  fix: string | null;
}

export interface AlignmentInput {
  fromDomains: string[];
  mailFrom: string | null;
  mailFromSource: string;
  helo: string | null;
  spf: AuthResResult | null;
  dkim: AuthResResult[];
  /** d= of DKIM-Signature fields, for when the receiver reported no DKIM results. */
  signatureDomains: string[];
  dmarc: AuthResResult | null;
  policy: DmarcPolicyHint | null;
  /** DKIM-Signature fields (d= and b=), to name the signing domain when the receiver gave only i= or b=. */
  signatures?: ReadonlyArray<{ domain: string; b: string }>;
}

function prop(r: AuthResResult | null, ptype: string, property: string): string | null {
  return r?.properties.find((p) => p.ptype === ptype && p.property === property)?.value ?? null;
}

function domainOf(value: string | null): string | null {
  if (!value) return null;
  const v = value.replace(/^<|>$/g, '').trim();
  const at = v.lastIndexOf('@');
  const d = (at === -1 ? v : v.slice(at + 1)).toLowerCase().replace(/\.$/, '');
  return d === '' || d === 'none' ? null : d;
}

/** Signatures searched for a header.b prefix (real messages carry a handful; keeps hostile pastes linear). */
const MAX_B_MATCH = 50;

/**
 * The signing domain d= of a DKIM result (RFC 7489 §3.1.1 aligns d=, not i=): header.d, else the signature whose
 * b= starts with header.b, else the domain of header.i (which lies inside d=).
 */
export function dkimDomain(
  r: AuthResResult,
  signatures: ReadonlyArray<{ domain: string; b: string }> = [],
): string | null {
  const d = domainOf(prop(r, 'header', 'd'));
  if (d) return d;
  const b = prop(r, 'header', 'b');
  const signed =
    b && b.length >= 8 ? signatures.slice(0, MAX_B_MATCH).find((s) => s.b.startsWith(b)) : undefined;
  return signed?.domain.toLowerCase() ?? domainOf(prop(r, 'header', 'i'));
}

/** RFC 9989 §4.4: relaxed (same organizational domain) and strict (identical) alignment of two domains. */
export function align(
  a: string | null,
  b: string | null,
): { relaxed: boolean | null; strict: boolean | null } {
  if (!a || !b) return { relaxed: null, strict: null };
  return { relaxed: pslOrganizationalDomain(a) === pslOrganizationalDomain(b), strict: a === b };
}

export function computeAlignment(input: AlignmentInput): { rows: AlignmentRow[]; verdict: Verdict } {
  const from = input.fromDomains[0] ?? null;
  const adkim = input.policy?.adkim ?? 'r';
  const aspf = input.policy?.aspf ?? 'r';
  const rows: AlignmentRow[] = [
    {
      kind: 'from',
      label: 'From (RFC5322.From)',
      domain: from,
      result: null,
      relaxed: null,
      strict: null,
      counts: false,
      note:
        input.fromDomains.length > 1
          ? `Several From addresses (${input.fromDomains.join(', ')}): receivers may reject the message.`
          : null,
    },
  ];
  // RFC 7208 §2.4 / RFC 9989 §4.4.2: the SPF identifier is MAIL FROM, or HELO for a null sender.
  const spfDomain =
    domainOf(prop(input.spf, 'smtp', 'mailfrom')) ??
    input.mailFrom ??
    domainOf(prop(input.spf, 'smtp', 'helo')) ??
    input.helo;
  const spfResult = input.spf?.result ?? null;
  const spfAlign = align(spfDomain, from);
  const heloOnly = !input.mailFrom && !domainOf(prop(input.spf, 'smtp', 'mailfrom'));
  rows.push({
    kind: 'spf',
    label: heloOnly
      ? spfDomain
        ? `SPF for the HELO name ${spfDomain}`
        : 'MAIL FROM (not in the pasted headers)'
      : `MAIL FROM (${input.mailFromSource})`,
    domain: spfDomain,
    result: spfResult,
    ...spfAlign,
    counts: spfResult === 'pass' && (aspf === 's' ? spfAlign.strict === true : spfAlign.relaxed === true),
    note:
      spfResult === null
        ? 'The receiver reported no SPF result.'
        : heloOnly && spfDomain
          ? `No Return-Path in the pasted headers; SPF was checked for the HELO name ${spfDomain}.`
          : null,
  });
  const dkimRows: AlignmentRow[] = input.dkim.map((r) => {
    const d = dkimDomain(r, input.signatures);
    const a = align(d, from);
    return {
      kind: 'dkim',
      label: `DKIM d=${d ?? '(unknown)'}${prop(r, 'header', 's') ? ` s=${prop(r, 'header', 's')}` : ''}`,
      domain: d,
      result: r.result,
      ...a,
      counts: r.result === 'pass' && (adkim === 's' ? a.strict === true : a.relaxed === true),
      note: d === null ? 'The receiver did not say which domain signed.' : null,
    };
  });
  if (dkimRows.length === 0) {
    for (const d of input.signatureDomains) {
      rows.push({
        kind: 'dkim',
        label: `DKIM d=${d}`,
        domain: d,
        ...align(d, from),
        result: null,
        counts: false,
        note: 'Signature present; the receiver reported no DKIM result for it.',
      });
    }
  }
  rows.push(...dkimRows);
  return { rows, verdict: verdictOf(from, rows, input, aspf, adkim) };
}

/** What made an aligned identifier pass, in the receiver's words: its claim, not a check of ours. */
function howOf(winner: AlignmentRow): string {
  return winner.kind === 'spf'
    ? `the receiver reported spf=pass for ${winner.domain}`
    : `the receiver reported dkim=pass for the signature of ${winner.domain}`;
}

function alignWordOf(winner: AlignmentRow, from: string, mode: 'r' | 's'): string {
  return mode === 's'
    ? 'identical to'
    : winner.domain === from
      ? 'the same as'
      : 'in the same organization as';
}

function verdictOf(
  from: string | null,
  rows: AlignmentRow[],
  input: AlignmentInput,
  aspf: 'r' | 's',
  adkim: 'r' | 's',
): Verdict {
  const reported = input.dmarc?.result ?? null;
  if (from && (reported === 'none' || reported === 'bestguesspass'))
    return noPolicy(from, `the receiver wrote dmarc=${reported}`, reported, rows);
  if (from && reported === 'unknown')
    return {
      computed: 'unknown',
      reported,
      sentence: `The receiver could not determine DMARC for ${from} (it wrote dmarc=unknown), so the message is not judged here as passing or failing.`,
      fix: `Check that _dmarc.${from} publishes one valid DMARC record.`,
    };
  const spf = rows.find((r) => r.kind === 'spf')!;
  const dkim = rows.filter((r) => r.kind === 'dkim');
  const winner = rows.find((r) => r.counts);
  if (!from)
    return {
      computed: 'unknown',
      reported,
      sentence: 'The message has no From address, so DMARC cannot be evaluated.',
      fix: 'Every message needs exactly one From address.',
    };
  const policy = input.policy;
  // RFC 9989 §4.10.1: the lookup found no record and the receiver evaluated none, so DMARC does not apply.
  if (policy?.noRecord && reported !== 'pass' && reported !== 'fail')
    return noPolicy(from, `the lookup of ${policy.source} found none`, reported, rows);
  const known = spf.result !== null || dkim.some((r) => r.result !== null);
  // RFC 8601 §5: the final receiver's dmarc=fail is its verdict; the headline follows it.
  if (reported === 'fail' && (winner || !known))
    return receiverFail(from, winner ?? null, input, aspf, adkim);
  if (winner) {
    const how = howOf(winner);
    const alignWord = alignWordOf(winner, from, winner.kind === 'spf' ? aspf : adkim);
    // RFC 9989 §4.10.1: aligned is a pass only under a policy; with none known DMARC is not judged yet.
    if (reported !== 'pass' && !policy)
      return {
        computed: 'unknown',
        reported,
        sentence: `${capitalize(how)}, which is ${alignWord} the From domain ${from}, but the receiver reported no DMARC result and ${from}’s DMARC policy is not known. DMARC passes only if ${from} publishes a policy; without one DMARC does not apply. Look up the policy to judge it.`,
        fix: null,
      };
    const since = policy?.noRecord
      ? ` ${policy.source} publishes no record today; the receiver found one when the message arrived.`
      : '';
    return {
      computed: 'pass',
      reported,
      sentence: `DMARC passes because ${how}, which is ${alignWord} the From domain ${from}.${since}`,
      fix: null,
    };
  }
  if (!known) {
    return {
      computed: 'unknown',
      reported,
      sentence: `The receiver reported no SPF or DKIM results, so DMARC for ${from} cannot be judged from these headers.`,
      fix: 'Paste the headers as the final recipient received them (including Authentication-Results).',
    };
  }
  const reasons = notAligned(from, rows);
  const passing = dkim.filter((r) => r.result === 'pass');
  // A domain whose aligned signature is in the message is not told to add one: that signature did not pass here.
  const signedAligned = input.signatureDomains.find((d) => align(d, from).relaxed === true);
  const fix = signedAligned
    ? `The message carries a DKIM signature of ${signedAligned}, aligned with ${from}, but the receiver did not report it passing: a forwarder or list may have changed the message, or the key may be missing or replaced. Verify signatures to see which; ${from} needs no other signature.`
    : passing.length > 0 || spf.result === 'pass'
      ? `Make your sending service sign with DKIM for ${from} (publish the keys it gives you), or use a custom return-path (bounce domain) under ${from} so SPF aligns.`
      : `Authorize the sending server in ${from}'s SPF record and turn on DKIM signing for ${from} at the service that sent this message.`;
  // RFC 9989 §4.10.1: without a policy DMARC does not apply, so "not aligned" is a fail only under one. With the
  // receiver silent (no dmarc=, or one that says it could not evaluate) and no policy looked up, it is not judged.
  if (!policy && reported !== 'fail' && reported !== 'pass')
    return {
      computed: 'unknown',
      reported,
      sentence: `Not aligned: ${reasons}. DMARC would fail if ${from} publishes a DMARC policy, but ${reported === null ? 'the receiver reported no DMARC result' : `the receiver wrote dmarc=${reported}`} and ${from}’s policy is not known, so it cannot be judged until the policy is looked up.`,
      fix,
    };
  return { computed: 'fail', reported, sentence: `DMARC fails: ${reasons}.`, fix };
}

/** Why no identifier aligns: what SPF and each DKIM signature gave, and for which domain. */
function notAligned(from: string, rows: readonly AlignmentRow[]): string {
  const spf = rows.find((r) => r.kind === 'spf')!;
  const dkim = rows.filter((r) => r.kind === 'dkim');
  const reasons: string[] = [];
  if (spf.result === 'pass')
    reasons.push(
      spf.domain
        ? `SPF passed for ${spf.domain}, which is not aligned with ${from}`
        : 'SPF passed, but the headers do not say for which domain',
    );
  else reasons.push(`SPF ${spf.result ?? 'was not checked'}${spf.domain ? ` for ${spf.domain}` : ''}`);
  const passing = dkim.filter((r) => r.result === 'pass');
  if (passing.length > 0)
    reasons.push(`DKIM passed only for ${passing.map((r) => r.domain).join(', ')}, not aligned with ${from}`);
  else if (dkim.length > 0)
    reasons.push(
      `the receiver reported no DKIM pass (${dkim.map((r) => `${r.domain ?? 'unnamed signer'}: ${r.result ?? 'no result'}`).join(', ')})`,
    );
  else reasons.push('the message has no DKIM signature');
  return reasons.join(', and ');
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The final receiver reported dmarc=fail although an identifier looks aligned here (or it reported no SPF or DKIM
 * result to judge by): its verdict stands, with the likely reason.
 */
function receiverFail(
  from: string,
  winner: AlignmentRow | null,
  input: AlignmentInput,
  aspf: 'r' | 's',
  adkim: 'r' | 's',
): Verdict {
  if (!winner)
    return {
      computed: 'fail',
      reported: 'fail',
      sentence: `The receiver reported dmarc=fail for ${from}; it reported no SPF or DKIM results, so these headers do not show why.`,
      fix: null,
    };
  const mode = winner.kind === 'spf' ? aspf : adkim;
  const tag = winner.kind === 'spf' ? 'aspf' : 'adkim';
  const seen = `${capitalize(howOf(winner))}, which is ${alignWordOf(winner, from, mode)} the From domain ${from}`;
  const policy = input.policy;
  const why = !policy
    ? winner.domain === from
      ? ' The receiver may have seen other results than it wrote. Look up the policy to check.'
      : ` ${from}’s policy probably asks for strict alignment (${tag}=s), which needs ${winner.domain === null ? 'the domain' : winner.domain} to be exactly ${from}. Look up the policy to check.`
    : policy.noRecord
      ? ` ${policy.source} publishes no record today: the policy the receiver applied has since been removed.`
      : ` The policy at ${policy.source} today (${tag}=${mode}) would let it pass: the policy or the receiver’s view may have changed since the message arrived.`;
  return {
    computed: 'fail',
    reported: 'fail',
    sentence: `DMARC fails: the receiver reported dmarc=fail. ${seen}.${why}`,
    fix:
      winner.domain === from
        ? null
        : `If ${from}’s policy sets ${tag}=s, ${winner.kind === 'spf' ? `use a MAIL FROM (return-path) at ${from} itself` : `sign with d=${from} itself`}, or relax the policy to ${tag}=r.`,
  };
}

/**
 * RFC 9989 §4.8: no DMARC record (dmarc=none, Microsoft's bestguesspass, or a lookup that found none), so DMARC
 * does not apply: neither a pass nor a fail. The receiver's own words stay in `reported`.
 */
function noPolicy(from: string, because: string, reported: string | null, rows: AlignmentRow[]): Verdict {
  const winner = rows.find((r) => r.counts);
  const known = rows.some((r) => r.kind !== 'from' && r.result !== null);
  const none = `${from} publishes no DMARC policy (${because}), so DMARC does not apply.`;
  // Not aligned, said as a fact of the message; the fail is only what a policy would make of it.
  const facts = winner
    ? `${none} Had ${from} published a policy, this message would pass (${winner.kind === 'spf' ? 'SPF' : 'DKIM'} for ${winner.domain} is aligned).`
    : known
      ? `Not aligned: ${notAligned(from, rows)}. DMARC would fail if ${from} published a policy, but ${none}`
      : `${none} Had ${from} published a policy, this message would fail: neither SPF nor DKIM passed for a domain aligned with it.`;
  return {
    computed: 'none',
    reported,
    sentence:
      facts +
      ' Gmail and Yahoo require a DMARC record from bulk senders (5,000+ messages a day), Outlook.com requires it from high-volume senders, and without one anyone can send mail as this domain.',
    fix: `Publish a DMARC record at _dmarc.${from}, for example “v=DMARC1; p=none; rua=mailto:dmarc@${from}”, and move to p=quarantine or p=reject once the reports show all your mail aligns.`,
  };
}
