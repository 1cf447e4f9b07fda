// Each test gets its own harness process over its own SQLite file, so tests run in parallel
// and a "restart" is a real process exit and a fresh start on the same file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningHarness {
  url: string;
  dbFile: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startHarness(dbFile: string): Promise<RunningHarness> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'main/harness/serve.ts'), '--db', dbFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`harness exited early with code ${code}`)));
  });
  return {
    url,
    dbFile,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

export const test = base.extend<{ harness: RunningHarness; dataDir: string }>({
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outreach-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  harness: async ({ dataDir }, use) => {
    const harness = await startHarness(path.join(dataDir, 'outreach-tally.db'));
    await use(harness);
    await harness.stop();
  },
});

export { expect };

/** First start: create the profile the records will carry. */
export async function createProfile(page: Page, name = 'Amina', role: 'Volunteer' | 'Coordinator' | 'Outreach lead' = 'Coordinator') {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('radio', { name: role }).check();
  await page.getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
}

export async function addSite(page: Page, name: string, borough: string, setting: string) {
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('button', { name: 'Sites' }).click();
  await page.getByLabel('Site name').fill(name);
  await page.getByLabel('Borough').selectOption({ label: borough });
  await page.getByLabel('Setting').selectOption({ label: setting });
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('status')).toContainText(`Site added: ${name}`);
}
