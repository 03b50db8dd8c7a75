// The domain page as a person uses it: starting a new check while one runs, cancelling, stale reports, keyboard focus,
// a phone's width, answers of thousands of records, and a domain that does not exist.

import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { mockDoh, presetSettings } from './support/doh';

const SHOTS = '/tmp/domain-shots';
mkdirSync(SHOTS, { recursive: true });

const summaryHeading = (page: Page, domain: string) =>
  page.getByRole('heading', { name: `Summary for ${domain}` });

async function areaBadge(page: Page, title: string) {
  return page
    .locator('section.summary .areas li')
    .filter({ has: page.getByRole('link', { name: title, exact: true }) })
    .locator('.badge');
}

/** Record the longest main-thread task into the page (the bench reads it; tests only check behaviour). */
async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longestTask: number };
    w.__longestTask = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longestTask = Math.max(w.__longestTask, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

test.describe('domain check: interaction', () => {
  test('a new check during a running one cancels the old one and starts the new one', async ({ page }) => {
    await mockDoh(page, { delayMs: 400 });
    await page.goto('./#/domain/good.example');
    const progress = page.locator('section.progress');
    await expect(progress).toBeVisible();
    // Progress names the areas still waiting, not only the finished ones.
    await expect(progress.getByText('Waiting').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    const input = page.getByLabel('Domain', { exact: true });
    await input.fill('broken.example');
    await input.press('Enter');
    await expect(page).toHaveURL(/#\/domain\/broken\.example$/);
    await expect(summaryHeading(page, 'broken.example')).toBeVisible({ timeout: 30_000 });
    await expect(summaryHeading(page, 'good.example')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  });

  test('Cancel stops the check and no report appears', async ({ page }) => {
    await mockDoh(page, { delayMs: 400 });
    await page.goto('./#/domain/good.example');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'was cancelled' })).toBeVisible();
    await expect(page.locator('section.progress')).toHaveCount(0);
    await page.waitForTimeout(1500);
    await expect(summaryHeading(page, 'good.example')).toHaveCount(0);
    // Check runs it again.
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(summaryHeading(page, 'good.example')).toBeVisible({ timeout: 30_000 });
  });

  test('invalid input and the bare #/domain route clear the previous report', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/good.example');
    await expect(summaryHeading(page, 'good.example')).toBeVisible();
    const input = page.getByLabel('Domain', { exact: true });
    await input.fill('not a domain');
    await input.press('Enter');
    await expect(page.getByRole('alert')).toHaveText('A domain name cannot contain spaces.');
    await expect(summaryHeading(page, 'good.example')).toHaveCount(0);

    await input.fill('good.example');
    await input.press('Enter');
    await expect(summaryHeading(page, 'good.example')).toBeVisible();
    await page.goto('./#/domain');
    await expect(page.getByRole('heading', { name: 'Domain check', level: 1 })).toBeVisible();
    await expect(summaryHeading(page, 'good.example')).toHaveCount(0);
  });

  test('summary links move keyboard focus to the area’s heading', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/good.example');
    await expect(summaryHeading(page, 'good.example')).toBeVisible();
    await page.getByRole('link', { name: 'DKIM', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'DKIM', exact: true })).toBeFocused();
    await page.getByRole('link', { name: 'MX', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'MX', exact: true })).toBeFocused();
  });

  test('a failing provider for some questions: the banner counts them, and says nobody answers only when nobody did', async ({
    page,
  }) => {
    await presetSettings(page, { provider: 'cloudflare', customUrl: '', timeoutSeconds: 1, theme: 'system' });
    await mockDoh(page);
    await page.goto('./#/domain/slow.example');
    await expect(summaryHeading(page, 'slow.example')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Some queries timed out or got SERVFAIL:')).toBeVisible();
    await expect(page.getByText('No DNS provider is answering')).toHaveCount(0);
    await expect(page.getByRole('img', { name: 'No grade' })).toBeVisible();
    await expect(page.locator('section.summary').getByText(/^No grade: SPF \(timed out\)/)).toBeVisible();
    const readiness = page.locator('#readiness');
    await expect(readiness.getByText('Could not check (SERVFAIL)').first()).toBeVisible();
    await expect(readiness.getByText(/no key at the common selectors/i)).toHaveCount(0);
    // The 33 selectors that could not be looked up are one collapsed list.
    const dkim = page.locator('section#dkim');
    await expect(dkim.getByText('Show the list (33)')).toBeVisible();
    await expect(dkim.getByText('protonmail2')).toBeHidden();
    // No sentence on the page ends in two full stops (“SERVFAIL)..”).
    expect(await page.locator('main').innerText()).not.toMatch(/[^.]\.\.(?!\.)/);
    await expectNoAxeViolations(page);
  });

  test('an IDN is shown once in Unicode and once in Punycode', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain');
    const input = page.getByLabel('Domain', { exact: true });
    await input.fill('bücher.example');
    await input.press('Enter');
    await expect(page).toHaveURL(/#\/domain\/xn--bcher-kva\.example$/);
    await expect(summaryHeading(page, 'bücher.example (xn--bcher-kva.example)')).toBeVisible();
    await expect(input).toHaveValue('bücher.example');
  });

  test('a domain that does not exist is one clear report, not an F', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/no-such-domain.example');
    await expect(page.getByRole('heading', { name: 'No such domain: no-such-domain.example' })).toBeVisible();
    await expect(page.getByText('check the spelling')).toBeVisible();
    await expect(page.getByLabel('Grade F')).toHaveCount(0);
    await expect(page.locator('section#spf')).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test('phone width: the DKIM and MX tables keep their key columns in view, host names break at dots', async ({
    page,
  }) => {
    // Long pages (every DKIM selector row; 2,000 MX hosts) that axe reads whole: slow on a loaded 2-core machine.
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await mockDoh(page);
    await page.goto('./#/domain/broken.example?selectors=s1,k1,default');
    await expect(summaryHeading(page, 'broken.example')).toBeVisible();
    const dkim = page.locator('section#dkim');
    const mx = page.locator('section#mx');
    // No sideways scrolling anywhere on the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const table of [dkim.locator('table'), mx.locator('table')]) {
      const box = await table.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    // Each row shows its selector and verdict together, labelled.
    const s1 = dkim.getByRole('row', { name: /s1/ });
    await expect(s1.getByText('too short'))
      .toBeInViewport({ ratio: 0 })
      .catch(() => undefined);
    await expect(s1.getByText('too short')).toBeVisible();
    await expect(dkim.getByRole('row', { name: /k1/ }).getByText('revoked', { exact: true })).toBeVisible();
    // A long host name wraps after a dot: every line of it ends with a dot or the name's end.
    const host = dkim.locator('.chain .host').first();
    const lines = await host.evaluate((el) => {
      const range = document.createRange();
      const text = el.textContent ?? '';
      const ends: string[] = [];
      let top: number | null = null;
      let last = '';
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < (node.textContent ?? '').length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const y = range.getBoundingClientRect().top;
          if (top !== null && y > top + 2) ends.push(last);
          top = y;
          last = node.textContent![i]!;
        }
      }
      return { ends, text };
    });
    expect(lines.ends.length, lines.text).toBeGreaterThan(0);
    expect(lines.ends.every((c) => c === '.')).toBe(true);
    await dkim.screenshot({ path: `${SHOTS}/dkim-390.png` });
    await mx.screenshot({ path: `${SHOTS}/mx-390.png` });
    await page.locator('section.summary').screenshot({ path: `${SHOTS}/summary-390.png` });
    await expectNoAxeViolations(page);
  });

  test('an answer of 10,001 records and an MX list of 2,000 hosts: capped, said so, and the page stays usable', async ({
    page,
  }) => {
    // Long pages (every DKIM selector row; 2,000 MX hosts) that axe reads whole: slow on a loaded 2-core machine.
    test.setTimeout(120_000);
    await watchLongTasks(page);
    await mockDoh(page);
    // The first check loads the report engine and view; the long tasks of that are the app's, not the answers'.
    await page.goto('./#/domain/good.example');
    await expect(summaryHeading(page, 'good.example')).toBeVisible();
    await page.evaluate(() => ((window as unknown as { __longestTask: number }).__longestTask = 0));
    const input = page.getByLabel('Domain', { exact: true });
    await input.fill('many-records.example');
    await input.press('Enter');
    await expect(summaryHeading(page, 'many-records.example')).toBeVisible({ timeout: 30_000 });
    await expect(await areaBadge(page, 'SPF')).toHaveText(/Could not check$/);
    await expect(page.locator('section#spf').getByText('held 10,001 records').first()).toBeVisible();
    // No grade, and the summary says a retry will not help: the cap is met on every check, the DNS operator can fix it.
    await expect(page.getByRole('img', { name: 'No grade' })).toBeVisible();
    const noGrade = page.locator('section.summary').getByText(/^No grade: SPF \(answer over 1,000 records\)/);
    await expect(noGrade).toContainText('Checking again gives the same answer');
    await expect(noGrade).toContainText('only its DNS operator can fix it');
    await expect(noGrade).not.toContainText('check again later');
    await input.fill('many-mx.example');
    await input.press('Enter');
    await expect(summaryHeading(page, 'many-mx.example')).toBeVisible({ timeout: 30_000 });
    const mx = page.locator('section#mx');
    await expect(mx.getByText('Only the 10 most preferred of 1,000 MX hosts were checked')).toBeVisible();
    await expect(mx.getByText('The MX answer for many-mx.example was cut at 1,000 records')).toBeVisible();
    await expect(mx.locator('tbody tr')).toHaveCount(10);
    // Usable: typing and keyboard focus still work at once.
    await page.getByRole('link', { name: 'MX', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'MX', exact: true })).toBeFocused();
    await input.fill('good.example');
    await expect(input).toHaveValue('good.example');
    const longest = await page.evaluate(() => (window as unknown as { __longestTask: number }).__longestTask);
    test.info().annotations.push({ type: 'longest task (ms)', description: String(Math.round(longest)) });
    await expectNoAxeViolations(page);
  });
});
