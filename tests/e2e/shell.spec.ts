import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { CLOUDFLARE_HOST, mockDoh, presetSettings, watchRequests } from './support/doh';
import { FIXTURE_DOH_PORT } from '../../playwright.config';

const ROUTES: Array<[string, RegExp]> = [
  ['#/domain', /Domain check/],
  ['#/headers', /Header analysis/],
  ['#/generate/dmarc', /Record generators/],
  ['#/generate/spf', /Record generators/],
  ['#/generate/dkim', /Record generators/],
  ['#/generate/mta-sts', /Record generators/],
  ['#/generate/tls-rpt', /Record generators/],
  ['#/generate/bimi', /Record generators/],
  ['#/reports', /Reports/],
  ['#/settings', /Settings/],
  ['#/about', /About AuthLens/],
  ['#/nowhere', /Page not found/],
];

test.describe('app shell', () => {
  for (const [hash, heading] of ROUTES) {
    for (const theme of ['light', 'dark'] as const) {
      test(`${hash} loads with no axe violations (${theme})`, async ({ page }) => {
        await mockDoh(page);
        await page.emulateMedia({ colorScheme: theme });
        const violations: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') violations.push(m.text());
        });
        await page.goto(`./${hash}`);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
        await expectNoAxeViolations(page);
        expect(violations.filter((v) => /Content Security Policy|Refused/.test(v))).toEqual([]);
      });
    }
  }

  test('ships a strict Content-Security-Policy', async ({ page }) => {
    await page.goto('./');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  test('navigation is keyboard-usable and marks the current page', async ({ page }) => {
    await page.goto('./#/domain');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Settings' }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/settings$/);
    await expect(nav.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
  });

  test('theme toggle switches and persists across reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('./#/about');
    const html = page.locator('html');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lightBg = await bg();
    await page.getByRole('button', { name: /System theme/ }).click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    expect(await bg()).not.toBe(lightBg);
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('button', { name: /Dark theme/ }).click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.getByRole('button', { name: /Light theme/ }).click();
    await expect(html).not.toHaveAttribute('data-theme', /.+/);
    // Back on the system theme, the page follows the system as it changes.
    await expect(html).toHaveAttribute('data-scheme', 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(html).toHaveAttribute('data-scheme', 'dark');
    expect(await bg()).not.toBe(lightBg);
  });

  test('is usable at 360 px wide without horizontal scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await mockDoh(page);
    for (const [hash] of ROUTES) {
      await page.goto(`./${hash}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow on ${hash}`).toBeLessThanOrEqual(0);
    }
  });
});

test.describe('DNS traffic', () => {
  test('a domain permalink restores and re-runs the check after reload', async ({ page }) => {
    const mock = await mockDoh(page);
    await page.goto('./#/domain/good.example');
    await expect(page.getByLabel('Domain', { exact: true })).toHaveValue('good.example');
    await expect(page.getByRole('heading', { name: 'Summary for good.example' })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Domain', { exact: true })).toHaveValue('good.example');
    await expect(page.getByRole('heading', { name: 'Summary for good.example' })).toBeVisible();
    expect(mock.asked.length).toBeGreaterThan(0);
  });

  test('no request leaves for any host other than the app and the DoH endpoint', async ({
    page,
    baseURL,
  }) => {
    const seen = watchRequests(page);
    await mockDoh(page);
    for (const [hash] of ROUTES) await page.goto(`./${hash}`);
    await page.goto('./#/domain/good.example');
    await expect(page.getByRole('heading', { name: 'Summary for good.example' })).toBeVisible();
    const appHost = new URL(baseURL!).host;
    expect([...seen.hosts].sort()).toEqual([appHost, CLOUDFLARE_HOST].sort());
  });

  test('with Google chosen, only dns.google is asked', async ({ page, baseURL }) => {
    const seen = watchRequests(page);
    await presetSettings(page, { provider: 'google', customUrl: '', timeoutSeconds: 5, theme: 'system' });
    await mockDoh(page);
    await page.goto('./#/domain/good.example');
    await expect(page.getByRole('heading', { name: 'Summary for good.example' })).toBeVisible();
    expect([...seen.hosts].sort()).toEqual([new URL(baseURL!).host, 'dns.google'].sort());
  });

  test('a custom endpoint on another origin answers across origins with real CORS', async ({ page }) => {
    const seen = watchRequests(page);
    await page.goto('./#/settings');
    await page.getByLabel('Custom DoH JSON endpoint').check();
    await page.getByLabel('Endpoint URL').fill('ftp://nope');
    await expect(page.getByText(/must use https/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save DNS settings' })).toBeDisabled();
    await page.getByLabel('Endpoint URL').fill(`http://127.0.0.1:${FIXTURE_DOH_PORT}/dns-query`);
    await page.getByRole('button', { name: 'Save DNS settings' }).click();
    await expect(page.getByRole('status')).toContainText(`127.0.0.1:${FIXTURE_DOH_PORT}`);
    // Saving also tests the new provider: any DNS answer, NXDOMAIN included, shows it works.
    await expect(page.getByRole('status')).toContainText('The provider answered in');
    await page.goto('./#/domain/good.example');
    await expect(page.getByRole('heading', { name: 'Summary for good.example' })).toBeVisible();
    expect([...seen.hosts]).toContain(`127.0.0.1:${FIXTURE_DOH_PORT}`);
    expect([...seen.hosts]).not.toContain(CLOUDFLARE_HOST);
  });
});
