// The header is one compact row at a 1280x800 laptop in every language, and a "Menu" button at
// 200 % zoom, with every screen a role may use still reachable by keyboard and by name.
// 200 % zoom is emulated as Chromium lays it out: a 1280x800 window at 200 % is a 640x400 CSS
// viewport drawn at deviceScaleFactor 2, so heights below are in CSS pixels of that viewport.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { api, clickNavItem, expect, navItems, openSessionViaApi, test } from './fixtures.ts';

const localesDir = path.resolve(import.meta.dirname, '../../resources/locales');
const nav = (code: string) => (JSON.parse(fs.readFileSync(path.join(localesDir, `${code}.json`), 'utf8')) as { nav: Record<string, string> }).nav;
const coordinatorScreens = ['today', 'events', 'dashboard', 'report', 'import', 'sites', 'volunteers', 'lists', 'sync', 'team', 'maintenance', 'changes'];

async function expectNoViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), where).toEqual([]);
}

const headerHeight = (page: Page) => page.locator('header.app-header').evaluate((el) => el.getBoundingClientRect().height);

/** Every visible control in the header is at least 44 by 44 CSS pixels. */
async function expectTargets(page: Page) {
  const small = await page.locator('header.app-header').evaluate((header) =>
    [...header.querySelectorAll<HTMLElement>('button, select')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => ({ name: el.textContent?.trim() ?? el.id, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44 || box.width < 44)
      .map(({ name, box }) => `${name}: ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
  expect(small).toEqual([]);
}

/** Each of the role's screens opens from the header, by its name in this language. */
async function expectEveryScreenReachable(page: Page, code: string, screens: string[]) {
  const names = nav(code);
  await expect(navItems(page)).toHaveText(screens.map((s) => names[s]!));
  for (const screen of screens) {
    const item = navItems(page).filter({ hasText: new RegExp(`^${names[screen]}$`) });
    await clickNavItem(page, item);
    await expect(item).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('.app-header__toggle:visible')).toHaveAttribute('aria-expanded', 'false'); // choosing closes it
  }
}

for (const code of ['en-GB', 'pl', 'ar']) {
  test(`one compact row at 1280x800 in ${code}, every screen reachable`, async ({ page, harness }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openSessionViaApi(page, harness.url);
    await api(page, 'profiles.setLanguage', { language: code });
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    const names = nav(code);

    // One row: everything in the header sits on the same line, and the header is under 80 px of 800.
    expect(await headerHeight(page)).toBeLessThan(80);
    const tops = await page.locator('header.app-header').evaluate((header) =>
      [...header.querySelectorAll<HTMLElement>('.app-header__name, .app-nav__link, .app-header__toggle, .sync-indicator, .button')]
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => el.getBoundingClientRect())
        .map((box) => box.top + box.height / 2),
    );
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(12);
    await expect(page.getByRole('button', { name: names.menu, exact: true })).toBeHidden();
    await expect(page.locator('.app-header .button--warning')).toBeVisible();
    await expect(page.locator('.app-header .button--secondary')).toBeVisible(); // Lock: the coordinator has a PIN
    await expectTargets(page);
    await page.screenshot({ path: test.info().outputPath(`${code}-header-1280.png`) });

    await page.getByRole('button', { name: names.more }).click();
    await expect(page.locator('#header-language')).toBeVisible();
    await expectNoViolations(page, `More open (${code})`);
    await expectTargets(page);
    await page.screenshot({ path: test.info().outputPath(`${code}-header-more-1280.png`) });
    await page.keyboard.press('Escape');

    await expectEveryScreenReachable(page, code, coordinatorScreens);
    await expectNoViolations(page, `header (${code})`);
  });

  test(`at 200 % zoom a Menu button opens the navigation in ${code}`, async ({ browser, harness }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    try {
      await openSessionViaApi(page, harness.url);
      await api(page, 'profiles.setLanguage', { language: code });
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('lang', code);
      const names = nav(code);

      // Closed, the header is well under a quarter of the screen (100 of 400 CSS px).
      expect(await headerHeight(page)).toBeLessThan(72);
      const menu = page.getByRole('button', { name: names.menu, exact: true });
      await expect(menu).toHaveAttribute('aria-expanded', 'false');
      await expect(page.getByRole('navigation', { name: names.label })).toBeHidden();
      await expect(page.locator('.app-header .button--warning')).toBeVisible();
      await expect(page.locator('.app-header .button--secondary')).toBeVisible();
      await expectTargets(page);
      await page.screenshot({ path: test.info().outputPath(`${code}-header-200.png`) });

      // By keyboard: Menu opens the navigation, the first screen is the next Tab stop, Esc closes it.
      await menu.focus();
      await page.keyboard.press('Enter');
      await expect(menu).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByRole('navigation', { name: names.label })).toBeVisible();
      await page.keyboard.press('Tab');
      await expect(navItems(page).first()).toBeFocused();
      await expectNoViolations(page, `Menu open at 200 % (${code})`);
      await expectTargets(page);
      await page.screenshot({ path: test.info().outputPath(`${code}-header-menu-200.png`), fullPage: true });
      await page.keyboard.press('Escape');
      await expect(menu).toHaveAttribute('aria-expanded', 'false');
      await expect(menu).toBeFocused();

      await expectEveryScreenReachable(page, code, coordinatorScreens);
    } finally {
      await context.close();
    }
  });
}

// Every shipped language, not only the three above: one row at 1280x800, and well under a quarter
// of the screen at 200 % zoom (Somali's long crisis label once pushed Lock and Crisis to a second row).
test('one row at 1280x800 and under a quarter of the screen at 200 % zoom, in every language', async ({ page, harness }) => {
  test.setTimeout(180_000);
  const languages = fs.readdirSync(localesDir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  expect(languages).toHaveLength(11);
  await openSessionViaApi(page, harness.url);
  const rows = (el: HTMLElement) => {
    const mids = [...el.querySelectorAll<HTMLElement>('.app-header__name, .app-nav__link, .app-header__toggle, .sync-indicator, .button')]
      .filter((item) => item.getClientRects().length > 0)
      .map((item) => item.getBoundingClientRect())
      .map((box) => box.top + box.height / 2);
    return { height: el.getBoundingClientRect().height, spread: Math.max(...mids) - Math.min(...mids) };
  };
  const measured: string[] = [];
  // The same limits as above: under 80 px at 1280x800, under 72 of 400 CSS px at 200 % zoom.
  for (const [width, height, most] of [[1280, 800, 80], [640, 400, 72]] as const) {
    await page.setViewportSize({ width, height });
    for (const code of languages) {
      await api(page, 'profiles.setLanguage', { language: code });
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('lang', code);
      await expect(page.locator('.app-header .button--warning')).toBeVisible();
      const header = await page.locator('header.app-header').evaluate(rows);
      if (header.spread >= 12 || header.height >= most) measured.push(`${code} at ${width}x${height}: ${Math.round(header.height)} px, rows ${Math.round(header.spread)} px apart`);
    }
  }
  expect(measured).toEqual([]);
});

test('a volunteer reaches their three screens; who is recording and the language are under More', async ({ page, harness }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openSessionViaApi(page, harness.url, 'volunteer');
  await expectEveryScreenReachable(page, 'en-GB', ['today', 'sites', 'sync']);
  await page.getByRole('button', { name: 'More' }).click();
  await expect(page.getByLabel('Recording as')).toBeVisible();
  await expect(page.getByLabel('Language')).toBeVisible();
  await expectNoViolations(page, 'volunteer More');
});
