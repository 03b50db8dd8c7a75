// SPF analysis of a domain without a client IP: the include/redirect tree, lookup and void counts in evaluation
// order (RFC 7208 §4.6.4), netblocks, leftovers of obsolete records, and every finding with its fix.

import { lookup, txtRecords, type Lookup } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { buildSpfFindings } from './findings';
import { SPF_LIMITS } from './limits';
import { summarizeNetblocks } from './netblocks';
import { countInOrder } from './order';
import { SpfTreeWalker } from './tree';
import type { SpfAnalysis, SpfNodeStatus } from './types';
import type { RecordStatus } from '../findings/area';

/** The root record's status in the vocabulary every area shares. */
const AREA_STATUS: Record<SpfNodeStatus, RecordStatus> = {
  ok: 'found',
  none: 'none',
  nxdomain: 'none',
  multiple: 'multiple',
  'syntax-error': 'invalid',
  loop: 'invalid',
  'invalid-domain': 'invalid',
  'dns-error': 'error',
};

export interface AnalyzeSpfOptions {
  signal?: AbortSignal;
}

/** RFC 7208 §3.4: the estimated size in octets of the TXT answer for `domain`, or null when there is none. */
function estimateAnswerBytes(domain: string, result: Lookup): number | null {
  if (result.kind !== 'records') return null;
  // RFC 1035 §4.1: header 12, question name + 4, each RR: compressed name 2 + type/class/ttl/rdlength 10 + rdata.
  let bytes = 12 + domain.length + 2 + 4;
  for (const t of txtRecords(result)) {
    const octets = t.octets ?? [new TextEncoder().encode(t.text).length];
    const strings = t.octets
      ? octets
      : octets.flatMap((n) =>
          Array.from({ length: Math.max(1, Math.ceil(n / 255)) }, (_, i) => Math.min(255, n - i * 255)),
        );
    bytes += 12 + strings.reduce((sum, n) => sum + 1 + n, 0);
  }
  return bytes;
}

/** Analyze the SPF policy of `domain` as every receiver would evaluate it, without needing a message. */
export async function analyzeSpf(
  domain: string,
  resolver: Resolver,
  options: AnalyzeSpfOptions = {},
): Promise<SpfAnalysis> {
  const walker = new SpfTreeWalker(resolver, options.signal);
  const [root, rootTxt, type99] = await Promise.all([
    walker.walk(domain.toLowerCase()),
    lookup(resolver, domain, 'TXT', options.signal),
    // RFC 7208 §3.1: the SPF RR type (99) is discontinued; look once at the domain itself to flag leftovers.
    lookup(resolver, domain, 'SPF', options.signal),
  ]);
  const order = countInOrder(root);
  const analysis: SpfAnalysis = {
    domain,
    status: AREA_STATUS[root.status],
    root,
    lookups: { rfc: order.lookups, withAddressLookups: order.addressLookups },
    voidLookups: order.voids,
    limits: { ...SPF_LIMITS },
    netblocks: summarizeNetblocks(walker.blocksInOrder(root)),
    everyAddress: order.everyAddress,
    permerror: order.permerror,
    findings: [],
    obsolete: {
      spfType99: txtRecords(type99).map((t) => t.text),
      // RFC 6686: Sender ID (spf2.0/…) is historic.
      senderId: txtRecords(rootTxt)
        .filter((t) => /^spf2\.0\//i.test(t.text))
        .map((t) => t.text),
    },
    answerBytes: estimateAnswerBytes(domain, rootTxt),
  };
  analysis.findings = buildSpfFindings(analysis);
  return analysis;
}
