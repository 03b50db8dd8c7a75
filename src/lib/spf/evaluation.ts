// RFC 7208 §4.6.4 and §7: the state of one check_host() run — lookup and void counters, the trace, DNS queries,
// macro expansion and the validated PTR names shared by ptr and %{p}.

import { lookup, type Lookup } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { inNetwork, parseIp, reverseName, unmapIpv4, type IpAddress } from '../net/ip';
import { MAX_DNS_LOOKUPS, MAX_PTR_NAMES, MAX_VOID_LOOKUPS } from './limits';
import { expandMacroTokens, finishDomain, usesPtrMacro, type MacroToken } from './macro';
import type { DecidedBy, Mechanism, TraceStep } from './types';

/** What one mechanism came to. */
export type Match =
  | { kind: 'match'; detail: string; decidedBy?: DecidedBy }
  | { kind: 'no-match'; detail: string }
  | { kind: 'error'; result: 'temperror' | 'permerror'; detail: string; decidedBy?: DecidedBy };

/** The validated names of the client IP, whether the PTR query itself was void, or why it failed. */
export interface PtrNames {
  names: string[];
  isVoid: boolean;
  error: string | null;
}

export interface EvaluationInput {
  resolver: Resolver;
  ip: IpAddress;
  sender: string;
  helo: string;
  receiver: string | undefined;
  signal: AbortSignal | undefined;
  now: () => Date;
}

export function describeDnsFailure(result: Lookup): string {
  return result.kind === 'error' ? result.message : 'the DNS query failed';
}

export class Evaluation {
  lookups = 0;
  voids = 0;
  readonly trace: TraceStep[] = [];
  #ptrCache: Promise<PtrNames> | null = null;

  constructor(readonly input: EvaluationInput) {}

  get ip(): IpAddress {
    return this.input.ip;
  }

  step(
    depth: number,
    domain: string,
    outcome: TraceStep['outcome'],
    detail: string,
    term?: { text: string; index: number },
  ): void {
    this.trace.push({
      depth,
      domain,
      term: term?.text ?? null,
      termIndex: term?.index ?? null,
      outcome,
      detail,
    });
  }

  query(name: string, type: string): Promise<Lookup> {
    return lookup(this.input.resolver, name, type, this.input.signal);
  }

  /** RFC 7208 §4.6.4: count a DNS-querying term; the 11th is a permerror. */
  countLookup(): Match | null {
    this.lookups++;
    if (this.lookups <= MAX_DNS_LOOKUPS) return null;
    return {
      kind: 'error',
      result: 'permerror',
      detail: `This is DNS lookup number ${this.lookups}; SPF allows at most ${MAX_DNS_LOOKUPS} (RFC 7208 §4.6.4).`,
    };
  }

  /** RFC 7208 §4.6.4: count a void lookup; the third is a permerror. */
  countVoid(name: string): Match | null {
    this.voids++;
    if (this.voids <= MAX_VOID_LOOKUPS) return null;
    return {
      kind: 'error',
      result: 'permerror',
      detail: `${name} returned no records: void lookup number ${this.voids}; SPF allows at most ${MAX_VOID_LOOKUPS} (RFC 7208 §4.6.4).`,
    };
  }

  /** RFC 7208 §5.5: PTR names of the IP whose forward lookup returns the IP (at most 10 checked). */
  validatedPtrNames(): Promise<PtrNames> {
    this.#ptrCache ??= this.#validatePtrNames();
    return this.#ptrCache;
  }

  async #validatePtrNames(): Promise<PtrNames> {
    const ptr = await this.query(reverseName(this.ip), 'PTR');
    if (ptr.kind === 'error') return { names: [], isVoid: false, error: describeDnsFailure(ptr) };
    if (ptr.kind !== 'records') return { names: [], isVoid: true, error: null };
    // RFC 7208 §4.6.4: names past the first 10 are ignored.
    const names = ptr.records.slice(0, MAX_PTR_NAMES).map((r) => r.data.replace(/\.$/, '').toLowerCase());
    const type = this.ip.version === 4 ? 'A' : 'AAAA';
    const checks = await Promise.all(
      names.map(async (name) => {
        const forward = await this.query(name, type);
        // RFC 7208 §5.5: a DNS error on the forward lookup skips that name.
        if (forward.kind !== 'records') return null;
        const returnsIp = forward.records.some((r) => {
          const a = parseIp(r.data);
          return a !== null && inNetwork(this.ip, unmapIpv4(a), this.ip.version === 4 ? 32 : 128);
        });
        return returnsIp ? name : null;
      }),
    );
    return { names: checks.filter((n): n is string => n !== null), isVoid: false, error: null };
  }

  /** RFC 7208 §7: expand a macro-string for `domain` (the current <domain>). */
  async expand(tokens: readonly MacroToken[], domain: string): Promise<string> {
    let ptr: string | undefined;
    if (usesPtrMacro(tokens)) {
      // RFC 7208 §7.3: %{p} prefers a validated name equal to or under <domain>.
      const { names } = await this.validatedPtrNames();
      const lower = domain.toLowerCase();
      ptr =
        names.find((n) => n === lower) ?? names.find((n) => n.endsWith(`.${lower}`)) ?? names[0] ?? 'unknown';
    }
    const { sender, ip, helo, receiver } = this.input;
    return expandMacroTokens(tokens, {
      sender,
      domain,
      ip,
      helo,
      timestamp: Math.floor(this.input.now().getTime() / 1000),
      ...(ptr === undefined ? {} : { ptr }),
      ...(receiver === undefined ? {} : { receiver }),
    });
  }

  /** RFC 7208 §4.8: the mechanism's target name — its expanded domain-spec, or the current domain. */
  async targetName(mech: Mechanism, domain: string): Promise<string> {
    return mech.macro ? finishDomain(await this.expand(mech.macro, domain)) : domain;
  }
}
