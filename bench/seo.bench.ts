// Lighthouse's SEO score of every route of the built app (issue 12's goal: 100 on each). Lighthouse is not a
// dependency of the app: point LIGHTHOUSE_BIN at an installed `lighthouse` CLI (npm i lighthouse in any folder) to
// get the rows; without it the bench says how and moves on. Uses the Chromium the e2e tests use.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBrowser } from '../scripts/find-browser.mjs';
import { startPreview } from './preview';

const PORT = Number(process.env.BENCH_SEO_PORT ?? process.env.E2E_PORT ?? 4198);
const ROUTES = [
  'domain',
  'headers',
  'generate/dmarc',
  'generate/spf',
  'generate/dkim',
  'generate/mta-sts',
  'generate/tls-rpt',
  'generate/bimi',
  'settings',
  'about',
];

export async function run(): Promise<void> {
  const bin = process.env.LIGHTHOUSE_BIN;
  const browser = findBrowser().path;
  if (!bin || !browser) {
    console.log(
      'Lighthouse SEO: skipped (set LIGHTHOUSE_BIN to a lighthouse CLI, e.g. after `npm i lighthouse`)',
    );
    return;
  }
  const server = await startPreview(PORT);
  const out = mkdtempSync(join(tmpdir(), 'authlens-seo-'));
  try {
    console.log('Lighthouse SEO score per route (goal: 100)');
    for (const route of ROUTES) {
      const file = join(out, `${route.replace('/', '-')}.json`);
      spawnSync(
        bin,
        [
          `http://127.0.0.1:${PORT}/#/${route}`,
          '--only-categories=seo',
          '--output=json',
          `--output-path=${file}`,
          '--quiet',
          '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
        ],
        { env: { ...process.env, CHROME_PATH: browser }, stdio: 'ignore', timeout: 180_000 },
      );
      try {
        const report = JSON.parse(readFileSync(file, 'utf8')) as { categories: { seo: { score: number } } };
        console.log(`#/${route.padEnd(20)} ${Math.round(report.categories.seo.score * 100)}`);
      } catch {
        console.log(`#/${route.padEnd(20)} (lighthouse did not finish)`);
      }
    }
  } finally {
    server.kill();
  }
}
