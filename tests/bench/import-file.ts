// A valid import spreadsheet of `rows` rows (shared/import-columns.ts), like a year of a
// programme's records kept in Excel: sessions of ~30 rows (the first row carries the
// visitors and a volunteer's hours, the others one conversation each), codes and some labels
// and borough names as people type them. `variant` moves it to another year, so each sample
// of the benchmark imports a file the database has not seen (a file is imported only once).
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Store } from '../../main/db/store.ts';
import { importColumnNames } from '../../shared/import-columns.ts';
import { mulberry32 } from '../../main/records/seed.ts';
import { CSV_BOM, csvLine } from '../../shared/csv.ts';

export interface ImportRows {
  header: string[];
  rows: string[][];
}

export function importRows(store: Store, rows: number, variant: number): ImportRows {
  const random = mulberry32(9000 + variant);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const codes = (list: string) =>
    (store.sqlite.prepare('SELECT code FROM reference_item WHERE list = ? AND retired = 0 ORDER BY sort').pluck().all(list) as string[]);
  const topics = codes('topic').filter((c) => c !== 'mh_crisis');
  const outcomes = codes('outcome').filter((c) => c !== 'crisis_protocol_followed');
  const lists = {
    age: codes('age'),
    sex: codes('sex'),
    ethnicity: codes('ethnicity'),
    language: codes('language'),
    kind: codes('event_kind'),
    setting: codes('setting_type'),
    depth: codes('depth'),
  };
  const authorities = store.sqlite.prepare('SELECT code, name FROM authority ORDER BY code').all() as { code: string; name: string }[];
  // 300 sites of the spreadsheet's own (created by the first import), each in one borough.
  const sites = Array.from({ length: 300 }, (_, i) => {
    const authority = authorities[i % authorities.length]!;
    return { name: `Imported site ${i + 1}`, borough: i % 3 === 0 ? authority.code : authority.name, setting: lists.setting[i % lists.setting.length]! };
  });
  const year = 2022 - variant;
  const out: string[][] = [];
  let session = 0;
  while (out.length < rows) {
    const site = sites[session % sites.length]!;
    const dayOfYear = Math.floor((session * 365) / Math.ceil(rows / 30)) % 365;
    const date = new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
    const kind = pick(lists.kind);
    const size = Math.min(rows - out.length, 20 + Math.floor(random() * 21));
    for (let r = 0; r < size; r++) {
      const first = r === 0;
      const conversation = !first || random() < 0.5;
      const topicList = conversation ? [...new Set([pick(topics), ...(random() < 0.4 ? [pick(topics)] : [])])] : [];
      const outcomeList = conversation && random() < 0.97 ? [...new Set([pick(outcomes), ...(random() < 0.3 ? [pick(outcomes)] : [])])] : [];
      const row: Record<string, string> = {
        date: variant % 2 === 0 || r % 2 === 0 ? date : `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`,
        site: site.name,
        borough: site.borough,
        setting: first ? site.setting : '',
        event_kind: kind,
        start_time: first ? '10:00' : '',
        end_time: first ? '15:00' : '',
        volunteer: first ? `Imported volunteer ${(session % 150) + 1}` : '',
        volunteer_hours: first ? String(2 + (session % 4)) : '',
        visitors_adults: first ? String(5 + Math.floor(random() * 40)) : '',
        visitors_children: first ? String(Math.floor(random() * 8)) : '',
        topics: topicList.join(';'),
        outcomes: outcomeList.join(';'),
        depth: conversation ? pick(lists.depth) : '',
        age_band: conversation ? pick(lists.age) : '',
        sex: conversation ? pick(lists.sex) : '',
        ethnicity: conversation ? pick(lists.ethnicity) : '',
        language: conversation ? pick(lists.language) : '',
        safeguarding: conversation ? 'no' : '',
      };
      out.push(importColumnNames.map((name) => row[name] ?? ''));
    }
    session++;
  }
  return { header: [...importColumnNames], rows: out };
}

export function importCsv(sheet: ImportRows): Buffer {
  return Buffer.from(CSV_BOM + [csvLine(sheet.header), ...sheet.rows.map((row) => csvLine(row))].join('\r\n') + '\r\n', 'utf8');
}

/** The same rows as Excel writes them (shared strings), through exceljs's streaming writer. */
export async function importXlsx(sheet: ImportRows, file: string): Promise<Buffer> {
  if (fs.existsSync(file)) return fs.readFileSync(file);
  const partial = `${file}.partial`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useSharedStrings: true });
  const worksheet = workbook.addWorksheet('Activity');
  worksheet.addRow(sheet.header).commit();
  for (const row of sheet.rows) {
    // Numbers as numbers and blank cells left out, as a person's spreadsheet holds them.
    worksheet.addRow(row.map((cell) => (cell === '' ? null : /^\d+$/.test(cell) ? Number(cell) : cell))).commit();
  }
  worksheet.commit();
  await workbook.commit();
  fs.renameSync(partial, file);
  return fs.readFileSync(file);
}
