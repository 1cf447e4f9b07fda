// The monthly summary "for sharing outside your organisation", from the screen: the files the
// lead downloads carry the figures sync publishes (the same protection), say so first, and the
// PDF reads back as a tagged PDF through pdf.js (structure tree, headings, chart alternatives).
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { shareSafeSummary } from '../../main/reports/share-safe.ts';
import { allOf, readStructure } from '../support/pdf-structure.ts';
import { expect, goTo, protectCurrentProfile, startHarness, test, unlockAs } from './fixtures.ts';

test('a lead downloads the share-safe summary: protected figures, said on the first page, a tagged PDF', async ({ page, dataDir }) => {
  test.setTimeout(90_000);
  const dbFile = path.join(dataDir, 'seeded.db');
  const { store } = await openStore(dbFile);
  seedSyntheticData(store, { conversations: 3000, seed: 7, now: '2026-11-01T12:00:00Z' });
  const expected = shareSafeSummary(store, () => new Date(), { month: '2026-10' });
  await protectCurrentProfile(store);
  store.close();
  expect(expected.boroughs.length).toBeGreaterThan(0);
  const harness = await startHarness(dbFile);
  try {
    await page.goto(harness.url);
    await unlockAs(page);
    await goTo(page, 'Monthly summary');
    await expect(page.getByRole('heading', { name: /monthly summary for October 2026/ })).toBeVisible();
    const audience = page.getByRole('group', { name: 'Who the files are for' });
    await audience.getByRole('radio', { name: /^For sharing outside your organisation/ }).check();
    const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(scan.violations.map((v) => v.id)).toEqual([]);

    const download = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      const saved = path.join(dataDir, file.suggestedFilename());
      await file.saveAs(saved);
      return { name: file.suggestedFilename(), bytes: fs.readFileSync(saved) };
    };

    const csv = await download('Download CSV');
    expect(csv.name).toBe('outreach-summary-2026-10-share-safe.csv');
    const lines = csv.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[2]).toMatch(/^For sharing outside your organisation,"Every figure in this summary is protected by the same disclosure control/);
    // Each borough's published conversations, exactly as sync protects them.
    for (const borough of expected.boroughs) expect(lines).toContain(`${borough.authorityCode},conversations,,,${borough.conversations}`);

    const pdf = await download('Download PDF');
    const { pages, info } = await readStructure(new Uint8Array(pdf.bytes));
    expect(info.Language).toBe('en-GB');
    const first = allOf(pages[0]!, 'Sect')[0]!;
    expect(allOf(first, 'H2')[0]!.text).toBe('For sharing outside your organisation');
    expect(first.text).toContain('anonymisation policy version 2');
    const figures = pages.flatMap((p) => allOf(p, 'Figure'));
    expect(figures.length).toBeGreaterThan(0);
    for (const figure of figures) expect(figure.alt).toMatch(/^Bar chart, /);
  } finally {
    await harness.stop();
  }
});
