// Spreadsheet bombs: small files that ask the XLSX reader for gigabytes (a cell named past
// Excel's last column, a zip that unpacks a thousandfold, more rows or cells than any import
// needs). Each is refused with a message a person can act on, and the bound on memory the
// README states is measured in a fresh process (its peak resident set), not assumed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../main/db/store.ts';
import { DomainError } from '../../shared/errors.ts';
import { readXlsxSheet } from '../../main/records/import/sheet.ts';
import { DEFAULT_XLSX_LIMITS, EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS } from '../../main/records/import/xlsx-read.ts';
import { farCellWorkbook, workbookWithRows, zipBombWorkbook } from '../support/xlsx-bombs.ts';
import { tempDir } from '../support/temp-store.ts';

/** The most a refused bomb may take, in a fresh process (README, "Limits on what comes in"). */
export const IMPORT_PEAK_MEMORY_BYTES = 512 * 1024 * 1024;
/** The most any import may take, the largest valid one included. */
export const IMPORT_MAX_MEMORY_BYTES = 1024 * 1024 * 1024;

const child = path.resolve(import.meta.dirname, '../support/import-child.ts');

function importInChild(bytes: Buffer, name: string): { messageKey?: string; values?: Record<string, unknown>; raw?: string; status?: string; peakRssBytes: number } {
  const dir = tempDir();
  const sheet = path.join(dir, name);
  fs.writeFileSync(sheet, bytes);
  const run = spawnSync(process.execPath, [child, path.join(dir, 'import.db'), sheet], { encoding: 'utf8', timeout: 120_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

function refusal(bytes: Buffer): DomainError {
  try {
    readXlsxSheet(bytes);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the workbook was read');
}

describe('spreadsheet bombs', () => {
  it(`a ${farCellWorkbook().length}-byte workbook naming cell ZZZZZZZ2 is refused as past Excel's limits, within the memory bound`, { timeout: 120_000 }, () => {
    const bomb = farCellWorkbook();
    expect(bomb.length).toBeLessThan(1500);
    const result = importInChild(bomb, 'far-cell.xlsx');
    expect(result).toMatchObject({ messageKey: 'import.errors.cellOutOfRange', values: { cell: 'ZZZZZZZ2' } });
    expect(result.peakRssBytes).toBeLessThan(IMPORT_PEAK_MEMORY_BYTES);
  });

  it('a 2 MB zip bomb (about 2 GB of XML) is refused as unpacking too large, within the memory bound', { timeout: 120_000 }, () => {
    const bomb = zipBombWorkbook(2);
    expect(bomb.length).toBeGreaterThan(1.9 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2.2 * 1024 * 1024);
    const result = importInChild(bomb, 'bomb.xlsx');
    expect(result).toMatchObject({ messageKey: 'import.errors.unpacksTooLarge', values: { megabytes: DEFAULT_XLSX_LIMITS.maxUnpackedBytes / 1024 / 1024 } });
    expect(result.peakRssBytes).toBeLessThan(IMPORT_PEAK_MEMORY_BYTES);
    console.log(`zip bomb of ${bomb.length} bytes: refused at ${Math.round(result.peakRssBytes / 1024 / 1024)} MB peak RSS`);
  });

  it("Excel's last column and row are read; one past either is refused", () => {
    const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c></row>';
    const last = readXlsxSheet(workbookWithRows(`${header}<row r="${EXCEL_MAX_ROWS}"><c r="XFD${EXCEL_MAX_ROWS}" t="b"><v>1</v></c></row>`));
    expect(last.rows).toHaveLength(1);
    expect(last.rows[0]!.row).toBe(EXCEL_MAX_ROWS);
    expect(last.rows[0]!.cells).toHaveLength(EXCEL_MAX_COLUMNS);
    expect(refusal(farCellWorkbook('XFE2'))).toMatchObject({ messageKey: 'import.errors.cellOutOfRange', values: { cell: 'XFE2' } });
    expect(refusal(workbookWithRows(`${header}<row r="${EXCEL_MAX_ROWS + 1}"><c t="b"><v>1</v></c></row>`))).toMatchObject({
      messageKey: 'import.errors.cellOutOfRange',
    });
    expect(refusal(workbookWithRows(`${header}<row r="-3"><c t="b"><v>1</v></c></row>`)).messageKey).toBe('import.errors.cellOutOfRange');
  });

  it('more rows than an import takes, or rows of far cells, are refused before they are all held', () => {
    const many = Array.from({ length: 200_002 }, (_, i) => `<row r="${i + 1}"><c t="b"><v>1</v></c></row>`).join('');
    expect(refusal(workbookWithRows(many))).toMatchObject({ messageKey: 'import.errors.tooManyRows', values: { max: 200_000 } });
    // Each row is one cell, but at XFD: 16,384 slots a row.
    const wide = Array.from({ length: 1_000 }, (_, i) => `<row r="${i + 1}"><c r="XFD${i + 1}" t="b"><v>1</v></c></row>`).join('');
    expect(refusal(workbookWithRows(wide))).toMatchObject({ messageKey: 'import.errors.tooManyCells', values: { max: DEFAULT_XLSX_LIMITS.maxCells } });
  });

  it('unclosed elements are read in linear time, not by backtracking (no hang)', () => {
    const unclosed = `<row r="1"><c r="A1" t="inlineStr"><is>${'<t>x'.repeat(200_000)}</is></c></row>`;
    expect(readXlsxSheet(workbookWithRows(unclosed)).rows).toEqual([]);
  });

  it('CSV: 60 MB of blank lines, or of empty fields, is refused as it is read, within the memory bound', { timeout: 120_000 }, () => {
    const header = 'date,site,borough,event_kind\n';
    const blankLines = importInChild(Buffer.concat([Buffer.from(header), Buffer.alloc(60 * 1024 * 1024, 0x0a), Buffer.from('2025-01-01,a,b,c\n'.repeat(3))]), 'blank.csv');
    // Blank lines are skipped, not held: the three rows after them are read (and checked).
    expect(blankLines.status ?? blankLines.messageKey).toBeDefined();
    expect(blankLines.raw).toBeUndefined();
    expect(blankLines.peakRssBytes).toBeLessThan(IMPORT_PEAK_MEMORY_BYTES);
    const commas = importInChild(Buffer.concat([Buffer.from(header), Buffer.alloc(60 * 1024 * 1024, 0x2c)]), 'commas.csv');
    expect(commas).toMatchObject({ messageKey: 'import.errors.tooManyCells' });
    expect(commas.peakRssBytes).toBeLessThan(IMPORT_PEAK_MEMORY_BYTES);
    const rows = importInChild(Buffer.from(header + 'x,y\n'.repeat(4_100_000)), 'rows.csv');
    expect(rows).toMatchObject({ messageKey: 'import.errors.tooManyRows', values: { max: 200_000 } });
    expect(rows.peakRssBytes).toBeLessThan(IMPORT_PEAK_MEMORY_BYTES);
  });

  it('the largest import the limits let through (200,000 rows) stays within 1 GB', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const { store } = await openStore(path.join(dir, 'layout.db'));
    const { importCsv, importRows } = await import('../bench/import-file.ts');
    const csv = importCsv(importRows(store, 200_000, 7));
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const result = importInChild(csv, 'largest.csv');
    expect(result.status).toBe('imported');
    expect(result.peakRssBytes).toBeLessThan(IMPORT_MAX_MEMORY_BYTES);
    console.log(`200,000-row CSV (${Math.round(csv.length / 1024 / 1024)} MB): imported at ${Math.round(result.peakRssBytes / 1024 / 1024)} MB peak RSS`);
  });

  it('a file larger than an import reads is refused before it is parsed', async () => {
    const dir = tempDir();
    const { store } = await openStore(path.join(dir, 'x.db'));
    try {
      const { importSpreadsheet } = await import('../../main/records/import.ts');
      const huge = Buffer.alloc(64 * 1024 * 1024 + 1, 0x41);
      await expect(importSpreadsheet(store, () => new Date(), { fileName: 'huge.csv', bytes: huge }, { requireCoordinator: false })).rejects.toMatchObject({
        messageKey: 'import.errors.fileTooLarge',
        values: { megabytes: 64 },
      });
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
