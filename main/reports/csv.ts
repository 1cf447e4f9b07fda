// The monthly summary as CSV: UTF-8 with a byte-order mark (so Excel reads the encoding
// right), CRLF line ends, one tidy table per section (a title line, a header line, the rows,
// then a blank line), numbers written plainly (no thousands separators) so they stay numbers.
import type { Cell, ExportContext, ReportDocument } from './sections.ts';

export const CSV_BOM = '\uFEFF';

/**
 * One field. Text that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return
 * at the start: a site name typed by anyone) is prefixed with an apostrophe, as OWASP advises.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvField).join(',');
}

export function summaryCsv(document: ReportDocument, context: ExportContext): Buffer {
  const lines: string[] = [];
  lines.push(csvLine([context.t('report.sections.about')]));
  lines.push(csvLine([context.t('report.columns.item'), context.t('report.columns.value')]));
  for (const [label, value] of document.about) lines.push(csvLine([label, value]));
  for (const section of document.sections) {
    lines.push('');
    lines.push(csvLine([section.title]));
    lines.push(csvLine(section.columns.map((c) => c.label)));
    // Days in words ("1 Sept 2026"), as in every export; numbers stay plain numbers.
    for (const row of section.rows) lines.push(csvLine(row.map((cell, i) => (section.columns[i]?.kind === 'day' && typeof cell === 'string' ? context.formatDay(cell) : cell))));
  }
  return Buffer.from(CSV_BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
