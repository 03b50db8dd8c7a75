// The header page in Chromium with issue 12's inputs: the longest main-thread task (PerformanceObserver
// 'longtask') and the wall time to the result, for a 25 MB paste (analysed and rendered), a 25 MB .eml verified,
// one 10 MB header line, a 1 MB Subject without spaces ("show all" included) and 20,000 hops. Runs the built
// dist/ under `vite preview` (the bench builds first); medians of BENCH_PAGE_ROUNDS (3) runs, each in a fresh page
// after one warm-up that loads the engines. Skipped when no Chromium is found.

import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { findBrowser } from '../scripts/find-browser.mjs';
import {
  MB,
  dropPrepared,
  headerBlock,
  longestTask,
  pastePrepared,
  prepareBigMessage,
  prepareClipboard,
  signedMessage,
  watchLongTasks,
} from '../tests/e2e/support/big-inputs';
import { mockDoh } from '../tests/e2e/support/doh';
import { startPreview } from './preview';

const PORT = Number(process.env.BENCH_PAGE_PORT ?? process.env.E2E_PORT ?? 4199);
const ROUNDS = Number(process.env.BENCH_PAGE_ROUNDS ?? 3);
const SLOW = { timeout: 300_000 };

interface Scenario {
  name: string;
  /** Prepare the input (not measured). */
  setup: (page: Page) => Promise<void>;
  /** Act and wait for the result (measured). */
  act: (page: Page) => Promise<void>;
}

/**
 * Wait for a heading by a plain DOM check. Playwright's role queries compute accessible names over the whole page
 * on its main thread: on a page of results they are long tasks of their own, which this bench must not count.
 */
async function headingShown(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('h2, h3')].some((h) => h.textContent?.includes(t)),
    text,
    { ...SLOW, polling: 100 },
  );
}

const received =
  'Received: from relay.example.net (relay.example.net [192.0.2.1]) by mx.example.com with ESMTPS; Thu, 4 Dec 2025 10:00:00 +0000';

const SCENARIOS: Scenario[] = [
  {
    name: 'paste 25 MB of header fields, analyse, render',
    setup: (page) => prepareClipboard(page, { unit: headerBlock(), joiner: '\n', size: 25 * MB }),
    act: async (page) => {
      await pastePrepared(page);
      await headingShown(page, 'All header fields (20000)');
    },
  },
  {
    name: '"Verify signatures" on a 25 MB .eml',
    setup: async (page) => {
      await prepareBigMessage(page, signedMessage());
      await dropPrepared(page);
      await expect(page.getByRole('button', { name: 'Verify signatures' })).toBeVisible(SLOW);
    },
    act: async (page) => {
      const card = page.getByRole('region', { name: 'Verify the signatures' });
      await card.getByRole('button', { name: 'Verify signatures' }).click();
      await expect(card.getByText('DKIM fail').first()).toBeVisible(SLOW);
    },
  },
  {
    name: 'paste one 10 MB header line',
    setup: (page) =>
      prepareClipboard(page, {
        unit: 'x',
        joiner: '',
        size: 10 * MB,
        prefix: 'From: A <a@example.com>\nX-Long: ',
        suffix: '\nSubject: hi\n',
      }),
    act: async (page) => {
      await pastePrepared(page);
      await headingShown(page, 'All header fields (3)');
    },
  },
  {
    name: 'paste a 1 MB Subject without spaces, show all',
    setup: (page) =>
      prepareClipboard(page, { unit: 'y', joiner: '', size: MB + 10, prefix: 'Subject: ', suffix: '\n' }),
    act: async (page) => {
      await pastePrepared(page);
      const summary = page.getByRole('region', { name: 'Message', exact: true });
      await summary.getByRole('button', { name: /^Show all/ }).click(SLOW);
      await expect(summary.getByRole('button', { name: 'Show more' })).toBeVisible(SLOW);
    },
  },
  {
    name: 'paste 20,000 hops',
    setup: (page) =>
      prepareClipboard(page, { unit: received, joiner: '\n', size: 20_000 * (received.length + 1) - 1 }),
    act: async (page) => {
      await pastePrepared(page);
      await headingShown(page, 'Route: 20000 hops');
    },
  },
];

async function once(browser: Browser, scenario: Scenario): Promise<{ longest: number; wall: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  try {
    await mockDoh(page);
    await page.goto(`http://127.0.0.1:${PORT}/#/headers`);
    await expect(page.getByLabel('Message headers')).toBeVisible(SLOW);
    await scenario.setup(page);
    await watchLongTasks(page);
    const t = performance.now();
    await scenario.act(page);
    const wall = performance.now() - t;
    return { longest: await longestTask(page), wall };
  } finally {
    await page.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  const found = findBrowser();
  if (!found.path) {
    console.log('no Chromium found: the page bench is skipped');
    return;
  }
  const server = await startPreview(PORT);
  const browser = await chromium.launch({ executablePath: found.path, args: ['--disable-gpu'] });
  try {
    // Warm-up: the first analysis loads the Worker and the engines.
    await once(browser, SCENARIOS[4]!);
    console.log(`Header page in Chromium, medians of ${ROUNDS} runs (goal: every task < 100 ms)`);
    console.log('input                                             longest task   wall to result');
    for (const scenario of SCENARIOS) {
      const runs: Array<{ longest: number; wall: number }> = [];
      for (let r = 0; r < ROUNDS; r++) runs.push(await once(browser, scenario));
      const longest = median(runs.map((x) => x.longest));
      const wall = median(runs.map((x) => x.wall));
      console.log(
        `${scenario.name.padEnd(49)} ${`${Math.round(longest)} ms`.padEnd(14)} ${(wall / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    await browser.close();
    server.kill();
  }
}
