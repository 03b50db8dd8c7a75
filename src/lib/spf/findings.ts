// Turn an SPF analysis into plain-language findings, each with a severity, the reason and the fix: the root's
// absence, each record of the tree (node-findings.ts), then the counts against the RFC 7208 limits, the answer
// size, obsolete records and the netblocks.

import { UDP_ANSWER_LIMIT } from './limits';
import { bomFinding, nodeFindings } from './node-findings';
import type { SpfAnalysis, SpfFinding, SpfNode } from './types';

function walk(node: SpfNode, visit: (n: SpfNode) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

function firstOverLimit(root: SpfNode, limit: number): { domain: string; term: string } | null {
  let best: { n: number; domain: string; term: string } | null = null;
  walk(root, (node) => {
    for (const t of node.terms) {
      if (t.lookupNumber !== null && t.lookupNumber > limit && (best === null || t.lookupNumber < best.n)) {
        best = { n: t.lookupNumber, domain: node.domain, term: t.text };
      }
    }
  });
  const found = best as { n: number; domain: string; term: string } | null;
  return found ? { domain: found.domain, term: found.term } : null;
}

/** RFC 7208 §4.5: no record at the checked domain (or one hidden behind a byte-order mark). */
function absentRoot(root: SpfNode): SpfFinding {
  const bom = bomFinding(root);
  if (bom) return bom;
  const nx = root.status === 'nxdomain';
  return {
    severity: nx ? 'error' : 'warning',
    code: nx ? 'domain-nxdomain' : 'no-spf',
    title: nx ? `${root.domain} does not exist` : `No SPF record at ${root.domain}`,
    detail: nx
      ? 'The name does not exist in DNS (NXDOMAIN). Check the spelling.'
      : 'Without SPF, receivers cannot tell which servers may send as this domain, and mail is more likely to be filtered.',
    fix: `Publish one TXT record at ${root.domain} listing your senders, for example “v=spf1 include:_spf.google.com -all”. A domain that sends no mail should publish “v=spf1 -all”.`,
    spec: 'RFC 7208 §4.5',
    domain: root.domain,
  };
}

/** RFC 7208 §4.6.4: the lookup and void counts against their limits. */
function countFindings(analysis: SpfAnalysis): SpfFinding[] {
  const out: SpfFinding[] = [];
  const { root, limits, voidLookups } = analysis;
  const { rfc, withAddressLookups } = analysis.lookups;
  const about = { spec: 'RFC 7208 §4.6.4', domain: root.domain };
  if (rfc > limits.lookups) {
    const over = firstOverLimit(root, limits.lookups);
    out.push({
      severity: 'error',
      code: 'too-many-lookups',
      title: `${rfc} DNS lookups: over the limit of ${limits.lookups}`,
      detail: `Receivers stop at lookup ${limits.lookups + 1}${over ? ` (${over.term} in ${over.domain})` : ''} and return permerror, so SPF fails for any message that is not matched before that point.`,
      fix: 'Remove includes for services you no longer use, replace a and mx with ip4/ip6 where addresses are stable, or move a sender to its own subdomain (e.g. news.example.com) with its own SPF record. Avoid blind “flattening” into IP lists: providers change their addresses.',
      ...about,
    });
  } else if (rfc >= limits.warnAt) {
    out.push({
      severity: 'warning',
      code: 'lookups-near-limit',
      title: `${rfc} of ${limits.lookups} DNS lookups used`,
      detail: 'One more include (or a provider adding one inside theirs) takes the record over the limit.',
      fix: 'Remove unused includes now, while it still works.',
      ...about,
    });
  } else if (root.status === 'ok') {
    out.push({
      severity: 'ok',
      code: 'lookups-ok',
      title: `${rfc} of ${limits.lookups} DNS lookups used`,
      detail: 'Within the limit.',
      ...about,
    });
  }
  if (withAddressLookups !== rfc && root.status === 'ok') {
    out.push({
      severity: withAddressLookups > limits.lookups && rfc <= limits.lookups ? 'warning' : 'info',
      code: 'lookup-conventions',
      title: `${withAddressLookups} lookups if MX host addresses are counted too`,
      detail: `RFC 7208 §4.6.4 counts the terms that query DNS (${rfc}); the address lookups of each MX host have their own limit of 10 per mx and do not count. Some checkers count them anyway and would report ${withAddressLookups}.`,
      ...about,
    });
  }
  if (voidLookups > limits.voidLookups) {
    out.push({
      severity: 'error',
      code: 'too-many-voids',
      title: `${voidLookups} void lookups: over the limit of ${limits.voidLookups}`,
      detail: `Lookups that return nothing are limited to ${limits.voidLookups}; the next one is a permerror.`,
      fix: 'Remove the mechanisms that point to names without records.',
      ...about,
    });
  }
  return out;
}

/** RFC 7208 §3.1, §3.4 and RFC 6686: leftovers and the size of the answer at the checked domain. */
function answerFindings(analysis: SpfAnalysis): SpfFinding[] {
  const out: SpfFinding[] = [];
  const domain = analysis.root.domain;
  for (const text of analysis.obsolete.spfType99) {
    out.push({
      severity: 'warning',
      code: 'spf-rr-type',
      title: 'Obsolete SPF-type (99) record',
      detail: `${domain} still publishes a DNS record of type SPF: “${text}”. RFC 7208 §3.1 discontinued that type; receivers only read TXT.`,
      fix: 'Delete the SPF-type record (keep the TXT one).',
      spec: 'RFC 7208 §3.1',
      domain,
    });
  }
  for (const text of analysis.obsolete.senderId) {
    out.push({
      severity: 'warning',
      code: 'sender-id',
      title: 'Obsolete Sender ID record',
      detail: `“${text}” is a Sender ID (RFC 4406) record. Sender ID is historic (RFC 6686) and ignored by receivers.`,
      fix: 'Delete it.',
      spec: 'RFC 6686',
      domain,
    });
  }
  if (analysis.answerBytes !== null && analysis.answerBytes > UDP_ANSWER_LIMIT) {
    out.push({
      severity: 'warning',
      code: 'answer-size',
      title: `The TXT answer for ${domain} is about ${analysis.answerBytes} bytes`,
      detail: `RFC 7208 §3.4 advises keeping SPF answers under ${UDP_ANSWER_LIMIT} bytes; larger answers need TCP, which some receivers do not retry. Other TXT records at the same name (verification tokens) count too.`,
      fix: 'Remove stale verification TXT records or move senders to an include on a subdomain.',
      spec: 'RFC 7208 §3.4',
      domain,
    });
  }
  return out;
}

/** What the authorized networks add up to. */
function netblockFindings(analysis: SpfAnalysis): SpfFinding[] {
  const out: SpfFinding[] = [];
  const domain = analysis.root.domain;
  const nb = analysis.netblocks;
  if (nb.duplicates.length > 0) {
    out.push({
      severity: 'info',
      code: 'duplicate-netblock',
      title: `${nb.duplicates.length} network${nb.duplicates.length === 1 ? ' is' : 's are'} listed more than once`,
      detail: 'Harmless, but a sign of copy-paste or overlapping providers.',
      items: nb.duplicates.map((d) => `${d.block}: ${d.sources.join('; ')}`),
      fix: 'Remove the duplicate listings you control.',
      domain,
    });
  }
  if (nb.overlaps.length > 0) {
    out.push({
      severity: 'info',
      code: 'overlapping-netblock',
      title: `${nb.overlaps.length} network${nb.overlaps.length === 1 ? ' is' : 's are'} already covered by a larger one`,
      detail:
        'An a or mx whose addresses are already inside an ip4/ip6 range costs a DNS lookup for nothing.',
      items: nb.overlaps
        .slice(0, 25)
        .map((o) => `${o.inner} (${o.innerSource}) is inside ${o.outer} (${o.outerSource})`),
      domain,
    });
  }
  if (nb.ipv4Addresses > 2 ** 24) {
    out.push({
      severity: 'warning',
      code: 'huge-authorization',
      title: `${nb.ipv4Addresses.toLocaleString('en-US')} IPv4 addresses authorized`,
      detail: 'That is more than a /8: anyone on those networks can send as this domain.',
      fix: 'Narrow the ip4 ranges to your real servers.',
      domain,
    });
  }
  return out;
}

/**
 * RFC 7208 §5.2: a +all met after the permerror that ends evaluation decides no message today; it is still the next
 * thing to fix, once the broken term is.
 */
function plusAllAfterPermerror(f: SpfFinding, permerror: NonNullable<SpfAnalysis['permerror']>): SpfFinding {
  return {
    ...f,
    title: `“${f.term ?? '+all'}” would authorize every server on the Internet once “${permerror.term}” is fixed`,
    detail: `Today receivers stop at “${permerror.term}” with permerror before they reach “${f.term ?? '+all'}”. Once that is fixed, “${f.term ?? '+all'}” lets every server on the Internet send as this domain.`,
  };
}

export function buildSpfFindings(analysis: SpfAnalysis): SpfFinding[] {
  const root = analysis.root;
  if (root.status === 'none' || root.status === 'nxdomain') return [absentRoot(root)];
  const { permerror } = analysis;
  // The record that ends evaluation with permerror comes first: nothing after it matters until it is fixed.
  const first: SpfFinding[] = [];
  const out: SpfFinding[] = [];
  walk(root, (node) => {
    for (const f of nodeFindings(node, node === root)) {
      if (permerror && node.id === permerror.id && f.severity === 'error') first.push(f);
      else if (permerror && f.code === 'plus-all') out.push(plusAllAfterPermerror(f, permerror));
      else out.push(f);
    }
  });
  out.push(...countFindings(analysis), ...answerFindings(analysis), ...netblockFindings(analysis));
  return [...first, ...out];
}
