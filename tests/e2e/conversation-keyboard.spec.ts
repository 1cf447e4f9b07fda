// The stall loop at a 1280x800 laptop: a typical conversation (one topic, one outcome, one age
// band, then Save) by keyboard alone in at most 15 keystrokes, with Save in view without
// scrolling; each group of choices one Tab stop; the most used choices first; axe in en-GB and
// Arabic; screenshots of the form for review.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { api, expect, openSessionViaApi, test } from './fixtures.ts';

const shotsDir = path.resolve(import.meta.dirname, '../../test-results/screenshots');

test.use({ viewport: { width: 1280, height: 800 } });

/** Counts every key the volunteer presses (a chord such as Ctrl+Enter is one keystroke). */
async function countKeystrokes(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { keystrokes: number };
    w.keystrokes = 0;
    window.addEventListener(
      'keydown',
      (event) => {
        if (!['Control', 'Shift', 'Alt', 'Meta'].includes(event.key)) w.keystrokes++;
      },
      { capture: true },
    );
  });
  return () => page.evaluate(() => (window as unknown as { keystrokes: number }).keystrokes);
}

async function expectInViewport(page: Page, name: string) {
  const box = await page.getByRole('button', { name }).boundingBox();
  expect(box, `${name} has a box`).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(800);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
}

async function expectNoViolations(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${screen}`).toEqual([]);
}

test('a typical conversation by keyboard takes at most 15 keystrokes, with Save in view at 1280x800', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Pop-up shop at Deptford Market' })).toBeVisible();
  const keystrokes = await countKeystrokes(page);

  await page.keyboard.press('c'); // Log conversation
  await expect(page.getByRole('heading', { name: 'Log a conversation' })).toBeVisible();
  // Save is on screen without scrolling, and so is everything a typical conversation needs.
  await expectInViewport(page, 'Save conversation');
  for (const name of ['Bowel screening', 'Leaflet given']) {
    const box = await page.getByRole('checkbox', { name }).boundingBox();
    expect(box!.y + box!.height, `${name} on screen`).toBeLessThanOrEqual(800);
  }
  const box = await page.getByRole('radio', { name: '60 to 74' }).boundingBox();
  expect(box!.y + box!.height, 'age band on screen').toBeLessThanOrEqual(800);

  // Topics: focus starts in the group; typing finds, Space ticks.
  await expect(page.getByRole('checkbox', { name: 'Signs and symptoms of cancer' })).toBeFocused();
  await page.keyboard.type('scr');
  await expect(page.getByRole('checkbox', { name: 'Bowel screening' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'Bowel screening' })).toBeChecked();
  // Outcomes: one Tab (the topics are one Tab stop), then letters and Space.
  await page.keyboard.press('Tab');
  await page.keyboard.type('lea');
  await expect(page.getByRole('checkbox', { name: 'Leaflet given' })).toBeFocused();
  await page.keyboard.press('Space');
  // The person's bands: Alt+A jumps to the age band, a digit picks it.
  await page.keyboard.press('Alt+KeyA');
  await page.keyboard.type('6');
  await expect(page.getByRole('radio', { name: '60 to 74' })).toBeChecked();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('total-conversations')).toHaveText('1');

  const count = await keystrokes();
  expect(count).toBeLessThanOrEqual(15);
  test.info().annotations.push({ type: 'keystrokes', description: String(count) });

  const detail = await api<{ conversations: { topics: string[]; outcomes: string[]; ageBand: string }[] }>(page, 'events.detail', { id: eventId });
  expect(detail.conversations).toMatchObject([{ topics: ['screening_bowel'], outcomes: ['leaflet_given'], ageBand: 'age_60_74' }]);
});

test('each group is one Tab stop with arrow keys inside, and the shortcuts are announced', async ({ page, harness }) => {
  await openSessionViaApi(page, harness.url);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Log conversation' }).click();
  await expect(page.getByRole('checkbox', { name: 'Signs and symptoms of cancer' })).toBeFocused();
  // Tab order: topics, outcomes, age band, sex, then the length of the conversation.
  const order: string[] = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => (document.activeElement as HTMLInputElement).name));
  }
  expect(order).toEqual(['outcomes', 'ageBand', 'sex', 'depth']);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  // Arrows move inside the outcomes; Space ticks; the filter shows only matches.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('checkbox', { name: 'Leaflet given' })).toBeFocused();
  await page.keyboard.type('gp');
  await expect(page.getByRole('checkbox', { name: 'Signposted to GP' })).toBeFocused();
  await expect(page.getByRole('checkbox', { name: 'Leaflet given' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('checkbox', { name: 'Leaflet given' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Log a conversation' })).toBeVisible(); // Esc cleared the filter, not the form
  const keys = page.locator('#conversation-shortcuts');
  for (const text of ['Alt+O', 'Alt+A', 'Alt+T', 'Ctrl+Enter']) await expect(keys).toContainText(text);
  // Alt+O comes back to the outcomes, on the item last moved to (the roving tab stop).
  await page.keyboard.press('Alt+KeyT');
  await expect(page.getByRole('checkbox', { name: 'Signs and symptoms of cancer' })).toBeFocused();
  await page.keyboard.press('Alt+KeyO');
  await expect(page.getByRole('checkbox', { name: 'Signposted to GP' })).toBeFocused();
});

test('the topics and outcomes this volunteer and site use most come first', async ({ page, harness }) => {
  const { eventId } = await openSessionViaApi(page, harness.url);
  const conversation = (topics: string[], outcomes: string[]) => ({
    eventId, depth: 'brief_contact', topics, outcomes, ageBand: 'not_recorded', sex: 'not_recorded',
    ethnicity: 'not_recorded', language: 'not_recorded', safeguarding: false, notes: '',
  });
  for (let i = 0; i < 3; i++) await api(page, 'conversations.record', conversation(['mh_loneliness'], ['signposted_talking_therapies']));
  await api(page, 'conversations.record', conversation(['smoking'], ['signposted_talking_therapies']));
  await page.reload();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Log conversation' }).click();
  const mostUsed = page.locator('#conversation-topics .chip-section').first();
  await expect(mostUsed.getByRole('heading')).toHaveText('Most used here');
  await expect(mostUsed.locator('label')).toHaveText(['Loneliness', 'Smoking']);
  await expect(page.getByRole('checkbox', { name: 'Loneliness' })).toBeFocused();
  await expect(page.locator('#conversation-outcomes').getByRole('checkbox').first()).toHaveAccessibleName('Signposted to NHS Talking Therapies');
});

for (const language of ['en-GB', 'ar']) {
  test(`the conversation form passes axe and is captured at 1280x800 in ${language}`, async ({ page, harness }) => {
    await openSessionViaApi(page, harness.url);
    await api(page, 'profiles.setLanguage', { language });
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await page.locator('.session-list button').first().click();
    await page.locator('.session .button--large').click();
    await expect(page.locator('.conversation-form')).toBeVisible();
    await expectNoViolations(page, `conversation form (${language})`);
    const save = await page.locator('.save-bar button[type="submit"]').boundingBox();
    expect(save!.y + save!.height).toBeLessThanOrEqual(800);
    fs.mkdirSync(shotsDir, { recursive: true });
    await page.screenshot({ path: path.join(shotsDir, `${language}-conversation-form-1280x800.png`) });
    // Every target in the form is at least 44 px high.
    const small = await page.locator('.conversation-form .chip, .conversation-form .button').evaluateAll((els) =>
      els.filter((el) => el.getBoundingClientRect().height < 44).map((el) => el.textContent),
    );
    expect(small).toEqual([]);
  });
}
