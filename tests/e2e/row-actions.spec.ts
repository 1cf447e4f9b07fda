// A row's buttons say which row they act on, so a screen reader user moving button to button
// (or a speech user) knows which conversation they are about to delete. Delete and Restore are
// NHS warning buttons, and times are 24-hour in every language.
import AxeBuilder from '@axe-core/playwright';
import { api, expect, goTo, openSessionViaApi, test } from './fixtures.ts';

const at = (iso: string, language = 'en-GB') =>
  new Intl.DateTimeFormat(language, { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

test('row actions on an event are named by their row, and Delete and Restore are warning buttons', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  await api(page, 'conversations.record', {
    eventId, depth: 'brief_contact', topics: ['smoking'], outcomes: [], ageBand: 'not_recorded', sex: 'not_recorded',
    ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: '',
  });
  await api(page, 'visits.record', { eventId, adults: 2, children: 0 });
  const detail = await api<{ conversations: { recordedAt: string }[]; visits: { recordedAt: string }[] }>(page, 'events.detail', { id: eventId });
  const talked = at(detail.conversations[0]!.recordedAt);
  const came = at(detail.visits[0]!.recordedAt);
  expect(talked).toMatch(/^\d\d:\d\d$/);

  await goTo(page, 'Events');
  await page.getByRole('button', { name: 'Pop-up shop at Deptford Market' }).click();
  const conversations = page.getByRole('table', { name: /Conversations/ });
  await expect(conversations.getByRole('button', { name: `Edit conversation at ${talked}`, exact: true })).toBeVisible();
  await expect(conversations.getByRole('button', { name: `History of the conversation at ${talked}`, exact: true })).toBeVisible();
  const del = conversations.getByRole('button', { name: `Delete conversation at ${talked}`, exact: true });
  await expect(del).toHaveClass(/button--danger/);
  await del.click();
  const restore = conversations.getByRole('button', { name: `Restore conversation at ${talked}`, exact: true });
  await expect(restore).toHaveClass(/button--danger/);
  expect((await api<{ conversations: number }>(page, 'sessions.totals', { eventId })).conversations).toBe(0);

  const visits = page.getByRole('table', { name: 'Visitor tallies at this event' });
  await expect(visits.getByRole('button', { name: `Delete visitors at ${came}`, exact: true })).toBeVisible();
  await expect(visits.getByRole('button', { name: `Correct the numbers of visitors at ${came}`, exact: true })).toBeVisible();
  await expect(visits.getByRole('button', { name: `History of visitors at ${came}`, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete event', exact: true })).toHaveClass(/button--danger/);

  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(scan.violations.map((v) => v.id)).toEqual([]);

  // In Arabic the time in a row is 24-hour too.
  await api(page, 'profiles.setLanguage', { language: 'ar' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.locator('.app-nav button').nth(1).click();
  await page.locator('table .link-button').first().click();
  await expect(page.locator('.event-detail')).toBeVisible();
  await expect(page.locator('.event-detail table').first()).toContainText(at(detail.conversations[0]!.recordedAt, 'ar'));
  expect(at(detail.conversations[0]!.recordedAt, 'ar')).not.toMatch(/[صم]/); // no "am"/"pm" marker
  // Each language names a row in one sentence of its own, starting with the word on the button.
  const restoreAr = page.getByRole('button', { name: `استعادة المحادثة في الساعة ${at(detail.conversations[0]!.recordedAt, 'ar')}`, exact: true });
  await expect(restoreAr).toHaveText('استعادة');

  await api(page, 'profiles.setLanguage', { language: 'pl' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await page.locator('.app-nav button').nth(1).click();
  await page.locator('table .link-button').first().click();
  const talkedPl = at(detail.conversations[0]!.recordedAt, 'pl');
  const camePl = at(detail.visits[0]!.recordedAt, 'pl');
  await expect(page.getByRole('button', { name: `Przywróć rozmowę z ${talkedPl}`, exact: true })).toHaveText('Przywróć');
  await expect(page.getByRole('button', { name: `Historia rozmowy z ${talkedPl}`, exact: true })).toHaveText('Historia');
  await expect(page.getByRole('button', { name: `Usuń wpis odwiedzających z ${camePl}`, exact: true })).toHaveText('Usuń');
});

test("a site row's buttons name the site, in one sentence per language", async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Sites');
  await expect(page.getByRole('button', { name: 'Edit site Deptford Market', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retire site Deptford Market', exact: true })).toBeVisible();

  // Turkish puts the object before the verb; the name keeps the word shown first and says the rest after it.
  await api(page, 'profiles.setLanguage', { language: 'tr' });
  await page.reload();
  await goTo(page, 'Yerler');
  await expect(page.getByRole('button', { name: 'Kullanımdan kaldır: Deptford Market yeri', exact: true })).toHaveText('Kullanımdan kaldır');
});

test("a report's data checks name the events their Show button lists", async ({ page, harness }) => {
  // Today's session is still open and has nothing recorded yet: both checks flag it.
  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Dashboard');
  const checks = page.getByTestId('section-dataQuality');
  const open = checks.getByRole('button', { name: 'Show them: events with no end time', exact: true });
  await expect(open).toHaveText('Show them');
  await expect(checks.getByRole('button', { name: 'Show them: events with no visitors or conversations', exact: true })).toHaveText('Show them');
  await open.click();
  await expect(page.getByTestId('records-dialog').getByRole('heading', { name: 'Events with no end time' })).toBeVisible();
});
