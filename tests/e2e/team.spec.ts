// A team of two laptops, each its own harness over its own database: the coordinator starts a
// team, a second laptop joins it and hands its records over as a file, and the coordinator
// checks the file, sees what it holds, and adds it. The Team screen passes axe throughout. Then
// the dashboard covers both laptops, and its Laptop filter narrows the figures to one.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { api, expect, goTo, openSessionViaApi, setUpCoordinatorViaApi, startHarness, test } from './fixtures.ts';

const PASSPHRASE = 'borough stall team 2026';

async function expectNoViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe violations on ${screen}`).toEqual([]);
}

// Team is under the header's "More" (or "Menu" on a narrow window).
const openTeam = (page: Page) => goTo(page, 'Team');

test('hand-over on one laptop and merge on the coordinator’s, through the Team screen', async ({ page, harness, dataDir, browser }) => {
  test.setTimeout(240_000);
  // The coordinator's laptop: starts the team.
  await page.goto(harness.url);
  await setUpCoordinatorViaApi(page, 'Grace');
  await page.reload();
  await openTeam(page);
  const settings = page.getByRole('region', { name: 'This laptop’s team' });
  await settings.getByLabel('Team passphrase').fill(PASSPHRASE);
  await settings.getByRole('button', { name: 'Start a new team' }).click();
  await expect(settings).toContainText(/is in team [A-Z0-9]{4}-/);
  const teamId = /is in team ([A-Z0-9-]{19})/.exec((await settings.textContent()) ?? '')![1]!;
  await expectNoViolations(page, 'Team (coordinator)');
  // The coordinator's own session today: two conversations.
  const ownSite = await api<{ id: number }>(page, 'sites.create', { name: 'Lewisham library', authorityCode: 'E09000023', settingType: 'library' });
  const own = await api<{ id: number }>(page, 'sessions.open', { siteId: ownSite.id, kind: 'community_stall' });
  for (const topic of ['screening_breast', 'mh_low_mood']) {
    await api(page, 'conversations.record', {
      eventId: own.id, depth: 'brief_contact', topics: [topic], outcomes: ['information_given'], ageBand: 'age_50_59', sex: 'female',
      ethnicity: 'white_british', language: 'en', safeguarding: false, notes: '',
    });
  }
  await api(page, 'sessions.close', { eventId: own.id });

  // A volunteer's laptop: records a session with a note, joins, hands over.
  const stall = await startHarness(path.join(dataDir, 'stall.db'));
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const other = await context.newPage();
    const { eventId } = await openSessionViaApi(other, stall.url);
    const note = 'Mrs Example on 07700 900123 asked about the bowel kit';
    await api(other, 'conversations.record', {
      eventId, depth: 'brief_contact', topics: ['screening_bowel'], outcomes: ['leaflet_given'], ageBand: 'age_60_74', sex: 'female',
      ethnicity: 'bangladeshi', language: 'bn', safeguarding: false, notes: note,
      // The note looks like personal details on purpose (the hand-over must drop it); the person confirmed it.
      personalDetailsConfirmed: true,
    });
    await api(other, 'sessions.close', { eventId });
    await openTeam(other);
    const join = other.getByRole('region', { name: 'This laptop’s team' });
    await join.getByLabel('Team id').fill(teamId);
    await join.getByLabel('Team passphrase').fill(PASSPHRASE);
    await join.getByRole('button', { name: 'Join this team' }).click();
    await expect(join).toContainText(`is in team ${teamId}`);
    await join.getByLabel('This laptop’s name').fill('Stall laptop');
    await join.getByRole('button', { name: 'Save the name' }).click();
    await expect(other.getByRole('status').first()).toContainText('Name saved.');

    const handover = other.getByRole('region', { name: 'Hand my records to the coordinator' });
    await handover.getByLabel('Team passphrase').fill('not the passphrase');
    await handover.getByRole('button', { name: 'Hand my records to the coordinator' }).click();
    await expect(handover).toContainText('That is not the team passphrase');
    await handover.getByLabel('Team passphrase').fill(PASSPHRASE);
    const [download] = await Promise.all([other.waitForEvent('download'), handover.getByRole('button', { name: 'Hand my records to the coordinator' }).click()]);
    const file = path.join(dataDir, download.suggestedFilename());
    await download.saveAs(file);
    await expect(other.getByRole('status').first()).toContainText('1 conversations, 1 events and 0 visits');
    expect(fs.readFileSync(file).includes(Buffer.from('07700'))).toBe(false);
    await expectNoViolations(other, 'Team (volunteer laptop, after hand-over)');

    // Back on the coordinator's laptop: check, then add.
    const merge = page.getByRole('region', { name: 'Add a team member’s records' });
    await merge.getByLabel('Hand-over file').setInputFiles(file);
    await merge.getByLabel('Team passphrase').fill(PASSPHRASE);
    await merge.getByRole('button', { name: 'Check the file' }).click();
    const preview = page.getByRole('region', { name: 'Records from Stall laptop' });
    // Its profile, site, session and conversation.
    await expect(preview).toContainText('4 new, 0 changed, 0 changed on both laptops, 0 already here.');
    await expectNoViolations(page, 'Team (preview)');
    await preview.getByRole('button', { name: 'Add these records' }).click();
    await expect(page.getByRole('status').first()).toContainText('Records from Stall laptop added.');
    const laptops = page.getByRole('region', { name: 'Records by laptop' });
    await expect(laptops.getByRole('row', { name: /Stall laptop/ })).toContainText('1');

    // The same file again changes nothing, and says so.
    await merge.getByLabel('Hand-over file').setInputFiles(file);
    await merge.getByLabel('Team passphrase').fill(PASSPHRASE);
    await merge.getByRole('button', { name: 'Check the file' }).click();
    await expect(page.getByRole('region', { name: 'Records from Stall laptop' })).toContainText('changes nothing');
    await expect(page.getByRole('button', { name: 'Add these records' })).toBeDisabled();
    await expectNoViolations(page, 'Team (already merged)');

    // The dashboard covers both laptops; picking one shows only its records.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name: 'Dashboard' }).click();
    const conversations = page.getByTestId('tile-conversations').locator('dd');
    await expect(conversations).toHaveText('3');
    await page.getByLabel('Laptop', { exact: true }).selectOption({ label: 'Stall laptop' });
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Showing/ })).toContainText('records from Stall laptop');
    await expect(conversations).toHaveText('1');
    await expect(page.getByTestId('tile-events').locator('dd')).toHaveText('1');
    await page.getByLabel('Laptop', { exact: true }).selectOption({ label: 'All laptops' });
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(conversations).toHaveText('3');
    const ownLaptop = page.getByLabel('Laptop', { exact: true }).locator('option', { hasText: '(this laptop)' });
    await page.getByLabel('Laptop', { exact: true }).selectOption((await ownLaptop.getAttribute('value'))!);
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(conversations).toHaveText('2');
    await expectNoViolations(page, 'Dashboard (filtered by laptop)');

    // The monthly summary: limited to one laptop, and it says so.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name: 'Monthly summary' }).click();
    await expect(page.getByText('All boroughs and sites.')).toBeVisible();
    await expect(conversations).toHaveText('3');
    await page.getByText('Limit to some laptops (optional)').click();
    await page.getByRole('checkbox', { name: 'Stall laptop' }).check();
    await page.getByRole('button', { name: 'Show the summary' }).click();
    await expect(page.getByText('Limited to: Laptop: Stall laptop.')).toBeVisible();
    await expect(conversations).toHaveText('1');
    await expectNoViolations(page, 'Monthly summary (limited to a laptop)');
  } finally {
    await context.close();
    await stall.stop();
  }
});
