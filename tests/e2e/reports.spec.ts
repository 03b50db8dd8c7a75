import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { makeReportEmail, makeZip } from '../support/report-files';
import { aggregateXml } from '../support/reports-page-scenario';
import { expectNoAxeViolations } from './support/axe';
import { CLOUDFLARE_HOST, mockDoh, watchRequests } from './support/doh';

const file = (name: string, data: Buffer | string, mimeType = 'application/octet-stream') => ({
  name,
  mimeType,
  buffer: Buffer.isBuffer(data) ? data : Buffer.from(data),
});

/** A zip of five days (Google), one day gzipped (Microsoft), one day as an e-mail (Yahoo), and a duplicate. */
function aggregateFiles() {
  return [
    file(
      'google-week.zip',
      makeZip([0, 1, 2, 3, 4].map((d) => ({ name: `google.com!good.example!${d}.xml`, data: aggregateXml(d, 'google.com', `g-${d}`) }))),
    ),
    file('microsoft.xml.gz', gzipSync(aggregateXml(5, 'Outlook.com', 'ms-5'))),
    file(
      'yahoo-report.eml',
      makeReportEmail([{ name: 'yahoo.xml.gz', type: 'application/gzip', data: gzipSync(aggregateXml(6, 'Yahoo', 'y-6')) }]),
    ),
    file('again.xml', aggregateXml(0, 'google.com', 'g-0')),
  ]; // prettier-ignore
}

/** Full-page screenshots at 1280 and 390 px, for a person to look at. */
async function shots(page: Page, name: string): Promise<void> {
  const dir = 'test-results/screenshots/reports';
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${dir}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${dir}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function drop(page: Page, files: ReturnType<typeof file>[]): Promise<void> {
  await page.goto('./#/reports');
  await page.getByLabel('Report files to read').setInputFiles(files);
  await expect(page.getByRole('heading', { name: /^Read \d+ files?$/ })).toBeVisible({ timeout: 20_000 });
}

// Reading, axe and two screenshot widths per view: generous on a shared machine.
test.describe.configure({ timeout: 120_000 });

test.describe('reports', () => {
  test('a zip, a gzip and an e-mail together: totals, chart, sources, filters and export', async ({
    page,
    baseURL,
  }) => {
    const seen = watchRequests(page);
    await drop(page, aggregateFiles());
    await expect(page.getByText('7 reports', { exact: false }).first()).toBeVisible();
    await expect(page.getByText(/1 duplicate report skipped \(counted once\)/)).toBeVisible();
    // 7 days × 60 messages; DMARC passes for 50 of each 60.
    const totals = page.getByRole('region', { name: 'Totals' });
    await expect(totals.getByRole('definition').nth(0)).toHaveText('420');
    await expect(totals.getByRole('definition').nth(1)).toHaveText('83%');
    const chart = page.getByRole('img', {
      name: /Messages per day by DMARC outcome, 2026-03-01 to 2026-03-07/,
    });
    await expect(chart).toBeVisible();
    await page.getByText('Show the chart as a table').click();
    await expect(page.getByRole('row', { name: /2026-03-04 60 50 10 0 0/ })).toBeVisible();
    const ready = page.getByRole('region', { name: 'Ready to enforce DMARC on good.example?' });
    await expect(ready).toContainText('would fail under enforcement');
    await expect(ready).toContainText(/Someone else’s mail or spoofing\s*28/);
    await expectNoAxeViolations(page);
    await shots(page, 'overview');

    await page.getByRole('button', { name: 'Sources' }).click();
    const sources = page.getByRole('region', { name: 'Sources' });
    await expect(sources.getByRole('heading', { name: /SendGrid/ })).toBeVisible();
    await expect(sources.getByText('DKIM passes, but for another domain').first()).toBeVisible();
    // The unidentified group mostly passes (its own servers) with 28 spoofed messages: not a green "Passes DMARC".
    const mixed = sources
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Unidentified sources' }) });
    await expect(mixed.locator('.badge').first()).toHaveText('Mostly passes — 28 fail');
    await expect(mixed.locator('.badge.sev-ok')).toHaveCount(0);
    await expect(mixed.getByText('Some of its addresses pass nothing')).toBeVisible();
    await expect(mixed).not.toContainText('authorize it in SPF');
    await expect(mixed).not.toContainText('Not authorized by');
    await expectNoAxeViolations(page);
    await shots(page, 'sources');

    // Drill down from a source to its records: the filter follows, and so do the totals.
    await sources
      .getByRole('button', { name: /Show addresses/ })
      .nth(1)
      .click();
    await page.getByRole('button', { name: 'Records of 203.0.113.66' }).click();
    await expect(page.getByLabel('Source IP')).toHaveValue('203.0.113.66');
    await expect(page.getByText('7 records match the filters.')).toBeVisible();
    await page.getByRole('button', { name: 'Overview' }).click();
    await expect(totals.getByRole('definition').nth(0)).toHaveText('28');
    await expect(totals.getByRole('definition').nth(1)).toHaveText('0%');
    await page.getByRole('button', { name: 'Records' }).click();
    await page.getByRole('button', { name: 'Raw record' }).first().click();
    // The raw record reads as the report's own elements, not as JSON.
    const raw = page.getByRole('row').filter({ has: page.getByRole('heading', { name: 'auth_results' }) });
    await expect(raw.getByRole('term').first()).toHaveText('source_ip');
    await expect(raw.getByRole('definition').first()).toHaveText('203.0.113.66');
    await expect(raw.getByRole('heading', { name: 'policy_evaluated' })).toBeVisible();
    await expect(raw).not.toContainText('"sourceIp"');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = await download;
    expect(csv.suggestedFilename()).toBe('dmarc-records.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.split(/\r?\n/).filter((l) => l.includes('203.0.113.66'))).toHaveLength(7);
    const json = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download JSON' }).click();
    const rows = JSON.parse(readFileSync((await (await json).path())!, 'utf8')) as unknown[];
    expect(rows).toHaveLength(7);
    await expectNoAxeViolations(page);
    await shots(page, 'records');
    // Reading is local: nothing but the page itself was asked for.
    expect([...seen.hosts]).toEqual([new URL(baseURL!).host]);
  });

  test('a hostile file shows its error while the others load', async ({ page }) => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><feedback>&lol2;</feedback>`;
    await drop(page, [
      file('entities.xml', bomb),
      file('broken.zip', Buffer.from('PK\u0003\u0004 not really a zip')),
      file('microsoft.xml.gz', gzipSync(aggregateXml(5, 'Outlook.com', 'ms-5'))),
    ]);
    await expect(page.getByRole('heading', { name: '2 files could not be read' })).toBeVisible();
    await expect(page.getByText('entities.xml', { exact: true })).toBeVisible();
    await expect(page.getByText(/DOCTYPE/).first()).toBeVisible();
    await expect(page.getByText('broken.zip', { exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Totals' }).getByRole('definition').first()).toHaveText(
      '60',
    );
  });

  test('past MAX_ERRORS_LISTED unreadable files, the list stops and the rest are counted', async ({
    page,
  }) => {
    const broken = Array.from({ length: 103 }, (_, i) =>
      file(`broken-${i}.zip`, Buffer.from('PK\u0003\u0004 no')),
    );
    await drop(page, [...broken, file('ok.xml.gz', gzipSync(aggregateXml(5, 'Outlook.com', 'ms-6')))]);
    await expect(page.getByRole('heading', { name: '103 files could not be read' })).toBeVisible();
    await expect(page.getByText('broken-99.zip', { exact: true })).toBeVisible();
    await expect(page.getByText('broken-100.zip', { exact: true })).toHaveCount(0);
    await expect(page.getByText('and 3 more', { exact: true })).toBeVisible();
    await shots(page, 'errors-and-more');
  });

  test('no request before opt-in; then reverse DNS and the SPF re-check ask only the DoH provider', async ({
    page,
    baseURL,
  }) => {
    const seen = watchRequests(page);
    const doh = await mockDoh(page);
    await drop(page, aggregateFiles());
    await page.getByRole('button', { name: 'Sources' }).click();
    await expect(page.getByText(/Each IP address becomes a DNS question to Cloudflare/)).toBeVisible();
    expect(doh.asked).toEqual([]);
    expect([...seen.hosts]).toEqual([new URL(baseURL!).host]);

    await page.getByLabel('Reverse DNS (PTR, forward-confirmed)').check();
    await page.getByRole('button', { name: 'Look up the sources' }).click();
    await expect(page.getByText(/Done: \d+ of 4 addresses\s+answered/)).toBeVisible({ timeout: 20_000 });
    expect(doh.asked).toContain('25.2.0.192.in-addr.arpa PTR (cloudflare)');
    // The confirmed name groups the server under its organization.
    await expect(page.getByRole('heading', { name: /Organization\s+good\.example/ })).toBeVisible();

    await page.getByRole('button', { name: 'Re-check good.example today' }).click();
    const recheck = page.getByRole('region', { name: 'Re-check today' });
    await expect(recheck.getByText(/2 of 4 addresses\s+are\s+authorized/)).toBeVisible({ timeout: 20_000 });
    await expect(recheck.getByRole('row', { name: /198\.51\.100\.7/ })).toContainText(
      'include:_spf.mailer.example',
    );
    await expectNoAxeViolations(page);
    await shots(page, 'lookups');
    const hosts = [...seen.hosts].filter((h) => h !== new URL(baseURL!).host);
    expect(hosts).toEqual([CLOUDFLARE_HOST]);
  });

  test('a re-check whose DNS times out reads “could not check”; a long span charts its latest days; malformed XML is named', async ({
    page,
  }) => {
    await mockDoh(page);
    const dir = 'tests/fixtures/reports/aggregate/parsedmarc/';
    const outlook = 'protection.outlook.com!example.com!1711756800!1711843200.xml';
    await drop(page, [
      file('slow.xml', aggregateXml(1, 'google.com', 'slow-1').replaceAll('good.example', 'slow.example')),
      ...['rfc9990-sample.xml', outlook, 'invalid_xml.xml'].map((n) => file(n, readFileSync(dir + n))),
    ]);
    await expect(page.getByText(/1\s+report was read despite malformed content/)).toBeVisible();
    await expect(page.getByText(/The chart shows the latest 3,660 days/)).toBeVisible();
    // The latest days stay: the chart ends on the newest report, and the 2024 month has its column.
    await expect(page.getByRole('img', { name: /, 2016-02-24 to 2026-03-02 / })).toBeVisible();
    await expect(page.locator('rect title', { hasText: /^2024-03: / }).first()).toBeAttached();
    await page.getByRole('button', { name: 'Sources' }).click();
    const recheck = page.getByRole('region', { name: 'Re-check today' });
    const menu = recheck.getByLabel('Domain', { exact: true });
    // The menu shows the domain the button names (it was blank while the button named one: found in a walk).
    const shown = await menu.inputValue();
    expect(shown).not.toBe('');
    await expect(recheck.getByRole('button', { name: `Re-check ${shown} today` })).toBeVisible();
    await menu.selectOption('slow.example');
    await recheck.getByRole('button', { name: 'Re-check slow.example today' }).click();
    await expect(recheck.getByText(/No address could be checked/)).toBeVisible({ timeout: 60_000 });
    await expect(recheck.getByText(/could not be checked because a DNS lookup failed/)).toBeVisible();
    await expect(recheck.getByRole('table')).not.toContainText('not authorized');
    await expectNoAxeViolations(page);
    await shots(page, 'recheck-temperror');
  });

  test('TLS-RPT .json.gz and a failure report with aggregate reports: each in its view, then header analysis', async ({
    page,
  }) => {
    const tls = readFileSync('tests/fixtures/reports/tlsrpt/microsoft-shape.json');
    const failure = readFileSync('tests/fixtures/reports/failure/parsedmarc/dmarc_ruf_report_linkedin.eml');
    await drop(page, [
      file('microsoft-tls.json.gz', gzipSync(tls)),
      file('ruf.eml', failure),
      file('microsoft.xml.gz', gzipSync(aggregateXml(5, 'Outlook.com', 'ms-5'))),
    ]);
    await page.getByRole('button', { name: /TLS reports \(1\)/ }).click();
    const tlsView = page.getByRole('region', { name: 'Inbound TLS for broken.example' });
    await expect(tlsView.getByText(/the certificate has expired/).first()).toBeVisible();
    await expect(tlsView.getByText(/30 sessions failed, first seen/)).toBeVisible();
    await expect(
      tlsView.getByRole('link', { name: /findings for broken\.example in the domain check/ }),
    ).toHaveAttribute('href', '#/domain/broken.example');
    await expectNoAxeViolations(page);
    await shots(page, 'tls');

    await page.getByRole('button', { name: /Failure reports \(1\)/ }).click();
    await expect(page.getByText('Failure reports may hold personal data')).toBeVisible();
    await expect(page.getByRole('heading', { name: /10\.10\.10\.10/ })).toBeVisible();
    await expectNoAxeViolations(page);
    await shots(page, 'failures');
    await page.getByRole('button', { name: 'Open in header analysis' }).click();
    await expect(page).toHaveURL(/#\/headers$/);
    await expect(page.getByLabel('Message headers')).toHaveValue(
      /Subject: Subject line, could be UTF8 encoded/,
    );
    await expect(page.getByText('Subject line, could be UTF8 encoded').first()).toBeVisible();
  });
});

test('a second drop adds to the first; the same file again counts once; start over clears', async ({
  page,
}) => {
  const [google, microsoft, yahoo] = aggregateFiles();
  await drop(page, [google!]);
  const totals = page.getByRole('region', { name: 'Totals' });
  await expect(totals.getByRole('definition').nth(0)).toHaveText('300');
  await expect(page.getByText('Files you drop next are added to these.')).toBeVisible();
  // A week in two drops: the five Google days again (a resent or re-dropped file), and two new days.
  await page.getByLabel('Report files to read').setInputFiles([google!, microsoft!, yahoo!]);
  const summary = page.getByRole('region', { name: 'Read 4 files' });
  await expect(summary).toBeVisible({ timeout: 20_000 });
  await expect(summary).toContainText(
    '2 drops together. The latest: 3 files, 2 new reports, 5 already read (skipped).',
  );
  await expect(summary).toContainText('7 reports');
  await expect(summary).toContainText('5 duplicate reports skipped (counted once)');
  await expect(totals.getByRole('definition').nth(0)).toHaveText('420');
  await expectNoAxeViolations(page);
  await shots(page, 'two-drops');
  await page.getByRole('button', { name: 'Sources' }).click();
  await shots(page, 'two-drops-sources');

  await summary.getByRole('button', { name: 'Start over' }).click();
  await expect(summary).toBeHidden();
  await expect(totals).toBeHidden();
  await page.getByLabel('Report files to read').setInputFiles([microsoft!]);
  await expect(page.getByRole('region', { name: 'Read 1 file' })).not.toContainText('drops together');
  await expect(totals.getByRole('definition').nth(0)).toHaveText('60');
});

test('an aggregate report dropped on the header analysis is offered to Reports', async ({ page }) => {
  await page.goto('./#/headers');
  await page
    .locator('input[type="file"]')
    .setInputFiles([
      file('google.com!good.example!9.xml.gz', gzipSync(aggregateXml(3, 'google.com', 'g-3'))),
    ]);
  const offer = page.getByRole('status').filter({ hasText: 'looks like a compressed archive' });
  await expect(offer).toBeVisible();
  await expectNoAxeViolations(page);
  await offer.getByRole('button', { name: 'Open it in Reports' }).click();
  await expect(page).toHaveURL(/#\/reports$/);
  await expect(page.getByRole('region', { name: 'Totals' }).getByRole('definition').first()).toHaveText('60');
});

test('keep on this device survives a reload; forget everything removes it; print hides the controls', async ({
  page,
}) => {
  await page.goto('./#/reports');
  await page.getByLabel('Keep the files I read on this device').check();
  await page
    .getByLabel('Report files to read')
    .setInputFiles([file('microsoft.xml.gz', gzipSync(aggregateXml(5, 'Outlook.com', 'ms-5')))]);
  const totals = page.getByRole('region', { name: 'Totals' });
  await expect(totals.getByRole('definition').first()).toHaveText('60');
  // A second drop is kept next to the first.
  await page
    .getByLabel('Report files to read')
    .setInputFiles([file('yahoo.xml', aggregateXml(6, 'Yahoo', 'y-6'))]);
  await expect(totals.getByRole('definition').first()).toHaveText('120');
  await expect(page.getByText('2 files are kept on this device.')).toBeVisible();
  // The same file dropped again counts once, and is kept once.
  await page
    .getByLabel('Report files to read')
    .setInputFiles([file('yahoo.xml', aggregateXml(6, 'Yahoo', 'y-6'))]);
  await expect(page.getByRole('region', { name: 'Read 3 files' })).toContainText(
    '1 duplicate report skipped',
  );
  await expect(
    page.getByText('2 files are kept on this device. yahoo.xml was already kept, so it is stored once.'),
  ).toBeVisible();
  await expect(totals.getByRole('definition').first()).toHaveText('120');
  await shots(page, 'kept-once');
  await page.reload();
  await expect(totals.getByRole('definition').first()).toHaveText('120');
  await expect(page.getByLabel('Keep the files I read on this device')).toBeChecked();
  await expect(page.getByText('Read 2 files kept on this device.')).toBeVisible();

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('region', { name: 'Report files' })).toBeHidden();
  await expect(page.getByRole('form', { name: 'Filters' })).toBeHidden();
  await expect(totals).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('button', { name: 'Forget everything' }).click();
  await expect(totals).toBeHidden();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Report files' })).toBeVisible();
  await expect(page.getByLabel('Keep the files I read on this device')).not.toBeChecked();
  await expect(totals).toBeHidden();
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);
});

test('dark theme: every view with data has no axe violations', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('./#/reports');
  await page
    .getByLabel('Report files to read')
    .setInputFiles([
      ...aggregateFiles(),
      file(
        'microsoft-tls.json.gz',
        gzipSync(readFileSync('tests/fixtures/reports/tlsrpt/microsoft-shape.json')),
      ),
      file(
        'ruf.eml',
        readFileSync('tests/fixtures/reports/failure/parsedmarc/dmarc_ruf_report_linkedin.eml'),
      ),
    ]);
  await expect(page.getByRole('region', { name: 'Totals' })).toBeVisible({ timeout: 20_000 });
  for (const view of ['Overview', 'Sources', 'Records', 'TLS reports (1)', 'Failure reports (1)']) {
    await page.getByRole('button', { name: view, exact: true }).click();
    await expect(page.getByRole('button', { name: view, exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expectNoAxeViolations(page);
  }
  await shots(page, 'dark-failures');
});

test('ready for the next step: the DMARC generator opens pre-filled with it', async ({ page }) => {
  await drop(page, aggregateFiles());
  // Only the domain's own server: nothing of its own mail fails over seven days.
  await page.getByLabel('Source IP').fill('192.0.2.25');
  await page.getByRole('button', { name: 'Apply' }).click();
  const ready = page.getByRole('region', { name: 'Ready to enforce DMARC on good.example?' });
  await expect(ready.getByText('Ready for the next step')).toBeVisible();
  await ready.getByRole('link', { name: 'Open the DMARC generator with p=quarantine; t=y' }).click();
  await expect(page).toHaveURL(/#\/generate\/dmarc\?domain=good\.example&record=v%3DDMARC1/);
  await expect(page.getByRole('region', { name: 'Your DMARC record' })).toContainText('p=quarantine');
  await expect(page.getByRole('region', { name: 'Your DMARC record' })).toContainText('t=y');
});

test('a whole folder (with a subfolder) is read at once', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'authlens-reports-'));
  mkdirSync(join(dir, 'march'));
  for (const f of aggregateFiles()) writeFileSync(join(dir, 'march', f.name), f.buffer);
  writeFileSync(join(dir, 'notes.txt'), 'not a report');
  await page.goto('./#/reports');
  await page.getByLabel('Report folder to read').setInputFiles(dir);
  await expect(page.getByRole('heading', { name: 'Read 5 files' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Totals' }).getByRole('definition').first()).toHaveText(
    '420',
  );
  await expect(page.getByText('notes.txt', { exact: true })).toBeVisible();
});

test('source labels agree with the counts: fix-first names the own-mail finding; list mail is forwarded', async ({
  page,
}) => {
  await page.goto('./#/reports');
  await page.getByLabel('Report folder to read').setInputFiles('tests/fixtures/reports/aggregate/parsedmarc');
  await expect(page.getByRole('heading', { name: /^Read \d+ files$/ })).toBeVisible({ timeout: 30_000 });
  const ready = page.getByRole('region', { name: 'Ready to enforce DMARC on example.com?' });
  const fix = ready.getByRole('listitem').filter({ hasText: 'failing messages' }).first();
  await expect(fix).toContainText('Unidentified sources: 9 failing messages');
  await expect(fix).toContainText('Signed for example.com, but the signature did not verify.');
  await expect(fix).not.toContainText('spoofing');
  await shots(page, 'fix-first-own-mail');

  await page.goto('./#/reports');
  await page.reload();
  await page.getByLabel('Report folder to read').setInputFiles('tests/fixtures/reports/aggregate/stalwart');
  await expect(page.getByRole('heading', { name: /^Read \d+ files$/ })).toBeVisible({ timeout: 30_000 });
  const stalwart = page.getByRole('region', { name: 'Ready to enforce DMARC on stalw.art?' });
  // topicbox list mail (trusted_forwarder reasons) is forwarded mail; ietf.org's (the author's signature broken, the
  // list's passing, no reason given) is only possibly a list, since a spoofer can forge both: it stays suspicious.
  await expect(stalwart.getByRole('definition').nth(2)).toHaveText('8');
  await expect(stalwart.getByRole('term').nth(2)).toHaveText('Forwarded (not yours to fix)');
  await expect(stalwart.getByRole('definition').nth(3)).toHaveText('4');
  await expect(stalwart.getByRole('term').nth(3)).toHaveText('Someone else’s mail or spoofing');
  await shots(page, 'stalwart-list-mail-forwarded');
});

test('SPF and DKIM errors: a temperror is the receiver’s passing trouble, a permerror the record owner’s to fix', async ({
  page,
}) => {
  const row = (ip: string, count: number, auth: string) =>
    `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>
    <dkim>fail</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>good.example</header_from>
    </identifiers><auth_results>${auth}</auth_results></record>`;
  const spf = (scope: string, result: string) =>
    `<spf><domain>good.example</domain><scope>${scope}</scope><result>${result}</result></spf>`;
  const xml = `<?xml version="1.0"?><feedback><report_metadata><org_name>google.com</org_name>
    <report_id>errors-1</report_id><date_range><begin>1772323200</begin><end>1772409599</end></date_range>
    </report_metadata><policy_published><domain>good.example</domain><p>none</p></policy_published>
    ${row('192.0.2.31', 7, `<dkim><domain>good.example</domain><selector>s1</selector><result>temperror</result></dkim>${spf('helo', 'temperror')}${spf('mfrom', 'temperror')}`)}
    ${row('192.0.2.32', 5, spf('mfrom', 'unknown'))}</feedback>`;
  await drop(page, [file('errors.xml', xml)]);
  // An error is no evidence whose mail it is (a spoofer's errors the same way): not counted as your own mail.
  const ready = page.getByRole('region', { name: 'Ready to enforce DMARC on good.example?' });
  await expect(ready).toContainText('Could not tell (SPF or DKIM error)');
  await expect(ready).not.toContainText('of your own mail would fail under enforcement');
  await expect(ready).not.toContainText('Fix these sources first');
  await page.getByRole('button', { name: 'Sources' }).click();
  const sources = page.getByRole('region', { name: 'Sources', exact: true });
  // Counted once per message (the row lists three temperror results), with advice for the party who can act.
  await expect(sources).toContainText(
    'Receivers could not check SPF or DKIM (temperror) for good.example (7 messages). A DNS lookup failed at the receiver while it checked: a temporary error, neither a pass nor a fail.',
  );
  await expect(sources).toContainText('Fix: Nothing to change if it does not come back.');
  // "unknown" is RFC 4408's name for permerror.
  await expect(sources).toContainText(
    'A published record is broken (permerror) for good.example (5 messages).',
  );
  await expect(sources).toContainText(
    'Fix: Fix the record of good.example (yours to fix): the domain check shows what is wrong with it.',
  );
  // Neither "DKIM broken" nor "looks like spoofing": the outcome vocabulary's own words, per address.
  await expect(sources).not.toContainText('did not verify');
  await expect(sources).not.toContainText('spoofing');
  await sources.getByRole('button', { name: 'Show addresses (2)' }).click();
  await expect(sources.getByRole('row', { name: /192\.0\.2\.31 .* Could not check/ })).toBeVisible();
  await expect(sources.getByRole('row', { name: /192\.0\.2\.32 .* Permanent error/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await shots(page, 'auth-errors-sources');
  await page.getByRole('group', { name: 'Views' }).getByRole('button', { name: 'Records' }).click();
  const records = page.getByRole('region', { name: 'Records', exact: true });
  await expect(records.getByText('DKIM no aligned pass, SPF no aligned pass').first()).toBeVisible();
  await records.getByRole('button', { name: 'Raw record' }).nth(1).click();
  await expect(records).toContainText('good.example, scope mfrom: unknown (permanent error)');
  await records.getByRole('button', { name: 'Raw record' }).first().click();
  await expect(records).toContainText('good.example, selector s1: temperror (could not check)');
  await shots(page, 'auth-errors-records');
});

test('at 390 px a 32-character DKIM selector wraps inside its card instead of widening the page', async ({
  page,
}) => {
  // Amazon SES signs with selectors like awbr2rp4egb35wbg4umq4e5dcoe5kc4n: one unbroken word.
  const nice = readFileSync('tests/fixtures/reports/aggregate/parsedmarc/extract_report/nice-input.xml');
  await page.setViewportSize({ width: 390, height: 844 });
  await drop(page, [file('nice-input.xml', nice)]);
  await page.getByRole('group', { name: 'Views' }).getByRole('button', { name: 'Sources' }).click();
  await expect(page.getByRole('region', { name: 'DKIM selectors seen' })).toContainText(
    'awbr2rp4egb35wbg4umq4e5dcoe5kc4n',
  );
  await expect(
    page.getByText(/Signatures for your domain used: .*awbr2rp4egb35wbg4umq4e5dcoe5kc4n/).first(),
  ).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shots(page, 'long-selector-sources');
});

test('a source sending for two domains: "did not verify" names the domain whose signature failed', async ({
  page,
}) => {
  const row = (ip: string, count: number, from: string, dkim: string, result: string) =>
    `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition>
    <dkim>${result}</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>${from}</header_from>
    </identifiers><auth_results><dkim><domain>${from}</domain><selector>${dkim}</selector><result>${result}</result>
    </dkim></auth_results></record>`;
  const xml = `<?xml version="1.0"?><feedback><report_metadata><org_name>google.com</org_name>
    <report_id>two-domains-1</report_id><date_range><begin>1772323200</begin><end>1772409599</end></date_range>
    </report_metadata><policy_published><domain>good.example</domain><p>none</p></policy_published>
    ${row('192.0.2.40', 50, 'good.example', 's1', 'pass')}${row('192.0.2.41', 3, 'other.example', 's2', 'fail')}</feedback>`;
  await drop(page, [file('two-domains.xml', xml)]);
  await page.getByRole('group', { name: 'Views' }).getByRole('button', { name: 'Sources' }).click();
  const sources = page.getByRole('region', { name: 'Sources', exact: true });
  await expect(sources).toContainText(
    'Signed for other.example, but the signature did not verify (3 messages).',
  );
  await expect(sources).not.toContainText('Signed for good.example');
  await shots(page, 'two-domains-sources');
});
