// Each test gets its own harness process over its own SQLite file, so tests run in parallel
// and a "restart" is a real process exit and a fresh start on the same file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { prepareSecret, storeSecret } from '../../main/access/profile-secrets.ts';
import type { Store } from '../../main/db/store.ts';
import { requireCoordinator } from '../../main/records/volunteers.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningHarness {
  url: string;
  dbFile: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface HarnessOptions {
  testFaults?: boolean;
  /** Lock after this many idle seconds (the app's setting is in minutes). */
  idleLockSeconds?: number;
  /** A coordinator's PIN holds this many seconds. */
  unlockSeconds?: number;
}

// Harnesses still running when a test ends (it failed before its own `stop`) are stopped
// before the test's data folder is removed.
const running = new Set<RunningHarness>();

export async function startHarness(dbFile: string, options: HarnessOptions = {}): Promise<RunningHarness> {
  const args = [
    path.join(root, 'main/harness/serve.ts'),
    '--db',
    dbFile,
    '--exit-with-stdin',
    ...(options.testFaults ? ['--test-faults'] : []),
    ...(options.idleLockSeconds ? ['--idle-lock-seconds', String(options.idleLockSeconds)] : []),
    ...(options.unlockSeconds ? ['--unlock-seconds', String(options.unlockSeconds)] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      running.delete(harness);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  const harness: RunningHarness = { url: '', dbFile, stop };
  running.add(harness);
  try {
    harness.url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
      child.once('exit', (code) => reject(new Error(`harness exited early with code ${code}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return harness;
}

async function stopRunningHarnesses(): Promise<void> {
  await Promise.all([...running].map((harness) => harness.stop()));
}

export const test = base.extend<{ harness: RunningHarness; dataDir: string }>({
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outreach-tally-e2e-'));
    try {
      await use(dir);
    } finally {
      await stopRunningHarnesses();
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
  },
  harness: async ({ dataDir }, use) => {
    const harness = await startHarness(path.join(dataDir, 'outreach-tally.db'));
    await use(harness);
    await harness.stop();
  },
});

export { expect };

/** The PIN every test's coordinator is set up with (six digits, not a run or a repeat). */
export const TEST_PIN = '246810';

/** First start: set the laptop up with a coordinator (or lead) profile and its PIN. */
export async function createProfile(page: Page, name = 'Amina', role: 'Coordinator' | 'Outreach lead' = 'Coordinator', pin = TEST_PIN) {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('radio', { name: role }).check();
  await page.getByLabel('PIN or passphrase', { exact: true }).fill(pin);
  await page.getByLabel('Type it again').fill(pin);
  await page.getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
}

/** The laptop set up through the api, as first start does: a coordinator with TEST_PIN, unlocked. */
export async function setUpCoordinatorViaApi(page: Page, name = 'Amina', role: 'coordinator' | 'lead' = 'coordinator') {
  return api<{ id: number }>(page, 'access.setUp', { name, role, secret: TEST_PIN, language: 'en-GB' });
}

/** On the lock screen: a coordinator picks their profile (or keeps the first) and types their PIN. */
export async function unlockAs(page: Page, name?: string, pin = TEST_PIN) {
  await expect(page.getByRole('heading', { name: 'Outreach Tally is locked' })).toBeVisible();
  const profiles = page.getByLabel('Your profile');
  if (name !== undefined) await chooseOption(profiles, name);
  await page.getByLabel('PIN or passphrase', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
}

async function chooseOption(select: Locator, name: string) {
  const value = await select.locator('option').filter({ hasText: new RegExp(`^${name} \\(`) }).getAttribute('value');
  await select.selectOption(value!);
}

/** A database made outside the app (seeded): its current coordinator or lead gets TEST_PIN. */
export async function protectCurrentProfile(store: Store): Promise<void> {
  const current = requireCoordinator(store);
  const secret = await prepareSecret(TEST_PIN);
  store.transaction(() => storeSecret(store, () => new Date(), current.id, secret));
}

/** Every screen's button in the header menu, in the menu's order, folded away or not. */
export const navItems = (page: Page) => page.locator('header.app-header .app-nav__link');

/** Opens the header's "More" (or, on a narrow window, "Menu") unless it is open already. */
export async function openMore(page: Page) {
  const toggle = page.locator('header.app-header .app-header__toggle:visible');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Clicks a screen's button in the header, opening "More" or "Menu" first when it is folded away. */
export async function clickNavItem(page: Page, item: Locator) {
  if (!(await item.isVisible())) await openMore(page);
  await item.click();
}

/** Opens a screen from the header by its English name. */
export async function goTo(page: Page, name: string) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await clickNavItem(page, navItems(page).filter({ hasText: new RegExp(`^${escaped}$`) }));
}

/** Types a London "YYYY-MM-DDTHH:MM" into the day, month, year and time boxes named by `legend`. */
export async function fillDateTime(page: Page, legend: string, value: string) {
  const [, year, month, day, time] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})$/.exec(value)!;
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year!);
  await group.getByLabel('Time').fill(time!);
}

/** Types a "YYYY-MM-DD" into the day, month and year boxes named by `legend`. */
export async function fillDate(page: Page, legend: string, value: string) {
  const [year, month, day] = value.split('-');
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year!);
}

/** Types a "YYYY-MM" into the month and year boxes named by `legend`. */
export async function fillMonth(page: Page, legend: string, value: string) {
  const [year, month] = value.split('-');
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year!);
}

export async function addSite(page: Page, name: string, borough: string, setting: string) {
  await goTo(page, 'Sites');
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
  if (role === 'coordinator') {
    await setUpCoordinatorViaApi(page, 'Amina');
  } else {
    // A volunteer is added by a coordinator, then picks their name.
    await setUpCoordinatorViaApi(page, 'Morgan');
    const volunteer = await api<{ id: number }>(page, 'profiles.create', { name: 'Amina', role: 'volunteer', language: 'en-GB' });
    await api(page, 'profiles.switch', { id: volunteer.id });
  }
  const site = await api<{ id: number }>(page, 'sites.create', { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
  const event = await api<{ id: number }>(page, 'sessions.open', { siteId: site.id, kind: 'popup_shop' });
  await page.reload();
  return { siteId: site.id, eventId: event.id };
}
