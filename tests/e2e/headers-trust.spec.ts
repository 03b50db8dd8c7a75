import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { mockDoh } from './support/doh';

const SHOTS = 'test-results/screenshots/headers-trust';

/** Full-page screenshots at 1280 and 390 px; the page must not be wider than the window at either. */
async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    await page.getByRole('heading', { level: 2 }).nth(1).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/${name}-${width}-view.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** One card at 1280 and 390 px. */
async function cardShots(page: Page, card: Locator, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: `${SHOTS}/${name}-${width}.png` });
  }
}

async function analyse(page: Page, text: string): Promise<void> {
  await page.goto('./#/headers');
  await page.getByLabel('Message headers').fill(text);
  await page.getByRole('button', { name: 'Analyse' }).click();
}

const newsletter = [
  'Authentication-Results: spf=pass (sender IP is 203.0.113.44) smtp.mailfrom=bounce.news.headtrust.example; dkim=pass (signature was verified) header.d=news.headtrust.example;dmarc=fail action=oreject header.from=brand.example;compauth=fail reason=000',
  'X-Forefront-Antispam-Report: CIP:203.0.113.44;CTRY:NL;LANG:en;SCL:5;SRV:BULK;IPV:NLI;SFV:SPM;H:out.esp.example;PTR:out.esp.example;CAT:SPOOF;SFTY:9.25;DIR:INB;',
  'X-Microsoft-Antispam: BCL:7;PCL:0;',
  'X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;auth:0;dest:J;OFR:SpamFilterAuthJ;',
  'Received: from out.esp.example (203.0.113.44) by AM4PEPF00027A5F.mail.protection.outlook.com (10.167.16.73) with Microsoft SMTP Server; Mon, 1 Jan 2024 10:00:05 +0000',
  'DKIM-Signature: v=1; a=rsa-sha256; d=news.headtrust.example; s=s1; h=from:to:subject:list-unsubscribe:list-unsubscribe-post; bh=AA==; b=BBBBBBBB',
  'List-Unsubscribe: <https://news.headtrust.example/u/1>',
  'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
  'From: News <news@brand.example>',
  'From: Security <security@bank.example>',
  'To: reader@outlook.example',
  'Subject: Weekly \u202Efdp.exe',
  `Message-ID: <${'x'.repeat(20_000)}@headtrust.example>`,
].join('\n');

test.describe('header analysis: trust, stories and signals', () => {
  test('trust labels: a sending provider’s results are upstream, the verdict cannot be judged', async ({
    page,
  }) => {
    await analyse(
      page,
      [
        'Received: from relay.provider.example (relay.provider.example [198.51.100.9]) by mx.final.example (Postfix) with ESMTPS id 1; Mon, 1 Jan 2024 10:00:05 +0000',
        'Authentication-Results: relay.provider.example; spf=fail smtp.mailfrom=shop.example; dkim=none; dmarc=fail header.from=shop.example',
        'Received: from laptop by relay.provider.example; Mon, 1 Jan 2024 10:00:00 +0000',
        'From: a@shop.example',
      ].join('\n'),
    );
    await expect(page.getByText('DMARC cannot be judged', { exact: true })).toBeVisible();
    await expect(
      page.getByText(/final receiver \(final\.example\) added no Authentication-Results/),
    ).toBeVisible();
    await expect(page.getByText('upstream claim')).toBeVisible();
    await expect(page.getByText(/Authorize the sending server/)).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test('the forwarding story names the list and gives the fix to the list', async ({ page }) => {
    await analyse(
      page,
      [
        'Authentication-Results: mx.final.example; dkim=fail header.d=author.example; spf=pass smtp.mailfrom=lists.example.org; dmarc=fail header.from=author.example',
        'Received: from mail.lists.example.org by mx.final.example; Mon, 1 Jan 2024 10:00:05 +0000',
        'List-Id: Users <users.lists.example.org>',
        'Authentication-Results: mail.lists.example.org; dkim=pass header.d=author.example; spf=pass smtp.mailfrom=author.example; dmarc=pass header.from=author.example',
        'Received: from out.author.example by mail.lists.example.org; Mon, 1 Jan 2024 10:00:00 +0000',
        'Subject: [users] hello',
        'From: a@author.example',
      ].join('\n'),
    );
    const card = page.getByRole('region', { name: /Sent through a mailing list/ });
    await expect(card).toContainText('users.lists.example.org');
    await expect(card).toContainText(/lists often tag the Subject or add a footer/);
    // The list's own Authentication-Results are an upstream claim: the story is not built from them.
    await expect(card).not.toContainText(/passed at the first hop/);
    await expect(card).toContainText(/DKIM signature \(d=author\.example\) no longer verifies/);
    // A fail: the verdict gives the story's fix as its own, and the card does not say it again.
    const verdict = page.locator('section.verdict');
    await expect(verdict.locator('.fix')).toContainText(/author\.example has nothing to change/);
    await expect(card).not.toContainText(/Who can fix it|nothing to change/);
    await expect(verdict.locator('.sentence')).not.toContainText(/came through the list/);
    await expectNoAxeViolations(page);
    await shots(page, 'forwarding-list');
  });

  test('forwarded through Gmail (mailauth arc-fail): the author without aligned DKIM is told to sign', async ({
    page,
  }) => {
    await analyse(page, readFileSync('tests/fixtures/headers/arc-fail.eml', 'utf8'));
    const card = page.getByRole('region', { name: /^Forwarded/ });
    // A fail: the fix is the verdict's "What to change", said there once.
    const fix = page.locator('section.verdict .fix');
    await expect(fix).toContainText(/zone\.ee should sign its mail with DKIM for zone\.ee \(d=zone\.ee\)/);
    await expect(fix).toContainText(/already ARC-sealed the message .* own envelope domain \(tr\.ee\)/);
    await expect(fix).not.toContainText(/nothing to change|trusted ARC sealers|should ARC-seal/);
    await expect(card).not.toContainText(/Who can fix it/);
    await cardShots(page, card, 'forwarding-arc-fail');
  });

  test('duplicate From, Microsoft anti-spam card, one-click unsubscribe card, bidi and a 20 KB Message-ID', async ({
    page,
  }) => {
    await analyse(page, newsletter);
    await expect(page.getByText('2 From fields')).toBeVisible();
    const ms = page.getByRole('region', { name: 'Microsoft 365 anti-spam verdict' });
    await expect(ms).toContainText(/Override reject/);
    await expect(ms).toContainText(/Junk Email folder/);
    await expect(ms.getByRole('row', { name: /^BCL/ })).toContainText(/mixed number of complaints/);
    const bulk = page.getByRole('region', { name: 'Bulk-sender requirements in this message' });
    await expect(bulk).toContainText('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    await expect(bulk.getByRole('link', { name: /bulk-sender readiness/ })).toHaveAttribute(
      'href',
      '#/domain/brand.example',
    );
    await expect(page.getByText('Weekly ⟨U+202E⟩fdp.exe').first()).toBeVisible();
    await expectNoAxeViolations(page);
    await shots(page, 'microsoft-bulk');
    await page.setViewportSize({ width: 390, height: 900 });
    await ms.screenshot({ path: `${SHOTS}/microsoft-card-390.png` });
    await bulk.screenshot({ path: `${SHOTS}/bulk-card-390.png` });
  });

  test('live SPF re-check of the connecting IP, over DoH from the fixtures', async ({ page }) => {
    const doh = await mockDoh(page);
    await analyse(page, newsletter);
    const card = page.getByRole('region', { name: 'SPF today for the connecting IP' });
    await expect(card).toContainText('203.0.113.44');
    await card.getByRole('button', { name: 'Re-check SPF for this IP now' }).click();
    await expect(card.getByText('SPF pass')).toBeVisible({ timeout: 15_000 });
    await expect(card).toContainText('ip4:203.0.113.0/24');
    expect(doh.asked.some((q) => q.startsWith('_spf.esp.headtrust.example TXT'))).toBe(true);
    await expectNoAxeViolations(page);
    await shots(page, 'spf-recheck');
    await page.setViewportSize({ width: 390, height: 900 });
    await card.screenshot({ path: `${SHOTS}/spf-card-390.png` });
  });

  test('a re-check whose DNS times out says could not check, never that the result changed', async ({
    page,
  }) => {
    await mockDoh(page);
    await analyse(
      page,
      [
        'Authentication-Results: mx.final.example; spf=pass smtp.mailfrom=bounce@slow.example smtp.remote-ip=192.0.2.30',
        'From: info@slow.example',
      ].join('\n'),
    );
    const card = page.getByRole('region', { name: 'SPF today for the connecting IP' });
    await card.getByRole('button', { name: 'Re-check SPF for this IP now' }).click();
    await expect(card.getByText('SPF temperror')).toBeVisible({ timeout: 30_000 });
    await expect(card).toContainText('says nothing about whether the result changed');
    await expect(card).not.toContainText('The result changed');
    await card.screenshot({ path: `${SHOTS}/spf-card-temperror-1280.png` });
    await page.setViewportSize({ width: 390, height: 900 });
    await card.screenshot({ path: `${SHOTS}/spf-card-temperror-390.png` });
  });

  test('SPF re-check: an internal hop’s private address is never re-checked; the IP reads unknown', async ({
    page,
  }) => {
    // The mailbox server checked SPF on what it took from an internal gateway at 10.20.0.5, naming no IP.
    const internal = `Received: from gateway.receiver.example (gateway.receiver.example [10.20.0.5]) by mailbox.receiver.example; Sat, 05 Dec 2026 10:00:05 +0000
Authentication-Results: mailbox.receiver.example; spf=pass smtp.mailfrom=alice@good.example
From: Alice <alice@good.example>`;
    await mockDoh(page);
    await analyse(page, internal);
    const card = page.getByRole('region', { name: 'SPF today for the connecting IP' });
    await expect(card).toContainText('but the connecting IP is unknown');
    await expect(card).toContainText('10.20.0.5, a private (RFC 1918) address: an internal hop');
    await expect(card.getByRole('button', { name: 'Re-check SPF for this IP now' })).toHaveCount(0);
    await cardShots(page, card, 'spf-card-ip-unknown');
  });

  test('binary input is not a verdict', async ({ page }) => {
    await analyse(
      page,
      `${Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 37) % 32)).join('')}x`,
    );
    await expect(page.getByText('This does not look like message headers')).toBeVisible();
    await expect(page.getByText(/^DMARC /)).toHaveCount(0);
  });

  test('body text shaped like “Thanks: Bob” is not a header section', async ({ page }) => {
    await analyse(page, 'Dear team: please find attached.\nThanks: Bob\n');
    await expect(page.getByText('This does not look like message headers')).toBeVisible();
    await expect(page.getByText('No From address')).toHaveCount(0);
    await expect(page.getByText(/before the first header field/)).toHaveCount(0);
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/body-text-not-headers-${width}.png`, fullPage: true });
    }
  });
});
