// RFC 7208 §4: check_host() — evaluate a domain's SPF policy for one client IP, with a readable trace.

import { lookup, parseMxData, txtRecords, type Lookup } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { formatIp, inNetwork, parseIp, reverseName, unmapIpv4, type IpAddress } from '../net/ip';
import {
  expandMacroTokens,
  finishDomain,
  parseMacroString,
  splitSender,
  usesPtrMacro,
  type MacroToken,
} from './macro';
import { parseSpf, qualifierResult, type Mechanism, type Modifier } from './parse';
import { fetchSpfRecord } from './record-lookup';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

/** RFC 7208 §4.6.4: at most 10 terms that cause DNS queries per evaluation. */
export const MAX_DNS_LOOKUPS = 10;
/** RFC 7208 §4.6.4: at most 2 void lookups (NODATA or NXDOMAIN). */
export const MAX_VOID_LOOKUPS = 2;
/** RFC 7208 §4.6.4: an mx mechanism may look up at most 10 MX names. */
export const MAX_MX_NAMES = 10;
/** RFC 7208 §4.6.4: ptr and %{p} check at most 10 PTR names. */
export const MAX_PTR_NAMES = 10;

export interface CheckHostInput {
  ip: string;
  /** The domain whose policy is evaluated (MAIL FROM domain, or HELO when MAIL FROM is empty). */
  domain: string;
  /** The full MAIL FROM, or postmaster@<helo> when MAIL FROM is empty. */
  sender: string;
  helo?: string;
  receiver?: string;
}

export interface CheckHostOptions {
  signal?: AbortSignal;
  now?: () => Date;
}

export interface TraceStep {
  depth: number;
  domain: string;
  /** The term as written, or null for record-level steps. */
  term: string | null;
  termIndex: number | null;
  outcome: 'match' | 'no-match' | 'error' | 'info';
  detail: string;
}

export interface CheckHostResult {
  result: SpfResult;
  /** The expanded exp= text, on a fail whose record has a usable exp=. */
  explanation?: string;
  /** One plain sentence: why this result. */
  reason: string;
  lookups: number;
  voidLookups: number;
  trace: TraceStep[];
  /**
   * The innermost term that decided the result (the matching mechanism inside an include, or the term where
   * evaluation failed), with the chain of domains from the checked domain down to its record.
   */
  decidedBy?: { domain: string; term: string; termIndex: number; depth: number; path: string[] };
}

type Decider = NonNullable<CheckHostResult['decidedBy']>;

type Match =
  | { kind: 'match'; detail: string; decidedBy?: Decider }
  | { kind: 'no-match'; detail: string }
  | { kind: 'error'; result: 'temperror' | 'permerror'; detail: string; decidedBy?: Decider };

interface Outcome {
  result: SpfResult;
  reason: string;
  /** The record whose own mechanism gave "fail", for exp= (RFC 7208 §6.2). */
  expFrom?: { domain: string; exp: Modifier };
  decidedBy?: CheckHostResult['decidedBy'];
}

/** RFC 7208 §4.3: a domain check_host() can evaluate (multi-label, labels 1–63, not a literal). */
export function isEvaluableDomain(domain: string): boolean {
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (name.length === 0 || name.length > 253 || name.startsWith('[')) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  return labels.every((l) => l.length > 0 && l.length <= 63);
}

/** The validated names of the client IP, whether the PTR query itself was void, or why it failed. */
interface PtrNames {
  names: string[];
  isVoid: boolean;
  error: string | null;
}

function describeDnsFailure(result: Lookup): string {
  return result.kind === 'error' ? result.message : 'the DNS query failed';
}

class Evaluation {
  lookups = 0;
  voids = 0;
  readonly trace: TraceStep[] = [];
  #ptrCache: Promise<PtrNames> | null = null;

  constructor(
    readonly resolver: Resolver,
    readonly ip: IpAddress,
    readonly sender: string,
    readonly helo: string,
    readonly receiver: string | undefined,
    readonly signal: AbortSignal | undefined,
    readonly now: () => Date,
  ) {}

  step(
    depth: number,
    domain: string,
    outcome: TraceStep['outcome'],
    detail: string,
    term?: { text: string; index: number },
  ) {
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
    return lookup(this.resolver, name, type, this.signal);
  }

  /** RFC 7208 §4.6.4: count a DNS-querying term; the 11th is a permerror. */
  countLookup(): Match | null {
    this.lookups++;
    if (this.lookups > MAX_DNS_LOOKUPS) {
      return {
        kind: 'error',
        result: 'permerror',
        detail: `This is DNS lookup number ${this.lookups}; SPF allows at most ${MAX_DNS_LOOKUPS} (RFC 7208 §4.6.4).`,
      };
    }
    return null;
  }

  /** RFC 7208 §4.6.4: count a void lookup; the third is a permerror. */
  countVoid(name: string): Match | null {
    this.voids++;
    if (this.voids > MAX_VOID_LOOKUPS) {
      return {
        kind: 'error',
        result: 'permerror',
        detail: `${name} returned no records: void lookup number ${this.voids}; SPF allows at most ${MAX_VOID_LOOKUPS} (RFC 7208 §4.6.4).`,
      };
    }
    return null;
  }

  /** RFC 7208 §5.5: PTR names of the IP whose forward lookup returns the IP (at most 10 checked). */
  validatedPtrNames(): Promise<PtrNames> {
    this.#ptrCache ??= (async () => {
      const ptr = await this.query(reverseName(this.ip), 'PTR');
      if (ptr.kind === 'error') return { names: [], isVoid: false, error: describeDnsFailure(ptr) };
      if (ptr.kind !== 'records') return { names: [], isVoid: true, error: null };
      const names = ptr.records.slice(0, MAX_PTR_NAMES).map((r) => r.data.replace(/\.$/, '').toLowerCase());
      const type = this.ip.version === 4 ? 'A' : 'AAAA';
      const checks = await Promise.all(
        names.map(async (name) => {
          const forward = await this.query(name, type);
          // RFC 7208 §5.5: a DNS error on the forward lookup skips that name.
          if (forward.kind !== 'records') return null;
          return forward.records.some((r) => {
            const a = parseIp(r.data);
            return a !== null && inNetwork(this.ip, unmapIpv4(a), this.ip.version === 4 ? 32 : 128);
          })
            ? name
            : null;
        }),
      );
      return { names: checks.filter((n): n is string => n !== null), isVoid: false, error: null };
    })();
    return this.#ptrCache;
  }

  async expand(tokens: readonly MacroToken[], domain: string): Promise<string> {
    let ptr: string | undefined;
    if (usesPtrMacro(tokens)) {
      // RFC 7208 §7.3: %{p} prefers a validated name equal to or under <domain>.
      const { names } = await this.validatedPtrNames();
      const lower = domain.toLowerCase();
      ptr =
        names.find((n) => n === lower) ?? names.find((n) => n.endsWith(`.${lower}`)) ?? names[0] ?? 'unknown';
    }
    const values = {
      sender: this.sender,
      domain,
      ip: this.ip,
      helo: this.helo,
      timestamp: Math.floor(this.now().getTime() / 1000),
    };
    return expandMacroTokens(tokens, {
      ...values,
      ...(ptr === undefined ? {} : { ptr }),
      ...(this.receiver === undefined ? {} : { receiver: this.receiver }),
    });
  }

  async targetName(mech: Mechanism, domain: string): Promise<string> {
    return mech.macro ? finishDomain(await this.expand(mech.macro, domain)) : domain;
  }

  async matchAddresses(
    mech: Mechanism,
    name: string,
    type: 'A' | 'AAAA',
    countsVoid: boolean,
  ): Promise<Match> {
    const result = await this.query(name, type);
    if (result.kind === 'error') {
      return {
        kind: 'error',
        result: 'temperror',
        detail: `DNS lookup of ${name} ${type} failed: ${describeDnsFailure(result)}`,
      };
    }
    if (result.kind !== 'records') {
      if (countsVoid) {
        const over = this.countVoid(`${name} ${type}`);
        if (over) return over;
      }
      return { kind: 'no-match', detail: `${name} has no ${type} record.` };
    }
    const prefix = type === 'A' ? (mech.cidr4 ?? 32) : (mech.cidr6 ?? 128);
    for (const r of result.records) {
      const address = parseIp(r.data);
      if (address && inNetwork(this.ip, unmapIpv4(address), prefix)) {
        return { kind: 'match', detail: `${formatIp(this.ip)} is in ${r.data}/${prefix} (${name}).` };
      }
    }
    return {
      kind: 'no-match',
      detail: `${formatIp(this.ip)} is not in ${result.records.map((r) => `${r.data}/${prefix}`).join(', ')} (${name}).`,
    };
  }

  async matchMechanism(mech: Mechanism, domain: string, depth: number, path: string[]): Promise<Match> {
    const type = this.ip.version === 4 ? 'A' : 'AAAA';
    switch (mech.name) {
      case 'all':
        return { kind: 'match', detail: 'all matches every address.' };
      case 'ip4':
      case 'ip6': {
        const network = mech.network!;
        const prefix = mech.name === 'ip4' ? (mech.cidr4 ?? 32) : (mech.cidr6 ?? 128);
        const matches = inNetwork(this.ip, network, prefix);
        return {
          kind: matches ? 'match' : 'no-match',
          detail: `${formatIp(this.ip)} is ${matches ? '' : 'not '}in ${formatIp(network)}/${prefix}.`,
        };
      }
      case 'a': {
        const limit = this.countLookup();
        if (limit) return limit;
        const name = await this.targetName(mech, domain);
        if (!isEvaluableDomain(name))
          return { kind: 'no-match', detail: `“${name}” is not a valid domain name.` };
        return this.matchAddresses(mech, name, type, true);
      }
      case 'mx': {
        const limit = this.countLookup();
        if (limit) return limit;
        const name = await this.targetName(mech, domain);
        if (!isEvaluableDomain(name))
          return { kind: 'no-match', detail: `“${name}” is not a valid domain name.` };
        const mx = await this.query(name, 'MX');
        if (mx.kind === 'error') {
          return {
            kind: 'error',
            result: 'temperror',
            detail: `DNS lookup of ${name} MX failed: ${describeDnsFailure(mx)}`,
          };
        }
        if (mx.kind !== 'records') {
          const over = this.countVoid(`${name} MX`);
          if (over) return over;
          return { kind: 'no-match', detail: `${name} has no MX records.` };
        }
        const hosts = mx.records
          .map((r) => parseMxData(r.data))
          .filter((m): m is NonNullable<typeof m> => m !== null && m.exchange !== '.' && m.exchange !== '');
        if (mx.records.length > MAX_MX_NAMES) {
          return {
            kind: 'error',
            result: 'permerror',
            detail: `${name} has ${mx.records.length} MX records; the mx mechanism allows at most ${MAX_MX_NAMES} (RFC 7208 §4.6.4).`,
          };
        }
        // RFC 7208 §5 and §5.4: hosts are tried in preference order and the first DNS error stops the mechanism
        // with temperror; the queries go out together, their results are read in that order.
        hosts.sort((x, y) => x.preference - y.preference);
        const pending = hosts.map((h) => this.matchAddresses(mech, h.exchange, type, false));
        for (const p of pending) p.catch(() => undefined);
        for (const p of pending) {
          const r = await p;
          if (r.kind !== 'no-match') return r;
        }
        return {
          kind: 'no-match',
          detail:
            hosts.length === 0
              ? `${name} publishes no usable MX host.`
              : `${formatIp(this.ip)} is not an address of ${name}'s MX hosts (${hosts.map((h) => h.exchange).join(', ')}).`,
        };
      }
      case 'ptr': {
        const limit = this.countLookup();
        if (limit) return limit;
        const target = (await this.targetName(mech, domain)).toLowerCase();
        const { names, isVoid, error } = await this.validatedPtrNames();
        // RFC 7208 §5.5: a DNS error on the PTR lookup means no match.
        if (error)
          return { kind: 'no-match', detail: `The PTR lookup failed (${error}), so ptr does not match.` };
        // RFC 7208 §4.6.4: a PTR query answered NXDOMAIN or NODATA is a void lookup like any other term's.
        if (isVoid) {
          const over = this.countVoid(`${reverseName(this.ip)} PTR`);
          if (over) return over;
          return {
            kind: 'no-match',
            detail: `${formatIp(this.ip)} has no PTR record, so ptr does not match.`,
          };
        }
        const hit = names.find((n) => n === target || n.endsWith(`.${target}`));
        return hit
          ? { kind: 'match', detail: `${formatIp(this.ip)} has the validated name ${hit}, within ${target}.` }
          : {
              kind: 'no-match',
              detail: `No validated PTR name of ${formatIp(this.ip)} is within ${target}.`,
            };
      }
      case 'exists': {
        const limit = this.countLookup();
        if (limit) return limit;
        const name = await this.targetName(mech, domain);
        if (!isEvaluableDomain(name))
          return { kind: 'no-match', detail: `“${name}” is not a valid domain name.` };
        // RFC 7208 §5.7: exists always asks for A, whatever the client's address family.
        const result = await this.query(name, 'A');
        if (result.kind === 'error') {
          return {
            kind: 'error',
            result: 'temperror',
            detail: `DNS lookup of ${name} A failed: ${describeDnsFailure(result)}`,
          };
        }
        if (result.kind !== 'records') {
          const over = this.countVoid(`${name} A`);
          if (over) return over;
          return { kind: 'no-match', detail: `${name} has no A record.` };
        }
        return { kind: 'match', detail: `${name} exists (A ${result.records[0]!.data}).` };
      }
      case 'include': {
        const limit = this.countLookup();
        if (limit) return limit;
        const target = await this.targetName(mech, domain);
        const inner = await this.evaluate(target, depth + 1, path);
        const decided = inner.decidedBy ? { decidedBy: inner.decidedBy } : {};
        // RFC 7208 §5.2: the include table.
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
    }
  }

  /** RFC 7208 §4.3–§4.7: evaluate one domain's record (recursively for include and redirect). */
  async evaluate(domain: string, depth: number, parents: string[] = []): Promise<Outcome> {
    const path = [...parents, domain];
    if (!isEvaluableDomain(domain)) {
      const reason = `“${domain}” is not a valid multi-label domain name, so there is no policy to check.`;
      this.step(depth, domain, 'info', reason);
      return { result: 'none', reason };
    }
    const found = await fetchSpfRecord(this.resolver, domain, this.signal);
    if (found.kind === 'error') {
      const reason = `The TXT lookup for ${domain} failed: ${found.lookup.message}`;
      this.step(depth, domain, 'error', reason);
      return { result: 'temperror', reason };
    }
    if (found.kind === 'none') {
      const reason = found.nxdomain ? `${domain} does not exist.` : `${domain} publishes no SPF record.`;
      this.step(depth, domain, 'info', reason);
      return { result: 'none', reason };
    }
    if (found.kind === 'multiple') {
      const reason = `${domain} publishes ${found.records.length} SPF records; exactly one is allowed (RFC 7208 §4.5).`;
      this.step(depth, domain, 'error', reason);
      return { result: 'permerror', reason };
    }
    const parsed = parseSpf(found.text);
    if (!parsed.ok) {
      const reason = `${domain}'s SPF record has a syntax error: ${parsed.errors[0]!.message}`;
      this.step(depth, domain, 'error', reason);
      return { result: 'permerror', reason };
    }
    const record = parsed.record;
    this.step(depth, domain, 'info', found.text);
    for (const mech of record.mechanisms) {
      const index = record.terms.indexOf(mech);
      const match = await this.matchMechanism(mech, domain, depth, path);
      const term = { text: mech.text, index };
      const here: Decider = { domain, term: mech.text, termIndex: index, depth, path };
      if (match.kind === 'error') {
        this.step(depth, domain, 'error', match.detail, term);
        return { result: match.result, reason: match.detail, decidedBy: match.decidedBy ?? here };
      }
      this.step(depth, domain, match.kind, match.detail, term);
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
      // RFC 7208 §6.1: redirect applies only when no mechanism matched; a target without a record is permerror.
      const index = record.terms.indexOf(record.redirect);
      const term = { text: record.redirect.text, index };
      const limit = this.countLookup();
      if (limit && limit.kind === 'error') {
        this.step(depth, domain, 'error', limit.detail, term);
        return {
          result: 'permerror',
          reason: limit.detail,
          decidedBy: { domain, term: term.text, termIndex: index, depth, path },
        };
      }
      const target = finishDomain(await this.expand(record.redirect.macro!, domain));
      this.step(depth, domain, 'info', `No mechanism matched; following redirect to ${target}.`, term);
      const inner = await this.evaluate(target, depth + 1, path);
      if (inner.result === 'none') {
        const reason = `redirect=${target} leads to no SPF record, which is a permerror (RFC 7208 §6.1).`;
        return { result: 'permerror', reason };
      }
      return inner;
    }
    const reason = `No mechanism in ${domain}'s record matched and there is no redirect, so the result is neutral.`;
    this.step(depth, domain, 'info', reason);
    return { result: 'neutral', reason };
  }

  /** RFC 7208 §6.2: fetch and expand the explanation; any problem means no explanation. */
  async explanation(from: { domain: string; exp: Modifier }): Promise<string | undefined> {
    const target = finishDomain(await this.expand(from.exp.macro!, from.domain));
    if (!isEvaluableDomain(target)) return undefined;
    const result = await this.query(target, 'TXT');
    const texts = txtRecords(result);
    if (texts.length !== 1) return undefined;
    const text = texts[0]!.text;
    if (/[^\x20-\x7e]/.test(text)) return undefined;
    const parsed = parseMacroString(text, 'exp');
    if (!parsed.ok) return undefined;
    return this.expand(parsed.tokens, from.domain);
  }
}

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
  // RFC 7208 §4.1 / §5.6: an IPv4-mapped IPv6 client is an IPv4 client.
  const ip = unmapIpv4(parsedIp);
  const helo = input.helo ?? '';
  const { localPart, domain: senderDomain } = splitSender(input.sender);
  const sender = `${localPart}@${senderDomain}`;
  const evaluation = new Evaluation(
    resolver,
    ip,
    sender,
    helo,
    input.receiver,
    options.signal,
    options.now ?? (() => new Date()),
  );
  const outcome = await evaluation.evaluate(input.domain, 0);
  const result: CheckHostResult = {
    result: outcome.result,
    reason: outcome.reason,
    lookups: Math.min(evaluation.lookups, MAX_DNS_LOOKUPS + 1),
    voidLookups: evaluation.voids,
    trace: evaluation.trace,
  };
  if (outcome.decidedBy) result.decidedBy = outcome.decidedBy;
  if (outcome.result === 'fail' && outcome.expFrom) {
    const explanation = await evaluation.explanation(outcome.expFrom);
    if (explanation !== undefined) result.explanation = explanation;
  }
  return result;
}
