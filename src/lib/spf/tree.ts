// RFC 7208 §4.4–§4.6, §5.2, §6.1: the include/redirect tree of a domain — every record fetched, parsed and linted,
// each term resolved, followed in parallel with a node cap; counting in evaluation order is order.ts's.

import { lookup } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { isEvaluableDomain } from './domain-name';
import { DNS_TERMS } from './grammar';
import { MAX_TREE_NODES } from './limits';
import { lintSpfRecord } from './lint';
import { finishDomain } from './macro';
import type { Netblock } from './netblocks';
import { parseSpf } from './parse';
import { bomSpfRecord, fetchSpfRecord } from './record-lookup';
import { hasMacro, literalText, resolveTerm } from './term-details';
import type { SpfNode, SpfTermInfo, Term } from './types';

function emptyTerm(term: Term): SpfTermInfo {
  return {
    text: term.text,
    kind: term.kind,
    name: term.name,
    qualifier: term.kind === 'mechanism' ? term.qualifier : null,
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
    dnsCause: null,
    dnsLasting: false,
    dnsAtResolver: false,
    childIndex: null,
  };
}

function emptyNode(id: string, domain: string, via: SpfNode['via'], viaTerm: string | null): SpfNode {
  return {
    id,
    domain,
    via,
    viaTerm,
    status: 'ok',
    statusText: '',
    record: null,
    strings: null,
    bomRecord: null,
    dnsCause: null,
    dnsLasting: false,
    dnsAtResolver: false,
    issues: [],
    terms: [],
    ownLookups: 0,
    subtreeLookups: 0,
    runningTotal: 0,
    voidLookups: 0,
    children: [],
    repeatOf: null,
    earlierMatches: [],
  };
}

/** A walked record, and whether its TXT query was void (NXDOMAIN or NODATA: RFC 7208 §4.6.4). */
interface Walked {
  node: SpfNode;
  voidLookup: boolean;
}

export class SpfTreeWalker {
  /** Records reserved so far (the root counts): parallel walks never exceed MAX_TREE_NODES. */
  #nodes = 1;
  readonly #seen = new Map<string, string>();
  /** The networks each resolved term authorizes; gathered in tree order by `blocksInOrder`. */
  readonly #blocks = new Map<SpfTermInfo, Netblock[]>();

  constructor(
    readonly resolver: Resolver,
    readonly signal: AbortSignal | undefined,
  ) {}

  /** Walk the tree from `domain`. */
  async walk(domain: string): Promise<SpfNode> {
    return (await this.#walk(domain, 'root', null, '0', [])).node;
  }

  /** Every authorized network, in tree and term order. */
  blocksInOrder(root: SpfNode): Netblock[] {
    const out: Netblock[] = [];
    const visit = (node: SpfNode) => {
      for (const t of node.terms) out.push(...(this.#blocks.get(t) ?? []));
      for (const child of node.children) visit(child);
    };
    visit(root);
    return out;
  }

  async #walk(
    domain: string,
    via: SpfNode['via'],
    viaTerm: string | null,
    id: string,
    ancestors: readonly string[],
  ): Promise<Walked> {
    const node = emptyNode(id, domain, via, viaTerm);
    node.repeatOf = this.#seen.get(domain) ?? null;
    if (!this.#seen.has(domain)) this.#seen.set(domain, id);
    const stop = (status: SpfNode['status'], statusText: string, voidLookup = false): Walked => ({
      node: { ...node, status, statusText },
      voidLookup,
    });
    if (!isEvaluableDomain(domain)) return stop('invalid-domain', `“${domain}” is not a valid domain name.`);
    if (ancestors.includes(domain)) {
      const loop = [...ancestors.slice(ancestors.indexOf(domain)), domain].join(' → ');
      return stop('loop', `${domain} includes itself through ${loop}.`);
    }
    const found = await fetchSpfRecord(this.resolver, domain, this.signal);
    if (found.kind === 'error') {
      node.dnsCause = found.lookup.cause;
      node.dnsLasting = found.lookup.lasting;
      node.dnsAtResolver = found.lookup.atResolver;
      return stop('dns-error', `Could not look up ${domain}: ${found.message}`);
    }
    if (found.kind === 'none') {
      const voidLookup = found.lookup.kind !== 'records';
      if (found.nxdomain) return stop('nxdomain', `${domain} does not exist (NXDOMAIN).`, voidLookup);
      node.bomRecord = bomSpfRecord(found.otherTxt);
      const why = node.bomRecord
        ? `: its TXT record “${node.bomRecord}” starts with a byte-order mark (U+FEFF), so receivers do not read it as SPF.`
        : '.';
      return stop('none', `${domain} has no SPF record${why}`, voidLookup);
    }
    if (found.kind === 'multiple') {
      const texts = found.records.join('\n');
      const walked = stop(
        'multiple',
        `${domain} has ${found.records.length} SPF records; exactly one is allowed.`,
      );
      return { ...walked, node: { ...walked.node, record: texts } };
    }
    node.record = found.text;
    node.strings = found.txt.octets;
    const parsed = parseSpf(found.text);
    node.terms = parsed.record.terms.map(emptyTerm);
    node.issues = parsed.ok ? [...parsed.issues, ...lintSpfRecord(parsed.record)] : parsed.issues;
    if (!parsed.ok) return stop('syntax-error', parsed.issues[0]!.message);
    node.ownLookups = node.terms.filter((t) => t.countsLookup).length;
    await this.#walkTerms(node, parsed.record.terms, [...ancestors, domain]);
    return { node, voidLookup: false };
  }

  /** Resolve each term and follow include and redirect, all in parallel; children stay in term order. */
  async #walkTerms(node: SpfNode, terms: readonly Term[], chain: readonly string[]): Promise<void> {
    const children: Array<SpfNode | undefined> = [];
    const jobs = terms.map(async (term, index) => {
      const info = node.terms[index]!;
      const follows =
        (term.kind === 'mechanism' && term.name === 'include') ||
        (term.kind === 'modifier' && term.name === 'redirect');
      if (!follows) {
        const blocks = await resolveTerm(
          (n, t) => lookup(this.resolver, n, t, this.signal),
          term,
          info,
          node.domain,
        );
        this.#blocks.set(info, blocks);
        return;
      }
      if (hasMacro(term)) {
        info.note = {
          kind: 'macro-include',
          text: 'The target uses a macro, so it depends on each message: counted as 1 lookup, not followed.',
        };
        return;
      }
      if (this.#nodes >= MAX_TREE_NODES) {
        info.note = {
          kind: 'tree-cap',
          text: `Not followed: the tree already has ${MAX_TREE_NODES} records.`,
        };
        return;
      }
      // Reserve the node before awaiting, so parallel walks cannot exceed the cap.
      this.#nodes++;
      const target = finishDomain(literalText(term.macro!)).toLowerCase();
      const via = term.kind === 'modifier' ? 'redirect' : 'include';
      const child = await this.#walk(target, via, term.text, `${node.id}.${index}`, chain);
      children[index] = child.node;
      info.childIndex = index;
      // RFC 7208 §4.6.4: a target whose TXT query is NXDOMAIN or NODATA is a void lookup.
      info.isVoid = child.voidLookup;
    });
    await Promise.all(jobs);
    // Children in term order; childIndex points into this compact list.
    node.children = children.filter((c): c is SpfNode => c !== undefined);
    for (const t of node.terms) {
      if (t.childIndex !== null) t.childIndex = node.children.indexOf(children[t.childIndex]!);
    }
  }
}
