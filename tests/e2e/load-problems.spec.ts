// A screen whose data cannot be read says why, in words, where the data would be — never a
// blank list and an uncaught error — and shows the data once it can be read again.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { api, expect, fillDate, goTo, openSessionViaApi, protectCurrentProfile, setUpCoordinatorViaApi, startHarness, test, unlockAs } from './fixtures.ts';

const ioError = 'The computer could not read or write the records (a disk problem).';

/** Answers `method` as the harness does when the database fails: { ok: false, error } with a message key. */
async function failRead(page: Page, method: string, when: (input: Record<string, unknown>) => boolean = () => true) {
  await page.route(`**/api/${method}`, async (route) => {
    if (!when(route.request().postDataJSON() as Record<string, unknown>)) return route.continue();
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'database', messageKey: 'errors.database.ioError', values: {}, fields: [] } }),
    });
  });
}

function uncaughtErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  return errors;
}

test('a sites list that cannot be read says why, and shows the sites once it can', async ({ page, harness }) => {
  const errors = uncaughtErrors(page);
  await openSessionViaApi(page, harness.url);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  await failRead(page, 'sites.list');
  await goTo(page, 'Sites');
  await expect(page.getByRole('alert')).toContainText(ioError);
  expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()).violations).toEqual([]);

  // Readable again: the next read shows the list and the problem goes.
  await page.unroute('**/api/sites.list');
  await page.getByLabel('Show retired sites').check();
  await expect(page.getByRole('row', { name: /Deptford Market/ })).toBeVisible();
  await expect(page.getByRole('alert')).toBeHidden();
  expect(errors).toEqual([]);
});

test('each coordinator screen says why when its data cannot be read', async ({ page, harness }) => {
  const errors = uncaughtErrors(page);
  await openSessionViaApi(page, harness.url);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  for (const [screen, method] of [
    ['Volunteers', 'volunteers.list'],
    ['Team', 'team.status'],
    ['Lists', 'lists.helpContacts'],
    ['Sync', 'sync.log'],
    ['Recent changes', 'audit.recent'],
  ] as const) {
    await failRead(page, method);
    await goTo(page, screen);
    await expect(page.getByRole('alert').filter({ hasText: ioError }), screen).toBeVisible();
    await page.unroute(`**/api/${method}`);
  }
  expect(errors).toEqual([]);
});

test('recent changes: a later page that cannot be read says so and keeps the rows shown', async ({ page, harness }) => {
  const errors = uncaughtErrors(page);
  await openSessionViaApi(page, harness.url);
  // More than one page (50) of changes.
  await page.evaluate(async () => {
    const token = sessionStorage.getItem('outreach-harness-token')!;
    for (let i = 0; i < 50; i++) {
      await fetch('/api/sites.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-outreach-token': token },
        body: JSON.stringify({ name: `Library ${i}`, authorityCode: 'E09000023', settingType: 'library' }),
      });
    }
  });
  expect((await api<unknown[]>(page, 'audit.recent', { limit: 100 })).length).toBeGreaterThan(50);
  await goTo(page, 'Recent changes');
  const table = page.getByRole('table', { name: 'The audit trail: who changed what, and when' });
  await expect(table.getByRole('row')).toHaveCount(51);
  await failRead(page, 'audit.recent', (input) => input.beforeId !== undefined);
  await page.getByRole('button', { name: 'Show older changes' }).click();
  await expect(page.getByRole('alert')).toContainText(ioError);
  await expect(table.getByRole('row')).toHaveCount(51);

  await page.unroute('**/api/audit.recent');
  await page.getByRole('button', { name: 'Show older changes' }).click();
  await expect(table.getByRole('row')).not.toHaveCount(51);
  await expect(page.getByRole('alert')).toBeHidden();
  expect(errors).toEqual([]);
});

test('Today says why when the sites or sessions cannot be read', async ({ page, harness }) => {
  const errors = uncaughtErrors(page);
  await openSessionViaApi(page, harness.url);
  await failRead(page, 'sessions.today');
  await page.reload();
  await expect(page.getByRole('alert')).toContainText(ioError);
  expect(errors).toEqual([]);
});

test('an empty dashboard month says why it cannot offer the last month with activity', async ({ page, harness }) => {
  const errors = uncaughtErrors(page);
  // Nothing recorded at all, so this month is empty.
  await page.goto(harness.url);
  await setUpCoordinatorViaApi(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  // The dashboard's own opening question (this month) is answered; the empty month's suggestion (earlier months) fails.
  const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  await failRead(page, 'reports.lastActiveMonth', (input) => input.atOrBefore !== thisMonth);
  await goTo(page, 'Dashboard');
  await expect(page.getByTestId('report-empty').getByRole('alert')).toContainText(ioError);
  expect(errors).toEqual([]);
});

test('the records behind a figure: a page that cannot be read says so, and going back shows the page before without it', async ({ page, dataDir }) => {
  test.setTimeout(60_000);
  const errors = uncaughtErrors(page);
  const dbFile = path.join(dataDir, 'seeded.db');
  const { store } = await openStore(dbFile);
  seedSyntheticData(store, { conversations: 3000, seed: 7 });
  await protectCurrentProfile(store);
  store.close();
  const harness = await startHarness(dbFile);
  await page.goto(harness.url);
  await unlockAs(page);
  await goTo(page, 'Dashboard');
  await page.getByRole('radio', { name: 'A chosen range' }).check();
  await fillDate(page, 'From', '2026-09-01');
  await fillDate(page, 'To', '2026-09-30');
  await page.getByRole('button', { name: 'Show figures' }).click();
  await page.getByTestId('tile-conversations').locator('dd').getByRole('button').click();
  const dialog = page.getByTestId('records-dialog');
  const rows = dialog.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(26);
  const first = await rows.nth(1).textContent();

  await failRead(page, 'reports.records', (input) => input.after !== undefined);
  await dialog.getByRole('button', { name: 'Next page' }).click();
  await expect(dialog.getByRole('alert')).toContainText(ioError);
  await page.unroute('**/api/reports.records');
  await dialog.getByRole('button', { name: 'Previous page' }).click();
  await expect(rows.nth(1)).toHaveText(first!);
  await expect(dialog.getByRole('alert')).toBeHidden();
  expect(errors).toEqual([]);
});
