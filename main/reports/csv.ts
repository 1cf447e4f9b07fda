// The monthly summary as CSV: UTF-8 with a byte-order mark (so Excel reads the encoding
// right), CRLF line ends, one tidy table per section (a title line, a header line, the rows,
// then a blank line), numbers written plainly (no thousands separators) so they stay numbers.
import { CSV_BOM, csvLine } from '../../shared/csv.ts';
import type { ExportContext, ReportDocument } from './sections.ts';

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
