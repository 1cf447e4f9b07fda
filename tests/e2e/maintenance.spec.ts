// The Backups screen: a backup downloads as a database file, and the support logs download as
// text that holds what went on (method names, codes) but nothing that was recorded.
import fs from 'node:fs';
import path from 'node:path';
import { api, expect, goTo, openSessionViaApi, test } from './fixtures.ts';

test('a backup and the support logs download; the logs hold no record content', async ({ page, harness, dataDir }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  const notes = 'Asked about the bowel kit for her mother Zainab';
  await api(page, 'conversations.record', {
    eventId, depth: 'brief_contact', topics: ['screening_bowel'], outcomes: ['leaflet_given'], ageBand: 'age_60_74', sex: 'female',
    ethnicity: 'bangladeshi', language: 'bn', safeguarding: false, notes,
  });
  // A save the app refuses (no topic), with personal details in its notes: support needs to
  // see that it failed and why, and must never see what was typed.
  await expect(
    api(page, 'conversations.record', {
      eventId, depth: 'brief_contact', topics: [], outcomes: [], ageBand: 'not_recorded', sex: 'not_recorded',
      ethnicity: 'not_recorded', language: 'not_recorded', safeguarding: false, notes: 'Call Zainab on 07700 900123',
    }),
  ).rejects.toThrow(/invalid_input/);
  await goTo(page, 'Backups');

  const [backup] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a backup' }).click()]);
  const backupFile = path.join(dataDir, backup.suggestedFilename());
  await backup.saveAs(backupFile);
  await expect(page.getByRole('status').first()).toContainText(`The backup has been saved as ${backup.suggestedFilename()}`);
  expect(fs.statSync(backupFile).size).toBeGreaterThan(4096);

  // Restoring replaces every record: its last step is an NHS warning button, and Cancel changes nothing.
  await page.getByLabel('Backup file').setInputFiles(backupFile);
  await page.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(page.getByRole('button', { name: 'Yes, restore the backup' })).toHaveClass(/button--danger/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Yes, restore the backup' })).toHaveCount(0);

  const [logs] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download logs for support' }).click()]);
  expect(logs.suggestedFilename()).toMatch(/^outreach-tally-logs-\d{8}-\d{6}\.txt$/);
  const text = fs.readFileSync(await logs.path(), 'utf8');
  await expect(page.getByRole('status').first()).toContainText(`Logs saved as ${logs.suggestedFilename()}.`);
  expect(text).toContain('Outreach Tally support log');
  expect(text).toMatch(/api\.refused method=conversations\.record code=invalid_input fields=topics/); // what happened is there...
  for (const recorded of ['Zainab', '07700', 'bowel kit', 'Amina', 'Deptford Market']) expect(text).not.toContain(recorded); // ...what was typed is not
});
