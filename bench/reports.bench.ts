// Report reading: parse throughput of a generated 20 MB aggregate report (about 50,000 records) against
// fast-xml-parser building objects from the same XML in the same process (warm, interleaved rounds, medians),
// the whole readReports() path from a .gz, and the peak memory of reading a 100 MB archive of reports.

import { XMLParser } from 'fast-xml-parser';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { readReports } from '../src/lib/reports';
import { parseAggregateXml } from '../src/lib/reports/aggregate';
import { ReportStore } from '../src/lib/reports/store';
import { generateAggregateXml, makeZip } from '../tests/support/report-files';

const MB = 1024 * 1024;

// A full garbage collection before each memory reading, so the figures are what the run holds, not leftovers.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function throughput(): Promise<void> {
  // Without indentation between elements, as Microsoft's reports come: about 20 MB for 50,000 records.
  const generated = generateAggregateXml(50_000, 1, 'bench-20mb', { compact: true });
  const xml = generated.xml;
  const bytes = new TextEncoder().encode(xml);
  const source = { file: 'bench.xml', member: null };
  const fxp = new XMLParser();
  const ours = () => {
    const r = parseAggregateXml(bytes, source, Infinity);
    if (!r.ok || r.reports[0]!.records.length !== generated.records) throw new Error('bench: wrong parse');
  };
  const theirs = () => fxp.parse(xml) as unknown;
  const theirsFromBytes = () => fxp.parse(new TextDecoder().decode(bytes)) as unknown;
  for (let i = 0; i < 2; i++) [ours, theirs].forEach(time);
  const t = { ours: [] as number[], theirs: [] as number[], theirsBytes: [] as number[] };
  for (let round = 0; round < 7; round++) {
    t.ours.push(time(ours));
    t.theirs.push(time(theirs));
    t.theirsBytes.push(time(theirsFromBytes));
  }
  const o = median(t.ours);
  const f = median(t.theirs);
  const fb = median(t.theirsBytes);
  const rate = (ms: number) => `${(bytes.length / MB / (ms / 1000)).toFixed(0)} MB/s`;
  console.log(
    `aggregate report: ${mb(bytes.length)}, ${generated.records.toLocaleString('en-US')} records (median of 7 interleaved rounds after 2 warm-up rounds)`,
  );
  console.log(`  parseAggregateXml (bytes → records)            ${o.toFixed(0).padStart(6)} ms  ${rate(o)}`);
  console.log(`  fast-xml-parser 5.12.1 (string → objects)       ${f.toFixed(0).padStart(6)} ms  ${rate(f)}`);
  console.log(
    `  fast-xml-parser incl. UTF-8 decode (bytes → …)  ${fb.toFixed(0).padStart(6)} ms  ${rate(fb)}`,
  );
  console.log(
    `  ratio (fast-xml-parser time / ours): ${(f / o).toFixed(2)} from a string, ${(fb / o).toFixed(2)} from bytes (goal ≥ 1.0)`,
  );

  const gz = gzipSync(bytes);
  await readReports([{ name: 'warm.xml.gz', bytes: gz }]);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await readReports([{ name: 'bench.xml.gz', bytes: gz }]);
    runs.push(performance.now() - start);
  }
  const e = median(runs);
  console.log(
    `  readReports() on the .xml.gz (${mb(gz.length)}): ${e.toFixed(0)} ms, ${rate(e)} of XML (inflate + parse)`,
  );
}

async function archive(): Promise<void> {
  // A month of daily reports from 25 reporters: 100 MB of XML zipped into one archive.
  const members: Array<{ name: string; data: string }> = [];
  let xmlBytes = 0;
  let records = 0;
  for (let i = 0; xmlBytes < 100 * MB; i++) {
    const g = generateAggregateXml(2_000 + (i % 7) * 500, 1000 + i, `archive-${i}`);
    members.push({ name: `reporter${i % 25}.example!good.example!${i}.xml`, data: g.xml });
    xmlBytes += g.xml.length;
    records += g.records;
  }
  const zip = new Uint8Array(makeZip(members));
  members.length = 0;
  gc();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  let lastTick = performance.now();
  let longestTurn = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    const now = performance.now();
    longestTurn = Math.max(longestTurn, now - lastTick);
    lastTick = now;
  }, 5);
  const start = performance.now();
  const result = await readReports([{ name: 'month.zip', bytes: zip }]);
  const ms = performance.now() - start;
  clearInterval(sampler);
  gc();
  const after = process.memoryUsage();
  console.log(
    `\narchive: ${mb(zip.length)} zip holding ${mb(xmlBytes)} of XML in ${result.reports.length} reports, ${records.toLocaleString('en-US')} records`,
  );
  console.log(
    `  readReports(): ${(ms / 1000).toFixed(1)} s (${(xmlBytes / MB / (ms / 1000)).toFixed(0)} MB/s of XML), errors: ${result.errors.length}`,
  );
  console.log(
    `  peak heap +${mb(peakHeap - before.heapUsed)}, peak RSS +${mb(peakRss - before.rss)} over the ${mb(before.rss)} before; heap kept after (the records): +${mb(after.heapUsed - before.heapUsed)}`,
  );
  console.log(
    `  longest stretch without yielding to the event loop (the Worker's, not the page's): ${longestTurn.toFixed(0)} ms`,
  );
  const store = new ReportStore(result);
  const viewMs = time(() => store.view({}));
  const pageMs = time(() => store.records({ result: 'fail' }, 5000, 1000));
  const exportMs = time(() => [...store.export({}, 'csv')].length);
  console.log(
    `  in the Worker: a view (totals, day chart, sources, readiness, TLS, failures) ${viewMs.toFixed(0)} ms; a page of 1,000 failing records ${pageMs.toFixed(0)} ms; CSV of every record ${exportMs.toFixed(0)} ms`,
  );
}

export async function run(): Promise<void> {
  await throughput();
  await archive();
}
