// When the database refuses writes (a read-only file, as SQLite itself reports it), the
// volunteer is told what happened and what to do, the form keeps everything they entered, and
// saving again once the file is writable records the conversation exactly once.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { api, expect, setUpCoordinatorViaApi, startHarness, test } from './fixtures.ts';

async function setReadOnly(page: Page, url: string, on: boolean) {
  const status = await page.evaluate(
    async ([target, value]) => {
      const token = sessionStorage.getItem('outreach-harness-token')!;
      const response = await fetch(target, { method: 'POST', headers: { 'x-outreach-token': token }, body: JSON.stringify({ on: value }) });
      return response.status;
    },
    [new URL('/test/read-only', url).toString(), on] as const,
  );
  expect(status).toBe(204);
}

test('a read-only database: a clear message, the form kept, nothing half-written, then one save', async ({ page, dataDir }) => {
  const harness = await startHarness(path.join(dataDir, 'outreach-tally.db'), { testFaults: true });
  try {
    await page.goto(harness.url);
    await setUpCoordinatorViaApi(page, 'Amina');
    const site = await api<{ id: number }>(page, 'sites.create', { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
    const event = await api<{ id: number }>(page, 'sessions.open', { siteId: site.id, kind: 'popup_shop' });
    await page.reload();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Log conversation' }).click();
    await page.getByRole('checkbox', { name: 'Bowel screening' }).check();
    await page.getByRole('checkbox', { name: 'Leaflet given' }).check();
    await page.getByLabel('Notes').fill('Wanted to know how the home kit works');

    await setReadOnly(page, harness.url, true);
    await page.getByRole('button', { name: 'Save conversation' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'the database file is read-only' }).first()).toBeVisible();
    // Everything entered is still there, ready to save again.
    await expect(page.getByRole('checkbox', { name: 'Bowel screening' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'Leaflet given' })).toBeChecked();
    await expect(page.getByLabel('Notes')).toHaveValue('Wanted to know how the home kit works');
    await setReadOnly(page, harness.url, false);
    expect((await api<{ conversations: number }>(page, 'sessions.totals', { eventId: event.id })).conversations).toBe(0);

    await page.getByRole('button', { name: 'Save conversation' }).click();
    await expect(page.getByTestId('total-conversations')).toHaveText('1');
    expect((await api<{ conversations: number }>(page, 'sessions.totals', { eventId: event.id })).conversations).toBe(1);
  } finally {
    await harness.stop();
  }
});
