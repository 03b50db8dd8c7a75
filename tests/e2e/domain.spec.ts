import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { mockDoh, presetSettings } from './support/doh';
import { screenshots } from './support/screens';

async function areaStatus(page: Page, title: string) {
  return page
    .locator('section.summary .areas li')
    .filter({ has: page.getByRole('link', { name: title, exact: true }) });
}

test.describe('domain check', () => {
  test('a well-configured domain', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/good.example');
    await expect(page.getByRole('heading', { name: 'Summary for good.example' })).toBeVisible();
    await expect(page.getByLabel('Grade A')).toBeVisible();
    for (const area of ['SPF', 'DMARC', 'DKIM', 'MX', 'TLS-RPT', 'DNSSEC']) {
      await expect((await areaStatus(page, area)).locator('.badge')).toHaveText(/Good$/);
    }
    // The TXT record only announces an MTA-STS policy: until the file is read, nothing proves it works.
    await expect((await areaStatus(page, 'MTA-STS')).locator('.badge')).toHaveText(/Could not check$/);
    // Likewise a BIMI record only names a logo and a certificate, which are not fetched here.
    const bimi = await areaStatus(page, 'BIMI');
    await expect(bimi.locator('.badge')).toHaveText(/Could not check$/);
    await expect(bimi).toContainText(
      'Record found: it names a logo and a certificate. Not everything could be checked (logo and certificate not fetched).',
    );
    await expect(page.getByText('Score 100/100, provisional.')).toBeVisible();
    const dmarc = page.locator('section#dmarc');
    await expect(dmarc.getByLabel('DMARC record')).toContainText('v=DMARC1; p=reject');
    await expect(dmarc.getByRole('row', { name: /agg@reports\.example/ })).toContainText('Authorized');
    // The one rollout guide, shared with the DMARC generator: p=reject is its last stage.
    const stages = dmarc.getByRole('list', { name: 'DMARC rollout stages' });
    await expect(stages.locator('[aria-current="step"]')).toContainText('4. Reject: p=reject');
    await expect(stages.locator('[aria-current="step"]')).toContainText('You are here');
    const dkim = page.locator('section#dkim');
    await expect(dkim.getByRole('row', { name: /google/ })).toContainText('RSA 2048 bits');
    await expect(dkim.getByRole('row', { name: /ed1/ })).toContainText('Ed25519');
    await expect(page.locator('section#mx').getByRole('row', { name: /mx1\.good\.example/ })).toContainText(
      'confirmed',
    );
    await expect(page.getByRole('heading', { name: 'Bulk-sender readiness' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'domain-good');
  });

  test('reading the MTA-STS policy file on request decides the area and the grade', async ({ page }) => {
    await mockDoh(page);
    await page.route('https://mta-sts.good.example/.well-known/mta-sts.txt', (route) =>
      route.fulfill({
        contentType: 'text/plain',
        headers: { 'access-control-allow-origin': '*' },
        body: 'version: STSv1\r\nmode: enforce\r\nmx: mx1.good.example\r\nmx: mx2.good.example\r\nmax_age: 604800\r\n',
      }),
    );
    await page.goto('./#/domain/good.example');
    await expect((await areaStatus(page, 'MTA-STS')).locator('.badge')).toHaveText(/Could not check$/);
    await page.locator('section#mta-sts').getByRole('button', { name: 'Fetch policy' }).click();
    await expect((await areaStatus(page, 'MTA-STS')).locator('.badge')).toHaveText(/Good$/);
    // BIMI's logo is never fetched here, so the grade stays provisional on that alone.
    await expect(page.getByText('Score 100/100, provisional.')).toBeVisible();
    await expect(
      page.getByText('Provisional: BIMI (logo and certificate not fetched) could not be checked'),
    ).toBeVisible();
    await expect(page.locator('section#mta-sts')).toContainText('enforce');
  });

  test('a broken domain fails every area with reasons and fixes', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/broken.example');
    await expect(page.getByLabel('Grade F')).toBeVisible();
    for (const area of ['SPF', 'DMARC', 'DKIM', 'MX', 'MTA-STS', 'TLS-RPT', 'BIMI']) {
      await expect((await areaStatus(page, area)).locator('.badge')).toHaveText(/Failing$/);
    }
    // The permerror of the missing include comes first; +all, never reached today, is the second fix.
    await expect(
      (await areaStatus(page, 'SPF')).getByText(
        'SPF fails (permerror) for all mail not from a:mail.broken.example: “include:missing.broken.example” points to a domain that does not exist.',
      ),
    ).toBeVisible();
    await expect(
      page
        .locator('section#spf')
        .getByText(
          '“+all” would authorize every server on the Internet once “include:missing.broken.example” is fixed',
        )
        .first(),
    ).toBeVisible();
    await expect(
      page.locator('section#dmarc').getByText('p=nonsense is not a policy', { exact: false }).first(),
    ).toBeVisible();
    await expect(page.locator('section#dkim').getByText('RSA key of 512 bits at s1').first()).toBeVisible();
    await expect(
      page.locator('section#mx').getByText('MX 192.0.2.99 is an IP address').first(),
    ).toBeVisible();
    // RFC 7489 §6.6.3: an invalid p= with a valid rua is read as p=none, not ignored, and p=none is enough here.
    const readiness = page.locator('section#readiness');
    const dmarcRow = readiness.getByRole('listitem').filter({ hasText: 'DMARC record (p=none is enough)' });
    await expect(dmarcRow.locator('.badge')).toHaveText('Met');
    await expect(dmarcRow).toContainText(
      'Met as p=none: the policy tag is invalid, but rua= holds a valid address, so receivers act as if the record said p=none (RFC 7489 §6.6.3, RFC 9989 §4.10.1).',
    );
    await expect(readiness).not.toContainText('ignore it');
    await expectNoAxeViolations(page);
    await screenshots(page, 'domain-broken');
  });

  test('an inherited policy: report authorization names the policy’s domain', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/mail.bimi-inherit.example');
    const dmarc = page.locator('section#dmarc');
    const auth = dmarc.getByRole('region', { name: 'Authorization record at codes.example' });
    // Before: the box said mail.bimi-inherit.example._report._dmarc.codes.example, which authorizes nothing.
    await expect(
      auth.getByText('bimi-inherit.example._report._dmarc.codes.example.', { exact: true }),
    ).toBeVisible();
    await expect(dmarc.getByText('mail.bimi-inherit.example._report', { exact: false })).toHaveCount(0);
    await expect(dmarc).toContainText(
      'The record names bimi-inherit.example, not mail.bimi-inherit.example: mail.bimi-inherit.example has no DMARC record of its own',
    );
    // The finding below names the same record.
    await expect(dmarc).toContainText(
      'publish a TXT record at bimi-inherit.example._report._dmarc.codes.example',
    );
    await expectNoAxeViolations(page);
  });

  test('a wildcard under the domain is not “DKIM keys published”', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/dkim-wildcard.codes.example');
    await expect((await areaStatus(page, 'DKIM')).locator('.badge')).toHaveText(/Needs attention$/);
    const dkim = page.locator('section#dkim');
    await expect(dkim.locator('.headline')).toHaveText(
      'No DKIM key found at the 33 common selectors (a wildcard answers under _domainkey, which proves nothing). Name yours under Options.',
    );
    await expect(dkim).toContainText('a wildcard answers there, which proves nothing about keys.');
    await expect(dkim).not.toContainText('keys are published');
    await expect(dkim).not.toContainText('keys exist');
    await expect(page.locator('section#readiness')).toContainText(
      'No DKIM key found at the common selectors, and the answer at _domainkey proves nothing about others.',
    );
    await expectNoAxeViolations(page);
  });

  test('keys that may sit under another selector: “Selector needed” in the summary, the area and readiness alike', async ({
    page,
  }) => {
    await mockDoh(page);
    for (const [domain, what] of [
      // A record of its own at _domainkey (before: “Needs attention” above a readiness row that said “unknown”).
      [
        'dkim-own.codes.example',
        '_domainkey holds a record of its own, which says nothing about keys under other selectors.',
      ],
      // Names below _domainkey (before: “Not used”).
      ['dkim-other.codes.example', 'names exist under _domainkey, most likely keys under other selectors.'],
    ] as const) {
      await page.goto(`./#/domain/${domain}`);
      const sentence = `No key at the 33 selectors tried; ${what} Type your selector under Options (the s= tag of a DKIM-Signature header names it), or paste a message header in Header analysis.`;
      const summary = await areaStatus(page, 'DKIM');
      await expect(summary.locator('.badge')).toHaveText(/Selector needed$/);
      await expect(summary).toContainText(sentence);
      const dkim = page.locator('section#dkim');
      await expect(dkim.locator('.panel-head .badge')).toHaveText(/Selector needed$/);
      await expect(dkim.locator('.headline')).toHaveText(sentence);
      const row = page.locator('section#readiness li').filter({ hasText: 'DKIM key of at least 1024 bits' });
      await expect(row.locator('.badge')).toHaveText('Selector needed');
      await expect(row).toContainText(sentence);
      await expect(dkim).not.toContainText('Not used');
      await expect(summary).not.toContainText('Not used');
    }
    await expectNoAxeViolations(page);
  });

  test('a record behind a byte-order mark gets that finding and its fix only', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/bom.verdicts.example');
    await expect(page.getByRole('heading', { name: 'Summary for bom.verdicts.example' })).toBeVisible();
    for (const [id, name] of [
      ['dmarc', 'DMARC'],
      ['mta-sts', 'MTA-STS'],
      ['tls-rpt', 'TLS-RPT'],
      ['bimi', 'BIMI'],
    ] as const) {
      const panel = page.locator(`section#${id}`);
      await expect(panel.locator('.headline')).toHaveText(`A ${name} record starts with a byte-order mark.`);
      await expect(
        panel.getByText(`A ${name} record starts with a byte-order mark`, { exact: true }),
      ).toBeVisible();
      await expect(panel).toContainText('Publish the record again without the invisible mark');
      // Before: “No DMARC record… publish p=none; rua=…”, “No TLS-RPT record… rua=tls-reports@…”, “No MTA-STS”.
      await expect(panel.getByText(/^No (DMARC|MTA-STS|TLS-RPT|BIMI)/)).toHaveCount(0);
    }
    await expect(page.locator('section#dmarc')).not.toContainText('p=none; rua=');
    await expect(page.locator('section#tls-rpt')).not.toContainText('tls-reports@');
    await expect(page.locator('section#dmarc')).toContainText(
      'no record receivers read: the one there starts with a byte-order mark',
    );
    await expect(page.locator('section#readiness')).toContainText(
      'The DMARC record starts with a byte-order mark, so receivers do not read it: publish it again without the mark.',
    );
    await expectNoAxeViolations(page);
  });

  test('a provider that times out reads as “could not check”, not as missing', async ({ page }) => {
    await presetSettings(page, { provider: 'cloudflare', customUrl: '', timeoutSeconds: 1, theme: 'system' });
    await mockDoh(page, { cloudflare: 'hang', google: 'hang' });
    await page.goto('./#/domain/good.example');
    await expect(page.getByRole('heading', { name: 'Summary for good.example' })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByText('No DNS provider is answering.')).toBeVisible();
    for (const area of ['SPF', 'DMARC', 'MX', 'MTA-STS', 'TLS-RPT']) {
      await expect((await areaStatus(page, area)).locator('.badge')).toHaveText(/Could not check$/);
    }
    await expect(page.getByText('No SPF record at good.example')).toHaveCount(0);
    await expect(page.getByText('No DMARC record for good.example')).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshots(page, 'domain-timeout');
  });

  test('every provider down: the advice is for the person checking, not the domain’s DNS host', async ({
    page,
  }) => {
    await mockDoh(page, { cloudflare: 'down', google: 'down' });
    await page.goto('./#/domain/good.example');
    await expect(page.getByText('No DNS provider is answering.')).toBeVisible({ timeout: 30_000 });
    await expect(
      page.getByText(
        'Your DNS provider (Settings) did not answer, so this says nothing about the domain: check the DNS settings or your connection, then check again.',
      ),
    ).toBeVisible();
    const spf = page.locator('section#spf');
    await expect(
      spf.getByText('Your DNS provider (Settings) did not answer, so this says nothing about good.example.', {
        exact: false,
      }),
    ).toBeVisible();
    await expect(page.getByText('ask the DNS host of that domain', { exact: false })).toHaveCount(0);
    await expect(page.getByText('receivers meeting it return temperror', { exact: false })).toHaveCount(0);
    await screenshots(page, 'domain-provider-down');
  });

  test('failover: Cloudflare down, Google answers, and the page says so', async ({ page }) => {
    const mock = await mockDoh(page, { cloudflare: 'down' });
    await page.goto('./#/domain/good.example');
    await expect(page.getByLabel('Grade A')).toBeVisible();
    await expect(page.getByText('Cloudflare did not answer')).toBeVisible();
    expect(mock.asked.some((q) => q.endsWith('(google)'))).toBe(true);
  });

  test('a DNS SERVFAIL domain reads as could not check', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/slow.example');
    await expect((await areaStatus(page, 'DMARC')).locator('.badge')).toHaveText(/Could not check$/, {
      timeout: 30_000,
    });
    await expect(page.getByText('Could not check DMARC').first()).toBeVisible();
    // An MX host that only receives needs no reverse DNS: a note, not an amber badge.
    const mx = await areaStatus(page, 'MX');
    await expect(mx.locator('.badge')).toHaveText(/Good$/);
    await expect(mx).toContainText('1 host.');
    await expect(page.locator('section#mx')).toContainText('Receiving mail needs no reverse DNS');
  });

  test('a null-MX domain that sends nothing gets the parked-domain advice', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/mx-null.codes.example');
    await expect(
      (await areaStatus(page, 'MX')).getByText('Null MX: the domain receives no mail.'),
    ).toBeVisible();
    await expect(page.locator('section#dmarc')).toContainText(
      'Publish “v=DMARC1; p=reject;” at _dmarc.mx-null.codes.example',
    );
    await expect(page.locator('section#spf')).toContainText('Publish “v=spf1 -all” at mx-null.codes.example');
    await expect(page.getByText('Turn on DKIM signing', { exact: false })).toHaveCount(0);
    await expect(page.getByText('include:_spf.google.com', { exact: false })).toHaveCount(0);
    await expect(page.locator('section#mta-sts')).toContainText('Not needed: the domain receives no mail');
    await screenshots(page, 'domain-null-mx');
  });

  test('a pasted website address offers the mail domain', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain');
    await page.getByLabel('Domain', { exact: true }).fill('https://www.good.example/contact');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page).toHaveURL(/#\/domain\/www\.good\.example$/);
    const offer = page.getByRole('status').filter({ hasText: 'Did you mean' });
    await expect(offer).toHaveText(
      'That looks like a website address: checking www.good.example. Did you mean good.example?',
    );
    await screenshots(page, 'domain-web-address');
    await offer.getByRole('link', { name: 'good.example' }).click();
    await expect(page).toHaveURL(/#\/domain\/good\.example$/);
    await expect(page.getByRole('heading', { name: 'Summary for good.example' })).toBeVisible();
    await expect(page.getByText('Did you mean')).toHaveCount(0);
  });

  test('an amber summary line says why', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/bench.example');
    const dkim = await areaStatus(page, 'DKIM');
    await expect(dkim.locator('.badge')).toHaveText(/Needs attention$/);
    await expect(dkim).toContainText(
      '4 keys found (google, selector1, selector2, s1) among 33 selectors tried. RSA key of 1024 bits at selector2.',
    );
  });

  test('bad input gets a clear message and no query', async ({ page }) => {
    const mock = await mockDoh(page);
    await page.goto('./#/domain');
    await page.getByLabel('Domain', { exact: true }).fill('not a domain');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByRole('alert')).toHaveText('A domain name cannot contain spaces.');
    expect(mock.asked).toEqual([]);
  });

  test('the form updates the permalink, with DKIM selectors', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain');
    await page.getByLabel('Domain', { exact: true }).fill('https://Good.Example/');
    await page.getByText('Options').click();
    await page.getByLabel('DKIM selectors to try').fill('sel2026');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page).toHaveURL(/#\/domain\/good\.example\?selectors=sel2026$/);
    await expect(
      page.locator('section#dkim').getByText('No DKIM key at selector sel2026').first(),
    ).toBeVisible();
  });

  test('exports Markdown and JSON', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/good.example');
    await expect(page.getByLabel('Grade A')).toBeVisible();
    const md = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Markdown' }).click();
    const mdFile = await md;
    expect(mdFile.suggestedFilename()).toMatch(/^good\.example-\d{4}-\d{2}-\d{2}\.md$/);
    const json = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download JSON' }).click();
    const stream = await (await json).createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toMatchObject({
      schema: 'authlens-domain-report/4',
      domain: 'good.example',
    });
  });

  test('Cancel stops a running check; bad input and the bare route clear the old report', async ({
    page,
  }) => {
    await presetSettings(page, {
      provider: 'cloudflare',
      customUrl: '',
      timeoutSeconds: 10,
      theme: 'system',
    });
    await mockDoh(page, { cloudflare: 'hang', google: 'hang' });
    await page.goto('./#/domain/good.example');
    await expect(page.getByText(/Checking good\.example…/)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The check of good.example was cancelled.' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Check', exact: true })).toBeEnabled();
  });

  test('a report does not stay under an error about other input', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/good.example');
    const summary = page.getByRole('heading', { name: 'Summary for good.example' });
    await expect(summary).toBeVisible();
    await page.goto('./#/domain');
    await expect(summary).toHaveCount(0);

    await page.goto('./#/domain/good.example');
    await expect(summary).toBeVisible();
    await page.getByLabel('Domain', { exact: true }).fill('not a domain');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('A domain name cannot contain spaces.');
    await expect(summary).toHaveCount(0);
  });

  test('the DKIM query limit met with many named selectors tells the person to check fewer at once', async ({
    page,
  }) => {
    await mockDoh(page);
    const selectors = Array.from({ length: 300 }, (_, i) => `sel${i}`).join(',');
    await page.goto(`./#/domain/good.example?selectors=${selectors}`);
    await expect(page.getByRole('heading', { name: 'Summary for good.example' })).toBeVisible();
    await expect(
      page.getByText(
        /No grade: DKIM \(query limit reached\) could not be checked.*Check fewer selectors at once: the 300 you named, with the 33 common ones/,
      ),
    ).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/only its DNS operator can fix it/)).toHaveCount(0);
    const dkim = page.locator('section#dkim');
    await expect(dkim.getByText(/the 300 selectors you named, with the 33 common ones/)).toBeVisible();
    await expect(dkim.getByText(/DNS operator can fix/)).toHaveCount(0);
  });
});
