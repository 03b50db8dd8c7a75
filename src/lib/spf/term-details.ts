// RFC 7208 §5.3–§5.7 without a client IP: what each a, mx, exists, ip4 and ip6 term of a record resolves to, with
// the same rules as check_host() (MX hosts in preference order, the first DNS failure reported, voids as counted).

import { parseMxData, type Lookup } from '../dns/lookup';
import { parseIp } from '../net/ip';
import { MAX_MX_NAMES } from './limits';
import { finishDomain, type MacroToken } from './macro';
import type { Netblock } from './netblocks';
import type { SpfTermInfo, Term } from './types';

/** What resolving a term needs: one DNS question at a time. */
export type Query = (name: string, type: string) => Promise<Lookup>;

/** The text of a domain-spec without macros. */
export function literalText(tokens: readonly MacroToken[]): string {
  return tokens.map((t) => (t.kind === 'macro' ? '' : t.text)).join('');
}

export function hasMacro(term: Term): boolean {
  return term.macro?.some((t) => t.kind === 'macro') ?? false;
}

function isVoidLookup(result: Lookup): boolean {
  return result.kind === 'nodata' || result.kind === 'nxdomain';
}

interface Addresses {
  addresses: string[];
  blocks: Netblock[];
  /** Both families answered with nothing. */
  empty: boolean;
  /** The first DNS failure (A before AAAA), or null, and its cause in a few words. */
  error: string | null;
  cause: string | null;
  lasting: boolean;
  atResolver: boolean;
}

/** RFC 7208 §5.3: the A and AAAA addresses of `name` with the term's prefix lengths (either client family). */
async function resolveAddresses(
  query: Query,
  name: string,
  cidr4: number | null,
  cidr6: number | null,
  source: string,
): Promise<Addresses> {
  const [a, aaaa] = await Promise.all([query(name, 'A'), query(name, 'AAAA')]);
  const failed = [a, aaaa].find((r) => r.kind === 'error');
  const out: Addresses = {
    addresses: [],
    blocks: [],
    empty: isVoidLookup(a) && isVoidLookup(aaaa),
    error: failed?.kind === 'error' ? `${name}: ${failed.message}` : null,
    cause: failed?.kind === 'error' ? failed.cause : null,
    lasting: failed?.kind === 'error' && failed.lasting,
    atResolver: failed?.kind === 'error' && failed.atResolver,
  };
  for (const [result, prefix, v] of [
    [a, cidr4 ?? 32, 4],
    [aaaa, cidr6 ?? 128, 6],
  ] as const) {
    if (result.kind !== 'records') continue;
    for (const r of result.records) {
      const ip = parseIp(r.data);
      if (!ip || ip.version !== v) continue;
      out.addresses.push(`${r.data}/${prefix}`);
      out.blocks.push({ network: ip, prefix, source });
    }
  }
  return out;
}

/** RFC 7208 §5.4: the MX hosts of `target` in preference order and their addresses. */
async function resolveMx(
  query: Query,
  term: Term & { kind: 'mechanism' },
  info: SpfTermInfo,
  target: string,
  source: string,
): Promise<Netblock[]> {
  const mx = await query(target, 'MX');
  if (mx.kind === 'error') {
    info.dnsError = `${target} MX: ${mx.message}`;
    info.dnsCause = mx.cause;
    info.dnsLasting = mx.lasting;
    info.dnsAtResolver = mx.atResolver;
    return [];
  }
  if (mx.kind !== 'records') {
    info.isVoid = true;
    return [];
  }
  // RFC 7208 §4.6.4: more than 10 MX records make the mechanism a permerror.
  if (mx.records.length > MAX_MX_NAMES) {
    info.note = {
      kind: 'mx-too-many',
      text: `${target} has ${mx.records.length} MX records; the mx mechanism allows at most ${MAX_MX_NAMES}, so receivers return permerror.`,
    };
  }
  const hosts = mx.records
    .map((r) => parseMxData(r.data))
    .filter((m): m is NonNullable<typeof m> => m !== null && m.exchange !== '.' && m.exchange !== '')
    .sort((x, y) => x.preference - y.preference)
    .slice(0, MAX_MX_NAMES);
  const resolved = await Promise.all(
    hosts.map((h) =>
      resolveAddresses(query, h.exchange, term.cidr4, term.cidr6, `${source} → ${h.exchange}`),
    ),
  );
  info.mxHosts = hosts.map((h, i) => ({ host: h.exchange, addresses: resolved[i]!.addresses }));
  info.addresses = resolved.flatMap((r) => r.addresses);
  // RFC 7208 §5: receivers stop at the first failing host in preference order.
  const firstFailure = resolved.find((r) => r.error !== null);
  info.dnsError = firstFailure?.error ?? null;
  info.dnsCause = firstFailure?.cause ?? null;
  info.dnsLasting = firstFailure?.lasting ?? false;
  info.dnsAtResolver = firstFailure?.atResolver ?? false;
  return resolved.flatMap((r) => r.blocks);
}

/**
 * Fill `info` for a term that is not followed into another record (include and redirect are the tree's). Returns
 * the networks the term authorizes, in order (MX hosts in preference order).
 */
export async function resolveTerm(
  query: Query,
  term: Term,
  info: SpfTermInfo,
  domain: string,
): Promise<Netblock[]> {
  if (term.kind !== 'mechanism') return [];
  const source = `${domain} ${term.text}`;
  if (hasMacro(term)) {
    info.note = {
      kind: 'macro-target',
      text: 'Uses a macro: its target depends on each message, so it is counted but not resolved here.',
    };
    return [];
  }
  const target = term.macro ? finishDomain(literalText(term.macro)) : domain;
  switch (term.name) {
    case 'ip4':
    case 'ip6': {
      const prefix = term.name === 'ip4' ? (term.cidr4 ?? 32) : (term.cidr6 ?? 128);
      info.addresses = [`${term.text.slice(term.text.indexOf(':') + 1).split('/')[0]}/${prefix}`];
      return [{ network: term.network!, prefix, source }];
    }
    case 'a': {
      const r = await resolveAddresses(query, target, term.cidr4, term.cidr6, source);
      info.addresses = r.addresses;
      info.dnsError = r.error;
      info.dnsCause = r.cause;
      info.dnsLasting = r.lasting;
      info.dnsAtResolver = r.atResolver;
      info.isVoid = r.empty && r.error === null;
      return r.blocks;
    }
    case 'mx':
      return resolveMx(query, term, info, target, source);
    case 'exists': {
      // RFC 7208 §5.7: exists asks for A whatever the client's family.
      const r = await query(target, 'A');
      if (r.kind === 'error') {
        info.dnsError = `${target}: ${r.message}`;
        info.dnsCause = r.cause;
        info.dnsLasting = r.lasting;
        info.dnsAtResolver = r.atResolver;
      }
      info.isVoid = isVoidLookup(r);
      return [];
    }
    case 'ptr':
      info.note = {
        kind: 'ptr-needs-ip',
        text: 'ptr compares the connecting IP’s reverse DNS name; it cannot be resolved without a message.',
      };
      return [];
    default:
      return [];
  }
}
