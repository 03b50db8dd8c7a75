// DKIM speed and memory against named peers measured in the same run (issue 12): verifyDkim against mailauth's
// dkimVerify in Node, the body-hash path against crypto.subtle.digest in Chromium, and the peak memory of one 5 MB
// verify in a fresh process. Messages are generated (bench/dkim-lib.ts) and RSA-2048 signed with signDkim and
// dkimpy's test key; mailauth gets the same key through its resolver option. Ratios are peer time / our time.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as PlaywrightCore from 'playwright-core';
import { build } from 'vite';
import { findBrowser } from '../scripts/find-browser.mjs';
import {
  compare,
  importPrivateKey,
  KEY_NAME,
  makeSigned,
  now,
  oneKeyResolver,
  verifyDkim,
  type Comparison,
} from './dkim-lib';

const KEY = 'tests/fixtures/dkim/dkimpy/2048_testkey_PKCS8.key';
const RECORD = 'tests/fixtures/dkim/dkimpy/2048_testkey_PKCS8.key.pub.txt';
const KB = 1024;
const MB = 1024 * 1024;
/** Fresh processes per side for the memory row (interleaved; the median is printed). */
const MEMORY_RUNS = 3;

type MailauthVerify = (
  input: Buffer,
  options: { resolver: (name: string, type: string) => Promise<string[][]>; curTime: Date },
) => Promise<{ results: Array<{ status: { result: string } }> }>;

const x = (n: number) => `${n.toFixed(2)}×`;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function nodeRows(record: string, privateKey: CryptoKey) {
  const { dkimVerify } = createRequire(import.meta.url)('mailauth/lib/dkim/verify') as {
    dkimVerify: MailauthVerify;
  };
  const resolver = oneKeyResolver(record);
  const mailauthResolver = async (name: string) => {
    if (name === KEY_NAME) return [[record]];
    throw Object.assign(new Error(`${name} not found`), { code: 'ENOTFOUND' });
  };
  const rows: Record<string, Comparison> = {};
  for (const canon of ['relaxed', 'simple'] as const) {
    for (const [label, size] of [
      ['100 KB', 100 * KB],
      ['5 MB', 5 * MB],
    ] as const) {
      const bytes = await makeSigned(size, canon, privateKey);
      const message = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const ours = () => verifyDkim(message, resolver, { now });
      const peer = () => dkimVerify(message, { resolver: mailauthResolver, curTime: now() });
      const [a, b] = [(await ours())[0]?.result, (await peer()).results[0]?.status.result];
      if (a !== 'pass' || b !== 'pass') throw new Error(`${canon} ${label}: ours ${a}, mailauth ${b}`);
      rows[`${canon} ${label}`] = await compare(ours, peer, { rounds: size > MB ? 9 : 15 });
      const r = rows[`${canon} ${label}`]!;
      console.log(
        `  verifyDkim ${canon} ${label}: ours ${ms(r.oursMs)} ms, mailauth ${ms(r.peerMs)} ms → ${x(r.ratio)} (median of ${r.rounds} interleaved rounds)`,
      );
    }
  }
  return rows;
}

/** Build dkim-lib.ts into one ES module for the memory children and the Chromium page. */
async function bundle(dir: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'error',
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      target: 'es2022',
      lib: { entry: 'bench/dkim-lib.ts', formats: ['es'], fileName: () => 'dkim-lib.js' },
    },
  });
  return join(dir, 'dkim-lib.js');
}

interface MemoryFigures {
  /** Median peak resident memory added by the verify, the message already in memory. */
  added: number;
  /** The same counted from before the message was read. */
  withMessage: number;
}

async function memoryRow(dir: string, lib: string, privateKey: CryptoKey) {
  const small = join(dir, 'warm-100kb.eml');
  writeFileSync(small, await makeSigned(100 * KB, 'relaxed', privateKey));
  const figures: Record<string, Record<'ours' | 'mailauth', MemoryFigures>> = {};
  for (const canon of ['relaxed', 'simple'] as const) {
    const big = join(dir, `${canon}-5mb.eml`);
    writeFileSync(big, await makeSigned(5 * MB, canon, privateKey));
    const runs: Record<'ours' | 'mailauth', MemoryFigures[]> = { ours: [], mailauth: [] };
    for (let i = 0; i < MEMORY_RUNS; i++) {
      for (const which of i % 2 === 0 ? (['ours', 'mailauth'] as const) : (['mailauth', 'ours'] as const)) {
        const child = spawnSync(
          process.execPath,
          ['--expose-gc', 'bench/dkim-memory.mjs', which, lib, big, small],
          { encoding: 'utf8' },
        );
        if (child.status !== 0) throw new Error(`memory child ${which}: ${child.stderr}`);
        const out = JSON.parse(child.stdout) as MemoryFigures & { result: string };
        if (out.result !== 'pass') throw new Error(`memory child ${which}: ${out.result}`);
        runs[which].push(out);
      }
    }
    const pick = (which: 'ours' | 'mailauth') => ({
      added: median(runs[which].map((r) => r.added)),
      withMessage: median(runs[which].map((r) => r.withMessage)),
    });
    figures[canon] = { ours: pick('ours'), mailauth: pick('mailauth') };
    const f = figures[canon]!;
    console.log(
      `  peak memory of one 5 MB ${canon} verify (fresh process each, median of ${MEMORY_RUNS}): added by the verify ours ${mb(f.ours.added)}, mailauth ${mb(f.mailauth.added)} → ${x(f.ours.added / f.mailauth.added)}; with the message ours ${mb(f.ours.withMessage)}, mailauth ${mb(f.mailauth.withMessage)} → ${x(f.ours.withMessage / f.mailauth.withMessage)}`,
    );
  }
  return figures;
}

async function chromiumRow(lib: string, pem: string, record: string) {
  const browser = findBrowser();
  if (!browser.path) {
    console.log('  Chromium row skipped: no browser found (see scripts/find-browser.mjs).');
    return null;
  }
  const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof PlaywrightCore;
  const instance = await chromium.launch({
    executablePath: browser.path,
    args: ['--disable-gpu', '--disable-quic'],
  });
  try {
    const page = await instance.newPage();
    // A loopback origin is a secure context (crypto.subtle); both files are answered from memory.
    const code = readFileSync(lib, 'utf8');
    await page.route('http://127.0.0.1/**', (route) =>
      route.request().url().endsWith('.js')
        ? route.fulfill({ contentType: 'text/javascript', body: code })
        : route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>dkim bench</title>' }),
    );
    await page.goto('http://127.0.0.1/bench.html');
    const version = instance.version();
    // A string, not a function: Vite's module runner would rewrite a function's import() for Node.
    const args = JSON.stringify([pem, record, 25 * MB]);
    const result = (await page.evaluate(
      `import('http://127.0.0.1/dkim-lib.js').then((m) => m.browserRow(...${args}))`,
    )) as Record<string, Comparison>;
    for (const [name, r] of Object.entries(result))
      console.log(
        `  Chromium ${version} ${name} 25 MB: ours ${ms(r.oursMs)} ms, crypto.subtle.digest ${ms(r.peerMs)} ms → ${x(r.ratio)} (median of ${r.rounds})`,
      );
    return result;
  } finally {
    await instance.close();
  }
}

/** DKIM_BENCH_ROWS=node,memory,chromium (any subset) runs only those rows. */
const ROWS = new Set((process.env.DKIM_BENCH_ROWS ?? 'node,memory,chromium').split(','));
const SKIPPED = 'not measured (DKIM_BENCH_ROWS)';

export async function run(): Promise<void> {
  const pem = readFileSync(KEY, 'utf8');
  const record = readFileSync(RECORD, 'utf8').trim();
  const dir = mkdtempSync(join(tmpdir(), 'dkim-bench-'));
  try {
    const privateKey = await importPrivateKey(pem);
    const rows = ROWS.has('node') ? await nodeRows(record, privateKey) : null;
    const lib = await bundle(dir);
    const memory = ROWS.has('memory') ? await memoryRow(dir, lib, privateKey) : null;
    const browser = ROWS.has('chromium') ? await chromiumRow(lib, pem, record) : null;
    const r = (k: string) => x(rows![k]!.ratio);
    const b = (k: string) => x(browser![k]!.ratio);
    const m = (f: Record<'ours' | 'mailauth', MemoryFigures>) =>
      `${x(f.ours.added / f.mailauth.added)} (${mb(f.ours.added)} vs ${mb(f.mailauth.added)}) / ${x(f.ours.withMessage / f.mailauth.withMessage)} (${mb(f.ours.withMessage)} vs ${mb(f.mailauth.withMessage)})`;
    const table: Array<[string, string, string, string]> = [
      [
        '`verifyDkim` in Node vs mailauth, RSA 2048 relaxed, 100 KB / 5 MB bodies',
        '0.15× / 0.07× (simple c=: 0.06×)',
        rows
          ? `${r('relaxed 100 KB')} / ${r('relaxed 5 MB')} (simple c=: ${r('simple 100 KB')} / ${r('simple 5 MB')})`
          : SKIPPED,
        '≥ 1.0×',
      ],
      [
        'Body hash path in Chromium vs `crypto.subtle.digest` on a 25 MB body',
        '0.083× (whole verifyDkim 0.043×)',
        browser
          ? `${b('bodyHash-relaxed')} (simple c=: ${b('bodyHash-simple')}; whole verifyDkim ${b('verifyDkim')}; relaxed copied whole instead of streamed: ${b('bodyHash-relaxed-one-shot-copy')})`
          : ROWS.has('chromium')
            ? 'not measured (no browser)'
            : SKIPPED,
        '≥ 0.5×',
      ],
      [
        'Peak memory of a 5 MB verify vs mailauth (relaxed; added by the verify / with the message read)',
        '3.1× (48.9 MB vs 16.0 MB)',
        memory ? `${m(memory.relaxed!)}; simple c=: ${m(memory.simple!)}` : SKIPPED,
        '≤ 1.5×',
      ],
    ];
    console.log('\n| What | Today | Now | Goal |\n|---|---|---|---|');
    for (const row of table) console.log(`| ${row.join(' | ')} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
