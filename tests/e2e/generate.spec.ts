import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { mockDoh } from './support/doh';
import { screenshots } from './support/screens';

async function clipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

test.describe('Record generators', () => {
  test.beforeEach(async ({ context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });

  test('DMARC: an external rua is checked live and the authorization record is shown', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/dmarc');
    await expect(page.getByRole('heading', { name: 'Record generators', level: 1 })).toBeVisible();
    await page.getByLabel('Your domain').fill('good.example');
    await page.getByRole('radio', { name: /^reject/ }).check();
    await page
      .getByLabel('Aggregate reports to (rua)')
      .fill('dmarc@good.example\nagg@unauthorized-reports.example');

    const value =
      'v=DMARC1; p=reject; rua=mailto:dmarc@good.example,mailto:agg@unauthorized-reports.example;';
    const output = page.getByRole('region', { name: 'Publish this record' }).first();
    await expect(output.getByLabel('Record value')).toHaveText(value);
    await expect(output.getByText('_dmarc.good.example.', { exact: true })).toBeVisible();

    // The live check finds that the report destination has not authorized reports for good.example.
    const check = page.getByRole('region', { name: 'Check the draft before publishing' });
    await expect(check.getByText('Not authorized', { exact: true })).toBeVisible();
    const auth = check.getByRole('region', { name: 'Authorization record at unauthorized-reports.example' });
    await expect(
      auth.getByText('good.example._report._dmarc.unauthorized-reports.example.', { exact: true }),
    ).toBeVisible();
    await expect(auth.getByLabel('Record value')).toHaveText('v=DMARC1;');
    // And what publishing the draft would change compared with the live record (p=reject with an authorized rua).
    await expect(check.getByText(/Published today:/)).toBeVisible();
    await expect(check.getByRole('heading', { name: /New with this draft/ })).toBeVisible();

    // Copy puts exactly the value on the clipboard, with a visible confirmation.
    await output.getByRole('button', { name: 'Copy value' }).click();
    await expect(output.getByRole('button', { name: 'Copy value' })).toHaveText('Copied ✓');
    expect(await clipboard(page)).toBe(value);
    await output.getByRole('button', { name: 'Copy host' }).click();
    expect(await clipboard(page)).toBe('_dmarc');

    // The draft lives in the URL: a reload restores it.
    expect(decodeURIComponent(page.url())).toContain('agg@unauthorized-reports.example');
    await page.reload();
    await expect(page.getByLabel('Your domain')).toHaveValue('good.example');
    await expect(page.getByRole('radio', { name: /^reject/ })).toBeChecked();
    await expect(output.getByLabel('Record value')).toHaveText(value);

    await expect(check.getByText('Not authorized', { exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'generate-dmarc');
  });

  test('DMARC: invalid input gets the parser’s message; importing the live record fills the form', async ({
    page,
  }) => {
    await mockDoh(page);
    await page.goto('./#/generate/dmarc?domain=good.example');
    await page.getByRole('button', { name: 'Load the record at _dmarc.good.example' }).click();
    await expect(page.getByText('Loaded the record published at _dmarc.good.example.')).toBeVisible();
    await expect(page.getByRole('radio', { name: /^reject/ })).toBeChecked();
    await expect(page.getByLabel('Aggregate reports to (rua)')).toHaveValue(
      'mailto:dmarc-reports@good.example\nmailto:agg@reports.example',
    );
    await page.getByText('Advanced and historic tags').click();
    await page.getByLabel('Percentage (pct)').fill('150');
    // The parser's message next to the field (and in the record card's list).
    await expect(page.getByLabel('Percentage (pct)')).toHaveAccessibleDescription(
      /pct=150 is not a percentage from 0 to 100/,
    );
    await expect(
      page.getByRole('region', { name: 'Publish this record' }).getByLabel('Record value'),
    ).toContainText('pct=150');
  });

  test('SPF: presets over 10 lookups show the meter, per-include cost and the warning', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/spf?domain=good.example');
    for (const name of [
      'Google Workspace',
      'Microsoft 365',
      'Mandrill (Mailchimp Transactional)',
      'Mailgun',
      'Zoho Mail',
      'Salesforce',
    ])
      await page.getByRole('checkbox', { name, exact: true }).check();
    const value =
      'v=spf1 mx include:_spf.google.com include:spf.protection.outlook.com include:spf.mandrillapp.com include:mailgun.org include:zoho.com include:_spf.salesforce.com -all';
    const output = page.getByRole('region', { name: 'Publish this record' });
    await expect(output.getByLabel('Record value')).toHaveText(value);

    const check = page.getByRole('region', { name: 'Check the draft before publishing' });
    const meter = check.getByRole('meter', { name: 'DNS lookups (RFC 7208 limit)' });
    await expect(meter).toHaveAttribute('aria-valuenow', '16');
    await expect(check.getByText('16 DNS lookups: over the limit of 10')).toBeVisible();
    await expect(check.getByRole('heading', { name: 'Over the limit: what to do' })).toBeVisible();
    const costs = check.getByRole('table', { name: 'Lookup cost of each term' });
    await expect(costs.getByRole('row', { name: /include:_spf\.google\.com 4 5/ })).toBeVisible();
    await expect(costs.getByRole('row', { name: /include:zoho\.com 4 14/ })).toBeVisible();

    // Over the limit, Copy still works but says the record is not ready.
    await output.getByRole('button', { name: 'Copy anyway: value (do not publish yet)' }).click();
    expect(await clipboard(page)).toBe(value);

    // Unticking two expensive presets brings it back under the limit.
    await page.getByRole('checkbox', { name: 'Zoho Mail' }).uncheck();
    await page.getByRole('checkbox', { name: 'Google Workspace' }).uncheck();
    await expect(meter).toHaveAttribute('aria-valuenow', '8');
    await expect(check.getByRole('heading', { name: 'Over the limit: what to do' })).toBeHidden();

    await page.getByRole('checkbox', { name: 'Google Workspace' }).check();
    await page.getByRole('checkbox', { name: 'Zoho Mail' }).check();
    await expect(meter).toHaveAttribute('aria-valuenow', '16');
    await expectNoAxeViolations(page);
    await screenshots(page, 'generate-spf');
  });

  test('SPF: providers that bounce from their own or a subdomain MAIL FROM add no root include', async ({
    page,
  }) => {
    await mockDoh(page);
    await page.goto('./#/generate/spf?domain=good.example');
    // Amazon SES, Mailchimp, SendGrid and Postmark are no ticks: their include is never checked at the root.
    for (const name of ['Amazon SES', 'Mailchimp', 'SendGrid', 'Postmark'])
      await expect(page.getByRole('checkbox', { name, exact: true })).toHaveCount(0);
    await page.getByText('No include here: Mailchimp, SendGrid, Amazon SES, Postmark').click();
    await expect(
      page.getByText(
        'Amazon SES sends with MAIL FROM a subdomain of amazonses.com, so receivers check SPF there, not at good.example. With a custom MAIL FROM subdomain (e.g. bounce.good.example), publish “v=spf1 include:amazonses.com -all” at that subdomain',
        { exact: false },
      ),
    ).toBeVisible();
    // A record that already has such an include gets a warning on that row, and the verdict says so.
    await page.goto(
      './#/generate/spf?domain=good.example&record=' +
        encodeURIComponent('v=spf1 mx include:amazonses.com -all'),
    );
    await expect(page.getByLabel('Term 2 value')).toHaveAccessibleDescription(
      /include:amazonses\.com costs lookups here for nothing: Amazon SES mail is not checked against this record by default/,
    );
    const card = page.getByRole('region', { name: 'Your SPF record' });
    await expect(card.getByText('Valid, checked against DNS; read the warnings below.')).toBeVisible();
    await screenshots(page, 'generate-spf-mail-from');
  });

  test('MTA-STS: mx patterns that miss a live MX host are named, by mode (RFC 8461 §5)', async ({ page }) => {
    await mockDoh(page);
    await page.goto(
      './#/generate/mta-sts?domain=bench.example&mode=enforce&mx=mx1.bench.example&id=2026120601',
    );
    const mx = page.getByLabel('Mail servers (mx)');
    await expect(mx).toHaveAccessibleDescription(
      /MX mx2\.bench\.example is not in the policy: in enforce mode, senders following RFC 8461 §5 refuse to deliver to it/,
    );
    await expect(mx).toHaveAttribute('aria-invalid', 'true');
    const card = page.getByRole('region', { name: 'Publish these' });
    await expect(card.getByText('✗ Would fail', { exact: true })).toBeVisible();
    const check = page.getByRole('region', { name: 'Check the draft before publishing' });
    await expect(
      check.getByText('Nothing: the draft gives the same findings as the record published today.'),
    ).toBeHidden();
    await expect(check.getByRole('heading', { name: /New with this draft/ })).toBeVisible();
    await screenshots(page, 'generate-mtasts-mx-uncovered');

    await page.getByRole('radio', { name: /^testing/ }).check();
    await expect(mx).toHaveAccessibleDescription(
      /MX mx2\.bench\.example is not in the policy: in testing mode, senders report each delivery to it as a failure \(TLS-RPT\); in enforce mode, senders following RFC 8461 §5 would refuse to deliver to it/,
    );
    await expect(card.getByText('✗ Would fail', { exact: true })).toBeHidden();

    // Both MX hosts from DNS: nothing uncovered.
    await page.getByRole('button', { name: 'Use my MX hosts' }).click();
    await expect(mx).toHaveValue('mx1.bench.example\nmx2.bench.example');
    await expect(mx).not.toHaveAccessibleDescription(/is not in the policy/);
  });

  test('DMARC: the card agrees with the draft check, and p=reject over broken SPF and no DKIM is cautioned', async ({
    page,
  }) => {
    await mockDoh(page);
    await page.goto(
      './#/generate/dmarc?domain=deep-spf.example&record=' +
        encodeURIComponent('v=DMARC1; p=reject; rua=mailto:dmarc@reports.example;'),
    );
    const card = page.getByRole('region', { name: 'Your DMARC record' });
    await expect(card.getByText('Valid, checked against DNS; read the warnings below.')).toBeVisible();
    await expect(card.getByText(/No problems/)).toHaveCount(0);
    await expect(
      card.getByText('reports.example has not authorized reports for deep-spf.example'),
    ).toBeVisible();
    await expect(
      card.getByText(
        'Your SPF returns permerror: under p=reject, your own mail that is not DKIM-signed for deep-spf.example would fail DMARC and be refused',
      ),
    ).toBeVisible();
    await expect(card.getByText(/^No DKIM key .* for deep-spf\.example: under p=reject/)).toBeVisible();
    const check = page.getByRole('region', { name: 'Check the draft before publishing' });
    await expect(
      check.getByText(
        'Your SPF returns permerror: under p=reject, your own mail that is not DKIM-signed for deep-spf.example would fail DMARC and be refused',
      ),
    ).toBeVisible();
    // Each question once, and no selector below a _domainkey that does not exist (before: 62 queries). 28 at most:
    // the page's own read of the published record may answer one of them from the cache first.
    const log = check.locator('details.querylog summary');
    await expect(log).toContainText(/DNS queries for this check: \d+ DNS queries/);
    const asked = Number(/(\d+) DNS queries/.exec((await log.textContent()) ?? '')?.[1]);
    expect(asked).toBeGreaterThanOrEqual(27);
    expect(asked).toBeLessThanOrEqual(28);
    await screenshots(page, 'generate-dmarc-enforce-cautions');
  });

  test('SPF: the term editor and the all qualifier', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/spf');
    await page.getByRole('button', { name: 'Add a term' }).click();
    await page.getByLabel('Term 2 value').fill('192.0.2.0/24');
    await page.getByRole('radio', { name: /\+all/ }).check();
    const output = page.getByRole('region', { name: 'Publish this record' });
    await expect(output.getByLabel('Record value')).toHaveText('v=spf1 mx ip4:192.0.2.0/24 +all');
    // The lint error sits with the all choice (and in the record card's list).
    const all = page.getByRole('radiogroup', { name: 'Everything else (all)' });
    await expect(all).toHaveAttribute('aria-invalid', 'true');
    await expect(all.getByText('“+all” authorizes every server on the Internet')).toBeVisible();
    await page.getByLabel('Term 2 value').fill('192.0.2.300');
    await expect(page.getByText(/192\.0\.2\.300/).first()).toBeVisible();
    await page.getByRole('button', { name: 'Remove term 2' }).click();
    await expect(output.getByLabel('Record value')).toHaveText('v=spf1 mx +all');
  });

  for (const alg of ['RSA 2048 bits', 'Ed25519']) {
    test(`DKIM: a generated ${alg} key verifies a test signature`, async ({ page }) => {
      await mockDoh(page);
      await page.goto('./#/generate/dkim?domain=good.example&selector=sel2026');
      await page.getByRole('radio', { name: new RegExp(`^${alg}`) }).check();
      await page.getByRole('button', { name: 'Generate key pair' }).click();
      const test = page.getByRole('region', { name: 'Self-test' });
      await expect(test.getByText('pass', { exact: true })).toBeVisible({ timeout: 20_000 });
      await expect(test).toContainText('verifies against the record above');
      const pem = page.getByLabel('Private key (PEM)');
      await expect(pem).toHaveValue(/^-----BEGIN PRIVATE KEY-----\n/);
      const output = page.getByRole('region', { name: 'Publish this record' });
      await expect(output.getByText('sel2026._domainkey.good.example.', { exact: true })).toBeVisible();
      await expect(output.getByLabel('Record value')).toContainText(
        alg === 'Ed25519' ? 'v=DKIM1; k=ed25519; p=' : 'v=DKIM1; k=rsa; p=MII',
      );
      // The private key never goes into the URL.
      expect(page.url()).not.toContain('PRIVATE');
      expect(page.url()).not.toContain('p%3D');
      await page.getByRole('button', { name: 'Copy private key' }).click();
      expect(await clipboard(page)).toBe(await pem.inputValue());
      if (alg === 'Ed25519') {
        await expectNoAxeViolations(page);
        await screenshots(page, 'generate-dkim');
      }
    });
  }

  test('MTA-STS: MX hosts from DNS, TXT record and policy file', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/mta-sts?domain=good.example&id=20261123T1');
    await page.getByRole('button', { name: 'Use my MX hosts' }).click();
    await expect(page.getByLabel('Mail servers (mx)')).toHaveValue('mx1.good.example\nmx2.good.example');
    await page.getByRole('radio', { name: /^enforce/ }).check();
    await expect(page.getByLabel('Policy file', { exact: true })).toHaveText(
      'version: STSv1\nmode: enforce\nmx: mx1.good.example\nmx: mx2.good.example\nmax_age: 604800\n',
    );
    await page.getByRole('button', { name: 'New id' }).click();
    const value = await page
      .getByRole('region', { name: '1. TXT record' })
      .getByLabel('Record value')
      .textContent();
    expect(value).toMatch(/^v=STSv1; id=\d{14};$/);
    await page.getByRole('button', { name: 'Copy policy' }).click();
    expect(await clipboard(page)).toBe(
      'version: STSv1\r\nmode: enforce\r\nmx: mx1.good.example\r\nmx: mx2.good.example\r\nmax_age: 604800\r\n',
    );
    // Every part a browser can check was checked: valid, and what it cannot check is named (before: “Partly checked”).
    const card = page.getByRole('region', { name: 'Publish these' });
    await expect(card.getByText('No problems, checked against DNS as far as a browser can.')).toBeVisible();
    await expect(card.getByText('Partly checked')).toHaveCount(0);
    await expect(card.getByText('A browser cannot check:')).toBeVisible();
    await expect(
      card.getByText(
        /^that https:\/\/mta-sts\.good\.example\/\.well-known\/mta-sts\.txt serves this policy file with a valid certificate for mta-sts\.good\.example/,
      ),
    ).toBeVisible();
    await expect(card.getByText(/^that each MX host offers STARTTLS/)).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'generate-mta-sts');
  });

  test('TLS-RPT and BIMI: records, validation and the draft check', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/tls-rpt?domain=broken.example');
    await page.getByLabel('Send reports to (rua)').fill('tls@broken.example');
    const output = page.getByRole('region', { name: 'Publish this record' });
    await expect(output.getByLabel('Record value')).toHaveText('v=TLSRPTv1; rua=mailto:tls@broken.example');
    await expect(output.getByText('_smtp._tls.broken.example.', { exact: true })).toBeVisible();
    await page.getByLabel('Send reports to (rua)').fill('ftp://nope');
    await expect(page.getByLabel('Send reports to (rua)')).toHaveAccessibleDescription(
      /rua “ftp:\/\/nope” must be a mailto: or https: URI\./,
    );
    await expectNoAxeViolations(page);

    await page.goto('./#/generate/bimi?domain=good.example');
    await page.getByLabel('Logo URL (l)').fill('https://good.example/logo.svg');
    await page.getByLabel('Certificate URL (a)').fill('https://good.example/vmc.pem');
    await expect(output.getByLabel('Record value')).toHaveText(
      'v=BIMI1; l=https://good.example/logo.svg; a=https://good.example/vmc.pem;',
    );
    await expect(page.getByText('Eligible', { exact: true })).toBeVisible();
    await page.getByLabel('Logo URL (l)').fill('http://good.example/logo.png');
    await expect(page.getByLabel('Logo URL (l)')).toHaveAccessibleDescription(
      /l=http:\/\/good\.example\/logo\.png must be an https:\/\/ URL\./,
    );
    await expectNoAxeViolations(page);
  });

  test('import: a DNS failure or a record of another kind changes nothing and says why', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/generate/dmarc?domain=slow.example');
    await page.getByRole('button', { name: 'Load the record at _dmarc.slow.example' }).click();
    await expect(
      page.getByText(/Could not read _dmarc\.slow\.example: .*Nothing was changed\./),
    ).toBeVisible();
    const value = page.getByRole('region', { name: 'Publish this record' }).getByLabel('Record value');
    await expect(value).toHaveText('v=DMARC1; p=none;');

    await page.getByText('Or paste a record').click();
    await page.getByLabel('Record to start from').fill('v=spf1 -all');
    await page.getByRole('button', { name: 'Load into the form' }).click();
    await expect(page.getByText(/This is not a DMARC record.*Nothing was changed\./)).toBeVisible();
    await expect(value).toHaveText('v=DMARC1; p=none;');

    // The rollout guide marks the draft's stage and moves it on.
    const stages = page.getByRole('list', { name: 'DMARC rollout stages' });
    await expect(stages.locator('[aria-current="step"]')).toContainText('1. Monitor: p=none');
    await stages.getByRole('button', { name: 'Use this step' }).first().click();
    await expect(value).toHaveText('v=DMARC1; p=quarantine; t=y;');
    await expect(stages.locator('[aria-current="step"]')).toContainText('2. Test quarantine');
  });
});
