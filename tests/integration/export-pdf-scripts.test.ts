// The monthly summary PDF in every script the app speaks: each language's text drawn with an
// embedded Noto face (never a "?" or an empty box), read back by poppler, which shares no code
// with pdfkit: `pdffonts` for the faces, `pdftotext` for the words (through the ActualText
// each shaped line carries).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { exportMonthlySummary } from '../../main/reports/export.ts';
import { exportTranslator } from '../../shared/labels.ts';
import { freshStore, tempDir } from '../support/temp-store.ts';

const poppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let store: Store;
const dir = tempDir('outreach-tally-pdf-scripts-');
beforeAll(async () => {
  ({ store } = await freshStore({ withVolunteer: false }));
  seedSyntheticData(store, { conversations: 1500, seed: 11, now: '2026-11-01T12:00:00Z' });
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const reversed = (text: string) => [...text].reverse().join('');

describe.skipIf(!poppler)('the monthly summary PDF in each script', () => {
  it.each([
    ['bn', 'NotoSansBengali'],
    ['gu', 'NotoSansGujarati'],
    ['ar', 'NotoSansArabic'],
    ['ur', 'NotoSansArabic'],
    ['pl', 'NotoSans'],
    ['en-GB', 'NotoSans'],
  ])('%s: drawn with embedded %s, its headings read back', async (language, face) => {
    const written = await exportMonthlySummary(store, () => new Date('2026-12-07T15:34:00Z'), { month: '2026-09', format: 'pdf', language });
    const file = path.join(dir, `${language}.pdf`);
    fs.writeFileSync(file, written.bytes);

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    // Every font embedded (a subset), none of the standard 14 that only cover Western Europe.
    expect(fonts.some((line) => line.includes(`+${face}-`))).toBe(true);
    for (const line of fonts) {
      expect(line).not.toMatch(/Helvetica|Times|Courier/);
      expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes');
    }

    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).not.toContain('\ufffd');
    expect(text).not.toMatch(/\?{2,}/);
    const t = exportTranslator(language);
    for (const key of ['report.sections.headline', 'report.sections.topics']) {
      const heading = t(key);
      // poppler writes a right-to-left line in the order it is seen, left to right.
      const found = text.includes(heading) || (t('meta.direction') === 'rtl' && text.includes(reversed(heading)));
      expect(found, `${language}: "${heading}" in\n${text.slice(0, 600)}`).toBe(true);
    }
  }, 60_000);
});
