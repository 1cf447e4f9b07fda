// The monthly summary exported as CSV, XLSX and PDF and read back (a CSV parser, exceljs,
// pdf.js text extraction): all three and the on-screen summary give the same figures.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { unlockedForCurrentProfile } from '../support/access.ts';
import { pageTexts } from '../support/pdf-structure.ts';
import type { Store } from '../../main/db/store.ts';
import { parseCsv } from '../../main/records/import/csv-parse.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { writeSummary } from '../../main/reports/export.ts';
import type { ExportFile } from '../../shared/export-file.ts';
import type { MonthlySummary } from '../../main/reports/figures.ts';
import { exportContext, summarySections } from '../../main/reports/sections.ts';
import { monthlySummary, setOrganisationName } from '../../main/reports/summary.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

const root = path.resolve(import.meta.dirname, '../..');
const clock = manualClock('2026-11-20T10:00:00.000Z');
let store: Store;
let file: string;
let dir: string;
let summary: MonthlySummary;

beforeAll(async () => {
  ({ store, file, dir } = await freshStore({ withVolunteer: false }));
  seedSyntheticData(store, { conversations: 9000, seed: 11 });
  setOrganisationName(store, 'Lewisham Cancer Champions');
  summary = monthlySummary(store, clock, { month: '2026-09' });
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The figures a reader of any of the files should find: section id -> rows of cells. */
function expectedSections(s: MonthlySummary) {
  return summarySections(s, exportContext(store));
}

/** CSV sections: a title line, a header line, rows, a blank line. */
function csvSections(text: string): Map<string, string[][]> {
  const rows = parseCsv(text);
  const sections = new Map<string, string[][]>();
  let current: string[][] | null = null;
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') {
      current = null;
    } else if (current === null) {
      current = [];
      sections.set(row[0]!, current);
    } else {
      current.push(row);
    }
  }
  return sections;
}

describe('monthly summary exports', () => {
  it('has figures worth comparing', () => {
    expect(summary.figures.headline.conversations).toBeGreaterThan(100);
    expect(summary.figures.sites.length).toBeGreaterThan(5);
    expect(summary.organisationName).toBe('Lewisham Cancer Champions');
  });

  it('CSV: UTF-8 with a BOM, one table per section, the same figures', async () => {
    const written = await writeSummary(store, summary, 'csv');
    expect(written.fileName).toBe('outreach-summary-2026-09.csv');
    expect([...written.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = written.bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const sections = csvSections(text.slice(1));
    const about = sections.get('About this summary')!;
    expect(about).toContainEqual(['Organisation', 'Lewisham Cancer Champions']);
    expect(about).toContainEqual(['Month', 'September 2026']);
    for (const section of expectedSections(summary)) {
      const table = sections.get(section.title);
      expect(table, section.title).toBeDefined();
      expect(table![0]).toEqual(section.columns.map((c) => c.label));
      // Numbers are written plainly: read back as numbers, they are the summary's numbers. Days are in words.
      const readBack = table!.slice(1).map((row) => row.map((cell, i) => (section.columns[i]!.kind === 'integer' || section.columns[i]!.kind === 'decimal' ? (cell === '' ? null : Number(cell)) : cell)));
      const context = exportContext(store);
      expect(readBack, section.title).toEqual(section.rows.map((row) => row.map((cell, i) => (section.columns[i]!.kind === 'day' ? context.formatDay(String(cell)) : cell))));
    }
    const headline = sections.get('Headline figures')!;
    expect(headline).toContainEqual(['conversations', 'Conversations', String(summary.figures.headline.conversations)]);
  });

  it('XLSX: a sheet per section, frozen headers, real numbers and dates', async () => {
    const written = await writeSummary(store, summary, 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(written.bytes as unknown as ArrayBuffer);
    const sections = expectedSections(summary);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['About', ...sections.map((s) => s.sheetName)]);
    for (const section of sections) {
      const sheet = workbook.getWorksheet(section.sheetName)!;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(section.columns.map((c) => c.label));
      const readBack: unknown[][] = [];
      sheet.eachRow((row, number) => {
        if (number === 1) return;
        readBack.push(
          section.columns.map((column, i) => {
            const value = row.getCell(i + 1).value;
            if (column.kind === 'integer' || column.kind === 'decimal') {
              if (value !== null) expect(typeof value, `${section.title} ${column.label}`).toBe('number');
              return value;
            }
            if (column.kind === 'day') {
              expect(value).toBeInstanceOf(Date);
              return (value as Date).toISOString().slice(0, 10);
            }
            return value;
          }),
        );
      });
      expect(readBack, section.title).toEqual(section.rows);
    }
  });

  it('PDF: organisation, headline figures, every label and count, page numbers', async () => {
    const written = await writeSummary(store, summary, 'pdf');
    expect(written.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pageTexts(new Uint8Array(written.bytes));
    const all = pages.join(' ').replace(/\s+/g, ' ');
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    expect(pages[0]).toContain('Lewisham Cancer Champions');
    expect(pages[0]).toContain('Monthly summary: September 2026');
    const n = (value: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(value);
    const h = summary.figures.headline;
    for (const [label, value] of [
      ['Events', h.events],
      ['Volunteer hours', h.volunteerHours],
      ['Visitors', h.visitors],
      ['Conversations', h.conversations],
      ['Conversations per event', h.conversationsPerEvent!],
    ] as const) {
      expect(pages[0]).toMatch(new RegExp(`${label} .*${n(value).replace('.', '\\.')}`));
    }
    // Each chart row prints its label then its count.
    const context = exportContext(store);
    for (const topic of summary.figures.byTopic.filter((t) => t.count > 0)) {
      expect(all).toContain(`${context.codeLabel('topic', topic.code)} ${n(topic.count)}`);
    }
    for (const band of summary.figures.reach.age) {
      expect(all).toContain(`${context.codeLabel('age', band.code)} ${n(band.count)}`);
    }
    const top = summary.figures.sites[0]!;
    expect(all).toContain(`${top.name} ${context.boroughName(top.authorityCode)} ${n(top.events)} ${n(top.volunteerHours)} ${n(top.visitors)} ${n(top.conversations)}`);
    expect(all).toContain(`Conversations with no outcome ${n(summary.figures.dataQuality.conversationsWithoutOutcome)}`);
  });

  it('the app gets the same summary and files through its api (the 2-second budget is checked by npm run bench)', async () => {
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store, clock }));
    const screen = await dispatch('reports.monthlySummary', { month: '2026-09' });
    expect(screen.ok).toBe(true);
    const onScreen = (screen as { value: MonthlySummary }).value;
    expect(onScreen.figures).toEqual(summary.figures);
    for (const format of ['csv', 'xlsx', 'pdf'] as const) {
      const result = await dispatch('reports.export', { month: '2026-09', format });
      expect(result.ok).toBe(true);
      const exported = (result as { value: ExportFile }).value;
      expect(exported.fileName).toBe(`outreach-summary-2026-09.${format}`);
      const direct = await writeSummary(store, { ...onScreen, generatedAt: summary.generatedAt }, format);
      if (format === 'csv') expect(Buffer.from(exported.base64, 'base64').toString('utf8')).toBe(direct.bytes.toString('utf8'));
    }
    const bad = await dispatch('reports.export', { month: '2026-13', format: 'csv' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('limits to boroughs and sites, and says so in the files', async () => {
    const site = summary.figures.sites[0]!;
    const limited = monthlySummary(store, clock, { month: '2026-09', authorityCodes: [site.authorityCode], siteIds: [site.siteId] });
    expect(limited.figures.headline.conversations).toBe(site.conversations);
    const written = await writeSummary(store, limited, 'csv');
    expect(written.fileName).toBe('outreach-summary-2026-09-selected.csv');
    expect(written.bytes.toString('utf8')).toContain(site.name);
  });

  it('the command line writes the same file', async () => {
    store.close();
    const out = path.join(dir, 'september.xlsx');
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, ['main/cli.ts', 'export', '--db', file, '--month', '2026-09', '--format', 'xlsx', '--out', out], { cwd: root }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ month: '2026-09', format: 'xlsx', out });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const headline = workbook.getWorksheet('Headline')!;
    const values = new Map<string, unknown>();
    headline.eachRow((row, n) => n > 1 && values.set(String(row.getCell(1).value), row.getCell(3).value));
    expect(values.get('conversations')).toBe(summary.figures.headline.conversations);
    expect(values.get('events')).toBe(summary.figures.headline.events);

    const usage = await new Promise<number>((resolve) =>
      execFile(process.execPath, ['main/cli.ts', 'export', '--db', file, '--month', 'Sept', '--format', 'xlsx', '--out', out], { cwd: root }, (error) =>
        resolve(error ? Number(error.code) : 0),
      ),
    );
    expect(usage).toBe(2);
    // Two processes that each load the app's modules: slow when the machine is busy.
  }, 60_000);
});
