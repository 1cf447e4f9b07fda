// Long work on screen (issue 14): an import of a big spreadsheet shows a determinate progress
// bar with its rows counted while the button stays disabled (a second start over the API is
// refused: tests/integration/job-progress.test.ts, in-process and over the harness's HTTP); a
// restore of an older backup counts its update's steps on the Backups screen; the app started
// on an older database shows the start-up screen with the update's progress before the app
// itself. axe finds nothing on any of them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import Sqlite from 'better-sqlite3';
import { pendingMigrations } from '../../main/db/migrator.ts';
import { openStore } from '../../main/db/store.ts';
import { importCsv, importRows } from '../bench/import-file.ts';
import { olderSeededDatabase } from '../support/older-database.ts';
import { expect, goTo, openSessionViaApi, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');

async function expectNoAxeViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe violations on ${what}`).toEqual([]);
}

test('an import of a big spreadsheet shows its progress and keeps its button disabled until it is done', async ({ page, harness, dataDir }) => {
  test.setTimeout(180_000);
  // The file, built against a database with the same lists as the harness's.
  const scratch = await openStore(path.join(dataDir, 'lists.db'));
  const rows = 100_000;
  const csv = importCsv(importRows(scratch.store, rows, 1));
  scratch.store.close();

  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Import'); // under the header's "More"
  await page.getByLabel('Spreadsheet', { exact: true }).setInputFiles({ name: 'last-year.csv', mimeType: 'text/csv', buffer: csv });
  const submit = page.getByRole('button', { name: /Check and import/ });
  await submit.click();

  const bar = page.getByRole('progressbar', { name: /^Importing:/ });
  await expect(bar).toBeVisible({ timeout: 15_000 });
  await expect(bar).toHaveAttribute('aria-valuemax', '100');
  await expect(bar).toHaveAttribute('aria-valuenow', /^\d{1,3}$/);
  await expect(submit).toBeDisabled();
  // Rows counted as they are checked, out of the file's 100,000.
  await expect(page.getByTestId('import-progress')).toContainText(/Importing: [\d,]+ of 100,000 rows checked/, { timeout: 60_000 });
  await expectNoAxeViolations(page, 'the import screen with its progress bar');

  await expect(page.getByTestId('import-done')).toContainText('100,000', { timeout: 120_000 });
  await expect(bar).toBeHidden();
  await expect(submit).toBeEnabled();
});

test('a restore of a backup from an older version shows each step of its update, with its button disabled', async ({ page, harness, dataDir }) => {
  test.setTimeout(180_000);
  // A backup made before migration 0007: the restore updates its copy before it replaces anything.
  const backupFile = path.join(dataDir, 'last-year.db');
  await olderSeededDatabase(backupFile, '0006_outcome_counts', { conversations: 60_000, seed: 3, now: '2026-11-01T12:00:00.000Z' });

  await openSessionViaApi(page, harness.url);
  await goTo(page, 'Backups');
  await page.getByLabel('Backup file').setInputFiles(backupFile);
  await page.getByRole('button', { name: 'Restore this backup' }).click();
  const confirm = page.getByRole('button', { name: 'Yes, restore the backup' });
  await confirm.click();

  const bar = page.getByRole('progressbar', { name: /^Restoring:/ });
  await expect(bar).toBeVisible({ timeout: 15_000 });
  await expect(bar).toHaveAttribute('aria-valuenow', /^\d{1,3}$/);
  await expect(page.getByTestId('restore-progress')).toContainText(/Restoring: updating the backup's records for this version: step [\d,]+ of [\d,]+/, {
    timeout: 60_000,
  });
  await expect(confirm).toBeDisabled();
  await expectNoAxeViolations(page, 'the Backups screen with a restore in progress');

  await expect(bar).toBeHidden({ timeout: 120_000 });
  // The restored records are another laptop's, without this profile: the app locks (or, where the
  // profile is there, says what was restored).
  await expect(page.getByText(/^The backup has been restored: [\d,]+ conversations/).or(page.getByRole('heading', { name: 'Outreach Tally is locked' }))).toBeVisible();
  const restored = new Sqlite(harness.dbFile, { readonly: true });
  const backup = new Sqlite(backupFile, { readonly: true });
  try {
    expect(pendingMigrations(restored)).toEqual([]);
    const conversations = 'SELECT count(*) FROM conversation';
    expect(restored.prepare(conversations).pluck().get()).toBe(backup.prepare(conversations).pluck().get());
  } finally {
    restored.close();
    backup.close();
  }
});

test('started on an older database, the app shows the update with a progress bar before the app', async ({ page, dataDir }) => {
  test.setTimeout(180_000);
  // A database from before migration 0007 (whose backfill is the slow one), with records in it.
  const dbFile = path.join(dataDir, 'older.db');
  await olderSeededDatabase(dbFile, '0006_outcome_counts', { conversations: 60_000, seed: 2, now: '2026-11-01T12:00:00.000Z' });

  const child = spawn(process.execPath, [path.join(root, 'main/harness/serve.ts'), '--db', dbFile, '--exit-with-stdin', '--url-on-listen'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
      child.once('exit', (code) => reject(new Error(`harness exited early with code ${code}`)));
    });
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Outreach Tally is starting' })).toBeVisible();
    const bar = page.getByRole('progressbar');
    await expect(bar).toHaveAttribute('aria-valuemax', '100');
    await expect(page.getByTestId('startup-screen')).toContainText(/Updating your records for this version: step [\d,]+ of [\d,]+/, { timeout: 60_000 });
    await expectNoAxeViolations(page, 'the start-up screen');
    // Then the app itself, on the updated database.
    await expect(page.getByTestId('startup-screen')).toBeHidden({ timeout: 120_000 });
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    expect(fs.readdirSync(path.join(dataDir, 'backups')).some((f) => f.includes('before-0007'))).toBe(true);
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
});
