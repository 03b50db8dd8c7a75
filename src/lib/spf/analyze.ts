// SPF analysis of a domain without a client IP: the include/redirect tree, lookup and void counts in evaluation
// order (RFC 7208 §4.6.4), netblocks, and every finding with its fix.

import { lookup, parseMxData, txtRecords, type Lookup } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { parseIp } from '../net/ip';
import { MAX_DNS_LOOKUPS, MAX_MX_NAMES, MAX_VOID_LOOKUPS, isEvaluableDomain } from './check-host';
import { lintSpfRecord } from './lint';
import { finishDomain, type MacroToken } from './macro';
import { summarizeNetblocks, type Netblock, type NetblockSummary } from './netblocks';
import { DNS_TERMS, parseSpf, type SpfIssue, type Term } from './parse';
import { fetchSpfRecord } from './record-lookup';
import { buildSpfFindings, type SpfFinding } from './findings';

/** A tree this large is abuse or a mistake; stop following includes beyond it. */
export const MAX_TREE_NODES = 60;

export type SpfNodeStatus =
  'ok' | 'none' | 'nxdomain' | 'multiple' | 'syntax-error' | 'dns-error' | 'loop' | 'invalid-domain';

export interface SpfTermInfo {
  text: string;
  kind: Term['kind'];
  name: string;
  start: number;
  end: number;
  /** Counts toward the limit of 10 (RFC 7208 §4.6.4). */
  countsLookup: boolean;
  /** Running lookup number when a receiver evaluates the whole tree in order; null when not reached. */
  lookupNumber: number | null;
  /** Never evaluated: after all, or a redirect ignored because of all. */
  unreachable: boolean;
  isVoid: boolean;
  /** Addresses or networks this term authorizes ("192.0.2.0/24"). */
  addresses: string[];
  mxHosts: Array<{ host: string; addresses: string[] }>;
  /** Plain note: a macro that cannot be followed without a message, a DNS failure, … */
  note: string | null;
  dnsError: string | null;
  childIndex: number | null;
}

export interface SpfNode {
  id: string;
  domain: string;
  via: 'root' | 'include' | 'redirect';
  viaTerm: string | null;
  status: SpfNodeStatus;
  statusText: string;
  record: string | null;
  /** Octets of each character-string when the answer shows them (Cloudflare form). */
  strings: number[] | null;
  errors: SpfIssue[];
  lint: SpfIssue[];
  terms: SpfTermInfo[];
  ownLookups: number;
  subtreeLookups: number;
  /** Running total after this node's subtree, in evaluation order. */
  runningTotal: number;
  voidLookups: number;
  children: SpfNode[];
  /** Set when the same domain already appears elsewhere in the tree. */
  repeatOf: string | null;
}

export interface SpfAnalysis {
  domain: string;
  root: SpfNode;
  lookups: {
    /** RFC 7208 §4.6.4: terms that cause DNS queries (the count receivers enforce). */
    rfc: number;
    /** The stricter convention some checkers use: also each MX host's address lookup. */
    withAddressLookups: number;
    limit: number;
  };
  voidLookups: number;
  netblocks: NetblockSummary;
  findings: SpfFinding[];
  obsolete: { spfType99: string[]; senderId: string[] };
  /** Estimated size in octets of the root TXT answer (RFC 7208 §3.4), null when unknown. */
  answerBytes: number | null;
}

function emptyTerm(term: Term): SpfTermInfo {
  return {
    text: term.text,
    kind: term.kind,
    name: term.name,
    start: term.start,
    end: term.end,
    countsLookup: DNS_TERMS.has(term.name),
    lookupNumber: null,
    unreachable: false,
    isVoid: false,
    addresses: [],
    mxHosts: [],
    note: null,
    dnsError: null,
    childIndex: null,
  };
}

/** The text of a domain-spec without macros. */
function literalText(tokens: readonly MacroToken[]): string {
  return tokens.map((t) => (t.kind === 'macro' ? '' : t.text)).join('');
}

function isVoidLookup(result: Lookup): boolean {
  return result.kind === 'nodata' || result.kind === 'nxdomain';
}

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

class Walker {
  nodes = 0;
  readonly blocks: Netblock[] = [];
  readonly seen = new Map<string, string>();

  constructor(
    readonly resolver: Resolver,
    readonly signal: AbortSignal | undefined,
  ) {}

  query(name: string, type: string): Promise<Lookup> {
    return lookup(this.resolver, name, type, this.signal);
  }

  async resolveAddresses(
    name: string,
    info: SpfTermInfo,
    cidr4: number | null,
    cidr6: number | null,
    source: string,
  ) {
    const [a, aaaa] = await Promise.all([this.query(name, 'A'), this.query(name, 'AAAA')]);
    const failed = [a, aaaa].find((r) => r.kind === 'error');
    if (failed && failed.kind === 'error') info.dnsError = `${name}: ${failed.message}`;
    const out: string[] = [];
    for (const [result, prefix, v] of [
      [a, cidr4 ?? 32, 4],
      [aaaa, cidr6 ?? 128, 6],
    ] as const) {
      if (result.kind !== 'records') continue;
      for (const r of result.records) {
        const ip = parseIp(r.data);
        if (!ip || ip.version !== v) continue;
        out.push(`${r.data}/${prefix}`);
        this.blocks.push({ network: ip, prefix, source });
      }
    }
    return { addresses: out, empty: isVoidLookup(a) && isVoidLookup(aaaa) };
  }

  async termDetails(term: Term, info: SpfTermInfo, domain: string): Promise<void> {
    if (term.kind !== 'mechanism') return;
    const hasMacro = term.macro?.some((t) => t.kind === 'macro') ?? false;
    const target = term.macro && !hasMacro ? finishDomain(literalText(term.macro)) : domain;
    if (hasMacro && term.name !== 'include') {
      info.note = 'Uses a macro: its target depends on each message, so it is counted but not resolved here.';
      return;
    }
    switch (term.name) {
      case 'ip4':
      case 'ip6': {
        const prefix = term.name === 'ip4' ? (term.cidr4 ?? 32) : (term.cidr6 ?? 128);
        info.addresses = [`${term.text.slice(term.text.indexOf(':') + 1).split('/')[0]}/${prefix}`];
        this.blocks.push({ network: term.network!, prefix, source: `${domain} ${term.text}` });
        return;
      }
      case 'a': {
        const r = await this.resolveAddresses(target, info, term.cidr4, term.cidr6, `${domain} ${term.text}`);
        info.addresses = r.addresses;
        info.isVoid = r.empty && info.dnsError === null;
        return;
      }
      case 'mx': {
        const mx = await this.query(target, 'MX');
        if (mx.kind === 'error') {
          info.dnsError = `${target} MX: ${mx.message}`;
          return;
        }
        if (mx.kind !== 'records') {
          info.isVoid = true;
          return;
        }
        const hosts = mx.records
          .map((r) => parseMxData(r.data))
          .filter((m) => m !== null && m.exchange !== '.');
        if (mx.records.length > MAX_MX_NAMES) {
          info.note = `${target} has ${mx.records.length} MX records; the mx mechanism allows at most ${MAX_MX_NAMES}, so receivers return permerror.`;
        }
        info.mxHosts = await Promise.all(
          hosts.slice(0, MAX_MX_NAMES).map(async (h) => {
            const r = await this.resolveAddresses(
              h!.exchange,
              info,
              term.cidr4,
              term.cidr6,
              `${domain} ${term.text} → ${h!.exchange}`,
            );
            return { host: h!.exchange, addresses: r.addresses };
          }),
        );
        info.addresses = info.mxHosts.flatMap((h) => h.addresses);
        return;
      }
      case 'exists': {
        const r = await this.query(target, 'A');
        if (r.kind === 'error') info.dnsError = `${target}: ${r.message}`;
        info.isVoid = isVoidLookup(r);
        return;
      }
      case 'ptr':
        info.note =
          'ptr compares the connecting IP’s reverse DNS name; it cannot be resolved without a message.';
        return;
      default:
        return;
    }
  }

  async walk(
    domain: string,
    via: SpfNode['via'],
    viaTerm: string | null,
    id: string,
    ancestors: readonly string[],
  ): Promise<SpfNode> {
    const node: SpfNode = {
      id,
      domain,
      via,
      viaTerm,
      status: 'ok',
      statusText: '',
      record: null,
      strings: null,
      errors: [],
      lint: [],
      terms: [],
      ownLookups: 0,
      subtreeLookups: 0,
      runningTotal: 0,
      voidLookups: 0,
      children: [],
      repeatOf: this.seen.get(domain) ?? null,
    };
    if (!this.seen.has(domain)) this.seen.set(domain, id);
    if (!isEvaluableDomain(domain)) {
      return { ...node, status: 'invalid-domain', statusText: `“${domain}” is not a valid domain name.` };
    }
    if (ancestors.includes(domain)) {
      return {
        ...node,
        status: 'loop',
        statusText: `${domain} includes itself through ${[...ancestors.slice(ancestors.indexOf(domain)), domain].join(' → ')}.`,
      };
    }
    const found = await fetchSpfRecord(this.resolver, domain, this.signal);
    if (found.kind === 'error')
      return {
        ...node,
        status: 'dns-error',
        statusText: `Could not look up ${domain}: ${found.lookup.message}`,
      };
    if (found.kind === 'none') {
      return found.nxdomain
        ? { ...node, status: 'nxdomain', statusText: `${domain} does not exist (NXDOMAIN).` }
        : { ...node, status: 'none', statusText: `${domain} has no SPF record.` };
    }
    if (found.kind === 'multiple') {
      return {
        ...node,
        status: 'multiple',
        statusText: `${domain} has ${found.records.length} SPF records; exactly one is allowed.`,
        record: found.records.join('\n'),
      };
    }
    node.record = found.text;
    node.strings = found.txt.octets;
    const parsed = parseSpf(found.text);
    node.terms = parsed.record.terms.map(emptyTerm);
    node.lint = [...parsed.issues, ...(parsed.ok ? lintSpfRecord(parsed.record) : [])];
    if (!parsed.ok) {
      node.errors = parsed.errors;
      return { ...node, status: 'syntax-error', statusText: parsed.errors[0]!.message };
    }
    node.ownLookups = node.terms.filter((t) => t.countsLookup).length;
    const chain = [...ancestors, domain];
    const jobs: Array<Promise<void>> = [];
    const children: SpfNode[] = [];
    parsed.record.terms.forEach((term, index) => {
      const info = node.terms[index]!;
      const follows =
        (term.kind === 'mechanism' && term.name === 'include') ||
        (term.kind === 'modifier' && term.name === 'redirect');
      if (!follows) {
        jobs.push(this.termDetails(term, info, domain));
        return;
      }
      if (term.macro?.some((t) => t.kind === 'macro')) {
        info.note =
          'The target uses a macro, so it depends on each message: counted as 1 lookup, not followed.';
        return;
      }
      if (this.nodes >= MAX_TREE_NODES) {
        info.note = `Not followed: the tree already has ${MAX_TREE_NODES} records.`;
        return;
      }
      // Reserve the node now, so parallel walks cannot exceed the cap.
      this.nodes++;
      const target = finishDomain(literalText(term.macro!)).toLowerCase();
      const childIndex = index;
      info.childIndex = childIndex;
      const via = term.kind === 'modifier' ? 'redirect' : 'include';
      jobs.push(
        this.walk(target, via, term.text, `${id}.${index}`, chain).then((child) => {
          children[childIndex] = child;
        }),
      );
    });
    await Promise.all(jobs);
    // Children in term order; childIndex points into this compact list.
    node.children = children.filter((c) => c !== undefined);
    node.terms.forEach((t, index) => {
      if (t.childIndex !== null) t.childIndex = node.children.indexOf(children[index]!);
    });
    return node;
  }
}

/** Second pass: walk in RFC 7208 evaluation order, numbering lookups and voids as a receiver would count them. */
function countInOrder(root: SpfNode): { lookups: number; addressLookups: number; voids: number } {
  const counters = { lookups: 0, addressLookups: 0, voids: 0 };
  const visit = (node: SpfNode) => {
    const before = counters.lookups;
    const voidsBefore = counters.voids;
    if (node.status !== 'ok') {
      node.runningTotal = counters.lookups;
      return;
    }
    let reachedAll = false;
    let redirect: SpfTermInfo | null = null;
    for (const t of node.terms) {
      if (t.kind === 'modifier') {
        if (t.name === 'redirect') redirect = t;
        continue;
      }
      if (reachedAll) {
        t.unreachable = true;
        continue;
      }
      if (t.countsLookup) {
        counters.lookups++;
        t.lookupNumber = counters.lookups;
        counters.addressLookups += 1 + (t.name === 'mx' ? t.mxHosts.length : 0);
      }
      if (t.isVoid) counters.voids++;
      if (t.childIndex !== null) {
        const child = node.children[t.childIndex]!;
        if (child.status === 'nxdomain') counters.voids++;
        visit(child);
      }
      if (t.name === 'all') reachedAll = true;
    }
    if (redirect) {
      // RFC 7208 §6.1: redirect is used only when no mechanism matched, and never with all.
      if (reachedAll) redirect.unreachable = true;
      else {
        counters.lookups++;
        counters.addressLookups++;
        redirect.lookupNumber = counters.lookups;
        if (redirect.childIndex !== null) visit(node.children[redirect.childIndex]!);
      }
    }
    node.subtreeLookups = counters.lookups - before;
    node.voidLookups = counters.voids - voidsBefore;
    node.runningTotal = counters.lookups;
  };
  visit(root);
  return counters;
}

export interface AnalyzeSpfOptions {
  signal?: AbortSignal;
}

/** Analyze the SPF policy of `domain` as every receiver would evaluate it, without needing a message. */
export async function analyzeSpf(
  domain: string,
  resolver: Resolver,
  options: AnalyzeSpfOptions = {},
): Promise<SpfAnalysis> {
  const walker = new Walker(resolver, options.signal);
  walker.nodes = 1;
  const [root, rootTxt, type99] = await Promise.all([
    walker.walk(domain.toLowerCase(), 'root', null, '0', []),
    lookup(resolver, domain, 'TXT', options.signal),
    // RFC 7208 §3.1: the SPF RR type (99) is discontinued; look once at the domain itself to flag leftovers.
    lookup(resolver, domain, 'SPF', options.signal),
  ]);
  const counts = countInOrder(root);
  const senderId = txtRecords(rootTxt)
    .filter((t) => /^spf2\.0\//i.test(t.text))
    .map((t) => t.text);
  const spfType99 = txtRecords(type99).map((t) => t.text);
  const analysis: SpfAnalysis = {
    domain,
    root,
    lookups: { rfc: counts.lookups, withAddressLookups: counts.addressLookups, limit: MAX_DNS_LOOKUPS },
    voidLookups: counts.voids,
    netblocks: summarizeNetblocks(walker.blocks),
    findings: [],
    obsolete: { spfType99, senderId },
    answerBytes: estimateAnswerBytes(domain, rootTxt),
  };
  analysis.findings = buildSpfFindings(analysis, MAX_VOID_LOOKUPS);
  return analysis;
}
