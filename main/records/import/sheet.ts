// Reads an uploaded spreadsheet (CSV or XLSX) into plain rows: the header and, for each data
// row, its spreadsheet row number and cell values. Blank rows are skipped, so row numbers in
// the report are the ones the person sees in Excel.
import { DomainError } from '../errors.ts';
import { parseCsv } from './csv-parse.ts';
import { readXlsxRows, XlsxReadError, type XlsxRow } from './xlsx-read.ts';

export type RawValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based, as the spreadsheet numbers it (the header is row 1). */
  row: number;
  cells: RawValue[];
}

export interface Sheet {
  header: string[];
  rows: SheetRow[];
}

export type SheetFormat = 'csv' | 'xlsx';

/** The format of a file by its name, or by its first bytes (an XLSX file is a zip: "PK"). */
export function sheetFormat(fileName: string, bytes: Uint8Array): SheetFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  throw new DomainError('invalid_input', 'import.errors.unsupportedFile', { values: { name: fileName } });
}

const isBlank = (cells: readonly RawValue[]) => cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));

export function readCsvSheet(bytes: Uint8Array): Sheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: an older Excel "CSV" in Windows-1252. Decode it as that rather than refuse.
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  const [header = [], ...data] = parseCsv(text);
  const rows: SheetRow[] = [];
  data.forEach((cells, i) => {
    if (!isBlank(cells)) rows.push({ row: i + 2, cells });
  });
  return { header, rows };
}

export function readXlsxSheet(bytes: Uint8Array): Sheet {
  let rows: XlsxRow[];
  try {
    rows = readXlsxRows(bytes);
  } catch (error) {
    if (error instanceof XlsxReadError || error instanceof RangeError || (error as { code?: string }).code?.startsWith('Z_')) {
      throw new DomainError('invalid_input', 'import.errors.unreadableFile');
    }
    throw error;
  }
  const first = rows[0];
  const header = first && first.row === 1 ? first.cells.map((cell) => (cell === null ? '' : String(cell))) : [];
  return { header, rows: first && first.row === 1 ? rows.slice(1) : rows };
}

export function readSheet(fileName: string, bytes: Uint8Array): Sheet {
  return sheetFormat(fileName, bytes) === 'xlsx' ? readXlsxSheet(bytes) : readCsvSheet(bytes);
}
