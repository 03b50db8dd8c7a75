// Review 3, findings 1, 2 and 13: the verdict card tells a spoofed message's recipient what to do, never contradicts
// the receiver's enforced dmarc=fail, and says a From domain gone from DNS once, without guessing at causes.

import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { mockDoh } from './support/doh';

const SHOTS = 'test-results/screenshots/headers-advice';

/** Full-page and verdict-card screenshots at 1280 and 390 px; the page must not be wider than the window. */
async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    await page.locator('section.verdict').screenshot({ path: `${SHOTS}/${name}-${width}-verdict.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The header page, DoH answered from the fixtures, with one built-in example loaded: its verdict card, once it shows `badge`. */
async function example(page: Page, name: string, badge: string): Promise<Locator> {
  await mockDoh(page);
  await page.goto('./#/headers');
  await page.getByRole('button', { name, exact: true }).click();
  const card = page.locator('section.verdict');
  await expect(card.getByText(badge, { exact: true })).toBeVisible();
  return card;
}

/** The header page, DoH answered from the fixtures, with a fixture file pasted and analysed: its verdict card. */
async function pasted(page: Page, path: string): Promise<Locator> {
  await mockDoh(page);
  await page.goto('./#/headers');
  await page.getByLabel('Message headers').fill(readFileSync(path, 'latin1'));
  await page.getByRole('button', { name: 'Analyse' }).click();
  return page.locator('section.verdict');
}

test.describe('header verdict advice', () => {
  test('a spoofed From under SPF -all and p=reject: probably not from the domain, advice for the recipient', async ({
    page,
  }) => {
    const card = await pasted(page, 'tests/fixtures/headers/review-spoof-reject.eml');
    await expect(card.getByText('DMARC fail', { exact: true })).toBeVisible();
    await expect(card.locator('.sentence')).toHaveText(
      /^Probably not from good\.example: its SPF record does not authorize the server 203\.0\.113\.66/,
    );
    await expect(card.locator('.sentence')).toContainText(
      'Replies would go to payments@lookalike-good.example, outside good.example.',
    );
    await expect(card.locator('.fix')).toHaveText(/^What to do: For the recipient: treat it as phishing\./);
    await expect(card.locator('.fix')).toContainText('For good.example’s owner: nothing to change');
    await expect(card).not.toContainText('Authorize the sending server');
    await expect(card.locator('.detail')).toContainText(
      'The receiver put it in spam or quarantine instead of rejecting it (p=reject, dis=quarantine)',
    );
    await page.getByRole('button', { name: 'Look up the DMARC policy of good.example' }).click();
    await expect(card.getByText(/Policy reject from _dmarc\.good\.example/)).toBeVisible();
    await expect(card.locator('.detail')).toContainText(
      '(p=reject) asks receivers to refuse such mail, as it should.',
    );
    await expectNoAxeViolations(page);
    await shots(page, 'spoof');
  });

  test('Outlook example: no record today does not contradict the receiver’s enforced dmarc=fail', async ({
    page,
  }) => {
    const card = await example(page, 'Outlook (compauth)', 'DMARC fail');
    await page.getByRole('button', { name: 'Look up the DMARC policy of shop.example' }).click();
    await expect(card).toContainText(
      'shop.example publishes no usable DMARC record today, but the receiver evaluated one when the message arrived (dmarc=fail, action quarantine)',
    );
    await expect(card).not.toContainText('receivers apply no DMARC policy');
    await shots(page, 'outlook-lookup');
  });

  test('a list message signed twice by the list: each signing domain named once', async ({ page }) => {
    const sentence = (await pasted(page, 'tests/fixtures/arc/stalwart/001.txt')).locator('.sentence');
    await expect(sentence).toContainText('DKIM passed only for ietf.org, not aligned with stalw.art');
    await expect(sentence).not.toContainText('ietf.org, ietf.org');
  });

  test('Gmail example with a From domain gone from DNS: said once, no rotated key, no edited record', async ({
    page,
  }) => {
    const card = await example(page, 'Gmail', 'DMARC cannot be judged');
    const headline = (await card.locator('.sentence').textContent())!.trim();
    await page
      .getByRole('region', { name: 'Verify the signatures' })
      .getByRole('button', { name: 'Verify signatures' })
      .click();
    await expect(card.locator('.detail')).toContainText(
      'ekiri.ee does not exist in DNS today (NXDOMAIN), so it publishes no key.',
    );
    await expect(card).not.toContainText('rotated');
    // The headline stays the conclusion: what the check found is below it, not folded into it.
    await expect(card.locator('.sentence')).toHaveText(headline);
    await expect(card.getByRole('button', { name: /Show all/ })).toHaveCount(0);
    const spf = page.getByRole('region', { name: 'SPF today for the connecting IP' });
    await spf.getByRole('button', { name: 'Re-check SPF for this IP now' }).click();
    await expect(spf.getByText('SPF none')).toBeVisible({ timeout: 15_000 });
    await expect(spf).toContainText('ekiri.ee does not exist in DNS today (NXDOMAIN)');
    await expect(spf).not.toContainText('the SPF record was edited');
    await expect(spf.getByText(/does not exist/)).toHaveCount(1);
    await shots(page, 'gmail-nxdomain');
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await spf.screenshot({ path: `${SHOTS}/gmail-nxdomain-spf-${width}.png` });
    }
  });
});
