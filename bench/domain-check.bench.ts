// checkDomain() latency: every answer takes a fixed 100 ms, so the wall time should be the DNS dependency depth
// times 100 ms. The bench domain's deepest chain is 5 answers long: bench.example TXT → _spf1 TXT → _spf2 TXT →
// _spf3 TXT → a:out1.bench.example A/AAAA. Everything else (DMARC discovery and report authorization, 33 DKIM
// selectors, MX → A → PTR → A, TLSA, MTA-STS, TLS-RPT, BIMI, DNSSEC) fits inside that depth when run in parallel.

import { interpretResponse } from '../src/lib/dns/lookup';
import type { DohResponse, Resolver } from '../src/lib/dns/types';
import { answerFromZone, ZoneResolver, type Zone } from '../src/lib/dns/zone';
import { checkDomain } from '../src/lib/report';
import { fixtureZone } from '../tests/support/zones';

const LATENCY_MS = 100;
const DEPENDENCY_DEPTH = 5;

class TimedResolver implements Resolver {
  readonly starts: number[] = [];
  readonly asked: string[] = [];
  constructor(
    readonly inner: Resolver,
    readonly t0: number,
  ) {}
  query(name: string, type: string, signal?: AbortSignal): Promise<DohResponse> {
    this.starts.push(performance.now() - this.t0);
    this.asked.push(`${name.toLowerCase().replace(/\.$/, '')} ${type.toUpperCase()}`);
    return this.inner.query(name, type, signal);
  }
}

/**
 * Answers as a browser receives them: each in its own task (as a fetch resolves), parsed from JSON text as the DoH
 * client parses it. The longest gap between event-loop turns while a check runs is then the longest task the check
 * puts on a page's main thread.
 */
class TaskResolver implements Resolver {
  /** The served bodies, made once (serving is the network's work, not the page's). */
  static readonly bodies = new Map<string, string>();
  constructor(readonly zone: Zone) {}
  async query(name: string, type: string): Promise<DohResponse> {
    const key = `${name}|${type}`;
    let body = TaskResolver.bodies.get(key);
    if (body === undefined) {
      const answer = answerFromZone(this.zone, name, type, 'cloudflare');
      if (answer.kind === 'timeout') throw new Error('timeout');
      body = JSON.stringify(answer.response);
      TaskResolver.bodies.set(key, body);
    }
    await new Promise((resolve) => setImmediate(resolve));
    return JSON.parse(body) as DohResponse;
  }
}

/** Run a check and measure its wall time and the longest stretch without an event-loop turn. */
async function measureCheck(
  zone: Zone,
  domain: string,
): Promise<{ wall: number; longest: number; queries: number }> {
  let longest = 0;
  let last = performance.now();
  let ticking = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  const result = await checkDomain(domain, new TaskResolver(zone));
  const wall = performance.now() - t0;
  ticking = false;
  if (!result.ok) throw new Error(result.error);
  return { wall, longest, queries: result.report.queries };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Issue 12's rows: a 10,000-record answer and a 2,000-host MX list, against good.example in the same rounds. */
async function scaleRows(zone: Zone): Promise<void> {
  const domains = ['good.example', 'many-records.example', 'many-mx.example'] as const;
  for (const d of domains) await measureCheck(zone, d); // warm-up
  const runs: Record<string, { wall: number[]; longest: number[]; queries: number }> = {};
  for (const d of domains) runs[d] = { wall: [], longest: [], queries: 0 };
  for (let round = 0; round < 7; round++) {
    for (const d of domains) {
      const m = await measureCheck(zone, d);
      runs[d]!.wall.push(m.wall);
      runs[d]!.longest.push(m.longest);
      runs[d]!.queries = m.queries;
    }
  }
  const peer = runs['good.example']!;
  console.log(
    'Answers of any shape (each answer its own task, parsed from JSON; medians of 7 interleaved rounds):',
  );
  for (const d of domains) {
    const r = runs[d]!;
    console.log(
      `  checkDomain(${d}): longest task ${median(r.longest).toFixed(1)} ms (goal < 100 ms), wall ${median(r.wall).toFixed(0)} ms = ${(median(r.wall) / median(peer.wall)).toFixed(2)}x good.example, ${r.queries} DNS questions`,
    );
  }
  // The DNS layer alone: reading one answer of 1,000 and of 10,000 TXT records (the cap keeps 1,000 and says so).
  const answerOf = (n: number): DohResponse => ({
    Status: 0,
    Answer: Array.from({ length: n }, (_, i) => ({
      name: 'big.example',
      type: 16,
      TTL: 300,
      data: `"filler ${i}"`,
    })),
  });
  const perRecord = (n: number) => {
    const r = answerOf(n);
    interpretResponse('big.example', 'TXT', r);
    const t0 = performance.now();
    let runs = 0;
    while (performance.now() - t0 < 300) {
      interpretResponse('big.example', 'TXT', r);
      runs++;
    }
    return { ms: (performance.now() - t0) / runs, ns: ((performance.now() - t0) * 1e6) / runs / n };
  };
  const thousand = perRecord(1_000);
  const tenThousand = perRecord(10_000);
  console.log(
    `  interpretResponse: 10,000 TXT records in ${tenThousand.ms.toFixed(2)} ms (${tenThousand.ns.toFixed(0)} ns/record; 1,000 records: ${thousand.ns.toFixed(0)} ns/record — flat means linear)`,
  );
}

export async function run(): Promise<void> {
  const zone = fixtureZone();
  await scaleRows(zone);
  const ratios: number[] = [];
  let last: { wall: number; queries: number; duplicates: number; achievedDepth: number } | null = null;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const resolver = new TimedResolver(new ZoneResolver(zone, { latencyMs: LATENCY_MS }), t0);
    const result = await checkDomain('bench.example', resolver);
    const wall = performance.now() - t0;
    if (!result.ok) throw new Error(result.error);
    const duplicates = resolver.asked.length - new Set(resolver.asked).size;
    const achievedDepth = Math.max(...resolver.starts.map((s) => Math.floor(s / LATENCY_MS))) + 1;
    ratios.push(wall / (DEPENDENCY_DEPTH * LATENCY_MS));
    last = { wall, queries: resolver.asked.length, duplicates, achievedDepth };
  }
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
  console.log(
    `checkDomain(bench.example) with ${LATENCY_MS} ms per answer: ${last!.wall.toFixed(0)} ms wall, ${last!.queries} queries, ${last!.duplicates} duplicate queries (target 0)`,
  );
  console.log(
    `  dependency depth ${DEPENDENCY_DEPTH} (query rounds used: ${last!.achievedDepth}); wall / (depth × ${LATENCY_MS} ms) = ${median.toFixed(3)} median of ${ratios.length} runs (target ≤ 1.15)`,
  );
}
