// The import template, as CSV (the header and three example rows) or XLSX (the same on the
// first sheet, then the columns explained and every code the lists accept, with its label).
import ExcelJS from 'exceljs';
import type { Store } from '../../db/store.ts';
import { CSV_BOM, csvLine } from '../../../shared/csv.ts';
import type { ExportFile } from '../../../shared/export-file.ts';
import { exportTranslator } from '../../../shared/labels.ts';
import { codedColumns, importColumns } from '../../../shared/import-columns.ts';

export type TemplateFormat = 'csv' | 'xlsx';

function exampleRows(): string[][] {
  const rows = importColumns[0].example.length;
  return Array.from({ length: rows }, (_, i) => importColumns.map((column) => column.example[i] ?? ''));
}

export function templateCsv(): Buffer {
  const lines = [csvLine(importColumns.map((c) => c.name)), ...exampleRows().map((row) => csvLine(row))];
  return Buffer.from(CSV_BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

export async function templateXlsx(store: Store): Promise<Buffer> {
  const t = exportTranslator();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Outreach Tally';
  workbook.created = new Date('2026-01-01T00:00:00Z');
  workbook.modified = workbook.created;

  const activity = workbook.addWorksheet(t('import.template.activitySheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  activity.columns = importColumns.map((c) => ({ header: c.name, width: Math.max(12, c.name.length + 4), style: { numFmt: '@' } }));
  activity.getRow(1).font = { bold: true };
  for (const row of exampleRows()) activity.addRow(row);

  const columns = workbook.addWorksheet(t('import.template.columnsSheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  columns.columns = [
    { header: t('import.template.column'), width: 20 },
    { header: t('import.template.required'), width: 12 },
    { header: t('import.template.meaning'), width: 100 },
  ];
  columns.getRow(1).font = { bold: true };
  for (const c of importColumns) {
    columns.addRow([c.name, c.required ? t('import.template.yes') : t('import.template.no'), t(`import.columns.${c.name}`)]);
  }

  const lists = workbook.addWorksheet(t('import.template.listsSheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  lists.columns = [
    { header: t('import.template.column'), width: 20 },
    { header: t('import.template.code'), width: 32 },
    { header: t('import.template.label'), width: 60 },
  ];
  lists.getRow(1).font = { bold: true };
  const items = store.all(
    store.qb.selectFrom('reference_item').select(['list', 'code', 'label_key']).where('retired', '=', 0).orderBy('list').orderBy('sort'),
  );
  for (const [column, list] of Object.entries(codedColumns)) {
    for (const item of items.filter((i) => i.list === list)) lists.addRow([column, item.code, t(item.label_key)]);
  }
  for (const authority of store.all(store.qb.selectFrom('authority').select(['code', 'name']).orderBy('name'))) {
    lists.addRow(['borough', authority.code, authority.name]);
  }
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

export async function importTemplate(store: Store, format: TemplateFormat): Promise<ExportFile> {
  const bytes = format === 'csv' ? templateCsv() : await templateXlsx(store);
  return {
    fileName: `outreach-import-template.${format}`,
    mimeType: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: bytes.toString('base64'),
  };
}
