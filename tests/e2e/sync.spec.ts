// A coordinator sets the laptop up with the collector, sees exactly what will be sent, sends
// it, and finds each month in the log with the collector's receipt.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { issueEnrolmentCode } from '../../server/admin.ts';
import { backends, startCollector } from '../../server/testing/fixtures.ts';
import { expect, protectCurrentProfile, startHarness, test, unlockAs } from './fixtures.ts';

test('enrol, preview a month, send now and read the receipts', async ({ page, dataDir }) => {
  test.setTimeout(90_000);
  const collector = await startCollector(backends[0]!, { rateLimit: { burst: 100, perMinute: 600 } });
  const dbFile = path.join(dataDir, 'seeded.db');
  const { store } = await openStore(dbFile);
  seedSyntheticData(store, { conversations: 400, seed: 11 });
  await protectCurrentProfile(store);
  store.close();
  const harness = await startHarness(dbFile);
  try {
    await page.goto(harness.url);
    await unlockAs(page);
    await expect(page.getByRole('button', { name: /Sync status: Sync not set up/ })).toBeVisible();
    await page.getByRole('button', { name: /Sync status/ }).click();
    await expect(page.getByRole('heading', { name: 'Sync: anonymised counts' })).toBeVisible();

    // Before the first send: the month as a readable table, with small counts held back.
    // The seeder spreads records over the months before today: take the newest closed one.
    const month = (await page.getByLabel('Month').locator('option').first().getAttribute('value'))!;
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    await page.getByLabel('Month').selectOption(month);
    await page.getByRole('button', { name: 'Show' }).click();
    const preview = page.locator('.submission-view');
    await expect(preview.getByRole('table', { name: 'Activity by kind of event' }).first()).toBeVisible();
    await expect(preview.getByText(/held back/).first()).toBeAttached();
    expect(await page.locator('.raw-json').textContent()).not.toMatch(/notes|Volunteer|T\d\d:\d\d/);

    // A wrong code is refused and changes nothing.
    await page.getByLabel('Collector address').fill(collector.url);
    await page.getByLabel('Enrolment code').fill('AAAA-BBBB-CCCC-DDDD-EEEE');
    await page.getByRole('button', { name: 'Set up this laptop' }).click();
    await expect(page.getByRole('alert')).toContainText('The collector refused the enrolment code');

    const { code } = await issueEnrolmentCode(collector.store, collector.clock, { organisation: 'Lewisham Outreach' });
    await page.getByLabel('Enrolment code').fill(code);
    await page.getByRole('button', { name: 'Set up this laptop' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'This laptop is set up.' })).toBeVisible();

    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Sent \d+ submissions\./ })).toBeVisible({ timeout: 30_000 });
    const log = page.getByRole('table', { name: "Every submission and the collector's receipt" });
    const sent = log.getByRole('row', { name: new RegExp(month) });
    await expect(sent).toContainText('Sent');
    await expect(sent).toContainText('(stored)');
    await expect(page.getByRole('button', { name: /Sync status: All sent/ })).toBeVisible({ timeout: 35_000 });

    // After sending: the log shows exactly what went.
    await sent.getByRole('button', { name: /View/ }).click();
    await expect(page.getByRole('heading', { name: `Submission for ${month}, revision 1` })).toBeVisible();

    const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(scan.violations.map((v) => v.id)).toEqual([]);
  } finally {
    await harness.stop();
    await collector.stop();
  }
});
