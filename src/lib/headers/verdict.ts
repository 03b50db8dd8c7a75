// RFC 9989 §4.10 the DMARC verdict for one message from the alignment rows and the final receiver's dmarc=
// (RFC 8601 §5: its verdict stands), ending in one plain sentence and what to change.

import { align, alignmentRows, type AlignmentInput, type AlignmentRow, type Verdict } from './alignment';

/** The alignment rows and the verdict they make, under the policy's modes (relaxed when none is known). */
export function computeAlignment(input: AlignmentInput): { rows: AlignmentRow[]; verdict: Verdict } {
  const rows = alignmentRows(input);
  const from = input.fromDomains[0] ?? null;
  return {
    rows,
    verdict: verdictOf(from, rows, input, input.policy?.aspf ?? 'r', input.policy?.adkim ?? 'r'),
  };
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
  // RFC 9989 §4.2: a dmarc=pass with no aligned pass under it is the receiver's claim, not a pass shown here.
  if (reported === 'pass' && !winner) return receiverPass(from, rows, input, aspf, adkim, known);
  const unknown = policyUnknown(from, input.policyLookupFailed === true);
  if (winner) {
    const how = howOf(winner);
    const alignWord = alignWordOf(winner, from, winner.kind === 'spf' ? aspf : adkim);
    // RFC 9989 §4.10.1: aligned is a pass only under a policy; with none known DMARC is not judged yet.
    if (reported !== 'pass' && !policy)
      return {
        computed: 'unknown',
        reported,
        sentence: `${capitalize(how)}, which is ${alignWord} the From domain ${from}, but the receiver reported no DMARC result and ${unknown.state}.`,
        // The headline stays short (review 3, finding 13); the rule and the next step are told below it.
        detail: `DMARC passes only if ${from} publishes a policy; without one DMARC does not apply. ${unknown.action} to judge it.`,
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
      sentence: `Not aligned: ${reasons}. DMARC would fail if ${from} publishes a DMARC policy, but ${reported === null ? 'the receiver reported no DMARC result' : `the receiver wrote dmarc=${reported}`} and ${unknown.state}, so it cannot be judged ${input.policyLookupFailed ? 'here; try the lookup again' : 'until the policy is looked up'}.`,
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
    reasons.push(
      `DKIM passed only for ${[...new Set(passing.map((r) => r.domain ?? 'a signer the receiver did not name'))].join(', ')}, not aligned with ${from}`,
    );
  else if (dkim.length > 0 && dkim.every(unsigned))
    reasons.push('the receiver evaluated no DKIM signature (dkim=none)');
  else if (dkim.length > 0)
    reasons.push(
      `the receiver reported no DKIM pass (${dkim.map((r) => (unsigned(r) ? 'dkim=none: no signature evaluated' : `${r.domain ?? 'unnamed signer'}: ${r.result ?? 'no result'}`)).join(', ')})`,
    );
  else reasons.push('the message has no DKIM signature');
  return reasons.join(', and ');
}

/** RFC 8601 §2.7.1: a dkim=none result names no signer; it says no signature was evaluated. */
const unsigned = (r: AlignmentRow) => r.kind === 'dkim' && r.result === 'none' && r.domain === null;

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
  const { action } = policyUnknown(from, input.policyLookupFailed === true);
  const why = !policy
    ? winner.domain === from
      ? ` The receiver may have seen other results than it wrote. ${action} to check.`
      : ` ${from}’s policy probably asks for strict alignment (${tag}=s), which needs ${winner.domain === null ? 'the domain' : winner.domain} to be exactly ${from}. ${action} to check.`
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
 * How a policy not known reads: not looked up yet (look it up), or a lookup that failed (DNS error: it could not be
 * checked; the page offers the lookup again).
 */
function policyUnknown(from: string, failed: boolean): { state: string; action: string } {
  return failed
    ? {
        state: `${from}’s DMARC policy could not be checked (the DNS lookup of _dmarc.${from} failed)`,
        action: 'Try the lookup again',
      }
    : { state: `${from}’s DMARC policy is not known`, action: 'Look up the policy' };
}

/**
 * The final receiver reported dmarc=pass although no pass in its results is tied to the From domain (none aligns
 * under the policy's modes, relaxed when none is known), or it reported no SPF or DKIM result to judge by. RFC 9989
 * §4.2: DMARC passes only through an aligned SPF or DKIM pass, so without one here the pass is the receiver's claim:
 * not green, and the sentence says what could not be confirmed and why the receiver may have seen it otherwise.
 */
function receiverPass(
  from: string,
  rows: readonly AlignmentRow[],
  input: AlignmentInput,
  aspf: 'r' | 's',
  adkim: 'r' | 's',
  known: boolean,
): Verdict {
  const policy = input.policy;
  const since = policy?.noRecord
    ? ` ${policy.source} publishes no record today; the receiver found one when the message arrived.`
    : '';
  const claim = (sentence: string): Verdict => ({
    computed: 'unknown',
    reported: 'pass',
    sentence: `${sentence}${since}`,
    fix: null,
  });
  if (!known)
    return claim(
      `The receiver wrote dmarc=pass for ${from} but no SPF or DKIM results, so these headers cannot show what it rests on: taken as the receiver's claim, not judged here.`,
    );
  if (!rows.some((r) => r.kind !== 'from' && r.result === 'pass'))
    return claim(
      `The receiver wrote dmarc=pass for ${from}, but its own results show no SPF or DKIM pass (${notAligned(from, rows)}), and DMARC passes only through one of them: the results contradict each other, so the pass is not taken here.`,
    );
  // RFC 9989 §4.4: a pass aligned under relaxed mode only, where the policy looked up today asks for strict. The pass
  // is tied to the From domain's organization, and the receiver judged under the policy of the day the message
  // arrived: its verdict stands (green), and the sentence says what would differ under today's policy.
  const relaxedOnly = rows.find((r) => r.kind !== 'from' && r.result === 'pass' && r.relaxed === true);
  if (relaxedOnly) {
    const tag = relaxedOnly.kind === 'spf' ? 'aspf' : 'adkim';
    const mode = relaxedOnly.kind === 'spf' ? aspf : adkim;
    return {
      computed: 'pass',
      reported: 'pass',
      sentence: `DMARC passes: the receiver reported dmarc=pass, and its ${relaxedOnly.kind === 'spf' ? 'SPF' : 'DKIM'} pass for ${relaxedOnly.domain} is in the same organization as ${from} (relaxed alignment). The policy at ${policy?.source ?? `_dmarc.${from}`} today asks for strict alignment (${tag}=${mode}), under which this message would fail: the policy has probably changed since the message arrived, or the receiver applied relaxed alignment.${since}`,
      fix: null,
    };
  }
  const unnamed = rows.find((r) => r.kind === 'dkim' && r.result === 'pass' && r.domain === null);
  let why: string;
  if (unnamed) {
    why =
      'The receiver reported a DKIM pass without saying which domain signed; that signature may be the aligned one, but these headers do not show it.';
  } else {
    // Verifying is offered only when the message carries signatures to verify.
    why = `The receiver may have counted a DKIM signature or an SPF identity these headers do not show (one it did not write down, or a signature removed on the way to the mailbox)${input.signatureDomains.length > 0 ? '; Verify signatures to check the signatures here' : ''}.`;
  }
  return claim(
    `The receiver wrote dmarc=pass for ${from}, but none of its SPF or DKIM passes is tied to ${from}, so the pass could not be confirmed here and is taken as the receiver's claim: ${notAligned(from, rows)}. ${why}`,
  );
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
