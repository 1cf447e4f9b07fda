// No traps on the stall loop (issue 12): a session from an earlier day is never offered as
// today's; closing asks once with a summary; notes that look personal need a second step;
// "Recording as" follows a volunteer added elsewhere; the untouched import template imports
// nothing; a past event takes visitors and conversations; messages say what to do; History
// shows labels; and no screen shows a raw translation key.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { api, fillDateTime, clickNavItem, expect, goTo, navItems, openMore, openSessionViaApi, setUpCoordinatorViaApi, test } from './fixtures.ts';

async function expectNoViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${screen}`).toEqual([]);
}

/** A session opened two days ago and never closed, as a laptop left on a stall table would have. */
async function leftOpenTwoDaysAgo(page: Page, siteId: number) {
  const start = new Date(Date.now() - 2 * 24 * 3_600_000);
  start.setUTCHours(10, 0, 0, 0);
  const me = await api<{ id: number }>(page, 'profiles.current', {});
  return api<{ id: number; startsAt: string }>(page, 'events.create', {
    siteId, kind: 'popup_shop', startsAt: start.toISOString(), endsAt: null, notes: '', volunteers: [{ volunteerId: me.id, hours: 0 }],
  });
}

test('a session from an earlier day is shown with its date and closed with an end time before a new one opens', async ({ page, harness }) => {
  await page.goto(harness.url);
  await setUpCoordinatorViaApi(page, 'Amina'); // first start sets up a coordinator with a PIN
  const site = await api<{ id: number }>(page, 'sites.create', { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
  const stale = await leftOpenTwoDaysAgo(page, site.id);
  await page.reload();

  const section = page.getByRole('region', { name: 'A session from an earlier day is still open' });
  await expect(section).toBeVisible();
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium' }).format(new Date(stale.startsAt));
  await expect(section).toContainText(day);
  // Not offered as today's, and no new session until it is dealt with.
  await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open session' })).toHaveCount(0);
  await expectNoViolations(page, 'today with a stale session');
  await page.screenshot({ path: test.info().outputPath('stale-session.png') });

  await fillDateTime(page, 'When did it end?', '2000-01-01T10:00');
  await section.getByRole('button', { name: 'Close it at this time' }).click();
  await expect(section.getByRole('alert').getByRole('link', { name: 'The end must be after the start.' })).toBeVisible();
  const endValue = `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(stale.startsAt))}T15:30`;
  await fillDateTime(page, 'When did it end?', endValue);
  await section.getByRole('button', { name: 'Close it at this time' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Session closed.' })).toBeVisible();
  await expect(section).toBeHidden();
  await expect(page.getByRole('button', { name: 'Open session' })).toBeVisible();
  const detail = await api<{ event: { endsAt: string } }>(page, 'events.detail', { id: stale.id });
  expect(detail.event.endsAt.slice(0, 10)).toBe(endValue.slice(0, 10));
});

test('a stale session can be left for a coordinator, and it shows in the data checks', async ({ page, harness }) => {
  await page.goto(harness.url);
  await setUpCoordinatorViaApi(page, 'Amina'); // first start sets up a coordinator with a PIN
  const site = await api<{ id: number }>(page, 'sites.create', { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
  await leftOpenTwoDaysAgo(page, site.id);
  await page.reload();
  await page.getByRole('button', { name: 'Leave it for a coordinator' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'left for a coordinator to close' })).toBeVisible();
  await page.getByRole('button', { name: 'Open session' }).click();
  await expect(page.getByRole('heading', { name: 'Pop-up shop at Deptford Market' })).toBeVisible();
  const quality = await api<Record<string, number>>(page, 'events.dataChecks', { filters: {} });
  expect(quality.left_open).toBe(1);
});

test('closing a session asks once, with a summary, then says "Session closed."', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  await api(page, 'visits.record', { eventId, adults: 3, children: 2 });
  await page.reload();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Close session' }).click();
  const summary = page.getByRole('region', { name: 'Close this session?' });
  await expect(summary).toContainText('Adults 3, children 2');
  await expect(summary).toContainText('Conversations');
  await expect(summary).toContainText(/From \d\d:\d\d, 0 h \d+ min/);
  await expectNoViolations(page, 'close summary');
  // Keeping it open changes nothing.
  await summary.getByRole('button', { name: 'No, keep it open' }).click();
  expect((await api<{ event: { endsAt: string | null } }>(page, 'events.detail', { id: eventId })).event.endsAt).toBeNull();
  await page.getByRole('button', { name: 'Close session' }).click();
  await expect(page.getByRole('button', { name: 'Yes, close the session' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Session closed.' })).toBeVisible();
  expect((await api<{ event: { endsAt: string | null } }>(page, 'events.detail', { id: eventId })).event.endsAt).not.toBeNull();
});

test('notes that look like personal details need a deliberate second step, and the confirmation is audited without the text', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Log conversation' }).click();
  await page.getByRole('checkbox', { name: 'Bowel screening' }).check();
  const notes = page.getByLabel('Notes');
  await notes.fill('Lives at SE13 6LH, call 07700 900123');
  await page.getByRole('button', { name: 'Save conversation' }).click();
  // The default is to edit the notes: Enter takes the volunteer back to them, nothing saved.
  const edit = page.getByRole('button', { name: 'Edit the notes' });
  await expect(edit).toBeFocused();
  await expectNoViolations(page, 'notes confirmation');
  await page.keyboard.press('Enter');
  await expect(notes).toBeFocused();
  expect((await api<{ conversations: number }>(page, 'sessions.totals', { eventId })).conversations).toBe(0);

  await page.keyboard.press('Control+Enter');
  await page.getByRole('button', { name: 'Save: they are not about the person' }).click();
  await expect(page.getByTestId('total-conversations')).toHaveText('1');
  const detail = await api<{ conversations: { id: number }[] }>(page, 'events.detail', { id: eventId });
  const trail = await api<{ after: Record<string, unknown> }[]>(page, 'audit.trail', { entity: 'conversation', id: detail.conversations[0]!.id });
  expect(trail[0]!.after.personalDetailsConfirmed).toEqual(['postcode', 'phone']);
});

test('"Recording as" and the lists follow a volunteer or site added on another screen, without a restart', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  const recordingAs = page.getByLabel('Recording as');
  await expect(recordingAs.locator('option')).toHaveText(['Amina (Coordinator)']);
  await goTo(page, 'Volunteers');
  await page.getByLabel('Name', { exact: true }).fill('Bola');
  await page.getByRole('button', { name: 'Add volunteer' }).click();
  await expect(recordingAs.locator('option')).toHaveText(['Amina (Coordinator)', 'Bola (Volunteer)']);
  await openMore(page);
  await recordingAs.selectOption({ label: 'Bola (Volunteer)' });
  await expect(recordingAs).toHaveValue(/\d+/);
  expect((await api<{ name: string }>(page, 'profiles.current', {})).name).toBe('Bola');
});

test('the import template as downloaded imports nothing and says why', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  const template = await api<{ fileName: string; base64: string }>(page, 'import.template', { format: 'csv' });
  const text = Buffer.from(template.base64, 'base64').toString('utf8');
  expect(text).toContain('EXAMPLE Deptford Library'); // the example rows are recognisable
  await goTo(page, 'Import');
  await page.getByLabel('Spreadsheet', { exact: true }).setInputFiles({ name: template.fileName, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await page.getByRole('button', { name: /Check and import/ }).click();
  await expect(page.getByRole('alert')).toContainText('This is the template as downloaded');
  await expect(page.getByRole('alert')).toContainText('Nothing was imported');
  const sites = await api<{ name: string }[]>(page, 'sites.list', {});
  expect(sites.map((s) => s.name)).toEqual(['Deptford Market']);
});

test('a past event takes visitors and conversations, its Site picker says "Choose a site", and messages say what to do', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Events');
  await page.getByRole('button', { name: 'Enter a past event' }).click();
  const site = page.getByLabel('Site', { exact: true });
  await expect(site.locator('option').first()).toHaveText('Choose a site');
  await page.getByRole('button', { name: 'Save event' }).click();
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('link', { name: 'Choose a site.' })).toBeVisible();
  await expect(alert.getByRole('link', { name: 'Enter the date and time it started.' })).toBeVisible();
  await site.selectOption({ label: 'Deptford Market' });
  await fillDateTime(page, 'Start', '2026-03-01T10:00');
  await fillDateTime(page, 'End', '2026-03-01T13:00');
  await page.getByLabel(/^Hours for Amina/).fill('30');
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(alert.getByRole('link', { name: 'Enter hours from 0 to 24.' })).toBeVisible();
  await page.getByLabel(/^Hours for Amina/).fill('3');
  // Event notes that look personal take the same second step.
  await page.getByLabel('Notes about the event').fill('Organiser: ring 07700 900123');
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('button', { name: 'Edit the notes' })).toBeFocused();
  await page.getByRole('button', { name: 'Save: they are not about the person' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added' })).toBeVisible();

  await page.getByRole('button', { name: 'Add visitors' }).click();
  await page.getByLabel('Adults', { exact: true }).fill('12');
  await page.getByLabel('Children', { exact: true }).fill('4');
  await page.getByRole('button', { name: 'Add visitors' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Visitors added.' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a conversation' }).click();
  await page.getByRole('checkbox', { name: 'Smoking', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Signposted to screening service' }).check();
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Conversation added.' })).toBeVisible();
  const visits = page.getByRole('table', { name: 'Visitor tallies at this event' });
  await expect(visits).toContainText('12');

  // History shows labels, not codes.
  const conversations = page.getByRole('table', { name: 'Conversations at this event' });
  await conversations.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('checkbox', { name: 'Signposted to screening service' }).uncheck();
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Conversation saved.' })).toBeVisible();
  await conversations.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History of this record' });
  const row = history.getByRole('row', { name: /^Outcomes/ });
  await expect(row).toContainText('Signposted to screening service');
  await expect(row).toContainText('none');
  await expect(history).not.toContainText('signposted_screening');
  await expectNoViolations(page, 'history');
});

test('the site form names the field and what to do', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Sites');
  await page.getByRole('button', { name: 'Add site' }).click();
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('link', { name: "Enter the site's name." })).toBeVisible();
  await expect(alert.getByRole('link', { name: 'Choose a setting.' })).toBeVisible();
  await expect(alert).not.toContainText('Enter this.');
  await expect(alert).not.toContainText('at least 1');
});

/** Visible text that looks like an i18n key: dotted lower-camel segments, e.g. `changes.entities.import`. */
const RAW_KEY = /\b[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9_]+){1,}\b/g;
const ALLOWED = [/^\d/, /\.(?:nhs\.uk|example|org|com|csv|xlsx|pdf|db)$/i, /^e\.g$/i, /^i\.e$/i];

async function rawKeysOnScreen(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return [...text.matchAll(RAW_KEY)].map((m) => m[0]).filter((found) => !ALLOWED.some((allowed) => allowed.test(found)));
}

test('no screen shows a raw translation key, in English or Arabic (as a coordinator, with records)', async ({ page, harness }) => {
  test.setTimeout(300_000); // every screen, twice, on a shared machine
  const { eventId } = await openSessionViaApi(page, harness.url);
  await api(page, 'visits.record', { eventId, adults: 2, children: 1 });
  await api(page, 'conversations.record', {
    eventId, depth: 'brief_contact', topics: ['screening_bowel'], outcomes: ['leaflet_given'], ageBand: 'age_60_74', sex: 'female',
    ethnicity: 'bangladeshi', language: 'bn', safeguarding: false, notes: '',
  });
  // An import puts an 'import' entry in the audit trail (the raw key once seen in Recent changes).
  const template = await api<{ base64: string }>(page, 'import.template', { format: 'csv' });
  const own = Buffer.from(template.base64, 'base64').toString('utf8').replaceAll('EXAMPLE ', '');
  await api(page, 'import.spreadsheet', { fileName: 'last-year.csv', base64: Buffer.from(own, 'utf8').toString('base64') });
  // Every string the app can show in en-GB is checked for keys it names but does not define.
  const english = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../resources/locales/en-GB.json'), 'utf8')) as object;
  expect(JSON.stringify(english)).not.toMatch(/"changes\.entities/);

  for (const language of ['en-GB', 'ar']) {
    await api(page, 'profiles.setLanguage', { language });
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    const found: Record<string, string[]> = {};
    const check = async (screen: string) => {
      await page.waitForTimeout(150);
      const keys = await rawKeysOnScreen(page);
      if (keys.length > 0) found[screen] = keys;
    };
    await check('today');
    await page.locator('.session-list button').first().click();
    await check('session');
    await page.locator('.session .button--large').click();
    await check('conversation form');
    await page.keyboard.press('Escape');
    const buttons = navItems(page); // the menu's names are translated too
    const count = await buttons.count();
    for (let i = 1; i < count; i++) {
      await clickNavItem(page, buttons.nth(i));
      await check(`menu item ${i}`);
    }
    // The event review screen and a record's history.
    await buttons.nth(1).click();
    await page.locator('table .link-button').first().click();
    await check('event detail');
    await page.locator('.event-detail table').first().getByRole('button').last().click();
    await check('history');
    await page.keyboard.press('Escape');
    expect(found, `raw i18n keys in ${language}`).toEqual({});
  }
});

test('the stale session, the close summary, the notes step and a past event pass axe in Arabic', async ({ page, harness }) => {
  test.setTimeout(120_000);
  await page.goto(harness.url);
  await setUpCoordinatorViaApi(page, 'Amina');
  await api(page, 'profiles.setLanguage', { language: 'ar' });
  const site = await api<{ id: number }>(page, 'sites.create', { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
  const stale = await leftOpenTwoDaysAgo(page, site.id);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('.stale-session')).toBeVisible();
  await expectNoViolations(page, 'stale session (ar)');
  await page.screenshot({ path: test.info().outputPath('ar-stale-session.png') });
  await page.locator('.stale-session button[type="button"]').click();
  await page.locator('.open-session button[type="submit"]').click();
  await page.locator('.session .button--large').click();
  await page.locator('input[name="topics"]').first().check();
  await page.locator('#conversation-notes').fill('SE13 6LH');
  await page.locator('.save-bar button[type="submit"]').click();
  await expect(page.locator('.notes-confirm')).toBeVisible();
  await expectNoViolations(page, 'notes step (ar)');
  await page.keyboard.press('Escape');
  await page.locator('.conversation-form .save-bar .button--secondary').click();
  await page.locator('.session__actions .button--secondary').last().click();
  await expect(page.locator('.close-summary')).toBeVisible();
  await expectNoViolations(page, 'close summary (ar)');
  await page.screenshot({ path: test.info().outputPath('ar-close-summary.png') });

  // The event left for a coordinator, reviewed: add visitors to it, then read a history.
  await page.locator('.app-nav button').nth(1).click();
  await page.locator('table .link-button').last().click();
  await expect(page.locator('.event-detail')).toBeVisible();
  const addVisit = page.locator('.event-detail > .button--secondary').last();
  await addVisit.click();
  await expect(page.locator('.add-visit')).toBeVisible();
  await expectNoViolations(page, 'add visitors (ar)');
  expect((await api<{ event: { id: number } }>(page, 'events.detail', { id: stale.id })).event.id).toBe(stale.id);
});
