// Every language rendered: each of the eleven languages draws its text with a bundled Noto face
// (loaded from the app itself, as the CSP's font-src 'self' allows), the bar charts are mirrored
// in Arabic and Urdu with no label over a bar, and a screenshot of the charts is kept per
// language. And the renderer is a production build: minified, split by screen, the first
// screen loading no other screen's code, no chart library and no other language's strings.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { expect, goTo, openMore, protectCurrentProfile, startHarness, test, unlockAs, type RunningHarness } from './fixtures.ts';

const FACES: Record<string, string> = {
  'en-GB': 'Noto Sans',
  es: 'Noto Sans',
  pl: 'Noto Sans',
  pt: 'Noto Sans',
  ro: 'Noto Sans',
  so: 'Noto Sans',
  tr: 'Noto Sans',
  bn: 'Noto Sans Bengali',
  gu: 'Noto Sans Gujarati',
  ar: 'Noto Sans Arabic',
  ur: 'Noto Nastaliq Urdu',
};
const RTL = new Set(['ar', 'ur']);

async function seededHarness(dataDir: string): Promise<RunningHarness> {
  const dbFile = path.join(dataDir, 'seeded.db');
  const { store } = await openStore(dbFile);
  seedSyntheticData(store, { conversations: 3000, seed: 7, now: '2026-11-01T12:00:00Z' });
  await protectCurrentProfile(store);
  store.close();
  return startHarness(dbFile);
}

/** Boxes of a chart's bars, its category labels and its value labels. */
async function chartBoxes(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((chart) => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    return {
      bars: [...chart.querySelectorAll('.bar-chart__bar')].map(box).filter((b) => b.right - b.left > 0.5),
      labels: [...chart.querySelectorAll('.bar-chart__label')].map(box),
      values: [...chart.querySelectorAll('.bar-chart__value')].map(box).filter((b) => b.right - b.left > 0.5),
    };
  });
}

const overlaps = (a: { left: number; right: number; top: number; bottom: number }, b: typeof a) =>
  a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

test('each language loads and uses its bundled font; charts are mirrored right to left, labels clear of the bars', async ({ page, dataDir }, testInfo) => {
  test.setTimeout(240_000);
  const harness = await seededHarness(dataDir);
  const fontRequests: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'font') fontRequests.push(request.url());
  });
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(harness.url);
    await unlockAs(page);
    for (const [code, face] of Object.entries(FACES)) {
      await openMore(page);
      await page.locator('#header-language').selectOption(code);
      await expect(page.locator('html')).toHaveAttribute('lang', code);
      // The dashboard, by its name in this language.
      const dashboard = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../../resources/locales/${code}.json`), 'utf8')).nav.dashboard as string;
      await page.getByRole('navigation').getByRole('button', { name: dashboard, exact: true }).click();
      await expect(page.getByTestId('chart-topics').locator('.bar-chart__label').first()).toBeVisible();
      await expect(page.getByTestId('chart-topics').locator('.bar-chart__value').first()).toBeVisible();
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready;
        return {
          loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/["']/g, '')),
          heading: getComputedStyle(document.querySelector('h1')!).fontFamily,
        };
      });
      expect(fonts.loaded, code).toContain(face);
      if (code === 'ur') expect(fonts.heading).toMatch(/^"?Noto Nastaliq Urdu/);
      else expect(fonts.heading).toMatch(/^"?Noto Sans"?,/);

      const { bars, labels, values } = await chartBoxes(page, 'chart-topics');
      expect(bars.length, code).toBeGreaterThan(0);
      expect(labels.length, code).toBeGreaterThan(0);
      for (const label of [...labels, ...values]) for (const bar of bars) expect(overlaps(label, bar), `${code}: a label over a bar`).toBe(false);
      for (const value of values) for (const label of labels) expect(overlaps(value, label), `${code}: a value over a label`).toBe(false);
      expect(values.length, code).toBeGreaterThanOrEqual(bars.length);
      const centre = (boxes: { left: number; right: number }[]) => boxes.reduce((sum, b) => sum + (b.left + b.right) / 2, 0) / boxes.length;
      await expect(page.getByTestId('chart-topics')).toHaveAttribute('data-mirrored', String(RTL.has(code)));
      if (RTL.has(code)) {
        expect(centre(labels), `${code}: labels on the right`).toBeGreaterThan(centre(bars));
        expect(Math.max(...bars.map((b) => b.right)), `${code}: bars grow from the right`).toBeGreaterThan(Math.max(...labels.map((l) => l.left)) - 20);
      } else {
        expect(centre(labels), `${code}: labels on the left`).toBeLessThan(centre(bars));
      }
      const shot = testInfo.outputPath(`charts-${code}.png`);
      await page.getByTestId('section-topics').screenshot({ path: shot });
      await testInfo.attach(`charts-${code}`, { path: shot, contentType: 'image/png' });
      if (code === 'en-GB' || code === 'ar') {
        const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
        expect(scan.violations.map((v) => v.id), code).toEqual([]);
      }
    }
    // Every font came from the app itself.
    expect(fontRequests.length).toBeGreaterThan(0);
    // (harness.url carries the token in its fragment, so compare origins.)
    for (const url of fontRequests) expect(new URL(url).origin).toBe(new URL(harness.url).origin);
  } finally {
    await harness.stop();
  }
});

test('the first screen loads only what it needs; other screens, the charts and other languages load when asked for', async ({ page, dataDir }) => {
  test.setTimeout(90_000);
  const harness = await seededHarness(dataDir);
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  try {
    await page.goto(harness.url);
    // The first screen a coordinator sees: the lock screen, then the home screen behind it.
    await unlockAs(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const first = [...scripts];
    const names = first.map((p) => path.basename(p));
    expect(names.some((n) => n.startsWith('index-'))).toBe(true);
    for (const other of ['Dashboard-', 'MonthlyReport-', 'Events-', 'Sync-', 'RecordsDialog-', 'ar-', 'bn-', 'ur-', 'gu-', 'pl-']) {
      expect(names.filter((n) => n.startsWith(other)), `loaded on the first screen: ${other}`).toEqual([]);
    }
    // Minified: the entry is a few long lines, not a readable file.
    const entry = first.find((p) => path.basename(p).startsWith('index-'))!;
    const source = await (await page.request.get(new URL(entry, harness.url).toString())).text();
    expect(source.split('\n').length).toBeLessThan(50);
    expect(source.length).toBeLessThan(400_000);

    await goTo(page, 'Dashboard');
    await expect(page.getByTestId('chart-topics')).toBeVisible();
    expect(scripts.slice(first.length).some((p) => path.basename(p).startsWith('Dashboard-'))).toBe(true);
    await openMore(page);
    await page.locator('#header-language').selectOption('bn');
    await expect(page.locator('html')).toHaveAttribute('lang', 'bn');
    expect(scripts.some((p) => path.basename(p).startsWith('bn-'))).toBe(true);
  } finally {
    await harness.stop();
  }
});
