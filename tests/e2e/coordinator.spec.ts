// A coordinator reviews local activity: corrects and restores a record and reads its history,
// and finds the problems the data checks flag.
import AxeBuilder from '@axe-core/playwright';
import { api, fillDateTime, expect, goTo, openSessionViaApi, test } from './fixtures.ts';

test('editing and restoring a conversation shows in its history', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  await api(page, 'conversations.record', {
    eventId, depth: 'brief_contact', topics: ['smoking'], outcomes: ['leaflet_given'], ageBand: 'not_recorded', sex: 'not_recorded',
    ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: '',
  });
  await goTo(page, 'Events');
  await page.getByRole('button', { name: 'Pop-up shop at Deptford Market' }).click();
  const row = page.getByRole('row', { name: /Smoking/ });

  await row.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('checkbox', { name: 'Alcohol', exact: true }).check();
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByRole('status')).toContainText('Conversation saved.');
  const edited = page.getByRole('row', { name: /Smoking, Alcohol|Alcohol, Smoking/ });
  await expect(edited).toBeVisible();

  await edited.getByRole('button', { name: 'Delete' }).click();
  await expect(edited.getByText('Deleted')).toBeVisible();
  expect((await api<{ conversations: number }>(page, 'sessions.totals', { eventId })).conversations).toBe(0);
  await edited.getByRole('button', { name: 'Restore' }).click();
  await expect(edited.getByText('Deleted')).toBeHidden();
  expect((await api<{ conversations: number }>(page, 'sessions.totals', { eventId })).conversations).toBe(1);

  await edited.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History of this record' });
  await expect(history.getByRole('heading', { name: /^Added/ })).toBeVisible();
  await expect(history.getByRole('heading', { name: /^Changed/ })).toBeVisible();
  await expect(history.getByRole('heading', { name: /^Deleted/ })).toBeVisible();
  await expect(history.getByRole('heading', { name: /^Restored/ })).toBeVisible();
  // Labels, not codes: "Topics: Smoking → Alcohol, Smoking".
  const topicsRow = history.getByRole('row', { name: /^Topics/ });
  await expect(topicsRow.getByRole('cell')).toHaveText(['Smoking', 'Alcohol, Smoking']);
  await history.getByRole('button', { name: 'Close history' }).click();

  await goTo(page, 'Recent changes');
  await expect(page.getByRole('row', { name: /Conversation #1 Restored/ })).toBeVisible();
});

test('data-check flags lead to the events that need a look', async ({ page, harness }) => {
  const { siteId } = await openSessionViaApi(page, harness.url);
  const me = await api<{ id: number }>(page, 'profiles.current', {});
  await api(page, 'events.create', {
    siteId, kind: 'community_stall', startsAt: '2026-01-10T10:00:00.000Z', endsAt: null, notes: '', volunteers: [{ volunteerId: me.id, hours: 2 }],
  });
  await goTo(page, 'Events');
  const checks = page.getByRole('region', { name: 'Data checks' });
  await expect(checks).toContainText('Session left open past its day: 1 event');
  await checks.getByRole('button', { name: 'Session left open past its day: 1 event' }).click();
  const table = page.getByRole('table', { name: 'Events matching the filters' });
  await expect(table.getByRole('row')).toHaveCount(2); // header + the one flagged event
  await expect(table).toContainText('Community stall at Deptford Market');

  // Fix it: give it an end time, and the flag goes.
  await table.getByRole('button', { name: 'Community stall at Deptford Market' }).click();
  await fillDateTime(page, 'End', '2026-01-10T13:00');
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('status')).toContainText('Event saved.');
  await page.getByRole('button', { name: 'Back to events' }).click();
  await expect(page.getByRole('button', { name: /Session left open past its day:/ })).toBeHidden();
  await expect(page.getByText('No events match these filters.')).toBeVisible();
});

test('an end before the start is refused with a message and nothing changes', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Events');
  await page.getByRole('button', { name: 'Enter a past event' }).click();
  await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Deptford Market' });
  await fillDateTime(page, 'Start', '2026-03-01T12:00');
  await fillDateTime(page, 'End', '2026-03-01T10:00');
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: 'The end must be after the start.' })).toBeVisible();
  const page1 = await api<{ rows: unknown[] }>(page, 'events.list', { filters: {}, limit: 10 });
  expect(page1.rows).toHaveLength(1); // only the open session
});

test('a tap counted wrong is corrected after the session closed, and its history says what it was', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  await api(page, 'visits.record', { eventId, adults: 3, children: 0 });
  await api(page, 'sessions.close', { eventId });
  await goTo(page, 'Events');
  await page.getByRole('button', { name: 'Pop-up shop at Deptford Market' }).click();

  const visits = page.getByRole('table', { name: 'Visitor tallies at this event' });
  await visits.getByRole('button', { name: 'Correct the numbers' }).click();
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(scan.violations.map((v) => v.id)).toEqual([]);
  await visits.getByLabel('Adults').fill('2');
  await visits.getByLabel('Children').fill('1');
  await visits.getByRole('button', { name: 'Save the numbers' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Visitor numbers corrected.' })).toBeVisible();
  const totals = await api<{ adults: number; children: number }>(page, 'sessions.totals', { eventId });
  expect(totals).toMatchObject({ adults: 2, children: 1 });

  await visits.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History of this record' });
  await expect(history.getByRole('heading', { name: /^Changed/ })).toBeVisible();
  await expect(history.getByRole('row', { name: /Adults/ })).toContainText('3');
});

test('a history that cannot be read says so instead of staying blank', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  await api(page, 'conversations.record', {
    eventId, depth: 'brief_contact', topics: ['smoking'], outcomes: ['leaflet_given'], ageBand: 'not_recorded', sex: 'not_recorded',
    ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: '',
  });
  // The data goes away between opening the event and asking for a record's history.
  await page.route('**/api/audit.trail', (route) => route.abort());
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name: 'Events' }).click();
  await page.getByRole('button', { name: 'Pop-up shop at Deptford Market' }).click();
  await page.getByRole('row', { name: /Smoking/ }).getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History of this record' });
  await expect(history.getByRole('alert')).toHaveText('The app could not reach its data. Nothing was saved. Try again.');
  expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()).violations).toEqual([]);
});

test('an event that cannot be read says so instead of staying blank', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await page.route('**/api/events.detail', (route) => route.abort());
  await goTo(page, 'Events');
  await page.getByRole('button', { name: 'Pop-up shop at Deptford Market' }).click();
  await expect(page.getByRole('alert')).toHaveText('The app could not reach its data. Nothing was saved. Try again.');
  expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: 'Back to events' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
});

test('Edit on a second conversation while one is open shows the second, and saving changes only it', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  for (const topic of ['smoking', 'alcohol']) {
    await api(page, 'conversations.record', {
      eventId, depth: 'brief_contact', topics: [topic], outcomes: ['leaflet_given'], ageBand: 'not_recorded', sex: 'not_recorded',
      ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: '',
    });
  }
  await goTo(page, 'Events');
  await page.getByRole('button', { name: 'Pop-up shop at Deptford Market' }).click();
  await page.getByRole('row', { name: /Smoking/ }).getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('checkbox', { name: 'Smoking', exact: true })).toBeChecked();

  await page.getByRole('row', { name: /Alcohol/ }).getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('checkbox', { name: 'Alcohol', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Smoking', exact: true })).not.toBeChecked();
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByRole('status')).toContainText('Conversation saved.');
  const detail = await api<{ conversations: { topics: string[] }[] }>(page, 'events.detail', { id: eventId });
  expect(detail.conversations.map((c) => c.topics.join()).sort()).toEqual(['alcohol', 'smoking']);
});

test('a past event saved with a double click is added once', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Events');
  await page.getByRole('button', { name: 'Enter a past event' }).click();
  await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Deptford Market' });
  await fillDateTime(page, 'Start', '2026-03-01T10:00');
  await fillDateTime(page, 'End', '2026-03-01T12:00');
  await page.getByRole('button', { name: 'Save event' }).dblclick();
  await expect(page.getByRole('heading', { level: 1, name: 'Pop-up shop at Deptford Market' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Added');
  const rows = (await api<{ rows: unknown[] }>(page, 'events.list', { filters: {}, limit: 10 })).rows;
  expect(rows).toHaveLength(2); // the open session and the past event, once
});
