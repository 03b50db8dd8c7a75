// Find a Chromium for the e2e tests: Playwright's own browser, $CHROMIUM_PATH, a system Chromium, or (as root
// with apt-get) Debian's chromium package. `findBrowser()` only looks; `provisionBrowser()` may install.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function playwrightOwn() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** @returns {{ path: string | null, source: string }} */
export function findBrowser() {
  const env = process.env.CHROMIUM_PATH;
  if (env && existsSync(env)) return { path: env, source: 'CHROMIUM_PATH' };
  const own = playwrightOwn();
  if (own) return { path: own, source: "Playwright's own Chromium" };
  for (const path of SYSTEM_PATHS) if (existsSync(path)) return { path, source: 'system Chromium' };
  return { path: null, source: 'none' };
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Find a browser, installing Debian's chromium when running as root with apt-get; null with advice otherwise. */
export function provisionBrowser() {
  const found = findBrowser();
  if (found.path) return found;
  if (isRoot() && hasCommand('apt-get')) {
    console.log('No Chromium found: installing Debian’s chromium package (about a minute)…');
    try {
      execFileSync('apt-get', ['update'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (error) {
      console.error(`Installing chromium failed: ${error instanceof Error ? error.message : error}`);
    }
    const again = findBrowser();
    if (again.path) return { ...again, source: 'Debian chromium (installed now)' };
  }
  console.error(
    [
      'No Chromium browser found for the end-to-end tests. Do one of these, then run npm test again:',
      '  npx playwright install chromium            (Playwright’s own browser, needs internet access)',
      '  sudo apt-get install -y chromium           (Debian/Ubuntu)',
      '  export CHROMIUM_PATH=/path/to/chrome       (any Chromium or Chrome you already have)',
    ].join('\n'),
  );
  return found;
}
