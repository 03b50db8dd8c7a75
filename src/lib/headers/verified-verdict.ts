// The verdict after "Verify signatures": what a DKIM check made here (RFC 6376 §6, with today's keys) adds to the
// receiver's results. It adds facts and names disagreements; it never overrides the trusted receiver (RFC 8601 §5).

import { sentence as fullStop } from '../findings';
import { align, type AlignmentRow, type DmarcPolicyHint, type Verdict } from './alignment';

/** One DKIM-Signature checked here (the shape of lib/dkim's DkimVerification, read structurally). */
export interface VerifiedSignature {
  result: string;
  domain: string;
  selector: string;
  reason?: string;
  /** The body hash matched (null when not computed). */
  bodyHashOk?: boolean | null;
  /** The signing domain does not exist in DNS today (NXDOMAIN). */
  domainMissing?: true;
}

export interface VerifiedVerdictInput {
  /** The verdict from the receiver's results (analyzeHeaders). */
  verdict: Verdict;
  from: string | null;
  /** The alignment rows: SPF and DKIM rows carry the trusted receiver's results, null where it reported none. */
  rows: readonly AlignmentRow[];
  policy: DmarcPolicyHint | null;
  /** The policy lookup was tried and failed (DNS error): the policy could not be checked. */
  policyLookupFailed?: boolean;
  /** One per DKIM-Signature field, top first. */
  verified: readonly VerifiedSignature[];
  /** Checked over the file's own bytes; pasted text may have lost line ends or spaces. */
  exact: boolean;
}

/** Results of our own check that say the signature does not hold today (a DNS failure says nothing). */
const BROKEN = new Set(['fail', 'permerror']);

/**
 * The verdict with the verification's facts in its sentence. `computed`, `reported` and `fix` stay: a signature
 * verified here makes a pass likely, not proven (the receiver's view, and its key at arrival, are not known).
 */
export function verdictWithVerification(input: VerifiedVerdictInput): Verdict {
  const { verdict, from, rows, policy, verified } = input;
  if (!from || verified.length === 0) return verdict;
  const adkim = policy?.adkim ?? 'r';
  // RFC 9989 §4.4.1: a valid signature counts when its d= aligns with the From domain under adkim.
  const aligned = verified.filter((v) => {
    const a = align(v.domain.toLowerCase(), from);
    return v.result === 'pass' && (adkim === 's' ? a.strict === true : a.relaxed === true);
  });
  const receiverDkim = rows.filter((r) => r.kind === 'dkim' && r.result !== null);
  const receiverSilent =
    verdict.reported === null && rows.every((r) => r.kind === 'from' || r.result === null);
  const added: string[] = [];
  let sentence = verdict.sentence;
  const first = aligned[0];
  if (receiverSilent && first) {
    const signed = `The DKIM signature of ${first.domain} (s=${first.selector}) was verified here as valid with the key it publishes today, and ${first.domain} is ${first.domain.toLowerCase() === from ? 'the From domain' : `aligned with the From domain ${from}`}`;
    const receiver =
      'The receiver’s own view was not available: these headers carry no SPF, DKIM or DMARC result from it.';
    sentence = !policy
      ? `${signed}, so DMARC would likely pass if ${from} publishes a policy (${input.policyLookupFailed ? 'its lookup failed: try it again' : 'look it up'} to judge). ${receiver}`
      : policy.noRecord
        ? `${from} publishes no DMARC policy (the lookup of ${policy.source} found none), so DMARC does not apply. ${signed}, so the message would pass had ${from} published one. ${receiver}`
        : `${signed}, so DMARC likely passed under the policy at ${policy.source}. ${receiver}`;
  } else if (receiverSilent) {
    added.push(
      `Verified here, no DKIM signature is both valid and aligned with ${from} (${verified.map((v) => `d=${v.domain}: ${v.result}`).join(', ')}).`,
    );
  } else if (first && verdict.reported === 'pass' && !rows.some((r) => r.counts)) {
    // The receiver's dmarc=pass that no aligned result in the headers explains: the check here may explain it.
    added.push(
      `Verified here, the DKIM signature of ${first.domain} (s=${first.selector}) is valid with the key it publishes today and aligned with ${from}: likely what the receiver’s dmarc=pass rests on.`,
    );
  } else if (first && receiverDkim.length === 0 && verdict.computed !== 'pass') {
    added.push(
      `The DKIM signature of ${first.domain} verifies here and is aligned with ${from}, but the receiver reported no DKIM result for it, so its verdict stands.`,
    );
  }
  // A signing domain the receiver said passed, none of whose signatures holds here: a disagreement, named.
  for (const domain of new Set(receiverDkim.filter((r) => r.result === 'pass').map((r) => r.domain))) {
    if (domain === null) continue;
    const mine = verified.filter((v) => v.domain.toLowerCase() === domain);
    const broken = mine.find((v) => BROKEN.has(v.result));
    if (!broken || mine.some((v) => v.result === 'pass')) continue;
    if (broken.domainMissing) {
      // Said once, as a fact: no guess at a rotated key when the whole domain is gone.
      added.push(
        `Verified here, the signature of ${domain} cannot be checked: ${domain} does not exist in DNS today (NXDOMAIN), so it publishes no key. The receiver reported dkim=pass for it when the message arrived, and its result stands.`,
      );
      continue;
    }
    // The check's own words, unless the likely reason already says them (a body hash that does not match).
    const found =
      broken.reason && broken.bodyHashOk !== false ? ` The check here found: ${fullStop(broken.reason)}` : '';
    added.push(
      `Verified here, the signature of ${domain} ${broken.result === 'permerror' ? 'cannot be checked' : 'fails'}, though the receiver reported dkim=pass for it: ${whyBroken(broken, input.exact)}.${found} The receiver’s result stands: it checked the message as it arrived.`,
    );
  }
  if (added.length === 0 && sentence === verdict.sentence) return verdict;
  // The headline stays the conclusion; what the check here adds is told below it.
  const detail = [verdict.detail, ...added].filter((s): s is string => !!s).join(' ');
  return detail === '' ? { ...verdict, sentence } : { ...verdict, sentence, detail };
}

/** The likely reason a signature the receiver accepted does not hold today. */
function whyBroken(v: VerifiedSignature, exact: boolean): string {
  const copied = exact ? '' : ', or copying the text changed its line ends or spaces';
  if (v.bodyHashOk === false) return `the body has changed since it arrived${copied}`;
  if (v.result === 'permerror') return `${v.domain} has since rotated or removed the key (s=${v.selector})`;
  return `the key at s=${v.selector} may have been rotated since, or a signed header changed${copied}`;
}
