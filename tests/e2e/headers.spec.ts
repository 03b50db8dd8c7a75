import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { mockDoh, watchRequests } from './support/doh';
import { screenshots } from './support/screens';

const fixture = (name: string) => readFileSync(`tests/fixtures/headers/${name}`, 'utf8');

/** The receiver's results for a message whose SPF passed for its ESP's bounce domain, with no DKIM signature. */
const espResults = (dmarc = '') =>
  `Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=bounce@esp.example; dkim=none${dmarc}`;
const ESP_HOP = 'Received: from out.esp.example by mx.receiver.example; Mon, 1 Jan 2024 10:00:00 +0000';

/** Stalwart's signed two-hop message (manchego.org signs), and the same without the receivers' results. */
const chain = (() => {
  const text = readFileSync('tests/fixtures/arc/stalwart/002.txt', 'latin1');
  return text.slice(text.indexOf('\n\n') + 2);
})();
const withoutResults = (message: string) =>
  message.replace(/^Authentication-Results:.*\n(?:[ \t].*\n)*/gm, '');

/** Drop a message file on the page, as its bytes. */
const dropFile = (page: Page, name: string, body: string) =>
  page
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'message/rfc822', buffer: Buffer.from(body, 'latin1') });

/** Paste header lines into the box and analyse them. */
async function analyse(page: Page, lines: readonly string[]): Promise<void> {
  await page.getByLabel('Message headers').fill(lines.join('\n'));
  await page.getByRole('button', { name: 'Analyse' }).click();
}

/** Open the header page and analyse header lines there. */
async function analyseOnPage(page: Page, lines: readonly string[]): Promise<void> {
  await page.goto('./#/headers');
  await analyse(page, lines);
}

test.describe('header analysis', () => {
  test('Gmail headers: aligned but no policy known, hops, trusted results', async ({ page, baseURL }) => {
    const seen = watchRequests(page);
    await page.goto('./#/headers');
    await page.getByLabel('Message headers').fill(fixture('gmail-authtest.eml'));
    await page.getByRole('button', { name: 'Analyse' }).click();
    const verdict = page.getByRole('region', { name: /DMARC/ }).first();
    // No dmarc= from the receiver and no policy looked up: no green pass (RFC 9989 §4.10.1).
    await expect(page.getByText('DMARC cannot be judged', { exact: true })).toBeVisible();
    await expect(page.getByText(/The receiver reported spf=pass for ekiri\.ee/)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Route: 3 hops' })).toBeVisible();
    await expect(page.getByText('final receiver').first()).toBeVisible();
    await expect(page.getByRole('row', { name: /DKIM d=ekiri\.ee/ })).toContainText('passed and aligned');
    await expectNoAxeViolations(page);
    await screenshots(page, 'headers-gmail');
    void verdict;
    // Parsing is local: the page asked nothing of the network.
    expect([...seen.hosts]).toEqual([new URL(baseURL!).host]);
  });

  test('keyboard focus stays where the person is: Analyse, the policy lookup and Clear', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/headers');
    await page.getByLabel('Message headers').fill(fixture('gmail-authtest.eml'));
    const analyse = page.getByRole('button', { name: 'Analyse' });
    await analyse.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText('DMARC cannot be judged', { exact: true })).toBeVisible();
    await expect(analyse).toBeFocused();
    const lookup = page.getByRole('button', { name: /Look up the DMARC policy/ });
    await lookup.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.policy')).toBeFocused();
    await page.getByRole('button', { name: 'Clear' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Message headers')).toBeFocused();
  });

  test('Outlook headers: compauth explained and the DMARC fail with a fix', async ({ page }) => {
    await page.goto('./#/headers');
    await page.getByLabel('Message headers').fill(fixture('outlook-compauth.eml'));
    await page.getByRole('button', { name: 'Analyse' }).click();
    await expect(page.getByText('DMARC fail', { exact: true })).toBeVisible();
    await expect(
      page.getByText(/SPF passed for bounces\.mailer\.example, which is not aligned with shop\.example/),
    ).toBeVisible();
    await expect(page.getByText(/sign with DKIM for shop\.example/)).toBeVisible();
    await expect(page.getByText('Microsoft compauth=fail reason=000').first()).toBeVisible();
    await expect(page.getByText(/Explicit failure: the message failed DMARC/).first()).toBeVisible();
    await expect(page.getByText('Your weekly deals – 20% off').first()).toBeVisible();
    await screenshots(page, 'headers-outlook');
  });

  test('forwarded with ARC: the chain and the forwarding narrative', async ({ page }) => {
    await page.goto('./#/headers');
    await page.getByLabel('Message headers').fill(fixture('arc-pass.eml'));
    await page.getByRole('button', { name: 'Analyse' }).click();
    const arc = page.getByRole('region', { name: 'ARC (forwarding chain)' });
    await expect(arc.getByText('well formed')).toBeVisible();
    await expect(arc.getByText(/The message was forwarded/)).toBeVisible();
    await expect(arc.getByRole('row')).toHaveCount(3);
    await expectNoAxeViolations(page);
    await screenshots(page, 'headers-arc');
  });

  test('an XSS payload in a header renders as text', async ({ page }) => {
    let dialog = false;
    page.on('dialog', async (d) => {
      dialog = true;
      await d.dismiss();
    });
    await page.goto('./#/headers');
    const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    await page
      .getByLabel('Message headers')
      .fill(
        `From: "${payload}" <a@example.com>\nSubject: ${payload}\nAuthentication-Results: mx.example; dkim=pass header.d=example.com (${payload})\n`,
      );
    await page.getByRole('button', { name: 'Analyse' }).click();
    await expect(page.getByText(payload).first()).toBeVisible();
    expect(await page.locator('main img[src="x"], main script').count()).toBe(0);
    expect(dialog).toBe(false);
  });

  test('Mailsploit control characters are shown escaped', async ({ page }) => {
    await page.goto('./#/headers');
    await page
      .getByLabel('Message headers')
      .fill('From: =?utf-8?Q?support@bank.example=00=0A?= <attacker@evil.example>\nSubject: hi\n');
    await page.getByRole('button', { name: 'Analyse' }).click();
    await expect(page.getByText('support@bank.example⟨NUL⟩⟨LF⟩').first()).toBeVisible();
    await expect(page.getByText('From contains hidden control characters')).toBeVisible();
  });

  test('an .eml file can be opened, and a big paste is parsed without freezing the page', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.goto('./#/headers');
    await page.locator('input[type=file]').setInputFiles('tests/fixtures/headers/gmail-bimi.eml');
    await expect(page.getByText('Read gmail-bimi.eml.')).toBeVisible();
    await expect(page.getByText('DMARC pass', { exact: true })).toBeVisible();
    // A 25 MB message: analysed in a Worker, kept out of the text box, and the page keeps answering.
    const block = fixture('fastmail-bounce.eml')
      .split(/\r?\n\r?\n/)[0]!
      .trim();
    const big = Array.from({ length: Math.ceil((25 * 1024 * 1024 - 1024) / (block.length + 1)) }, () => block)
      .join('\n')
      .slice(0, 25 * 1024 * 1024 - 1024);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'huge.eml', mimeType: 'message/rfc822', buffer: Buffer.from(big) });
    // Generous waits on the states that matter: reading 25 MB and parsing it take long on a busy machine.
    await expect(page.getByText(/huge\.eml: 25\.0 MB, too large to show here/)).toBeVisible({
      timeout: 60_000,
    });
    // The page answers while the Worker parses: the theme switch works.
    await page.getByRole('button', { name: /theme/ }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark', { timeout: 60_000 });
    await expect(page.getByRole('heading', { name: 'All header fields (20000)' })).toBeVisible({
      timeout: 120_000,
    });
    await expect(page.getByText(/Only 20000 of the \d+ header fields were analysed/)).toBeVisible();
  });

  test('DKIM and ARC signatures are verified on demand from the .eml bytes, keys over DoH', async ({
    page,
  }) => {
    const mock = await mockDoh(page);
    await page.goto('./#/headers');
    // Stalwart's two-hop chain (RSA seal over an Ed25519 one) with its DKIM signatures; keys in signing-keys.json.
    const text = readFileSync('tests/fixtures/arc/stalwart/002.txt', 'latin1');
    const message = Buffer.from(text.slice(text.indexOf('\n\n') + 2), 'latin1');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'chain.eml', mimeType: 'message/rfc822', buffer: message });
    const card = page.getByRole('region', { name: 'Verify the signatures' });
    await expect(card.getByText(/the 2-set ARC chain yourself/)).toBeVisible();
    expect(mock.asked.filter((q) => q.includes('_domainkey'))).toEqual([]);
    await card.getByRole('button', { name: 'Verify signatures' }).click();
    await expect(card.getByText('ARC pass', { exact: true })).toBeVisible();
    await expect(
      card.getByText('Every seal and the newest message signature verify: the chain is intact.'),
    ).toBeVisible();
    await expect(card.getByText(/^DKIM /)).not.toHaveCount(0);
    await expect(card.getByText('DKIM fail')).toHaveCount(0);
    expect(mock.asked.some((q) => q.startsWith('ed._domainkey.scamorza.org TXT'))).toBe(true);
    await expect(card.getByText(/DNS queries for the keys/)).toBeVisible();
    await expectNoAxeViolations(page);
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: 'test-results/screenshots/headers-verify-card.png' });

    // Pasted headers without the body: the page says why it cannot verify instead of reporting failures.
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel(/Message headers/).fill(text.slice(text.indexOf('\n\n') + 2).split('\n\n')[0]!);
    await page.getByRole('button', { name: 'Analyse' }).click();
    await expect(card.getByText(/Signatures cover the message body too/)).toBeVisible();
    await expect(card.getByRole('button', { name: 'Verify signatures' })).toHaveCount(0);
  });

  test('Verify signatures reads from the header start the analysis used, after skipped lines', async ({
    page,
  }) => {
    // The corpus file as it is: two key lines and a blank line above the message (the review pasted such files).
    await page.goto('./#/headers');
    await mockDoh(page);
    await page
      .getByLabel('Message headers')
      .fill(readFileSync('tests/fixtures/arc/stalwart/002.txt', 'latin1'));
    await page.getByRole('button', { name: 'Analyse' }).click();
    await expect(page.getByText(/2 lines before the first header field were skipped/)).toBeVisible();
    const card = page.getByRole('region', { name: 'Verify the signatures' });
    await card.getByRole('button', { name: 'Verify signatures' }).click();
    await expect(card.getByText('ARC pass', { exact: true })).toBeVisible();
    await expect(card.getByText(/^DKIM /)).not.toHaveCount(0);
    await expect(card.getByText(/could not find/)).toHaveCount(0);
    mkdirSync('test-results/screenshots', { recursive: true });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: 'test-results/screenshots/headers-verify-after-junk-1280.png' });
    await page.setViewportSize({ width: 390, height: 900 });
    await card.screenshot({ path: 'test-results/screenshots/headers-verify-after-junk-390.png' });
  });

  test('the DMARC policy lookup is optional and visible, and refines alignment', async ({ page }) => {
    const mock = await mockDoh(page);
    await page.goto('./#/headers');
    await page
      .getByLabel('Message headers')
      .fill(
        'Authentication-Results: mx.example; dkim=pass header.d=mail.good.example; spf=none\nFrom: a@good.example\n',
      );
    await page.getByRole('button', { name: 'Analyse' }).click();
    await expect(page.getByText('DMARC cannot be judged', { exact: true })).toBeVisible();
    expect(mock.asked).toEqual([]);
    await page.getByRole('button', { name: 'Look up the DMARC policy of good.example' }).click();
    await expect(page.getByText(/Policy reject from _dmarc\.good\.example/)).toBeVisible();
    await expect(page.getByText('DMARC pass', { exact: true })).toBeVisible();
    await expect(page.getByRole('row', { name: /DKIM d=mail\.good\.example/ })).toContainText(
      'makes DMARC pass',
    );
    expect(mock.asked.some((q) => q.startsWith('_dmarc.good.example TXT'))).toBe(true);
  });

  test('a policy lookup that finds no DMARC record: DMARC does not apply (gmail-authtest)', async ({
    page,
  }) => {
    await mockDoh(page);
    await page.goto('./#/headers');
    await page.getByLabel('Message headers').fill(fixture('gmail-authtest.eml'));
    await page.getByRole('button', { name: 'Analyse' }).click();
    await expect(page.getByText('DMARC cannot be judged', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Look up the DMARC policy of ekiri.ee' }).click();
    // The verdict says no policy applies; the lookup's line only names what was asked (not the same sentence twice).
    await expect(page.getByText('No usable DMARC record at _dmarc.ekiri.ee today.')).toBeVisible();
    await expect(page.getByText('DMARC does not apply: no policy', { exact: true })).toBeVisible();
    await expect(page.getByText('DMARC pass', { exact: true })).toHaveCount(0);
  });

  test('the share link is opt-in and restores the analysis', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('./#/headers');
    await page.getByLabel('Message headers').fill(fixture('gmail-authtest.eml'));
    await page.getByRole('button', { name: 'Analyse' }).click();
    await expect(page).toHaveURL(/#\/headers$/);
    await page.getByRole('button', { name: 'Share link…' }).click();
    const url = await page.getByLabel('Share link').inputValue();
    expect(url).toMatch(/#\/headers\?h=[A-Za-z0-9_-]+$/);
    const other = await context.newPage();
    await other.goto(url);
    await expect(other.getByText('These headers came from a shared link.')).toBeVisible();
    await expect(other.getByText(/The receiver reported spf=pass for ekiri\.ee/)).toBeVisible();
  });

  test('Copy report puts Markdown on the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('./#/headers');
    await page.getByRole('button', { name: 'Outlook (compauth)' }).click();
    await page.getByRole('button', { name: 'Copy report (Markdown)' }).click();
    await expect(page.getByRole('button', { name: 'Copied ✓' })).toBeVisible();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain('# Message header analysis');
    expect(text).toContain('**Verdict: DMARC fail.**');
  });

  test('Clear takes headers from a share link out of the address bar; the paste survives leaving the page', async ({
    page,
  }) => {
    await page.goto('./#/headers');
    await page.getByLabel('Message headers').fill(fixture('gmail-authtest.eml'));
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByRole('button', { name: 'Share link…' }).click();
    const url = await page.getByLabel('Share link').inputValue();

    // Leaving the page and coming back keeps the paste and its analysis (memory only).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Domain check' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Domain check/);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Header analysis' })
      .click();
    await expect(page.getByText('DMARC cannot be judged', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Message headers')).not.toHaveValue('');

    await page.goto(url);
    await expect(page.getByText('These headers came from a shared link.')).toBeVisible();
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page).toHaveURL(/#\/headers$/);
    await expect(page.getByLabel('Message headers')).toHaveValue('');
    await expect(page.getByText('These headers came from a shared link.')).toHaveCount(0);
  });

  test('one outcome vocabulary: a receiver’s temperror reads “could not check”', async ({ page }) => {
    await page.goto('./#/headers');
    await page
      .getByLabel('Message headers')
      .fill(
        [
          'Received: by mx.receiver.example with ESMTPS; Tue, 14 Jul 2026 10:00:05 +0000',
          'Authentication-Results: mx.receiver.example; spf=temperror smtp.mailfrom=sender.example;',
          ' dkim=pass header.d=sender.example; dmarc=pass header.from=sender.example',
          'From: A <a@sender.example>',
          'Subject: hello',
          '',
        ].join('\r\n'),
      );
    await page.getByRole('button', { name: 'Analyse' }).click();
    const results = page.getByRole('region', { name: 'Authentication results' });
    const spf = results.locator('.badge', { hasText: 'spf=temperror' });
    await expect(spf).toHaveText('spf=temperror — could not check');
    await expect(spf).toHaveClass(/sev-unknown/);
    await expect(results.locator('.badge', { hasText: 'dkim=pass' })).toHaveClass(/sev-ok/);
  });
  test('an unaligned message with no policy known is not a red fail: judged once the policy is looked up', async ({
    page,
  }) => {
    await mockDoh(page);
    await page.goto('./#/headers');
    await analyse(page, [espResults(), ESP_HOP, 'From: info@unaligned.example']);
    const verdict = page.locator('section.verdict');
    await expect(verdict.getByText('DMARC cannot be judged', { exact: true })).toBeVisible();
    await expect(verdict.getByText(/^Not aligned: SPF passed for esp\.example/)).toContainText(
      'cannot be judged until the policy is looked up',
    );
    await expect(page.getByText('DMARC fail', { exact: true })).toHaveCount(0);
    // No record (the name does not exist in the fixtures): DMARC does not apply, and the facts stay.
    await page.getByRole('button', { name: 'Look up the DMARC policy of unaligned.example' }).click();
    await expect(verdict.getByText('DMARC does not apply: no policy', { exact: true })).toBeVisible();
    await expect(verdict.getByText(/^Not aligned: SPF passed for esp\.example/)).toContainText(
      'DMARC would fail if unaligned.example published a policy',
    );
    await expect(verdict).not.toHaveClass(/\bfail\b/);
    await expect(page.getByText('DMARC fail', { exact: true })).toHaveCount(0);
  });

  test('Verify signatures feeds the verdict: verified here when the receiver’s view is missing, a disagreement when it is not', async ({
    page,
  }) => {
    await mockDoh(page);
    await page.goto('./#/headers');
    const message = chain;
    // Without its Authentication-Results: no result from the receiver in the headers.
    const drop = (name: string, body: string) => dropFile(page, name, body);
    await drop('silent.eml', withoutResults(message));
    const verdict = page.locator('section.verdict .sentence');
    await expect(verdict).toHaveText(/^The receiver reported no SPF or DKIM results/);
    const card = page.getByRole('region', { name: 'Verify the signatures' });
    await card.getByRole('button', { name: 'Verify signatures' }).click();
    await expect(verdict).toHaveText(
      /^The DKIM signature of manchego\.org \(s=rsa\) was verified here as valid/,
    );
    await expect(verdict).toContainText('DMARC would likely pass if manchego.org publishes a policy');
    await expect(verdict).toContainText('The receiver’s own view was not available');
    await expect(card.getByText(/The DMARC verdict above now includes what this check found/)).toBeVisible();
    // The receiver said dkim=pass; the body changed since, so the signature fails here: named, not overriding.
    await drop('changed.eml', message.replace(/\n\n([^\n])/, '\n\nChanged since: $1'));
    await expect(card.getByRole('button', { name: 'Verify signatures' })).toBeVisible();
    // The new message's verdict, not the old one's still shown while the new one is analysed.
    await expect(verdict).toHaveText(/^The receiver reported dkim=pass for the signature of manchego\.org/);
    const receiverSentence = await verdict.textContent();
    await card.getByRole('button', { name: 'Verify signatures' }).click();
    await expect(card.getByText('DKIM fail').first()).toBeVisible();
    // The receiver's sentence stays the headline; the disagreement is told below it.
    const detail = page.locator('section.verdict .detail');
    await expect(detail).toContainText(
      'Verified here, the signature of manchego.org fails, though the receiver reported dkim=pass for it',
    );
    await expect(detail).toContainText('the body has changed since it arrived');
    await expect(verdict).toHaveText(receiverSentence!.trim());
    await expectNoAxeViolations(page);
  });

  test('the receiver’s dmarc=pass is not green when no pass is tied to the From domain; dkim=none reads as no signature evaluated', async ({
    page,
  }) => {
    await page.goto('./#/headers');
    await analyse(page, [
      espResults('; dmarc=pass header.from=shop.example'),
      ESP_HOP,
      'From: info@shop.example',
    ]);
    const verdict = page.locator('section.verdict');
    await expect(verdict.getByText('DMARC cannot be judged', { exact: true })).toBeVisible();
    await expect(verdict.getByText('DMARC pass', { exact: true })).toHaveCount(0);
    await expect(verdict).not.toHaveClass(/\b(fail|pass)\b/);
    const sentence = verdict.locator('.sentence');
    await expect(sentence).toHaveText(
      /^The receiver wrote dmarc=pass for shop\.example, but none of its SPF or DKIM passes is tied to shop\.example, so the pass could not be confirmed here and is taken as the receiver's claim: SPF passed for esp\.example, which is not aligned with shop\.example, and the receiver evaluated no DKIM signature \(dkim=none\)\./,
    );
    await expect(sentence).toContainText(
      'The receiver may have counted a DKIM signature or an SPF identity these headers do not show',
    );
    await expect(verdict).toContainText('The receiver itself reported dmarc=pass.');
    await expect(page.getByText('DMARC fail', { exact: true })).toHaveCount(0);
    await expect(page.getByText(/unnamed signer/)).toHaveCount(0);
    await expect(page.getByRole('row', { name: /DKIM \(no signature evaluated\)/ })).toContainText(
      'it evaluated no DKIM signature',
    );
    await expectNoAxeViolations(page);
  });

  test('the hop’s IP is the address the receiver recorded, not the HELO literal; the SPF re-check reads the same', async ({
    page,
  }) => {
    await analyseOnPage(page, [
      'Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=bounce@shop.example; dkim=none',
      'Received: from [192.0.2.55] (helo.shop.example [198.51.100.9]) by mx.receiver.example (Postfix) with ESMTPS id 1; Mon, 1 Jan 2024 10:00:05 +0000',
      'Received: from laptop by out.shop.example with ESMTPSA id 2; Mon, 1 Jan 2024 10:00:00 +0000',
      'From: info@shop.example',
    ]);
    const route = page.getByRole('region', { name: /^Route/ });
    await expect(route).toContainText('IP 198.51.100.9');
    await expect(route).not.toContainText('IP 192.0.2.55');
    await expect(route).toContainText('[192.0.2.55] → mx.receiver.example');
    const spf = page.getByRole('region', { name: 'SPF today for the connecting IP' });
    await expect(spf).toContainText('The receiver checked 198.51.100.9');
  });

  test('a list message with no DKIM signature and one Received (dkim_verifier): each fact once, the hop shown', async ({
    page,
  }) => {
    await page.goto('./#/headers');
    await page
      .getByLabel('Message headers')
      .fill(fixture('dkim_verifier-multiple_spf_and_dmarc_results.eml'));
    await page.getByRole('button', { name: 'Analyse' }).click();
    const verdict = page.locator('section.verdict');
    await expect(verdict.locator('.sentence')).toHaveText(
      'DMARC fails: SPF fail, and the message has no DKIM signature.',
    );
    const story = page.getByRole('region', { name: /Sent through a mailing list/ });
    await expect(story).toContainText(
      'The message came through the list list.example.org, whose servers are not in football.example.com’s SPF: nothing aligned with football.example.com is left for DMARC.',
    );
    await expect(story).not.toContainText('Who can fix it');
    await expect(verdict.locator('.fix')).toContainText(
      'football.example.com should sign its mail with DKIM for football.example.com (d=football.example.com). An aligned signature',
    );
    for (const card of [verdict, story])
      await expect(card.getByText(/no DKIM signature/)).toHaveCount(card === verdict ? 1 : 0);
    const route = page.getByRole('region', { name: 'Route: 1 hop' });
    await expect(route).toContainText(
      'One Received field: only the hand-off to submitserver.example.com is recorded, so there is no delay between servers to show.',
    );
    await expect(route).toContainText('client1.football.example.com → submitserver.example.com');
    await expect(route).toContainText('IP 192.0.2.1');
    await expect(route.getByText('with SUBMISSION')).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test('no Received field and no IP in the results: no empty SPF re-check card; the SPF row says it once', async ({
    page,
  }) => {
    const said =
      'The IP of the server that connected is not in these headers (there is no Received field, and the receiver’s results name none), so SPF cannot be re-checked here.';
    await analyseOnPage(page, [espResults(), 'From: Shop <info@shop.example>']);
    await expect(page.getByRole('heading', { name: 'Route: 0 hops' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'SPF today for the connecting IP' })).toHaveCount(0);
    await expect(page.getByText(/connecting IP is unknown/)).toHaveCount(0);
    await expect(page.getByRole('row', { name: /MAIL FROM/ })).toContainText(said);
    await expect(page.getByText(said)).toHaveCount(1);
    await expectNoAxeViolations(page);
  });

  test('a policy lookup that fails says so in the verdict and offers to try again', async ({ page }) => {
    await mockDoh(page, { cloudflare: 'down', google: 'down' });
    await page.goto('./#/headers');
    await analyse(page, [espResults(), ESP_HOP, 'From: info@unaligned.example']);
    const verdict = page.locator('section.verdict');
    await page.getByRole('button', { name: 'Look up the DMARC policy of unaligned.example' }).click();
    const sentence = verdict.locator('.sentence');
    await expect(sentence).toContainText(
      'unaligned.example’s DMARC policy could not be checked (the DNS lookup of _dmarc.unaligned.example failed), so it cannot be judged here; try the lookup again.',
    );
    await expect(sentence).not.toContainText('until the policy is looked up');
    await expect(verdict.getByText('DMARC cannot be judged', { exact: true })).toBeVisible();
    await expect(verdict.getByText(/could not be checked; alignment is shown as relaxed/)).toBeVisible();
    await expectNoAxeViolations(page);
    // The DNS answers again: trying again judges the message.
    await mockDoh(page);
    await verdict.getByRole('button', { name: 'Try the lookup again' }).click();
    await expect(verdict.getByText('DMARC does not apply: no policy', { exact: true })).toBeVisible();
    await expect(sentence).not.toContainText('could not be checked');
    await expect(verdict.getByRole('button', { name: 'Try the lookup again' })).toHaveCount(0);
  });

  test('a policy lookup started while Verify signatures runs does not cancel it: its result joins the new verdict', async ({
    page,
  }) => {
    // Slow answers: the verification is still running when the lookup starts.
    await mockDoh(page, { delayMs: 1500 });
    await page.goto('./#/headers');
    await dropFile(page, 'silent.eml', withoutResults(chain));
    const card = page.getByRole('region', { name: 'Verify the signatures' });
    await card.getByRole('button', { name: 'Verify signatures' }).click();
    await expect(card.getByRole('button', { name: /Verifying/ })).toBeVisible();
    await page.getByRole('button', { name: 'Look up the DMARC policy of manchego.org' }).click();
    await expect(page.getByText('No usable DMARC record at _dmarc.manchego.org today.')).toBeVisible();
    const sentence = page.locator('section.verdict .sentence');
    await expect(sentence).toHaveText(/^manchego\.org publishes no DMARC policy \(the lookup of/);
    await expect(sentence).toContainText(
      'The DKIM signature of manchego.org (s=rsa) was verified here as valid',
    );
    await expect(card.getByText(/The DMARC verdict above now includes what this check found/)).toBeVisible();
  });

  test('a policy lookup after Verify signatures keeps what the verification found', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/headers');
    await dropFile(page, 'silent.eml', withoutResults(chain));
    const card = page.getByRole('region', { name: 'Verify the signatures' });
    await card.getByRole('button', { name: 'Verify signatures' }).click();
    const sentence = page.locator('section.verdict .sentence');
    await expect(sentence).toContainText('DMARC would likely pass if manchego.org publishes a policy');
    await page.getByRole('button', { name: 'Look up the DMARC policy of manchego.org' }).click();
    await expect(page.getByText('No usable DMARC record at _dmarc.manchego.org today.')).toBeVisible();
    await expect(sentence).toHaveText(/^manchego\.org publishes no DMARC policy \(the lookup of/);
    await expect(sentence).toContainText(
      'The DKIM signature of manchego.org (s=rsa) was verified here as valid',
    );
    await expect(card.getByText(/The DMARC verdict above now includes what this check found/)).toBeVisible();
    await expect(card.getByRole('button', { name: 'Verify signatures' })).toHaveCount(0);
  });
});
