// Header-parsing throughput on real-world header sets (tests/fixtures/headers and the Delta Chat corpus), a
// 25 MB paste as one block (the size the page parses off the main thread), and the scaling of analyzeHeaders on
// many DKIM-Signature fields: time per byte at 1 MB against 100 KB of the same fields (1.0 = linear).

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeHeaders, parseAuthenticationResults, splitHeaders } from '../src/lib/headers';

/** The median of `rounds` interleaved timings of each job (ms), after one warm-up run of each. */
function interleavedMedians(jobs: ReadonlyArray<() => unknown>, rounds: number): number[] {
  for (const job of jobs) job();
  const times = jobs.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    jobs.forEach((job, i) => {
      const t = performance.now();
      job();
      times[i]!.push(performance.now() - t);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

/** A paste of one real header section followed by real DKIM-Signature fields, repeated to `size` characters. */
function manySignatures(sets: readonly string[], size: number): string {
  const signatures = sets.flatMap((s) =>
    splitHeaders(s)
      .fields.filter((f) => f.lname === 'dkim-signature')
      .map((f) => f.raw),
  );
  const lines = [sets[0]!];
  let length = lines[0]!.length;
  for (let i = 0; length < size; i++) {
    const field = signatures[i % signatures.length]!;
    lines.push(field);
    length += field.length + 2;
  }
  return lines.join('\r\n');
}

function headerSection(text: string): string {
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

export async function run(): Promise<void> {
  const dir = 'tests/fixtures/headers';
  const sets = readdirSync(dir).map((f) => headerSection(readFileSync(join(dir, f), 'utf8')).trim());
  const totalBytes = sets.reduce((n, s) => n + Buffer.byteLength(s), 0);
  let bytes = 0;
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1500) {
    for (const s of sets) analyzeHeaders(s, { now: new Date(0) });
    bytes += totalBytes;
    runs++;
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `analyzeHeaders(): ${(bytes / secs / 1e6).toFixed(1)} MB/s over ${sets.length} real header sets (${(totalBytes / 1024).toFixed(0)} KB, ${runs} rounds; ${((runs * sets.length) / secs).toFixed(0)} analyses/s)`,
  );

  const big = Array.from({ length: Math.ceil((25 * 1024 * 1024) / totalBytes) }, () => sets.join('\n'))
    .join('\n')
    .slice(0, 25 * 1024 * 1024);
  let t = performance.now();
  const split = splitHeaders(big);
  const splitMs = performance.now() - t;
  t = performance.now();
  const a = analyzeHeaders(big, { now: new Date(0) });
  const analyzeMs = performance.now() - t;
  console.log(
    `25 MB paste: splitHeaders ${splitMs.toFixed(0)} ms (${(25 / (splitMs / 1000)).toFixed(0)} MB/s, ${split.fields.length} fields); analyzeHeaders ${analyzeMs.toFixed(0)} ms (${(25 / (analyzeMs / 1000)).toFixed(1)} MB/s, ${a.fields.length} fields analysed)`,
  );

  const small = manySignatures(sets, 100 * 1024);
  const large = manySignatures(sets, 1024 * 1024);
  const [smallMs, largeMs] = interleavedMedians(
    [() => analyzeHeaders(small, { now: new Date(0) }), () => analyzeHeaders(large, { now: new Date(0) })],
    5,
  ) as [number, number];
  const fieldsOf = (s: string) => splitHeaders(s).fields.filter((f) => f.lname === 'dkim-signature').length;
  console.log(
    `analyzeHeaders() on many DKIM-Signature fields: 100 KB (${fieldsOf(small)} signatures) ${smallMs.toFixed(1)} ms, 1 MB (${fieldsOf(large)}) ${largeMs.toFixed(1)} ms; time per byte 1 MB vs 100 KB: ${(largeMs / large.length / (smallMs / small.length)).toFixed(2)}× (1.0 = linear, 10 = quadratic)`,
  );

  const arh = readdirSync('tests/fixtures/authres/deltachat-dkimchecks-2022-09-28', {
    recursive: true,
    withFileTypes: true,
  })
    .filter((e) => e.isFile() && !e.name.endsWith('.json') && !e.name.endsWith('.txt'))
    .flatMap((e) =>
      splitHeaders(readFileSync(join(e.parentPath, e.name), 'utf8')).fields.filter((f) =>
        f.lname.endsWith('authentication-results'),
      ),
    )
    .map((f) => f.value);
  const arhBytes = arh.reduce((n, s) => n + s.length, 0);
  let count = 0;
  t = performance.now();
  while (performance.now() - t < 1000) {
    for (const v of arh) parseAuthenticationResults(v);
    count += arh.length;
  }
  const arhSecs = (performance.now() - t) / 1000;
  console.log(
    `parseAuthenticationResults(): ${Math.round(count / arhSecs).toLocaleString('en-US')} fields/s (${(((count / arh.length) * arhBytes) / arhSecs / 1e6).toFixed(1)} MB/s) over ${arh.length} real fields`,
  );
}
