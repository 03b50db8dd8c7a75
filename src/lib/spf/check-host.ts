// RFC 7208 §4: check_host() — evaluate a domain's SPF policy for one client IP, with a readable trace.

import type { Resolver } from '../dns/types';
import { parseIp, unmapIpv4 } from '../net/ip';
import { evaluateDomain, explanation } from './evaluate';
import { Evaluation } from './evaluation';
import { MAX_DNS_LOOKUPS } from './limits';
import { splitSender } from './macro';
import type { CheckHostInput, CheckHostOptions, CheckHostResult } from './types';

/**
 * RFC 7208 §4 check_host(): the SPF result for `input.ip` sending as `input.sender` for `input.domain`. Never
 * throws for bad input; a DNS failure gives temperror.
 */
export async function checkHost(
  input: CheckHostInput,
  resolver: Resolver,
  options: CheckHostOptions = {},
): Promise<CheckHostResult> {
  const parsedIp = parseIp(input.ip);
  if (!parsedIp) {
    return {
      result: 'permerror',
      reason: `“${input.ip}” is not an IP address.`,
      lookups: 0,
      voidLookups: 0,
      trace: [],
    };
  }
  const { localPart, domain: senderDomain } = splitSender(input.sender);
  const evaluation = new Evaluation({
    resolver,
    // RFC 7208 §4.1 / §5.6: an IPv4-mapped IPv6 client is an IPv4 client.
    ip: unmapIpv4(parsedIp),
    sender: `${localPart}@${senderDomain}`,
    helo: input.helo ?? '',
    receiver: input.receiver,
    signal: options.signal,
    now: options.now ?? (() => new Date()),
  });
  const outcome = await evaluateDomain(evaluation, input.domain, 0);
  const result: CheckHostResult = {
    result: outcome.result,
    reason: outcome.reason,
    lookups: Math.min(evaluation.lookups, MAX_DNS_LOOKUPS + 1),
    voidLookups: evaluation.voids,
    trace: evaluation.trace,
  };
  if (outcome.decidedBy) result.decidedBy = outcome.decidedBy;
  if (outcome.nxdomain) result.nxdomain = true;
  if (outcome.result === 'fail' && outcome.expFrom) {
    const text = await explanation(evaluation, outcome.expFrom);
    if (text !== undefined) result.explanation = text;
  }
  return result;
}
