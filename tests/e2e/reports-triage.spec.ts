// Reports a person acts on: what a policy in force did to the domain's own mail, and a chart over years that stays
// readable without freezing the page (the longest main-thread task is printed, not asserted: benchmarks are not tests).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { mockDoh } from './support/doh';
import { screenshots } from './support/screens';

const file = (path: string) => ({
  name: path.split('/').at(-1)!,
  mimeType: 'application/octet-stream',
  buffer: readFileSync(path),
});

/** Records every main-thread task over 50 ms (Long Tasks API) from the first script on. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    // Counted from the first drop on: the app's own start-up is not what these tests look at.
    addEventListener('change', () => (w.__longest = 0), { capture: true, once: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * Prints the longest task since the last note, and starts over. The steps measured wait with CSS locators only:
 * role queries walk the whole page in the main thread and would count as the page's own tasks.
 */
async function noteLongest(page: Page, what: string): Promise<void> {
  // Let the last render settle before reading.
  await page.waitForTimeout(500);
  const ms = await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    const longest = w.__longest;
    w.__longest = 0;
    return longest;
  });
  const description = `${what}: ${ms === 0 ? 'none over 50 ms' : `${Math.round(ms)} ms`}`;
  test.info().annotations.push({ type: 'longest main-thread task', description });
  console.log(`longest main-thread task, ${description}`);
}

/** The Reports page, with long tasks recorded from the first drop on, or DoH answered from the zone fixtures. */
async function openReports(page: Page, with_: { longTasks?: boolean; doh?: boolean } = {}): Promise<void> {
  if (with_.longTasks) await watchLongTasks(page);
  if (with_.doh) await mockDoh(page);
  await page.goto('./#/reports');
}

/** The longest task while a drop is read and shown, then on Sources, then back on the Overview. */
async function measureTabs(page: Page, what: string): Promise<void> {
  await page.locator('#chart-h').waitFor({ timeout: 60_000 });
  await noteLongest(page, `${what}, read and shown`);
  for (const [tab, heading] of [
    ['Sources', '#sources-h'],
    ['Overview', '#chart-h'],
  ] as const) {
    await page
      .locator('button')
      .filter({ hasText: new RegExp(`^${tab}$`) })
      .click();
    await page.locator(heading).waitFor();
    await noteLongest(page, `${what}, ${tab}`);
  }
}

const shots = (page: Page, name: string) => screenshots(page, `reports/${name}`);

test.describe.configure({ timeout: 120_000 });

test('a domain at p=reject: the Overview says how many of its own messages were rejected, and offers no next step', async ({
  page,
}) => {
  await openReports(page);
  await page
    .getByLabel('Report files to read')
    .setInputFiles([
      file('tests/fixtures/reports/written/google.com!good.example!1764460800!1764547199.xml'),
    ]);
  const card = page.getByRole('region', { name: 'Your own mail under p=reject on good.example' });
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card).toContainText('220 of your own messages were rejected');
  await expect(card).toContainText(
    'p=reject is in force, so receivers refuse your own mail that fails DMARC',
  );
  await expect(card.getByRole('listitem').first()).toContainText(
    'Microsoft 365 / Outlook: 220 failing messages, 220 rejected by receivers',
  );
  await expect(card).not.toContainText('Next step');
  await expect(card).not.toContainText('would fail');
  await expect(page.getByRole('region', { name: /Ready to enforce/ })).toHaveCount(0);
  await shots(page, 'already-reject');
});

test('reports from 2018 to 2024: one chart column per month, said on the chart', async ({ page }) => {
  await openReports(page, { longTasks: true });
  const dir = 'tests/fixtures/reports/aggregate/parsedmarc/';
  await page
    .getByLabel('Report files to read')
    .setInputFiles(
      [
        '!example.com!1538204542!1538463818.xml',
        'protection.outlook.com!example.com!1711756800!1711843200.xml',
      ].map((n) => file(dir + n)),
    );
  await measureTabs(page, 'two reports, 2018 to 2024');
  const chart = page.getByRole('region', { name: 'Messages per month, by outcome' });
  await expect(chart).toBeVisible();
  await expect(chart).toContainText(/The reports span 2,0\d\d days: one column per month/);
  await expect(
    chart.getByRole('img', { name: /Messages per month by DMARC outcome, 2018-10-01 to 2024-03-30/ }),
  ).toBeVisible();
  await chart.getByText('Show the chart as a table').click();
  await expect(chart.getByRole('columnheader', { name: 'Month (UTC)' })).toBeVisible();
  await expect(chart.getByRole('row', { name: /^2024-03 / })).toBeVisible();
  await shots(page, 'span-2018-2024');
});

test('every aggregate fixture at once: the chart is bucketed and the page stays responsive', async ({
  page,
}) => {
  await openReports(page, { longTasks: true });
  await page.getByLabel('Report folder to read').setInputFiles('tests/fixtures/reports/aggregate');
  await measureTabs(page, 'all aggregate fixtures');
  await expect(page.getByRole('heading', { name: /^Read \d+ files$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Messages per (week|month), by outcome$/ })).toBeVisible();
});

test('TLS reports only: failures under MTA-STS enforce are red with the fix for the MX operator; only filters that fit', async ({
  page,
}) => {
  await openReports(page);
  const dir = 'tests/fixtures/reports/tlsrpt/';
  await page
    .getByLabel('Report files to read')
    .setInputFiles(
      ['google-shape.json', 'microsoft-shape.json', 'missing-optional.json', 'rfc8460-example.json'].map(
        (n) => file(dir + n),
      ),
    );
  await expect(page.getByRole('heading', { name: 'Read 4 files' })).toBeVisible({ timeout: 20_000 });
  const filters = page.getByRole('form', { name: 'Filters' });
  await expect(filters.getByLabel('Reporter')).toBeVisible();
  await expect(filters.getByLabel('Source IP')).toHaveCount(0);
  await expect(filters.getByLabel('Result')).toHaveCount(0);
  await page.getByRole('button', { name: /TLS reports/ }).click();
  const broken = page.getByRole('region', { name: 'Inbound TLS for broken.example' });
  await expect(broken).toContainText('Error');
  await expect(broken).toContainText('37 of 42 sessions failed: senders refused to deliver');
  await expect(broken).toContainText(
    'Fix: For whoever runs mail.broken.example: Renew the MX certificate (and automate renewal).',
  );
  const good = page.getByRole('region', { name: 'Inbound TLS for good.example' });
  await expect(good).toContainText('1 of 416 sessions failed: a small share to watch');
  await expect(good).not.toContainText('Warning');
  await shots(page, 'tls-graded');
});

test('failure reports only: groups titled in words, and no DMARC result filter', async ({ page }) => {
  await openReports(page);
  await page.getByLabel('Report folder to read').setInputFiles('tests/fixtures/reports/failure/stalwart');
  await expect(page.getByRole('heading', { name: /^Read \d+ files$/ })).toBeVisible({ timeout: 20_000 });
  const filters = page.getByRole('form', { name: 'Filters' });
  await expect(filters.getByLabel('Source IP')).toBeVisible();
  await expect(filters.getByLabel('Result')).toHaveCount(0);
  await page.getByRole('button', { name: /Failure reports/ }).click();
  const list = page.getByRole('region', { name: 'Failure reports by source and failure' });
  await expect(
    list.getByRole('heading', { name: /Abuse complaint \(not an authentication failure\)/ }).first(),
  ).toBeVisible();
  await expect(list).not.toContainText(/ failure failure|— abuse failure/);
  await shots(page, 'failure-titles');
});

test('Sources: the unidentified group reads plainly; the re-check calls the forwarder a forwarder', async ({
  page,
}) => {
  await openReports(page, { doh: true });
  await page
    .getByLabel('Report files to read')
    .setInputFiles([
      file('tests/fixtures/reports/written/google.com!good.example!1764460800!1764547199.xml'),
    ]);
  await expect(page.getByRole('heading', { name: 'Read 1 file' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Sources' }).click();
  const sources = page.getByRole('region', { name: 'Sources', exact: true });
  await expect(sources).toContainText(
    '14 other messages had no DKIM signature and passed SPF for no domain, and came from addresses that never send mail passing DMARC.',
  );
  await expect(sources).not.toContainText('none of whose own mail passes');
  const recheck = page.getByRole('region', { name: 'Re-check today' });
  await recheck.getByRole('button', { name: 'Re-check good.example today' }).click();
  const row = recheck.getByRole('row').filter({ hasText: '209.85.220.41' });
  await expect(row).toContainText('a forwarder (the receivers said so), not one to add to SPF', {
    timeout: 60_000,
  });
  await expect(recheck.getByRole('row').filter({ hasText: '203.0.113.9' })).not.toContainText('forwarder');
  await shots(page, 'sources-forwarder');
});
