// A generator's record is valid only when it works: the verdict on the record card, Copy marked "do not publish
// yet" while the draft would fail, issues next to their field, and axe with a draft showing errors.

import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { mockDoh, presetSettings } from './support/doh';

const SHOTS = 'test-results/screenshots/generators';

/** Full-page screenshots at 1280 and 390 px, and at 390 px the form and the record card alone (looked at by hand). */
async function shots(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  const form = page.locator('form').first();
  if ((await form.count()) > 0) await form.screenshot({ path: `${SHOTS}/${name}-390-form.png` });
  const record = page.getByRole('region', { name: /^Your .* record$|^Publish these$/ });
  if ((await record.count()) > 0) await record.screenshot({ path: `${SHOTS}/${name}-390-card.png` });
  await page.setViewportSize({ width: 1280, height: 860 });
}

const card = (page: Page, name: RegExp | string) => page.getByRole('region', { name });
const check = (page: Page) => page.getByRole('region', { name: 'Check the draft before publishing' });

test.describe('Generator validity', () => {
  test('SPF: an include that does not exist would fail, on the card, on the row and on Copy', async ({
    page,
  }) => {
    await mockDoh(page);
    await page.goto(
      `./#/generate/spf?domain=good.example&record=${encodeURIComponent('v=spf1 include:missing.broken.example -all')}`,
    );
    const record = card(page, 'Your SPF record');
    await expect(record.getByText('✗ Would fail', { exact: true })).toBeVisible();
    await expect(record.getByText(/points to a domain that does not exist/)).toBeVisible();
    await expect(record.getByText('Do not publish yet:')).toBeVisible();
    await expect(
      record.getByRole('button', { name: 'Copy anyway: value (do not publish yet)' }),
    ).toBeVisible();
    await expect(record.getByText('✓ Valid')).toHaveCount(0);

    const term = page.getByLabel('Term 1 value');
    await expect(term).toHaveAttribute('aria-invalid', 'true');
    await expect(term).toHaveAccessibleDescription(/points to a domain that does not exist/);

    // Fixing the term makes it valid again, checked against DNS.
    await term.fill('');
    await page.getByLabel('Term 1 mechanism').selectOption('mx');
    await expect(record.getByText('No problems, checked against DNS.')).toBeVisible();
    await expect(record.getByRole('button', { name: 'Copy value', exact: true })).toBeVisible();
    await expect(term).toHaveAttribute('aria-invalid', 'false');
  });

  test('SPF: 16 lookups would fail; axe with errors', async ({ page }) => {
    await mockDoh(page);
    const sixteen =
      'v=spf1 mx include:_spf.google.com include:spf.protection.outlook.com include:servers.mcsv.net include:mailgun.org include:zoho.com include:_spf.salesforce.com -all';
    await page.goto(`./#/generate/spf?domain=good.example&record=${encodeURIComponent(sixteen)}`);
    const record = card(page, 'Your SPF record');
    await expect(record.getByText('16 DNS lookups: over the limit of 10')).toBeVisible();
    await expect(record.getByText('✗ Would fail', { exact: true })).toBeVisible();
    await expect(
      record.getByRole('button', { name: 'Copy anyway: value (do not publish yet)' }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await shots(page, 'spf-16-lookups');
  });

  test('SPF: a syntax error marks its row and resolves nothing; axe with errors', async ({ page }) => {
    await mockDoh(page);
    const record = card(page, 'Your SPF record');
    await page.goto(
      `./#/generate/spf?domain=broken.example&record=${encodeURIComponent('v=spf1 mx ip4:192.0.2.300 -all')}`,
    );
    await expect(record.getByText('✗ Invalid', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Term 2 value')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Term 2 value')).toHaveAccessibleDescription(/not a valid IPv4 address/);
    await expect(page.getByLabel('Term 1 value')).toHaveAttribute('aria-invalid', 'false');
    await expect(
      check(page).getByText(/Nothing is resolved while the draft itself would not work/),
    ).toBeVisible();
    await expect(check(page).getByText('Resolved', { exact: true })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await shots(page, 'spf-syntax-error');
  });

  test('SPF: pasting two records says what was dropped', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/spf');
    await page.getByText('Or paste a record').click();
    await page.getByLabel('Record to start from').fill('v=spf1 mx -all v=spf1 a -all');
    await page.getByRole('button', { name: 'Load into the form' }).click();
    await expect(
      page.getByText(/“v=spf1 a -all” is a second SPF record pasted after the first/),
    ).toBeVisible();
    await expect(card(page, 'Your SPF record').getByLabel('Record value')).toHaveText('v=spf1 mx -all');
  });

  test('DMARC: the default collects nothing; a pasted sp=bogus shows in the form as invalid', async ({
    page,
  }) => {
    await mockDoh(page);
    await page.goto('./#/generate/dmarc?domain=good.example');
    const rua = page.getByLabel('Aggregate reports to (rua)');
    await expect(rua).toHaveAccessibleDescription(/p=none without rua collects nothing/);
    const record = card(page, 'Your DMARC record');
    await expect(record.getByText(/No problems/)).toHaveCount(0);

    await page.getByText('Or paste a record').click();
    await page
      .getByLabel('Record to start from')
      .fill('v=DMARC1; p=none; sp=bogus; rua=mailto:d@good.example');
    await page.getByRole('button', { name: 'Load into the form' }).click();
    const sp = page.getByLabel('Subdomains (sp)');
    await expect(sp).toHaveValue('bogus');
    await expect(sp.locator('option:checked')).toHaveText('“bogus” (not a policy)');
    await expect(sp).toHaveAttribute('aria-invalid', 'true');
    await expect(sp).toHaveAccessibleDescription(/sp=bogus is not a policy/);
    await expect(record.getByText('✗ Invalid', { exact: true })).toBeVisible();
    await expect(
      record.getByRole('button', { name: 'Copy anyway: value (do not publish yet)' }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await shots(page, 'dmarc-sp-bogus');

    await sp.selectOption('');
    await expect(sp).toHaveAttribute('aria-invalid', 'false');
    await expect(record.getByRole('button', { name: 'Copy value', exact: true })).toBeVisible();

    // An invalid p= gets the rollout guide's fix, next to the policy.
    await page.getByLabel('Record to start from').fill('v=DMARC1; p=bogus;');
    await page.getByRole('button', { name: 'Load into the form' }).click();
    const policy = page.getByRole('radiogroup', { name: 'Policy for your domain (p)' });
    await expect(policy).toHaveAttribute('aria-invalid', 'true');
    await expect(policy.getByText(/Write p=none with a rua= report address/)).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('DKIM: a selector that already holds a key is warned about before generating', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/dkim?domain=good.example&selector=selector1');
    const selector = page.getByLabel('Selector');
    await expect(selector).toHaveAccessibleDescription(
      /selector1\._domainkey\.good\.example already holds a key/,
    );
    await expectNoAxeViolations(page);
    await shots(page, 'dkim-selector-in-use');
    await selector.fill('fresh2026');
    await expect(page.getByText(/already holds a key/)).toHaveCount(0);
  });

  test('BIMI: a logo that is not SVG and an empty a= are flagged at their fields', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/bimi?domain=good.example');
    const logo = page.getByLabel('Logo URL (l)');
    await logo.fill('https://good.example/logo.png');
    await expect(logo).toHaveAccessibleDescription(/does not end in \.svg/);
    await expect(page.getByLabel('Certificate URL (a)')).toHaveAccessibleDescription(/a= is empty/);
    await expectNoAxeViolations(page);

    await logo.fill('http://good.example/logo.svg');
    await expect(logo).toHaveAttribute('aria-invalid', 'true');
    const record = card(page, 'Your BIMI record');
    await expect(record.getByText('✗ Invalid', { exact: true })).toBeVisible();
    await expect(check(page).getByText('Resolved', { exact: true })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await shots(page, 'bimi-invalid');
  });

  test('MTA-STS with a bad id and TLS-RPT with a bad rua: invalid at the field, axe clean', async ({
    page,
  }) => {
    await mockDoh(page);
    await page.goto('./#/generate/mta-sts?domain=broken.example&id=bad%20id!');
    const id = page.getByLabel('Policy id');
    await expect(id).toHaveAttribute('aria-invalid', 'true');
    await expect(id).toHaveAccessibleDescription(
      /id=bad id! contains characters other than letters and digits/,
    );
    await expect(page.getByRole('button', { name: 'Copy policy anyway (do not publish yet)' })).toBeVisible();
    await expect(check(page).getByText('Resolved', { exact: true })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await shots(page, 'mta-sts-bad-id');

    await page.goto('./#/generate/tls-rpt?domain=good.example&rua=ftp://nope');
    const rua = page.getByLabel('Send reports to (rua)');
    await expect(rua).toHaveAttribute('aria-invalid', 'true');
    await expect(rua).toHaveAccessibleDescription(/must be a mailto: or https: URI/);
    await expectNoAxeViolations(page);
    await shots(page, 'tls-rpt-bad-rua');
  });

  test('Settings at phone width', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/settings');
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 360, height: 780 });
    // The provider names wrap between words: each host name stays on one line.
    for (const host of ['cloudflare-dns.com', 'dns.google']) {
      const box = await page.getByText(host, { exact: true }).boundingBox();
      expect(box?.height ?? 0).toBeLessThan(30);
    }
    await page.screenshot({ path: `${SHOTS}/settings-360.png`, fullPage: true });
    await shots(page, 'settings');
  });
});

// Review 3 items 3, 9, 16: a badge is a promise. A lookup that failed is "Could not check" (never "✓ Valid … checked
// against DNS", never "Resolved"); an empty form asks for input; an opt-out says so.
test.describe('Generators when DNS fails or the form is empty', () => {
  // slow.example's TXT lookups time out: a one-second limit keeps the tests short.
  test.beforeEach(async ({ page }) => {
    await presetSettings(page, { provider: 'cloudflare', customUrl: '', timeoutSeconds: 1, theme: 'system' });
  });
  test('DMARC, SPF and MTA-STS on slow.example', async ({ page }) => {
    await mockDoh(page);
    // DMARC: _dmarc.slow.example answers SERVFAIL (review 3 item 3); loading it changes nothing (generate.spec).
    const dmarc = card(page, 'Your DMARC record');
    await page.goto('./#/generate/dmarc?domain=slow.example');
    await page.getByRole('button', { name: 'Load the record at _dmarc.slow.example' }).click();
    await expect(dmarc.getByText('Could not check', { exact: true })).toBeVisible();
    await expect(
      dmarc.getByText(
        'The syntax is valid, but it could not be checked against DNS: _dmarc.slow.example could not be read (SERVFAIL).',
      ),
    ).toBeVisible();
    await expect(dmarc.getByText(/may be stricter than this draft \(p=reject, say\)/)).toBeVisible();
    await expect(dmarc.getByText(/do not overwrite it blindly/)).toBeVisible();
    await expect(dmarc.getByText('✓ Valid')).toHaveCount(0);
    await expect(dmarc.getByText(/checked against DNS\./)).toHaveCount(0);
    await expect(
      check(page).getByText('Published today: not known. _dmarc.slow.example could not be read (SERVFAIL).'),
    ).toBeVisible();
    await expect(
      check(page).getByText(/^Not known: without the record published at _dmarc\.slow\.example/),
    ).toBeVisible();
    await expect(check(page).getByText(/Resolved by this draft/)).toHaveCount(0);
    await expectNoAxeViolations(page);
    await shots(page, 'dmarc-slow-could-not-check');

    // SPF: slow.example's TXT lookup times out.
    await page.goto('./#/generate/spf?domain=slow.example');
    const spf = card(page, 'Your SPF record');
    await expect(spf.getByText('Could not check', { exact: true })).toBeVisible();
    await expect(spf.getByText(/slow\.example could not be read \(timed out\)/)).toBeVisible();
    await expect(spf.getByText(/in place of the existing v=spf1 record/)).toHaveCount(0);
    await expect(spf.getByText('✓ Valid')).toHaveCount(0);
    await expect(check(page).getByText(/\.\.\s+With\s+this/)).toHaveCount(0);
    await expect(check(page).getByText(/no answer in 1 s\. With\s+this\s+draft:/)).toBeVisible();
    await expect(check(page).getByText(/Resolved by this draft/)).toHaveCount(0);
    await shots(page, 'spf-slow-could-not-check');

    // MTA-STS: the _mta-sts TXT lookup times out; "no record is published" would be a guess.
    await page.goto('./#/generate/mta-sts?domain=slow.example');
    await expect(
      check(page).getByText(
        'Published today: not known. _mta-sts.slow.example could not be read (timed out).',
      ),
    ).toBeVisible();
    await expect(check(page).getByText(/No MTA-STS record is published/)).toHaveCount(0);
    await shots(page, 'mta-sts-slow-could-not-check');
  });

  // The selector's lookup fails: the warning sits on the selector and on the key card.
  test('DKIM on slow.example', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/dkim?domain=slow.example&selector=s202607');
    const selector = page.getByLabel('Selector');
    await expect(selector).toHaveAccessibleDescription(
      /The record published today at s202607\._domainkey\.slow\.example is unknown\. A key may be published there already/,
    );
    await page.getByRole('button', { name: 'Generate key pair' }).click();
    await expect(page.getByText('Could not check', { exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText('✓ Valid')).toHaveCount(0);
    await shots(page, 'dkim-slow-could-not-check');
  });

  // The hint claims no existing record either.
  test('SPF with the DoH provider down', async ({ page }) => {
    await mockDoh(page, { cloudflare: 'down', google: 'down' });
    await page.goto(`./#/generate/spf?domain=good.example&record=${encodeURIComponent('v=spf1 -all')}`);
    const spf = card(page, 'Your SPF record');
    await expect(spf.getByText('Could not check', { exact: true })).toBeVisible();
    await expect(spf.getByText(/good\.example could not be read/)).toBeVisible();
    await expect(spf.getByText(/No problems/)).toHaveCount(0);
    await expect(spf.getByText(/in place of the existing v=spf1 record/)).toHaveCount(0);
    await expect(check(page).getByText(/Resolved by this draft/)).toHaveCount(0);
    await shots(page, 'spf-dead-doh');
  });

  test('TLS-RPT on opening asks where reports go; BIMI with empty URLs declines BIMI', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/tls-rpt?domain=good.example');
    const tls = card(page, 'Your TLS-RPT record');
    await expect(tls.getByText('Not filled in', { exact: true })).toBeVisible();
    await expect(
      tls.getByText('Add where reports should go: an email address or an https:// URL.'),
    ).toBeVisible();
    await expect(tls.getByText('✗ Invalid')).toHaveCount(0);
    await expect(page.getByText(/must be a mailto: or https: URI/)).toHaveCount(0);
    await expect(page.getByLabel('Send reports to (rua)')).toHaveAttribute('aria-invalid', 'false');
    await expect(tls.getByText('Do not publish yet:')).toHaveCount(0);
    await expect(
      check(page).getByText(
        'Nothing to compare yet: Add where reports should go: an email address or an https:// URL.',
      ),
    ).toBeVisible();
    await expect(check(page).getByText(/must be a mailto: or https: URI/)).toHaveCount(0);
    await expectNoAxeViolations(page);
    await shots(page, 'tls-rpt-empty');

    await page.goto('./#/generate/bimi?domain=bench.example');
    const bimi = card(page, 'Your BIMI record');
    await expect(bimi.getByText('Declines BIMI', { exact: true })).toBeVisible();
    await expect(bimi.getByText(/With both URLs empty this record declines BIMI/)).toBeVisible();
    await expect(bimi.getByText('✓ Valid')).toHaveCount(0);
    await expect(bimi.getByRole('button', { name: 'Copy opt-out: value (declines BIMI)' })).toBeVisible();
    await expect(bimi.getByRole('button', { name: 'Copy value', exact: true })).toHaveCount(0);
    await expect(check(page).getByText(/Resolved by this draft/)).toHaveCount(0);
    await expectNoAxeViolations(page);
    await shots(page, 'bimi-declines');
    await page.getByLabel('Logo URL (l)').fill('https://bench.example/logo.svg');
    await expect(bimi.getByText('Declines BIMI', { exact: true })).toHaveCount(0);
    await expect(bimi.getByRole('button', { name: 'Copy value', exact: true })).toBeVisible();

    // A logo without a= is warned about once, on the a field (before: also "No certificate (a=)").
    await page.goto(
      `./#/generate/bimi?domain=deep-spf.example&l=${encodeURIComponent('https://deep-spf.example/logo.svg')}`,
    );
    const deep = card(page, 'Your BIMI record');
    await expect(deep.getByText(/^a= is empty/)).toHaveCount(1);
    await expect(deep.getByText('No certificate (a=)')).toHaveCount(0);
  });
});
