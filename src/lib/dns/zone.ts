// Zone fixtures: DNS data as JSON, answered in the exact DoH JSON shapes of Cloudflare and Google.
// One format serves the unit-test Resolver, the e2e `page.route` answerer and the local DoH server.

import { DnsTransportError } from './errors';
import { canonicalName } from './names';
import { encodeTxtPresentation } from './txt';
import { RR_TYPES, typeNumber, type DohRecord, type DohResponse, type Resolver } from './types';

/** A TXT value: one character-string, or several (joined without separator by readers). */
export type ZoneTxt = string | string[];

export interface ZoneNode {
  A?: string[];
  AAAA?: string[];
  /** "<preference> <exchange>" */
  MX?: string[];
  TXT?: ZoneTxt[];
  /** RR type 99 (RFC 4408, discontinued by RFC 7208 §3.1). */
  SPF?: ZoneTxt[];
  CNAME?: string;
  NS?: string[];
  PTR?: string[];
  TLSA?: string[];
  DS?: string[];
  DNSKEY?: string[];
  SOA?: string;
  CAA?: string[];
  /** Every question at this name gets this RCODE ("SERVFAIL", "REFUSED", …). */
  $rcode?: ZoneRcode;
  /** Questions of these types get this RCODE ({ "DS": "SERVFAIL" }); other types are answered. */
  $rcodes?: Partial<Record<string, ZoneRcode>>;
  /**
   * Records generated when asked, so a fixture can hold an answer of thousands without listing them: `count`
   * records of `type`, each `data` with "{i}" replaced by 0, 1, … (added after the listed ones).
   */
  $many?: Array<{ type: string; count: number; data: string }>;
  /** Questions at this name never get an answer: `true` for every type it has no records of, or a list of types. */
  $timeout?: boolean | string[];
  /** The DNSSEC AD flag for answers at this name (overrides the zone's `dnssec`). */
  $ad?: boolean;
  /** TTL of the records at this name (default 300). */
  $ttl?: number;
}

export interface Zone {
  description?: string;
  /** Default AD flag for every answer from this zone. */
  dnssec?: boolean;
  records: Record<string, ZoneNode>;
}

export type ZoneRcode = 'SERVFAIL' | 'REFUSED' | 'NXDOMAIN' | 'FORMERR' | 'NOTIMP';

export type ProviderStyle = 'cloudflare' | 'google';

export type ZoneAnswer = { kind: 'answer'; response: DohResponse } | { kind: 'timeout' };

const DEFAULT_TTL = 300;
const MAX_CNAME_HOPS = 8;
/** Generated records are at most this many per type (an answer larger than any the DNS layer reads whole). */
const MAX_GENERATED = 20_000;
const RCODES: Record<ZoneRcode, number> = {
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
};
const LIST_TYPES = ['A', 'AAAA', 'MX', 'TXT', 'SPF', 'NS', 'PTR', 'TLSA', 'DS', 'DNSKEY', 'CAA'] as const;
type ListType = (typeof LIST_TYPES)[number];

const generated = new WeakMap<ZoneNode, Map<string, ZoneTxt[]>>();

/** The node's `$many` records of `type`, made once per node. */
function generatedOf(node: ZoneNode, type: string): ZoneTxt[] {
  if (!node.$many) return [];
  let byType = generated.get(node);
  if (!byType) {
    byType = new Map();
    generated.set(node, byType);
  }
  let values = byType.get(type);
  if (!values) {
    values = [];
    for (const spec of node.$many.filter((m) => m.type.toUpperCase() === type)) {
      const count = Math.min(MAX_GENERATED, Math.max(0, Math.floor(spec.count)));
      for (let i = 0; i < count; i++) values.push(spec.data.replaceAll('{i}', String(i)));
    }
    byType.set(type, values);
  }
  return values;
}

function valuesOf(node: ZoneNode | undefined, type: string): ZoneTxt[] {
  if (!node) return [];
  if (type === 'CNAME') return node.CNAME === undefined ? [] : [node.CNAME];
  if (type === 'SOA') return node.SOA === undefined ? [] : [node.SOA];
  if (!(LIST_TYPES as readonly string[]).includes(type)) return [];
  const listed = node[type as ListType] ?? [];
  const many = generatedOf(node, type);
  return many.length === 0 ? listed : [...listed, ...many];
}

/** Merge several zones into one (later zones win per name). */
export function mergeZones(zones: readonly Zone[]): Zone {
  const records: Record<string, ZoneNode> = {};
  let dnssec = false;
  for (const zone of zones) {
    dnssec ||= zone.dnssec === true;
    for (const [name, node] of Object.entries(zone.records)) {
      const key = canonicalName(name);
      const withAd =
        zone.dnssec !== undefined && node.$ad === undefined ? { ...node, $ad: zone.dnssec } : node;
      records[key] = { ...records[key], ...withAd };
    }
  }
  return { records, dnssec: false, description: `${zones.length} zones${dnssec ? ' (some signed)' : ''}` };
}

class ZoneIndex {
  readonly nodes = new Map<string, ZoneNode>();
  /** Every ancestor of an owner name: they exist as empty non-terminals (RFC 8020 §2). */
  readonly existing = new Set<string>();

  constructor(readonly zone: Zone) {
    for (const [name, node] of Object.entries(zone.records)) {
      const key = canonicalName(name);
      this.nodes.set(key, node);
      const labels = key.split('.');
      for (let i = 0; i < labels.length; i++) this.existing.add(labels.slice(i).join('.'));
    }
  }

  /** RFC 4592 §3.3.1 (simplified): a name that does not exist matches `*.<closest encloser>`. */
  find(name: string): { node: ZoneNode | undefined; exists: boolean } {
    const direct = this.nodes.get(name);
    if (direct) return { node: direct, exists: true };
    if (this.existing.has(name)) return { node: undefined, exists: true };
    const labels = name.split('.');
    for (let i = 1; i < labels.length; i++) {
      const encloser = labels.slice(i).join('.');
      if (this.existing.has(encloser)) {
        const wild = this.nodes.get(`*.${encloser}`);
        return wild ? { node: wild, exists: true } : { node: undefined, exists: false };
      }
    }
    return { node: undefined, exists: false };
  }
}

const indexes = new WeakMap<Zone, ZoneIndex>();
function indexOf(zone: Zone): ZoneIndex {
  let index = indexes.get(zone);
  if (!index) {
    index = new ZoneIndex(zone);
    indexes.set(zone, index);
  }
  return index;
}

function ownerName(name: string, style: ProviderStyle): string {
  // Google prints trailing dots on every name; Cloudflare omits them on owner names.
  return style === 'google' ? `${name}.` : name;
}

function absolute(target: string): string {
  return target === '.' || target.endsWith('.') ? target : `${target}.`;
}

function txtData(value: ZoneTxt, style: ProviderStyle): string {
  const strings = Array.isArray(value) ? value : [value];
  // Cloudflare prints RFC 1035 presentation form, each character-string quoted; Google prints raw text.
  if (style === 'google') return strings.join('');
  return strings.map((s) => encodeTxtPresentation(s) || '""').join(' ');
}

function recordData(type: string, value: ZoneTxt): string {
  if (Array.isArray(value)) return value.join('');
  switch (type) {
    case 'MX': {
      const m = /^(\d+)\s+(\S+)$/.exec(value.trim());
      return m ? `${m[1]} ${absolute(m[2]!)}` : value;
    }
    case 'NS':
    case 'PTR':
    case 'CNAME':
      return absolute(value);
    default:
      return value;
  }
}

function soaFor(name: string, style: ProviderStyle): DohRecord {
  const labels = name.split('.');
  const apex = labels.slice(-2).join('.') || name;
  return {
    name: ownerName(apex, style),
    type: 6,
    TTL: DEFAULT_TTL,
    data: `ns1.${apex}. hostmaster.${apex}. 2026010101 7200 3600 1209600 ${DEFAULT_TTL}`,
  };
}

/** `$timeout: true` times out every type the node has no records for; a list names the types. */
function isTimeout(node: ZoneNode | undefined, type: string): boolean {
  if (!node?.$timeout) return false;
  if (node.$timeout === true) return node.CNAME === undefined && valuesOf(node, type).length === 0;
  return node.$timeout.map((t) => t.toUpperCase()).includes(type);
}

/** Answer one question from a zone exactly as the given provider would shape it. */
export function answerFromZone(zone: Zone, qname: string, qtype: string, style: ProviderStyle): ZoneAnswer {
  const index = indexOf(zone);
  const type = qtype.toUpperCase();
  const wanted = typeNumber(type) ?? 0;
  const answers: DohRecord[] = [];
  let name = canonicalName(qname);
  let ad = zone.dnssec === true;
  let status = 0;
  let authority: DohRecord[] | undefined;
  for (let hop = 0; ; hop++) {
    const { node, exists } = index.find(name);
    if (node?.$ad !== undefined) ad = node.$ad;
    if (isTimeout(node, type)) return { kind: 'timeout' };
    const rcode = node?.$rcodes?.[type] ?? node?.$rcode;
    if (rcode) {
      status = RCODES[rcode];
      break;
    }
    if (!exists) {
      status = 3;
      authority = [soaFor(name, style)];
      break;
    }
    const ttl = node?.$ttl ?? DEFAULT_TTL;
    if (node?.CNAME !== undefined && type !== 'CNAME') {
      answers.push({
        name: ownerName(name, style),
        type: RR_TYPES.CNAME,
        TTL: ttl,
        data: absolute(node.CNAME),
      });
      if (hop >= MAX_CNAME_HOPS) break;
      name = canonicalName(node.CNAME);
      continue;
    }
    const values = valuesOf(node, type);
    for (const value of values) {
      const data = type === 'TXT' || type === 'SPF' ? txtData(value, style) : recordData(type, value);
      answers.push({ name: ownerName(name, style), type: wanted, TTL: ttl, data });
    }
    if (values.length === 0) authority = [soaFor(name, style)];
    break;
  }
  const response: DohResponse = {
    Status: status,
    TC: false,
    RD: true,
    RA: true,
    AD: ad && status === 0,
    CD: false,
    Question: [{ name: ownerName(canonicalName(qname), style), type: wanted }],
  };
  if (answers.length > 0) response.Answer = answers;
  if (authority) response.Authority = authority;
  if (style === 'google' && status === 0) response.Comment = 'Response from 192.0.2.53.';
  return { kind: 'answer', response };
}

export interface ZoneResolverOptions {
  style?: ProviderStyle;
  /** Added to every answer (for benchmarks that model network latency). */
  latencyMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A Resolver that answers from a zone fixture; timeouts reject like a DoH client's timeout. */
export class ZoneResolver implements Resolver {
  readonly zone: Zone;
  readonly #style: ProviderStyle;
  readonly #latencyMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Every question asked, in order, for tests that count queries. */
  readonly asked: Array<{ name: string; type: string }> = [];

  constructor(zone: Zone | readonly Zone[], options: ZoneResolverOptions = {}) {
    this.zone = Array.isArray(zone) ? mergeZones(zone) : (zone as Zone);
    this.#style = options.style ?? 'cloudflare';
    this.#latencyMs = options.latencyMs ?? 0;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async query(name: string, type: string, signal?: AbortSignal): Promise<DohResponse> {
    this.asked.push({ name: canonicalName(name), type: type.toUpperCase() });
    if (this.#latencyMs > 0) await this.#sleep(this.#latencyMs);
    if (signal?.aborted) throw new DnsTransportError('aborted', 'The query was cancelled.');
    const answer = answerFromZone(this.zone, name, type, this.#style);
    if (answer.kind === 'timeout') {
      throw new DnsTransportError('timeout', `No DNS answer for ${canonicalName(name)} ${type} (timeout).`);
    }
    return answer.response;
  }
}
