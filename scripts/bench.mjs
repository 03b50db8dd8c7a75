#!/usr/bin/env node
// `npm run bench`: prints the production bundle's first-load size per route (JS and CSS, raw and gzip), then
// runs every bench/*.bench.ts module (engine throughput and latency figures). Figures are printed, never asserted.

import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { runnerImport } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));

if (!process.argv.includes('--no-build')) {
  const build = spawnSync(join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function closure(keys) {
  const seen = new Set();
  const files = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return [...files];
}

function measure(files) {
  const sum = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 } };
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    const kind = file.endsWith('.css') ? 'css' : 'js';
    sum[kind].raw += bytes.length;
    sum[kind].gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return sum;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const pageKey = (name) => Object.keys(manifest).find((k) => k.endsWith(`/${name}.svelte`));
const shellFiles = [...closure([entryKey]), 'theme-init.js'].filter((f) => existsSync(join(dist, f)));
const routes = [
  ['shell (entry, no page)', []],
  ['#/domain (first screen)', ['DomainPage']],
  ['#/domain + report (after a check)', ['DomainPage', 'DomainReport']],
  ['#/headers', ['HeadersPage']],
  ['#/generate/dmarc', ['GeneratePage', 'DmarcGenerator']],
  ['#/generate/spf', ['GeneratePage', 'SpfGenerator']],
  ['#/generate/dkim', ['GeneratePage', 'DkimGenerator']],
  ['#/generate/mta-sts', ['GeneratePage', 'MtaStsGenerator']],
  ['#/generate/tls-rpt', ['GeneratePage', 'TlsRptGenerator']],
  ['#/generate/bimi', ['GeneratePage', 'BimiGenerator']],
  ['#/reports', ['ReportsPage']],
  ['#/settings', ['SettingsPage']],
  ['#/about', ['AboutPage']],
];

console.log('\nFirst-load size of the production build (what a route loads before any interaction)');
console.log('route                             JS raw     JS gzip    CSS raw    CSS gzip   total gzip');
for (const [label, pages] of routes) {
  const keys = pages.map(pageKey).filter(Boolean);
  const files = [...new Set([...shellFiles, ...closure(keys)])];
  const m = measure(files);
  console.log(
    `${label.padEnd(33)} ${kb(m.js.raw).padEnd(10)} ${kb(m.js.gzip).padEnd(10)} ${kb(m.css.raw).padEnd(10)} ${kb(m.css.gzip).padEnd(10)} ${kb(m.js.gzip + m.css.gzip)}`,
  );
}
// Issue 12's goal: every route's first load at most 90 KB gzip (the report after a check loads on demand).
const firstLoadGoal = 90 * 1024;
const over = routes
  .filter(([label]) => !label.includes('after a check'))
  .map(([label, pages]) => [
    label,
    measure([...new Set([...shellFiles, ...closure(pages.map(pageKey).filter(Boolean))])]),
  ])
  .filter(([, m]) => m.js.gzip + m.css.gzip > firstLoadGoal)
  .map(([label]) => label);
console.log(`routes over the 90 KB gzip first-load goal: ${over.length === 0 ? 'none' : over.join(', ')}`);
const all = measure(
  Object.values(manifest)
    .flatMap((c) => [c.file, ...(c.css ?? [])])
    .filter((f, i, a) => a.indexOf(f) === i),
);
console.log(
  `${'whole app (every chunk)'.padEnd(30)} ${kb(all.js.raw).padEnd(10)} ${kb(all.js.gzip).padEnd(10)} ${kb(all.css.raw).padEnd(10)} ${kb(all.css.gzip).padEnd(10)} ${kb(all.js.gzip + all.css.gzip)}`,
);

const benchDir = join(root, 'bench');
const benches = (existsSync(benchDir) ? readdirSync(benchDir) : [])
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const file of benches) {
  const { module } = await runnerImport(join(benchDir, file), {
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
  });
  console.log(`\n${file}`);
  await module.run();
}
