import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { mockDoh } from './support/doh';
import { screenshots } from './support/screens';

test.describe('SPF panel', () => {
  test('deep include tree: tree, over-limit error and IP test', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/deep-spf.example');
    const panel = page.locator('section#spf');
    await expect(panel.getByRole('heading', { name: 'SPF', exact: true })).toBeVisible();

    // Totals against the limit, as a meter and as an error with its fix.
    await expect(panel.getByRole('meter', { name: /DNS lookups/ })).toHaveAttribute('aria-valuenow', '15');
    await expect(panel.getByText('15 DNS lookups: over the limit of 10', { exact: true })).toBeVisible();
    await expect(
      panel.getByText(/Receivers stop at lookup 11 \(include:mail\.vendor-a\.example in deep-spf\.example\)/),
    ).toBeVisible();

    // The tree, four levels deep once expanded.
    const tree = panel.getByRole('list', { name: 'SPF include tree' });
    await panel.getByRole('button', { name: 'Expand all' }).click();
    await expect(tree.getByText('_spf.vendor-c.example', { exact: true })).toBeVisible();
    await expect(tree.getByText('lookup #11')).toBeVisible();
    await panel.getByRole('button', { name: 'Collapse all' }).click();
    await expect(tree.getByText('_spf.vendor-c.example', { exact: true })).toBeHidden();

    // An IP matched before the limit passes and the deciding term is highlighted.
    await panel.getByLabel('Sending server IP').fill('203.0.113.5');
    await panel.getByRole('button', { name: 'Test IP' }).click();
    await expect(panel.getByText('SPF pass')).toBeVisible();
    await expect(panel.getByText('10 DNS lookups, 2 void')).toBeVisible();
    await expect(panel.getByText('decided the result')).toBeVisible();

    // An IP only listed after lookup 10 gets permerror.
    await panel.getByLabel('Sending server IP').fill('198.18.0.25');
    await panel.getByRole('button', { name: 'Test IP' }).click();
    await expect(panel.getByText('SPF permerror')).toBeVisible();
    await expect(panel.getByText(/lookup number 11/).first()).toBeVisible();

    await panel.getByRole('button', { name: 'Expand all' }).click();
    await expectNoAxeViolations(page);
    await screenshots(page, 'spf-deep');
  });

  test('a broken include ends evaluation before +all, and an earlier a: still passes', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/broken.example');
    const panel = page.locator('section#spf');
    // RFC 7208 §5.2: include:missing… is a permerror for all other mail, so +all is never reached.
    await expect(
      panel.getByText(
        'Authorizes 1 IPv4 address in 1 network and 0 IPv6 networks; all other mail gets permerror at “include:missing.broken.example”.',
      ),
    ).toBeVisible();
    await expect(panel.getByText('Authorizes every address on the Internet')).toBeHidden();
    await expect(panel.getByText(/not matched earlier by a:mail\.broken\.example/)).toBeVisible();
    await expect(panel.getByText(/fails for every message/)).toBeHidden();
  });

  test('a bad IP gets a clear message', async ({ page }) => {
    await mockDoh(page);
    await page.goto('./#/domain/deep-spf.example');
    const panel = page.locator('section#spf');
    await panel.getByLabel('Sending server IP').fill('not-an-ip');
    await panel.getByRole('button', { name: 'Test IP' }).click();
    await expect(panel.getByRole('alert')).toHaveText('“not-an-ip” is not an IP address.');
  });
});
