// The monthly summary as an Excel workbook (exceljs): an "About" sheet, then one sheet per
// section with its header row frozen, numbers stored as numbers (with a display format, never
// as text) and days as real dates.
import ExcelJS from 'exceljs';
import type { CellKind, ExportContext, ReportDocument } from './sections.ts';

const formats: Record<CellKind, string | undefined> = {
  text: undefined,
  integer: '#,##0',
  // Per cell instead (below): whole numbers without decimals, others with one or two.
  decimal: undefined,
  day: 'yyyy-mm-dd',
};

function dayAsDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function addSheet(workbook: ExcelJS.Workbook, name: string, header: { label: string; kind: CellKind }[], rows: (string | number | null)[][]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = header.map((column, i) => {
    const widest = Math.max(column.label.length, ...rows.map((row) => String(row[i] ?? '').length));
    const numFmt = formats[column.kind];
    return { header: column.label, width: Math.min(60, Math.max(10, widest + 2)), ...(numFmt ? { style: { numFmt } } : {}) };
  });
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const added = sheet.addRow(row.map((cell, i) => (header[i]!.kind === 'day' && typeof cell === 'string' ? dayAsDate(cell) : cell)));
    row.forEach((cell, i) => {
      if (header[i]!.kind === 'decimal' && typeof cell === 'number') added.getCell(i + 1).numFmt = Number.isInteger(cell) ? '#,##0' : '#,##0.0#';
    });
  }
  return sheet;
}

export async function summaryXlsx(document: ReportDocument, context: ExportContext): Promise<Buffer> {
  const { t } = context;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = document.organisationName;
  workbook.title = document.title;
  // Fixed, so the same records give the same file.
  workbook.created = new Date(document.generatedAt);
  workbook.modified = new Date(document.generatedAt);
  addSheet(
    workbook,
    t('report.sheets.about'),
    [
      { label: t('report.columns.item'), kind: 'text' },
      { label: t('report.columns.value'), kind: 'text' },
    ],
    document.about,
  );
  for (const section of document.sections) addSheet(workbook, section.sheetName, section.columns, section.rows);
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
