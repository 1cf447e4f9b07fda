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

export async function startHarness(dbFile: string, options: { testFaults?: boolean } = {}): Promise<RunningHarness> {
  const args = [path.join(root, 'main/harness/serve.ts'), '--db', dbFile, '--exit-with-stdin', ...(options.testFaults ? ['--test-faults'] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
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

/** Calls the harness api the way the page does, for quick set-up of a test's records. */
export async function api<T = unknown>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, body]) => {
      const token = sessionStorage.getItem('outreach-harness-token')!;
      const response = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-outreach-token': token },
        body: JSON.stringify(body),
      });
      return response.json();
    },
    [method, input] as const,
  );
  const typed = result as { ok: boolean; value?: T; error?: unknown };
  if (!typed.ok) throw new Error(`${method} failed: ${JSON.stringify(typed.error)}`);
  return typed.value as T;
}

/** A profile, a site and an open session, made through the api; the page then shows Today. */
export async function openSessionViaApi(page: Page, harnessUrl: string, role: 'volunteer' | 'coordinator' = 'coordinator') {
  await page.goto(harnessUrl);
  await api(page, 'profiles.create', { name: 'Amina', role, language: 'en-GB' });
  const site = await api<{ id: number }>(page, 'sites.create', { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
  const event = await api<{ id: number }>(page, 'sessions.open', { siteId: site.id, kind: 'popup_shop' });
  await page.reload();
  return { siteId: site.id, eventId: event.id };
}
