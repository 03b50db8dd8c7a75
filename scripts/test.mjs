#!/usr/bin/env node
// `npm test`: format, lint, import cycles and layers, svelte-check, Vitest, build, Playwright e2e (Chromium).
// Every step runs (a failure does not hide later results); the last line is "N passed, N failed".

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionBrowser } from './find-browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.test-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

let passed = 0;
let failed = 0;
const lines = [];

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}: ${[command, ...args].map((a) => a.replace(root + '/', '')).join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  lines.push(`${ok ? '✔' : '✘'} ${label} (${seconds} s)`);
  return ok;
}

function step(label, command, args) {
  if (run(label, command, args)) passed++;
  else failed++;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

step('format (prettier)', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
step('lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.']);
step('imports (cycles and layers)', process.execPath, [join(root, 'scripts/check-imports.mjs')]);
step('types (svelte-check)', bin('svelte-check'), [
  '--tsconfig',
  './tsconfig.json',
  '--fail-on-warnings',
  '--output',
  'human',
]);

const vitestJson = join(out, 'vitest.json');
const unitOk = run('unit (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const unit = readJson(vitestJson);
if (unit) {
  passed += unit.numPassedTests ?? 0;
  failed += (unit.numFailedTests ?? 0) + (unitOk || unit.numFailedTests ? 0 : 1);
} else if (!unitOk) failed++;

const buildOk = run('build (vite)', bin('vite'), ['build', '--logLevel', 'warn']);
if (buildOk) passed++;
else failed++;

if (buildOk) {
  const browser = provisionBrowser();
  if (!browser.path) {
    failed++;
    lines.push('✘ e2e (playwright): no browser');
  } else {
    console.log(`\nUsing ${browser.source}: ${browser.path}`);
    const pwJson = join(out, 'playwright.json');
    const e2eOk = run('e2e (playwright)', bin('playwright'), ['test', '--reporter=list,json'], {
      CHROMIUM_PATH: browser.path,
      PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
    });
    const e2e = existsSync(pwJson) ? readJson(pwJson) : null;
    if (e2e?.stats) {
      passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
      failed += e2e.stats.unexpected ?? 0;
      if (!e2eOk && !e2e.stats.unexpected) failed++;
    } else if (!e2eOk) failed++;
  }
}

console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
