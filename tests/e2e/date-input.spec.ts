// Dates are typed as the NHS date input asks: day, month and year in three labelled boxes and a
// 24-hour time. What is typed is saved as that London date and time; a date that does not exist
// gets a message naming the field and saying what to do, and nothing is saved.
import AxeBuilder from '@axe-core/playwright';
import { api, expect, fillDate, fillMonth, goTo, openSessionViaApi, test } from './fixtures.ts';

test('a past event typed as day, month, year and time saves that date; a bad date is named and refused', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Events');
  await page.getByRole('button', { name: 'Enter a past event' }).click();
  await page.getByLabel('Site').selectOption({ label: 'Deptford Market' });
  const start = page.getByRole('group', { name: 'Start', exact: true });
  const end = page.getByRole('group', { name: 'End', exact: true });
  await expect(page.locator('.event-form input[type="date"], .event-form input[type="datetime-local"]')).toHaveCount(0);

  // 31 April does not exist: the message names the field and gives an example.
  await start.getByLabel('Day').fill('31');
  await start.getByLabel('Month').fill('4');
  await start.getByLabel('Year').fill('2026');
  await start.getByLabel('Time').fill('10:00');
  await end.getByLabel('Day').fill('30');
  await end.getByLabel('Month').fill('4');
  await end.getByLabel('Year').fill('2026');
  await end.getByLabel('Time').fill('9pm');
  await page.getByRole('button', { name: 'Save event' }).click();
  const summary = page.getByRole('alert');
  await expect(summary.getByRole('link', { name: 'Start must be a real date, for example 27 3 2026' })).toBeVisible();
  await expect(summary.getByRole('link', { name: 'End needs a 24-hour time, for example 14:30' })).toBeVisible();
  await summary.getByRole('link', { name: /^Start/ }).click();
  await expect(start.getByLabel('Day')).toBeFocused();
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(scan.violations.map((v) => v.id)).toEqual([]);
  expect((await api<{ rows: unknown[] }>(page, 'events.list', { filters: {}, limit: 10 })).rows).toHaveLength(1); // only the open session

  // Typed right: 30 April 2026 10:00 to 13:30, British Summer Time, saved as 09:00 to 12:30 UTC.
  await start.getByLabel('Day').fill('30');
  await end.getByLabel('Time').fill('13:30');
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added' })).toBeVisible();
  const rows = (await api<{ rows: { startsAt: string; endsAt: string | null }[] }>(page, 'events.list', { filters: {}, limit: 10 })).rows;
  expect(rows.map((r) => [r.startsAt, r.endsAt])).toContainEqual(['2026-04-30T09:00:00.000Z', '2026-04-30T12:30:00.000Z']);
});

test('the events filter takes its days as day, month and year; a day that does not exist is named', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url); // today's session
  await goTo(page, 'Events');
  const table = page.getByRole('table', { name: 'Events matching the filters' });
  await expect(table.getByRole('row')).toHaveCount(2);
  const from = page.getByRole('group', { name: 'From', exact: true });
  await expect(from.getByLabel('Time')).toHaveCount(0);
  await from.getByLabel('Day').fill('29');
  await from.getByLabel('Month').fill('2');
  await from.getByLabel('Year').fill('2027');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(from.getByText('From must be a real date, for example 27 3 2026')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2); // nothing applied

  // A From day after today leaves no events; cleared, today's session is back.
  await from.getByLabel('Day').fill('1');
  await from.getByLabel('Month').fill('1');
  await from.getByLabel('Year').fill(String(new Date().getFullYear() + 1));
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('No events match these filters.')).toBeVisible();
  await expect(from.getByText('must be a real date')).toHaveCount(0);
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(scan.violations.map((v) => v.id)).toEqual([]);
});

test("the dashboard's chosen range names a day that does not exist, and shows a real one", async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Dashboard');
  await page.getByRole('radio', { name: 'A chosen range' }).check();
  await fillDate(page, 'From', '2026-09-31');
  await fillDate(page, 'To', '2026-10-31');
  await page.getByRole('button', { name: 'Show figures' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: 'From must be a real date, for example 27 3 2026' })).toBeVisible();
  await fillDate(page, 'From', '2026-09-30');
  await page.getByRole('button', { name: 'Show figures' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /^Showing/ })).toContainText('30 Sept – 31 Oct 2026');
});

test("the monthly summary's month is typed as month and year; a month that does not exist is named and nothing is asked", async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Monthly summary');
  // It opens on a month (or says there is nothing to show); then the person types another.
  await expect(page.getByRole('heading', { name: /monthly summary for/ }).or(page.getByTestId('report-empty'))).toBeVisible();
  const month = page.getByRole('group', { name: 'Month of the summary', exact: true });
  await expect(month.getByLabel('Day')).toHaveCount(0);
  await fillMonth(page, 'Month of the summary', '2026-13');
  await page.getByRole('button', { name: 'Show the summary' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: 'Month of the summary must be a real month, for example 9 2026' })).toBeVisible();
  await month.getByLabel('Year').fill('');
  await page.getByRole('button', { name: 'Show the summary' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: 'Month of the summary must include a month and year' })).toBeVisible();
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(scan.violations.map((v) => v.id)).toEqual([]);
  await fillMonth(page, 'Month of the summary', '2026-10');
  await page.getByRole('button', { name: 'Show the summary' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /monthly summary for October 2026/ }).or(page.getByTestId('report-empty'))).toBeVisible();
});
