// RFC 7208 §4.4–§4.7, §5.2, §6: evaluate one domain's record term by term, recursing for include and redirect,
// and fetch the explanation of a fail.

import { txtRecords } from '../dns/lookup';
import { isEvaluableDomain } from './domain-name';
import type { Evaluation, Match } from './evaluation';
import { qualifierResult } from './grammar';
import { finishDomain, parseMacroString } from './macro';
import { matchMechanism } from './match';
import { spfErrors, parseSpf } from './parse';
import { bomSpfRecord, fetchSpfRecord } from './record-lookup';
import type { DecidedBy, Modifier, SpfResult } from './types';

export interface Outcome {
  result: SpfResult;
  reason: string;
  /** The record whose own mechanism gave "fail", for exp= (RFC 7208 §6.2). */
  expFrom?: { domain: string; exp: Modifier };
  decidedBy?: DecidedBy;
  /** On "none": the TXT query itself was NXDOMAIN or NODATA (a void lookup for an include or redirect). */
  voidLookup?: boolean;
  /** On "none": the domain itself does not exist (NXDOMAIN). */
  nxdomain?: true;
}

/** RFC 7208 §5.2: what an include's target result means for the include mechanism. */
function includeMatch(target: string, inner: Outcome): Match {
  const decided = inner.decidedBy ? { decidedBy: inner.decidedBy } : {};
  switch (inner.result) {
    case 'pass':
      return { kind: 'match', detail: `${target} gave pass.`, ...decided };
    case 'fail':
    case 'softfail':
    case 'neutral':
      return { kind: 'no-match', detail: `${target} gave ${inner.result}, so include does not match.` };
    case 'temperror':
      return { kind: 'error', result: 'temperror', detail: `${target}: ${inner.reason}`, ...decided };
    case 'none':
      return {
        kind: 'error',
        result: 'permerror',
        detail: `${target} has no SPF record, which makes include a permerror.`,
      };
    case 'permerror':
      return { kind: 'error', result: 'permerror', detail: `${target}: ${inner.reason}`, ...decided };
  }
}

/** Evaluate `target` one level down; a void TXT answer is counted (RFC 7208 §4.6.4) before its permerror. */
async function descend(ev: Evaluation, target: string, depth: number, path: string[]): Promise<Outcome> {
  const inner = await evaluateDomain(ev, target, depth + 1, path);
  if (inner.result === 'none' && inner.voidLookup) ev.countVoid(`${target} TXT`);
  return inner;
}

/** RFC 7208 §6.1: redirect applies only when no mechanism matched; a target without a record is permerror. */
async function followRedirect(
  ev: Evaluation,
  redirect: Modifier,
  index: number,
  domain: string,
  depth: number,
  path: string[],
): Promise<Outcome> {
  const term = { text: redirect.text, index };
  const limit = ev.countLookup();
  if (limit && limit.kind === 'error') {
    ev.step(depth, domain, 'error', limit.detail, term);
    const decidedBy = { domain, term: term.text, termIndex: index, depth, path };
    return { result: 'permerror', reason: limit.detail, decidedBy };
  }
  const target = finishDomain(await ev.expand(redirect.macro!, domain));
  ev.step(depth, domain, 'info', `No mechanism matched; following redirect to ${target}.`, term);
  const inner = await descend(ev, target, depth, path);
  if (inner.result === 'none') {
    return {
      result: 'permerror',
      reason: `redirect=${target} leads to no SPF record, which is a permerror (RFC 7208 §6.1).`,
    };
  }
  return inner;
}

/** RFC 7208 §4.3–§4.7: evaluate one domain's record (recursively for include and redirect). */
export async function evaluateDomain(
  ev: Evaluation,
  domain: string,
  depth: number,
  parents: string[] = [],
): Promise<Outcome> {
  const path = [...parents, domain];
  const stop = (
    outcome: 'info' | 'error',
    result: SpfResult,
    reason: string,
    extra: Partial<Outcome> = {},
  ) => {
    ev.step(depth, domain, outcome, reason);
    return { result, reason, ...extra };
  };
  if (!isEvaluableDomain(domain)) {
    const reason = `“${domain}” is not a valid multi-label domain name, so there is no policy to check.`;
    return stop('info', 'none', reason);
  }
  const found = await fetchSpfRecord(ev.input.resolver, domain, ev.input.signal);
  if (found.kind === 'error')
    return stop('error', 'temperror', `The TXT lookup for ${domain} failed: ${found.message}`);
  if (found.kind === 'none') {
    const bom = bomSpfRecord(found.otherTxt);
    const reason = found.nxdomain
      ? `${domain} does not exist.`
      : bom
        ? `${domain} publishes no SPF record: its TXT record “${bom}” starts with a byte-order mark, so it is not one.`
        : `${domain} publishes no SPF record.`;
    return stop('info', 'none', reason, {
      voidLookup: found.lookup.kind !== 'records',
      ...(found.nxdomain ? { nxdomain: true as const } : {}),
    });
  }
  if (found.kind === 'multiple') {
    const reason = `${domain} publishes ${found.records.length} SPF records; exactly one is allowed (RFC 7208 §4.5).`;
    return stop('error', 'permerror', reason);
  }
  const parsed = parseSpf(found.text);
  if (!parsed.ok) {
    return stop(
      'error',
      'permerror',
      `${domain}'s SPF record has a syntax error: ${spfErrors(parsed)[0]!.message}`,
    );
  }
  const record = parsed.record;
  ev.step(depth, domain, 'info', found.text);
  const include = async (target: string) => includeMatch(target, await descend(ev, target, depth, path));
  for (const mech of record.mechanisms) {
    const index = record.terms.indexOf(mech);
    const match = await matchMechanism(ev, mech, domain, include);
    const term = { text: mech.text, index };
    const here: DecidedBy = { domain, term: mech.text, termIndex: index, depth, path };
    if (match.kind === 'error') {
      ev.step(depth, domain, 'error', match.detail, term);
      return { result: match.result, reason: match.detail, decidedBy: match.decidedBy ?? here };
    }
    ev.step(depth, domain, match.kind, match.detail, term);
    if (match.kind === 'match') {
      const result = qualifierResult(mech.qualifier);
      const outcome: Outcome = {
        result,
        reason: `${mech.text} in ${domain}'s record matched: ${match.detail}`,
        decidedBy: match.decidedBy ?? here,
      };
      if (result === 'fail' && record.exp) outcome.expFrom = { domain, exp: record.exp };
      return outcome;
    }
  }
  if (record.redirect) {
    return followRedirect(ev, record.redirect, record.terms.indexOf(record.redirect), domain, depth, path);
  }
  const reason = `No mechanism in ${domain}'s record matched and there is no redirect, so the result is neutral.`;
  return stop('info', 'neutral', reason);
}

/** RFC 7208 §6.2: fetch and expand the explanation; any problem means no explanation. */
export async function explanation(
  ev: Evaluation,
  from: { domain: string; exp: Modifier },
): Promise<string | undefined> {
  const target = finishDomain(await ev.expand(from.exp.macro!, from.domain));
  if (!isEvaluableDomain(target)) return undefined;
  const texts = txtRecords(await ev.query(target, 'TXT'));
  if (texts.length !== 1) return undefined;
  const text = texts[0]!.text;
  if (/[^\x20-\x7e]/.test(text)) return undefined;
  const parsed = parseMacroString(text, 'exp');
  if (!parsed.ok) return undefined;
  return ev.expand(parsed.tokens, from.domain);
}
