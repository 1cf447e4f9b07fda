// Reads an uploaded spreadsheet (CSV or XLSX) into plain rows: the header and, for each data
// row, its spreadsheet row number and cell values. Blank rows are skipped, so row numbers in
// the report are the ones the person sees in Excel.
import { DomainError } from '../../../shared/errors.ts';
import { MAX_IMPORT_ROWS } from '../../../shared/import-columns.ts';
import { CsvRecordTooWideError, eachCsvRecord } from './csv-parse.ts';
import { DEFAULT_XLSX_LIMITS, EXCEL_MAX_COLUMNS, readXlsxRows, XlsxReadError, type XlsxLimits, type XlsxRow } from './xlsx-read.ts';

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
  let header: string[] = [];
  const rows: SheetRow[] = [];
  let cellsKept = 0;
  // Bounded as the XLSX reader is: a file of blank lines or tiny fields is refused as it is read.
  const tooManyCells = () => new DomainError('invalid_input', 'import.errors.tooManyCells', { values: { max: DEFAULT_XLSX_LIMITS.maxCells } });
  try {
    eachCsvRecord(
      text,
      (cells, index) => {
        if (index === 0) {
          header = cells;
          return;
        }
        if (isBlank(cells)) return;
        if (rows.length >= MAX_IMPORT_ROWS) throw new DomainError('invalid_input', 'import.errors.tooManyRows', { values: { max: MAX_IMPORT_ROWS } });
        cellsKept += cells.length;
        if (cellsKept > DEFAULT_XLSX_LIMITS.maxCells) throw tooManyCells();
        rows.push({ row: index + 1, cells });
      },
      // Excel's own width: a line of a million commas is not a spreadsheet row.
      { maxFields: EXCEL_MAX_COLUMNS },
    );
  } catch (error) {
    if (error instanceof CsvRecordTooWideError) throw tooManyCells();
    throw error;
  }
  return { header, rows };
}

/** What an import reads of an XLSX file at most: the header and MAX_IMPORT_ROWS rows, within the reader's bounds. */
export const IMPORT_XLSX_LIMITS: XlsxLimits = { ...DEFAULT_XLSX_LIMITS, maxRows: MAX_IMPORT_ROWS + 1 };

/** A failure of the XLSX reader as the message a person reads. */
function xlsxFailure(error: XlsxReadError): DomainError {
  switch (error.problem) {
    case 'tooLarge':
      return new DomainError('invalid_input', 'import.errors.unpacksTooLarge', { values: error.values, detail: error.message });
    case 'outOfRange':
      return new DomainError('invalid_input', 'import.errors.cellOutOfRange', { values: error.values, detail: error.message });
    case 'tooManyRows':
      return new DomainError('invalid_input', 'import.errors.tooManyRows', { values: { max: MAX_IMPORT_ROWS }, detail: error.message });
    case 'tooManyCells':
      return new DomainError('invalid_input', 'import.errors.tooManyCells', { values: error.values, detail: error.message });
    default:
      return new DomainError('invalid_input', 'import.errors.unreadableFile', { detail: error.message });
  }
}

export function readXlsxSheet(bytes: Uint8Array, limits: XlsxLimits = IMPORT_XLSX_LIMITS): Sheet {
  let rows: XlsxRow[];
  try {
    rows = readXlsxRows(bytes, limits);
  } catch (error) {
    if (error instanceof XlsxReadError) throw xlsxFailure(error);
    // A damaged zip or XML part: an offset past the end, a bad deflate stream, a bad character reference.
    if (error instanceof RangeError || (error as { code?: string }).code?.startsWith('Z_')) {
      throw new DomainError('invalid_input', 'import.errors.unreadableFile', { detail: String(error) });
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
