// The From domain's DMARC policy for the header analysis (RFC 9989 §4.10 discovery), in the words the page shows:
// adkim/aspf decide strict or relaxed alignment (RFC 9989 §4.7); a DNS failure keeps the relaxed default and is no
// hint (null), while a lookup that finds no usable record says so (DMARC does not apply, RFC 9989 §4.10.1).

import { analyzeDmarc } from '../lib/dmarc';
import type { Resolver } from '../lib/dns';
import type { DmarcPolicyHint } from '../lib/headers';

export interface PolicyHintLookup {
  record: string | null;
  location: string | null;
  policy: DmarcPolicyHint | null;
  message: string;
}

export async function lookupPolicyHint(
  domain: string,
  resolver: Resolver,
  signal?: AbortSignal,
): Promise<PolicyHintLookup> {
  const result = await analyzeDmarc(domain, resolver, signal ? { signal } : {});
  const source = result.discovery.rfc9989;
  const parse = result.parse;
  // An invalid policy tag beside a valid rua= is read as p=none: DMARC applies, and nothing is enforced.
  const fallback = parse && !parse.ok ? (parse.fallback ?? null) : null;
  const p = result.policy ?? fallback;
  let message: string;
  if (source.source === 'error')
    message = `The DNS lookup for _dmarc.${domain} failed, so its policy could not be checked; alignment is shown as relaxed, the default.`;
  else if (fallback && p === fallback)
    message = `_dmarc.${source.domain} has an invalid policy tag, but its rua= holds a valid address, so receivers act as if it said p=none (RFC 7489 §6.6.3, RFC 9989 §4.10.1): DMARC is evaluated and reported, and nothing is enforced (adkim=${p.adkim}, aspf=${p.aspf}).`;
  else if (!p)
    message = `${domain} publishes no usable DMARC record, so receivers apply no DMARC policy to it.`;
  else
    message = `Policy ${result.effectivePolicy} from _dmarc.${source.domain} (adkim=${p.adkim}, aspf=${p.aspf}).`;
  const policy: DmarcPolicyHint | null =
    source.source === 'error'
      ? null
      : p
        ? {
            adkim: p.adkim,
            aspf: p.aspf,
            p: result.effectivePolicy ?? p.p,
            source: `_dmarc.${source.domain}`,
            ...(result.policy?.t === 'y' ? { testing: true as const } : {}),
          }
        : { adkim: 'r', aspf: 'r', p: null, source: `_dmarc.${source.domain ?? domain}`, noRecord: true };
  return { record: source.record, location: source.domain, policy, message };
}
