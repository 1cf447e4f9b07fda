// Roles on a shared laptop, as people meet them: first start protects the laptop with a
// coordinator's PIN, the app locks itself when idle and shows nothing recorded, a volunteer
// picks their name, a coordinator types their PIN (and again before a coordinator's action
// once it has lapsed), and a volunteer sees only what they use.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { api, expect, goTo, navItems, openMore, setUpCoordinatorViaApi, startHarness, test, TEST_PIN, unlockAs } from './fixtures.ts';

const shotsDir = path.resolve(import.meta.dirname, '../../test-results/screenshots');

async function expectNoViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

async function scanAndShoot(page: Page, language: string, screen: string) {
  await expectNoViolations(page, `${screen} (${language})`);
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${language}-${screen}.png`), fullPage: true });
}

const menu = (page: Page) => page.getByRole('navigation', { name: 'Main menu' });
// Every screen, in the row or under More, once the header is there.
const menuItems = async (page: Page) => {
  await expect(navItems(page).first()).toBeAttached();
  return navItems(page).allTextContents();
};
const lockHeading = (page: Page) => page.getByRole('heading', { name: 'Outreach Tally is locked' });

test('first start sets the laptop up with a coordinator protected by a PIN; nobody can pick a role without one', async ({ page, harness }) => {
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Outreach Tally' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Volunteer' })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: 'Outreach lead' })).toBeVisible();
  await scanAndShoot(page, 'en-GB', 'setup');

  await page.getByLabel('Your name').fill('Amina');
  await page.getByRole('radio', { name: 'Outreach lead' }).check();
  await page.getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter a PIN of at least 6 digits, or a passphrase of at least 8 characters.');

  await page.getByLabel('PIN or passphrase', { exact: true }).fill('123456');
  await page.getByLabel('Type it again').fill('123456');
  await page.getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose a PIN that is not one digit repeated or a run such as 123456.');

  await page.getByLabel('PIN or passphrase', { exact: true }).fill(TEST_PIN);
  await page.getByLabel('Type it again').fill('246801');
  await page.getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByRole('alert')).toContainText('The two entries are not the same.');
  expect(await api<unknown[]>(page, 'access.status', {}).then((s) => (s as unknown as { people: unknown[] }).people)).toEqual([]);

  await page.getByLabel('Type it again').fill(TEST_PIN);
  await page.getByRole('button', { name: 'Start recording' }).click();
  await expect(menu(page)).toBeVisible();
  expect(await menuItems(page)).toContain('Volunteers');
  await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible();

  // The set-up screen in Arabic, on a fresh laptop.
  const other = await startHarness(path.join(path.dirname(harness.dbFile), 'second.db'));
  try {
    await page.goto(other.url);
    await page.locator('#welcome-language').selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await scanAndShoot(page, 'ar', 'setup');
  } finally {
    await other.stop();
  }
});

test('idle, the app locks to a screen with no records; a volunteer picks their name, a coordinator types their PIN', async ({ page, dataDir }) => {
  test.setTimeout(90_000);
  const harness = await startHarness(path.join(dataDir, 'outreach-tally.db'), { idleLockSeconds: 3 });
  try {
    await page.goto(harness.url);
    await setUpCoordinatorViaApi(page, 'Amina');
    await api(page, 'profiles.create', { name: 'Sam', role: 'volunteer', language: 'en-GB' });
    const site = await api<{ id: number }>(page, 'sites.create', { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
    await api(page, 'sessions.open', { siteId: site.id, kind: 'popup_shop' });
    await page.reload();
    await expect(page.getByText('Deptford Market').first()).toBeVisible();

    // Nothing touched for three seconds: locked, with nothing recorded on screen.
    await expect(lockHeading(page)).toBeVisible({ timeout: 10_000 });
    await expect(menu(page)).toHaveCount(0);
    await expect(page.getByText('Deptford Market')).toHaveCount(0);
    // The service is locked too, not just the page.
    const refused = await page.evaluate(async () => {
      const token = sessionStorage.getItem('outreach-harness-token')!;
      const response = await fetch('/api/sessions.today', { method: 'POST', headers: { 'x-outreach-token': token }, body: '{}' });
      return response.json();
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'locked', messageKey: 'errors.access.locked' } });
    await scanAndShoot(page, 'en-GB', 'lock-screen');

    // The crisis panel stays one click away.
    await page.getByRole('button', { name: 'Crisis and safeguarding' }).click();
    await expect(page.getByRole('dialog', { name: /Crisis/ })).toBeVisible();
    await expect(page.getByRole('dialog').getByText('116 123')).toBeVisible();
    await page.keyboard.press('Escape');

    // A volunteer picks their name and goes on, seeing what a volunteer uses.
    await page.getByRole('button', { name: 'Sam', exact: true }).click();
    await expect(menu(page)).toBeVisible();
    expect(await menuItems(page)).toEqual(['Today', 'Sites', 'Sync']);
    await expect(page.getByLabel('Recording as').locator('option:checked')).toHaveText(/^Sam /);

    // Locked again; a wrong PIN is refused with a message, the right one unlocks the coordinator.
    await expect(lockHeading(page)).toBeVisible({ timeout: 10_000 });
    await page.getByLabel('PIN or passphrase', { exact: true }).fill('975310');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toContainText('That PIN or passphrase is not right.');
    await expect(menu(page)).toHaveCount(0);
    await unlockAs(page, 'Amina');
    expect(await menuItems(page)).toContain('Events');

    // The lock screen in Arabic (the page's language follows the last profile; switch it here).
    await expect(lockHeading(page)).toBeVisible({ timeout: 10_000 });
    await page.locator('#lock-language').selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await scanAndShoot(page, 'ar', 'lock-screen');
  } finally {
    await harness.stop();
  }
});

test('a coordinator action asks for the PIN once it has lapsed, and a cancelled or wrong PIN does nothing', async ({ page, dataDir }) => {
  test.setTimeout(90_000);
  const harness = await startHarness(path.join(dataDir, 'outreach-tally.db'), { unlockSeconds: 2 });
  try {
    await page.goto(harness.url);
    await setUpCoordinatorViaApi(page, 'Amina');
    const site = await api<{ id: number }>(page, 'sites.create', { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
    await page.reload();
    await page.waitForTimeout(2_500); // the PIN lapses; recording still works

    await goTo(page, 'Sites');
    await page.getByRole('button', { name: 'Retire site Deptford Market', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Type your PIN to go on' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Amina, this is for coordinators and outreach leads.');
    await scanAndShoot(page, 'en-GB', 'pin-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect((await api<{ retired: boolean }[]>(page, 'sites.list', { includeRetired: true }))[0]).toMatchObject({ id: site.id, retired: false });

    await page.getByRole('button', { name: 'Retire site Deptford Market', exact: true }).click();
    await dialog.getByLabel('PIN or passphrase').fill('975310');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(dialog.getByRole('alert')).toContainText('That PIN or passphrase is not right.');
    await dialog.getByLabel('PIN or passphrase').fill(TEST_PIN);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(dialog).toHaveCount(0);
    // The action went ahead once, after the PIN: the retired site leaves the list.
    await expect(page.getByRole('button', { name: 'Retire site Deptford Market', exact: true })).toHaveCount(0);
    expect((await api<{ retired: boolean }[]>(page, 'sites.list', { includeRetired: true }))[0]).toMatchObject({ retired: true });

    // The dialog in Arabic.
    await api(page, 'profiles.setLanguage', { language: 'ar' });
    await page.reload();
    await page.waitForTimeout(2_500);
    await page.locator('.app-nav button').nth(1).click();
    await expect(page.locator('dialog.access-dialog')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await scanAndShoot(page, 'ar', 'pin-dialog');
  } finally {
    await harness.stop();
  }
});

test('a volunteer sees Today, Sites to add one, Sync status and the crisis panel; switching to a coordinator asks for the PIN', async ({ page, harness }) => {
  await page.goto(harness.url);
  await setUpCoordinatorViaApi(page, 'Amina');
  await api(page, 'sites.create', { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' });
  const sam = await api<{ id: number }>(page, 'profiles.create', { name: 'Sam', role: 'volunteer', language: 'en-GB' });
  await api(page, 'profiles.switch', { id: sam.id });
  await page.reload();

  // Retried: straight after the reload the menu may not be drawn yet. (Screens only, not the "More" toggle.)
  await expect(navItems(page)).toHaveText(['Today', 'Sites', 'Sync']);
  await expect(page.getByRole('button', { name: 'Crisis and safeguarding' })).toBeVisible();

  await goTo(page, 'Sites');
  await expect(page.getByRole('button', { name: /^Edit site / })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Retire site / })).toHaveCount(0);
  await page.getByLabel('Site name').fill('Lewisham Library');
  await page.getByLabel('Borough').selectOption({ label: 'Lewisham' });
  await page.getByLabel('Setting').selectOption({ label: 'Library' });
  await page.getByRole('button', { name: 'Add site' }).click();
  await expect(page.getByRole('status')).toContainText('Site added: Lewisham Library');
  await scanAndShoot(page, 'en-GB', 'volunteer-sites');

  await goTo(page, 'Sync');
  await expect(page.getByText('A coordinator sets up sync and sends the counts.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Set up this laptop' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send now' })).toHaveCount(0);

  // The service agrees with the menu.
  const refused = await page.evaluate(async () => {
    const token = sessionStorage.getItem('outreach-harness-token')!;
    const response = await fetch('/api/events.list', { method: 'POST', headers: { 'x-outreach-token': token }, body: JSON.stringify({ filters: {}, limit: 5 }) });
    return response.json();
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'errors.coordinatorsOnly' } });

  // Switching to the coordinator in the header asks for her PIN.
  const amina = await page.getByLabel('Recording as').locator('option', { hasText: 'Amina' }).getAttribute('value');
  await openMore(page);
  await page.getByLabel('Recording as').selectOption(amina!);
  const dialog = page.getByRole('dialog', { name: 'Type your PIN to go on' });
  await dialog.getByLabel('PIN or passphrase').fill(TEST_PIN);
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(menu(page).getByRole('button', { name: 'Events' })).toBeVisible();

  // The coordinator sees who unlocked and who picked their name, newest first; never a PIN.
  await goTo(page, 'Volunteers');
  const log = page.getByRole('table', { name: 'Unlocks and PIN changes' });
  await expect(log.getByRole('row').nth(1)).toContainText('Amina');
  await expect(log.getByRole('row').nth(1)).toContainText('Unlocked');
  await expect(log).toContainText('Picked their name');
  await expect(log).toContainText('Set up with a PIN');
  await expect(log).not.toContainText(TEST_PIN);
});

test('a laptop from before PINs records as before; its first coordinator action asks for a PIN to be set', async ({ page, dataDir }) => {
  test.setTimeout(90_000);
  for (const language of ['en-GB', 'ar']) {
    const dbFile = path.join(dataDir, `older-${language}.db`);
    const { store } = await openStore(dbFile);
    seedSyntheticData(store, { conversations: 0, seed: 5 }); // volunteers and sites; its lead is the current profile, with no PIN
    store.close();
    const harness = await startHarness(dbFile);
    try {
      await page.goto(harness.url);
      if (language !== 'en-GB') {
        await api(page, 'profiles.setLanguage', { language });
        await page.reload();
      }
      await expect(page.locator('.app-nav')).toBeVisible(); // not locked: nothing protects it yet
      await page.locator('.app-nav button').nth(1).click(); // Events, a coordinator's screen
      const dialog = page.locator('dialog.access-dialog');
      await expect(dialog).toBeVisible();
      await scanAndShoot(page, language, 'protect-dialog');
      if (language !== 'en-GB') continue;
      await expect(dialog.getByRole('heading', { name: 'Protect this laptop with a PIN' })).toBeVisible();
      // The current lead's own profile is offered first; a new coordinator profile is the other choice.
      await expect(dialog.getByRole('radio').first()).toBeChecked();
      await expect(dialog.getByRole('radio', { name: 'A new coordinator or outreach lead profile' })).toBeVisible();
      await dialog.getByLabel('PIN or passphrase', { exact: true }).fill(TEST_PIN);
      await dialog.getByLabel('Type it again').fill(TEST_PIN);
      await dialog.getByRole('button', { name: 'Set PIN' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
      expect(await api<{ protected: boolean }>(page, 'access.status', {})).toMatchObject({ protected: true, locked: false });
      await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible();
    } finally {
      await harness.stop();
    }
  }
});
