import { defineConfig } from '@playwright/test';
// The config only looks for a browser; `npm test` (scripts/test.mjs) provisions one when none is found.
import { findBrowser } from './scripts/find-browser.mjs';

const browser = findBrowser();
// Other ports (E2E_PORT, E2E_DOH_PORT) let two checkouts run their e2e tests side by side.
const PREVIEW_PORT = Number(process.env.E2E_PORT ?? 4173);
export const FIXTURE_DOH_PORT = Number(process.env.E2E_DOH_PORT ?? 8053);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PREVIEW_PORT}/`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      ...(browser.path ? { executablePath: browser.path } : {}),
      args: ['--disable-gpu', '--disable-quic'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: `node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port ${PREVIEW_PORT} --strictPort`,
      url: `http://127.0.0.1:${PREVIEW_PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `node scripts/dns-fixtures-server.mjs --port ${FIXTURE_DOH_PORT}`,
      url: `http://127.0.0.1:${FIXTURE_DOH_PORT}/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
