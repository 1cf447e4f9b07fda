// The coordinator's dashboard and the outreach lead's monthly summary, on a seeded database:
// the figures on screen are the services' figures for the chosen filters, a number opens its
// records, and the exports the person downloads hold the same month.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';
import { monthlySummary } from '../../main/reports/summary.ts';
import { expect, fillDate, fillMonth, goTo, protectCurrentProfile, startHarness, test, unlockAs, type RunningHarness } from './fixtures.ts';

// The seeder's records end the day before its fixed `now` (2026-11-01): September is full.
const MONTH = '2026-09';
const RANGE = { from: '2026-09-01', to: '2026-09-30' };
const n = (value: number) => value.toLocaleString('en-GB');

interface Expected {
  all: ReturnType<typeof dashboardFigures>;
  borough: { code: string; name: string; figures: ReturnType<typeof dashboardFigures> };
  summaryConversations: number;
}

async function seeded(dataDir: string): Promise<{ harness: RunningHarness; expected: Expected }> {
  const dbFile = path.join(dataDir, 'seeded.db');
  const { store } = await openStore(dbFile);
  seedSyntheticData(store, { conversations: 3000, seed: 7 });
  const all = dashboardFigures(store, RANGE, 'week');
  // The borough with the most conversations that month, so the filter visibly narrows.
  const top = [...all.boroughs].sort((a, b) => b.conversations - a.conversations)[0]!;
  const name = store.sqlite.prepare('SELECT name FROM authority WHERE code = ?').pluck().get(top.authorityCode) as string;
  const figures = dashboardFigures(store, { ...RANGE, authorityCodes: [top.authorityCode] }, 'week');
  const summary = monthlySummary(store, () => new Date(), { month: MONTH });
  await protectCurrentProfile(store);
  store.close();
  expect(figures.headline.conversations).toBeGreaterThan(0);
  expect(figures.headline.conversations).toBeLessThan(all.headline.conversations);
  const harness = await startHarness(dbFile);
  return {
    harness,
    expected: { all, borough: { code: top.authorityCode, name, figures }, summaryConversations: summary.figures.headline.conversations },
  };
}

const tile = (page: Page, measure: string) => page.getByTestId(`tile-${measure}`).locator('dd');

test('dashboard filters narrow the figures, and a number opens the records behind it', async ({ page, dataDir }) => {
  test.setTimeout(60_000);
  const { harness, expected } = await seeded(dataDir);
  try {
    await page.goto(harness.url);
    await unlockAs(page);
    await goTo(page, 'Dashboard');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

    await page.getByRole('radio', { name: 'A chosen range' }).check();
    await fillDate(page, 'From', RANGE.from);
    await fillDate(page, 'To', RANGE.to);
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Showing/ })).toBeVisible();
    await expect(tile(page, 'conversations')).toHaveText(n(expected.all.headline.conversations));
    await expect(tile(page, 'events')).toHaveText(n(expected.all.headline.events));
    await expect(tile(page, 'visitors')).toContainText(n(expected.all.headline.visitors));

    // One borough: every headline figure is that borough's.
    await page.getByLabel('Borough', { exact: true }).selectOption({ label: expected.borough.name });
    await page.getByRole('button', { name: 'Show figures' }).click();
    const mine = expected.borough.figures.headline;
    await expect(tile(page, 'conversations')).toHaveText(n(mine.conversations));
    await expect(tile(page, 'events')).toHaveText(n(mine.events));
    await expect(page.getByTestId('section-boroughs').getByRole('row')).toHaveCount(2); // header + the one borough

    // Click through: the records behind the conversations figure, as many as it says.
    await tile(page, 'conversations').getByRole('button').click();
    const dialog = page.getByTestId('records-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading', { name: 'Conversations' })).toBeVisible();
    // A page of the borough's September conversations, newest first (the dialog pages by 25).
    const rows = dialog.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(Math.min(25, mine.conversations) + 1);
    const times = await rows.locator('> :first-child').allTextContents();
    expect(times.slice(1)).toHaveLength(Math.min(25, mine.conversations));
    for (const when of times.slice(1)) expect(when).toMatch(/ Sept 2026, \d\d:\d\d$/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(scan.violations.map((v) => v.id)).toEqual([]);
  } finally {
    await harness.stop();
  }
});

test('the monthly summary shows a month and downloads it as CSV, XLSX and PDF with the same figures', async ({ page, dataDir }) => {
  test.setTimeout(60_000);
  const { harness, expected } = await seeded(dataDir);
  try {
    await page.goto(harness.url);
    await unlockAs(page);
    await goTo(page, 'Monthly summary');
    // It opens on the last closed month with data; then another is chosen.
    await expect(page.getByRole('heading', { name: /monthly summary for/ })).toBeVisible();
    await fillMonth(page, 'Month of the summary', MONTH);
    await page.getByRole('button', { name: 'Show the summary' }).click();
    await expect(page.getByRole('heading', { name: /monthly summary for September 2026/ })).toBeVisible();
    const conversations = n(expected.summaryConversations);
    await expect(tile(page, 'conversations')).toHaveText(conversations);

    const download = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      const saved = path.join(dataDir, file.suggestedFilename());
      await file.saveAs(saved);
      await expect(page.getByRole('status')).toHaveText(`Downloaded ${file.suggestedFilename()}.`);
      return { name: file.suggestedFilename(), bytes: fs.readFileSync(saved) };
    };

    const csv = await download('Download CSV');
    expect(csv.name).toMatch(/2026-09.*\.csv$/);
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // BOM, for Excel
    const lines = csv.bytes.toString('utf8').split('\r\n');
    expect(lines).toContain(`conversations,Conversations,${expected.summaryConversations}`);

    const xlsx = await download('Download Excel (XLSX)');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const headline = book.worksheets.find((sheet) => sheet.name === 'Headline')!;
    const values: Record<string, unknown> = {};
    headline.eachRow((row) => (values[String(row.getCell(1).value)] = row.getCell(3).value));
    expect(values.conversations).toBe(expected.summaryConversations); // a number, not text

    const pdf = await download('Download PDF');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  } finally {
    await harness.stop();
  }
});
