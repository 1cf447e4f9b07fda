// The PDF exports are tagged PDFs, proved by readers that share no code with pdfkit: pdf.js
// (the structure tree of every page, its text resolved through the marked content) and
// poppler's pdfinfo (the Tagged flag). Also: dates and times in words, London time.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Store } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { exportMonthlySummary } from '../../main/reports/export.ts';
import { allOf as all, readStructure } from '../support/pdf-structure.ts';
import { freshStore, tempDir } from '../support/temp-store.ts';

const MONTH = '2026-09';
// 15:34 in London on 7 December (GMT), and 10:05 on 1 June (BST: 09:05 UTC).
const winter = () => new Date('2026-12-07T15:34:00Z');
const summer = () => new Date('2027-06-01T09:05:00Z');

function pdfinfo(file: string): string | null {
  try {
    return execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

let store: Store;
const dir = tempDir('outreach-tally-pdf-');

beforeAll(async () => {
  ({ store } = await freshStore({ withVolunteer: false }));
  seedSyntheticData(store, { conversations: 3000, seed: 7, now: '2026-11-01T12:00:00Z' });
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each([false, true])('the monthly summary PDF (share-safe: %s)', (shareSafe) => {
  it('is tagged: language, title, headings in reading order, table headers, a text alternative for every chart', async () => {
    const written = await exportMonthlySummary(store, winter, { month: MONTH, format: 'pdf', shareSafe });
    const file = path.join(dir, written.fileName);
    fs.writeFileSync(file, written.bytes);

    const info = pdfinfo(file);
    if (info === null) console.warn('pdfinfo (poppler-utils) is not installed: the Tagged flag is checked by pdf.js alone');
    else {
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(info).toMatch(/^Title:\s+Outreach Tally: Monthly summary/m);
    }

    const { pages, info: meta } = await readStructure(new Uint8Array(written.bytes));
    expect(meta.Language).toBe('en-GB');
    expect(String(meta.Title)).toContain('September 2026');
    // Every page carries structure; the first opens with the document's H1 and its language.
    for (const page of pages) expect(page.children.length).toBeGreaterThan(0);
    const document = pages[0]!.children[0]!;
    expect(document.role).toBe('Document');
    expect(document.lang).toBe('en-GB');
    expect(document.children[0]!.role).toBe('H1');
    expect(document.children[0]!.text).toBe('Outreach Tally');

    // Section headings, in reading order across the pages.
    const headings = pages.flatMap((page) => all(page, 'H2').map((h) => h.text)).filter((text, i, list) => list.indexOf(text) === i);
    const expected = shareSafe
      ? ['For sharing outside your organisation', 'Headline figures', 'Activity by borough', 'Conversations by topic']
      : ['Headline figures', 'Conversations by topic', 'Conversations by topic group', 'Conversations by outcome', 'Week by week'];
    expect(headings.slice(0, expected.length)).toEqual(expected);
    if (shareSafe) {
      // Said first, on the first page.
      const first = all(pages[0]!, 'Sect')[0]!;
      expect(first.text).toContain('anonymisation policy version 2');
    }

    // Tables have header cells: the headline measures as row headers, columns named in a header row.
    const tables = pages.flatMap((page) => all(page, 'Table'));
    expect(tables.length).toBeGreaterThan(2);
    for (const table of tables) {
      expect(all(table, 'TH').length, table.text.slice(0, 60)).toBeGreaterThan(0);
      expect(all(table, 'TD').length, table.text.slice(0, 60)).toBeGreaterThan(0);
    }
    expect(tables.some((t) => t.children[0]!.children.every((cell) => cell.role === 'TH'))).toBe(true);

    // Each chart is one Figure whose text alternative holds every bar's label and value.
    const figures = pages.flatMap((page) => all(page, 'Figure'));
    expect(figures.length).toBeGreaterThan(0);
    for (const figure of figures) {
      expect(figure.alt).toMatch(/^Bar chart, /);
      const drawn = figure.text.replace(/^.*? \/ \S+ /, '');
      // The drawn bars' labels, each in the alternative text.
      for (const word of drawn.split(' ').filter((w) => /^[A-Za-z]{4,}$/.test(w)).slice(0, 20)) expect(figure.alt).toContain(word);
    }

    // Footers are artifacts: no "Page 1 of" in the structure.
    expect(pages.map((p) => p.text).join(' ')).not.toMatch(/Page \d+ of \d+/);
  }, 60_000);
});

describe('dates and times in every export', () => {
  it.each(['csv', 'pdf'] as const)('%s: in words, in London time (GMT and BST)', async (format) => {
    const text = async (clock: () => Date) => {
      const written = await exportMonthlySummary(store, clock, { month: MONTH, format });
      if (format === 'csv') return written.bytes.toString('utf8');
      const { pages } = await readStructure(new Uint8Array(written.bytes));
      return pages.map((p) => p.text).join(' ');
    };
    const inWinter = await text(winter);
    expect(inWinter).toContain('7 December 2026, 15:34');
    expect(inWinter).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(await text(summer)).toContain('1 June 2027, 10:05');
  }, 60_000);
});
