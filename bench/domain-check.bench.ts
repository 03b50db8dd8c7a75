// checkDomain() latency: every answer takes a fixed 100 ms, so the wall time should be the DNS dependency depth
// times 100 ms. The bench domain's deepest chain is 5 answers long: bench.example TXT → _spf1 TXT → _spf2 TXT →
// _spf3 TXT → a:out1.bench.example A/AAAA. Everything else (DMARC discovery and report authorization, 33 DKIM
// selectors, MX → A → PTR → A, TLSA, MTA-STS, TLS-RPT, BIMI, DNSSEC) fits inside that depth when run in parallel.

import type { DohResponse, Resolver } from '../src/lib/dns/types';
import { ZoneResolver } from '../src/lib/dns/zone';
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

export async function run(): Promise<void> {
  const zone = fixtureZone();
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
