// check_host() throughput over the RFC 7208 suite, and SPF parser scaling on adversarial input.

import { ZoneResolver } from '../src/lib/dns/zone';
import { checkHost, parseSpf } from '../src/lib/spf';
import { identityOf, loadSuite } from '../tests/support/spf-suite';

export async function run(): Promise<void> {
  const cases = loadSuite('tests/fixtures/spf/rfc7208-tests.yml').map((c) => ({
    c,
    resolver: new ZoneResolver(c.zone),
    ...identityOf(c),
  }));
  let evaluations = 0;
  let correct = 0;
  const started = performance.now();
  while (performance.now() - started < 2000) {
    for (const { c, resolver, domain, sender } of cases) {
      const r = await checkHost({ ip: c.host, domain, sender, helo: c.helo }, resolver);
      evaluations++;
      if (c.result.includes(r.result)) correct++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `check_host(): ${Math.round(evaluations / seconds).toLocaleString('en-US')} evaluations/s over the ${cases.length}-test RFC 7208 suite (${evaluations} runs, ${((correct / evaluations) * 100).toFixed(1)}% conformant, zone resolver, no latency)`,
  );

  console.log('parseSpf() scaling on adversarial records (ns per character should stay flat):');
  for (const size of [1_000, 8_000, 64_000]) {
    const inputs = [
      `v=spf1 ${'a '.repeat(size / 2)}`,
      `v=spf1 a:${'%{d}'.repeat(size / 4)}`,
      `v=spf1 ${'/'.repeat(size)}`,
      `v=spf1 include:${'a.'.repeat(size / 2)}com`,
    ];
    const t0 = performance.now();
    let rounds = 0;
    while (performance.now() - t0 < 300) {
      for (const input of inputs) parseSpf(input);
      rounds++;
    }
    const chars = inputs.reduce((n, s) => n + s.length, 0) * rounds;
    console.log(
      `  ${String(size).padStart(6)} chars: ${(((performance.now() - t0) * 1e6) / chars).toFixed(1)} ns/char`,
    );
  }
}
