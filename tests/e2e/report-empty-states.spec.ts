// Empty states of the reports: the dashboard and the monthly summary open on a month that has
// data, and a month with nothing recorded says so in a sentence and offers the last month with
// activity, instead of pages of zero charts and tables.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';
import { expect, fillMonth, goTo, protectCurrentProfile, startHarness, test, unlockAs } from './fixtures.ts';

// The seeder's records end the day before its fixed `now`: October 2026 is the last month with
// any, and the months after it (up to today's) are empty.
const LAST_ACTIVE = { from: '2026-10-01', to: '2026-10-31' };
const n = (value: number) => value.toLocaleString('en-GB');
const tile = (page: Page, measure: string) => page.getByTestId(`tile-${measure}`).locator('dd');

async function axe(page: Page) {
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(scan.violations.map((v) => v.id)).toEqual([]);
}

test('reports open on a month with data, and an empty month offers the last month with activity', async ({ page, dataDir }) => {
  test.setTimeout(90_000);
  const dbFile = path.join(dataDir, 'seeded.db');
  const { store } = await openStore(dbFile);
  seedSyntheticData(store, { conversations: 2000, seed: 11, now: '2026-11-01T12:00:00Z' });
  const october = dashboardFigures(store, LAST_ACTIVE, 'week');
  await protectCurrentProfile(store);
  store.close();
  expect(october.headline.conversations).toBeGreaterThan(0);
  const harness = await startHarness(dbFile);
  try {
    await page.goto(harness.url);
    await unlockAs(page);
    await goTo(page, 'Dashboard');
    // Nothing this month (December 2026) or last: the dashboard opens on October.
    await expect(page.getByRole('status').filter({ hasText: /^Showing 1\s*–\s*31 Oct 2026/ })).toBeVisible();
    await expect(page.getByRole('radio', { name: 'A chosen range' })).toBeChecked();
    await expect(tile(page, 'conversations')).toHaveText(n(october.headline.conversations));

    // This month, empty: one sentence and a way to the last month with activity, no zero charts.
    await page.getByRole('radio', { name: 'This month' }).check();
    await page.getByRole('button', { name: 'Show figures' }).click();
    const empty = page.getByTestId('report-empty');
    await expect(empty.getByRole('heading', { name: 'Nothing was recorded' })).toBeVisible();
    await expect(empty).toContainText('The last month with activity is October 2026.');
    await expect(page.getByTestId('section-headline')).toHaveCount(0);
    await expect(page.locator('.report-chart')).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2000);
    await axe(page);
    await empty.getByRole('button', { name: 'Show October 2026' }).click();
    await expect(tile(page, 'conversations')).toHaveText(n(october.headline.conversations));
    await expect(page.getByTestId('report-empty')).toHaveCount(0);

    // The monthly summary opens on October too (November, the last closed month, is empty).
    await goTo(page, 'Monthly summary');
    await expect(page.getByRole('heading', { name: /monthly summary for October 2026/ })).toBeVisible();
    await expect(tile(page, 'conversations')).toHaveText(n(october.headline.conversations));
    await fillMonth(page, 'Month of the summary', '2026-11');
    await page.getByRole('button', { name: 'Show the summary' }).click();
    await expect(page.getByTestId('report-empty')).toContainText('No events, visitors or conversations were recorded in');
    await expect(page.getByRole('button', { name: 'Download PDF' })).toHaveCount(0);
    await axe(page);
    await page.getByTestId('report-empty').getByRole('button', { name: 'Show October 2026' }).click();
    await expect(page.getByRole('heading', { name: /monthly summary for October 2026/ })).toBeVisible();
  } finally {
    await harness.stop();
  }
});
