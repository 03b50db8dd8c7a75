// Huge inputs on the header page: what a person sees and can do (result shown, page usable, cancel works). The
// longest main-thread task of each is attached to the test as a note; `npm run bench` prints it (no timing is
// asserted here: the machine's speed belongs to the bench).

import { expect, test, type Page } from '@playwright/test';
import {
  MB,
  dropPrepared,
  headerBlock,
  longestTask,
  pageWidth,
  pastePrepared,
  prepareBigMessage,
  prepareClipboard,
  signedMessage,
  watchLongTasks,
} from './support/big-inputs';
import { expectNoAxeViolations } from './support/axe';
import { mockDoh } from './support/doh';

/** Generous waits: a busy 2-core machine reads and parses 25 MB slowly, and that is not what is tested. */
const SLOW = { timeout: 120_000 };

async function note(page: Page, what: string) {
  test
    .info()
    .annotations.push({ type: 'longest task', description: `${what}: ${await longestTask(page)} ms` });
}

/** The page answers: the theme switch works while (or after) the Worker is busy. */
async function expectUsable(page: Page) {
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  await page.getByRole('button', { name: /theme/ }).click();
  await expect(html).not.toHaveAttribute('data-theme', before ?? '', SLOW);
}

test.describe('header page at scale', () => {
  test.describe.configure({ timeout: 300_000 });

  // A failure here is rare and load-dependent: print what the page said, so the CI log shows why.
  const said: string[] = [];
  test.beforeEach(({ page }) => {
    said.length = 0;
    page.on('console', (m) => void (m.type() === 'error' && said.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void said.push(`page error: ${e.message}`));
  });
  test.afterEach(async ({ page }, info) => {
    if (info.status === info.expectedStatus) return;
    const alerts = await page
      .getByRole('alert')
      .allInnerTexts()
      .catch(() => []);
    console.log([...said, ...alerts.map((a) => `alert: ${a}`)].join('\n') || 'The page said nothing.');
  });

  test('a 25 MB paste stays out of the text box, is analysed in the Worker, and its lists come in pages', async ({
    page,
  }) => {
    await page.goto('./#/headers');
    await prepareClipboard(page, { unit: headerBlock(), joiner: '\n', size: 25 * MB });
    await watchLongTasks(page);
    await pastePrepared(page);
    await expect(page.getByText(/Pasted text: 25\.0 MB, too large to show here/)).toBeVisible(SLOW);
    await expect(page.getByLabel('Message headers')).toHaveValue('');
    await expect(page.getByLabel('First lines')).toContainText('Return-Path:');
    await expectUsable(page);
    await expect(page.getByRole('heading', { name: 'All header fields (20000)' })).toBeVisible(SLOW);
    await note(page, '25 MB paste');
    // Long lists (here the Authentication-Results fields) are paged with counts, and a page turns.
    const results = page.getByRole('navigation', { name: 'Pages of Authentication-Results fields' });
    await expect(results.getByRole('status')).toHaveText(/^Authentication-Results fields 1–50 of [\d,]+$/);
    await results.getByRole('button', { name: 'Next' }).click();
    await expect(results.getByRole('status')).toHaveText(/^Authentication-Results fields 51–100 of [\d,]+$/);
  });

  test('a 25 MB message is verified in the Worker with progress, and a verification can be cancelled', async ({
    page,
  }) => {
    await mockDoh(page, { delayMs: 1500 });
    await page.goto('./#/headers');
    await prepareBigMessage(page, signedMessage());
    await dropPrepared(page);
    await expect(page.getByText(/huge-signed\.eml: 25\.0 MB, too large to show here/)).toBeVisible(SLOW);
    const card = page.getByRole('region', { name: 'Verify the signatures' });
    await expect(card.getByRole('button', { name: 'Verify signatures' })).toBeVisible(SLOW);
    // Cancel: the card offers the verification again and shows no result.
    await card.getByRole('button', { name: 'Verify signatures' }).click();
    await expect(card.getByRole('button', { name: 'Verifying…' })).toBeDisabled();
    await card.getByRole('button', { name: 'Cancel' }).click();
    await expect(card.getByRole('button', { name: 'Verify signatures' })).toBeEnabled(SLOW);
    await expect(card.getByText(/^DKIM /)).toHaveCount(0);
    // A whole run: the body no longer matches the signatures, and the page says so.
    await watchLongTasks(page);
    await card.getByRole('button', { name: 'Verify signatures' }).click();
    await expect(card.getByText(/key lookups? answered/)).toBeVisible(SLOW);
    await expectUsable(page);
    await expect(card.getByText('DKIM fail').first()).toBeVisible(SLOW);
    await note(page, '25 MB verify');
  });

  test('a 10 MB header line and a 1 MB Subject without spaces neither freeze nor widen the page', async ({
    page,
  }) => {
    await page.goto('./#/headers');
    const head = 'From: A <a@example.com>\nTo: b@example.org\nX-Long: ';
    await prepareClipboard(page, {
      unit: 'x',
      joiner: '',
      size: 10 * MB,
      prefix: head,
      suffix: '\nSubject: hi\n',
    });
    await watchLongTasks(page);
    await pastePrepared(page);
    await expect(page.getByRole('heading', { name: 'All header fields (4)' })).toBeVisible(SLOW);
    await note(page, '10 MB line');
    await page.getByRole('button', { name: 'Clear' }).click();

    const subject = 'Subject: ';
    await prepareClipboard(page, { unit: 'y', joiner: '', size: MB + 10, prefix: subject, suffix: '\n' });
    await pastePrepared(page);
    const summary = page.getByRole('region', { name: 'Message', exact: true });
    const showAll = summary.getByRole('button', { name: /^Show all \([\d,]+ characters\)$/ });
    await expect(showAll).toBeVisible(SLOW);
    let width = await pageWidth(page);
    expect(width.scroll).toBeLessThanOrEqual(width.client);
    await watchLongTasks(page);
    await showAll.click();
    await expect(summary.getByRole('button', { name: 'Show more' })).toBeVisible(SLOW);
    width = await pageWidth(page);
    expect(width.scroll).toBeLessThanOrEqual(width.client);
    await note(page, '1 MB Subject, show all');
    await expectUsable(page);
    await expectNoAxeViolations(page);
  });

  test('20,000 hops are counted and paged, not all rendered', async ({ page }) => {
    await page.goto('./#/headers');
    const received =
      'Received: from relay.example.net (relay.example.net [192.0.2.1]) by mx.example.com with ESMTPS; Thu, 4 Dec 2025 10:00:00 +0000';
    await prepareClipboard(page, { unit: received, joiner: '\n', size: 20_000 * (received.length + 1) - 1 });
    await watchLongTasks(page);
    await pastePrepared(page);
    await expect(page.getByRole('heading', { name: 'Route: 20000 hops' })).toBeVisible(SLOW);
    await note(page, '20,000 hops');
    await expect(page.locator('.hops > li')).toHaveCount(50);
    const pager = page.getByRole('navigation', { name: 'Pages of hops' });
    // Generous waits: each page comes from the Worker, which a parallel 25 MB test may keep busy.
    await expect(pager.getByRole('status')).toHaveText('hops 1–50 of 20,000', SLOW);
    await pager.getByRole('button', { name: 'Last' }).click();
    await expect(pager.getByRole('status')).toHaveText('hops 19,951–20,000 of 20,000', SLOW);
    await expectUsable(page);
    await expectNoAxeViolations(page);
    // "Edit as text" puts the paste in the box on demand.
    await page.getByRole('button', { name: 'Edit as text' }).click();
    await expect(page.getByLabel('Message headers')).toHaveValue(/^Received: from relay/, SLOW);
  });
});
