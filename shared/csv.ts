// CSV as spreadsheets read it: the byte-order mark that tells Excel the encoding, and fields
// quoted and defused the same way in every file the app writes (exports and the import template).

export const CSV_BOM = '\uFEFF';

export type CsvCell = string | number | null;

/**
 * One field. Text that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return
 * at the start: a site name typed by anyone) is prefixed with an apostrophe, as OWASP advises.
 */
function csvField(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}
