// WCAG 2.2 AA on every screen: an axe-core scan with zero violations, in English and in a
// right-to-left language, plus screenshots kept as test artefacts for review.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { api, clickNavItem, expect, navItems, openSessionViaApi, test } from './fixtures.ts';

const localesDir = path.resolve(import.meta.dirname, '../../resources/locales');
const shotsDir = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const languages = ['en-GB', 'ar', 'bn'].filter((code) => fs.existsSync(path.join(localesDir, `${code}.json`)));
const scanned = ['en-GB', 'ar'].filter((code) => languages.includes(code));

async function expectNoViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

async function shoot(page: Page, language: string, screen: string) {
  if (!languages.includes(language)) return;
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${language}-${screen}.png`), fullPage: true });
}

const nav = (page: Page, name: RegExp | string) => page.getByRole('navigation').getByRole('button').filter({ hasText: name });

for (const language of languages) {
  test(`every screen passes axe and is captured in ${language}`, async ({ page, harness }) => {
    test.setTimeout(120_000); // a dozen scans and full-page screenshots
    const scan = scanned.includes(language);
    await page.goto(harness.url);
    if (scan) await expectNoViolations(page, 'welcome');
    await shoot(page, language, 'welcome');

    const { eventId } = await openSessionViaApi(page, harness.url);
    await api(page, 'profiles.setLanguage', { language });
    await api(page, 'conversations.record', {
      eventId, depth: 'brief_contact', topics: ['screening_bowel'], outcomes: [], ageBand: 'age_60_74', sex: 'female',
      ethnicity: 'bangladeshi', language: 'bn', safeguarding: false, notes: '',
    });
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    if (language === 'ar') await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');

    const screens: [string, () => Promise<void>][] = [
      ['today', async () => {}],
      ['session', async () => page.locator('.session-list button').first().click()],
      ['conversation-form', async () => page.locator('.session .button--large').click()],
      ['crisis-panel', async () => page.locator('.app-header .button--warning').click()],
    ];
    for (const [screen, open] of screens) {
      await open();
      await page.waitForTimeout(50);
      if (scan) await expectNoViolations(page, screen);
      await shoot(page, language, screen);
    }
    await page.keyboard.press('Escape');

    // Every screen in the main menu, named in the menu's order (Today was scanned above).
    const navScreens = ['events', 'dashboard', 'report', 'import', 'sites', 'volunteers', 'lists', 'sync', 'team', 'maintenance', 'changes'];
    const buttons = navItems(page);
    const count = await buttons.count();
    expect(count - 1).toBe(navScreens.length);
    for (let i = 1; i < count; i++) {
      await clickNavItem(page, buttons.nth(i));
      await page.waitForTimeout(50);
      const screen = navScreens[i - 1]!;
      if (scan) await expectNoViolations(page, screen);
      await shoot(page, language, screen);
    }

    // The event review screen, reached from the events list.
    await nav(page, /./).nth(1).click();
    await page.locator('table .link-button').first().click();
    await expect(page.locator('.event-detail')).toBeVisible();
    if (scan) await expectNoViolations(page, 'event-detail');
    await shoot(page, language, 'event-detail');
  });
}
