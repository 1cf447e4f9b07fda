// The spreadsheet import (issue 5) on real SQLite files: the downloadable template filled in
// and imported (CSV and XLSX), bad files refused with every problem by row and column and
// nothing written, the file checks and limits, a second import of the same file, the API
// method as the app calls it, and the `import` command as a user runs it.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../main/api/contract.ts';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { unlockedForCurrentProfile } from '../support/access.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { importSpreadsheet, type ImportOutcome, type ImportProblem } from '../../main/records/import.ts';
import { EXAMPLE_MARKER, importColumnNames, MAX_IMPORT_ROWS, MAX_VISITORS_PER_ROW, type ImportColumn } from '../../shared/import-columns.ts';
import { templateCsv } from '../../main/records/import/template.ts';
import { createSite } from '../../main/records/sites.ts';
import { createVolunteer, switchVolunteer } from '../../main/records/volunteers.ts';
import type { ExportFile } from '../../shared/export-file.ts';
import type { CodeCount, DashboardFigures, MonthlySummary } from '../../main/reports/figures.ts';
import { freshStore, manualClock, tempDir } from '../support/temp-store.ts';

const root = path.resolve(import.meta.dirname, '../..');
const clock = manualClock('2026-11-20T10:00:00.000Z');
const opened: { store: Store; dir: string }[] = [];

afterEach(() => {
  for (const { store, dir } of opened.splice(0)) {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function store(options: { withVolunteer?: boolean } = {}): Promise<Store> {
  const fresh = await freshStore(options);
  opened.push(fresh);
  return fresh.store;
}

// ---------------------------------------------------------------------------------------
// Building spreadsheets

type Row = Partial<Record<ImportColumn, string | number>>;

const quote = (value: string | number | undefined) => {
  const s = value === undefined ? '' : String(value);
  return /[",;\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One CSV record (it may hold a line break inside a quoted cell) in the template's column order. */
const record = (row: Row, columns: readonly ImportColumn[] = importColumnNames) => columns.map((c) => quote(row[c])).join(',');

const csvFile = (records: string[]) => Buffer.from(records.join('\r\n') + '\r\n', 'utf8');

async function xlsxFile(rows: unknown[][], style?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Activity');
  for (const row of rows) sheet.addRow(row);
  style?.(sheet);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------
// Reading the database

/** Every row of every table, so "nothing written" means nothing at all changed. */
function snapshot(s: Store): Record<string, string[]> {
  const tables = (s.sqlite.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => [t, (s.sqlite.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort()]));
}

const rowCounts = (snap: Record<string, string[]>) => Object.fromEntries(Object.entries(snap).map(([t, rows]) => [t, rows.length]));

function expectUnchanged(s: Store, before: Record<string, string[]>): void {
  const after = snapshot(s);
  expect(rowCounts(after)).toEqual(rowCounts(before));
  expect(after).toEqual(before);
}

const all = <T>(s: Store, sql: string, ...params: unknown[]) => s.sqlite.prepare(sql).all(...params) as T[];

function eventsOf(s: Store) {
  return all<Record<string, unknown>>(
    s,
    `SELECT s.name AS site, s.authority_code AS borough, s.setting_type AS setting, e.kind, e.local_day AS day,
            e.starts_at AS startsAt, e.ends_at AS endsAt, e.notes, e.deleted_at AS deletedAt,
            (SELECT coalesce(group_concat(name || ':' || printf('%g', hours), ', '), '') FROM
               (SELECT v.name, ev.hours FROM event_volunteer ev JOIN volunteer v ON v.id = ev.volunteer_id WHERE ev.event_id = e.id ORDER BY v.name)) AS team,
            (SELECT coalesce(group_concat(adults || '+' || children, ', '), '') FROM
               (SELECT adults, children FROM visit WHERE event_id = e.id AND local_day = e.local_day ORDER BY adults, children)) AS visits
       FROM event e JOIN site s ON s.id = e.site_id ORDER BY e.local_day, s.name`,
  );
}

function conversationsOf(s: Store) {
  return all<Record<string, unknown>>(
    s,
    `SELECT s.name AS site, c.local_day AS day, c.depth, c.age_band AS age, c.sex, c.ethnicity, c.language, c.safeguarding, c.notes,
            (SELECT group_concat(topic, ' ') FROM (SELECT topic FROM conversation_topic WHERE conversation_id = c.id ORDER BY topic)) AS topics,
            (SELECT coalesce(group_concat(outcome, ' '), '') FROM (SELECT outcome FROM conversation_outcome WHERE conversation_id = c.id ORDER BY outcome)) AS outcomes
       FROM conversation c JOIN event e ON e.id = c.event_id AND e.local_day = c.local_day JOIN site s ON s.id = e.site_id
      ORDER BY c.local_day, topics`,
  );
}

/**
 * The app's figures for a range (the dashboard, read from whatever summary tables and caches
 * it keeps) agree with counts taken straight from the records, and each conversation's
 * outcome count (migration 0006) matches its outcome rows.
 */
async function expectReportsAgree(s: Store, from: string, to: string): Promise<void> {
  expect(
    all(s, `SELECT id FROM conversation c WHERE outcome_count <> (SELECT count(*) FROM conversation_outcome WHERE conversation_id = c.id)`),
  ).toEqual([]);
  const figures = unwrap<DashboardFigures>(await createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }))('reports.dashboard', { filters: { from, to }, granularity: 'month' }));
  const live = `FROM conversation c JOIN event e ON e.id = c.event_id
                WHERE c.deleted_at IS NULL AND e.deleted_at IS NULL AND c.local_day BETWEEN ? AND ?`;
  const one = <T>(sql: string) => Object.values(all<Record<string, T>>(s, sql, from, to)[0]!)[0]!;
  const counted = (sql: string) => Object.fromEntries(all<{ code: string; n: number }>(s, sql, from, to).map((r) => [r.code, r.n]));
  const nonZero = (list: CodeCount[]) => Object.fromEntries(list.filter((c) => c.count !== 0).map((c) => [c.code, c.count]));
  expect(figures.headline).toMatchObject({
    events: one<number>(`SELECT count(*) FROM event WHERE deleted_at IS NULL AND local_day BETWEEN ? AND ?`),
    conversations: one<number>(`SELECT count(*) ${live}`),
    adults: one<number>(`SELECT coalesce(sum(adults), 0) FROM visit WHERE deleted_at IS NULL AND local_day BETWEEN ? AND ?`),
    children: one<number>(`SELECT coalesce(sum(children), 0) FROM visit WHERE deleted_at IS NULL AND local_day BETWEEN ? AND ?`),
    volunteerHours: one<number>(
      `SELECT coalesce(sum(hours), 0) FROM event_volunteer ev JOIN event e ON e.id = ev.event_id WHERE e.deleted_at IS NULL AND e.local_day BETWEEN ? AND ?`,
    ),
  });
  expect(nonZero(figures.byTopic)).toEqual(counted(`SELECT t.topic AS code, count(*) AS n FROM conversation_topic t JOIN (SELECT c.id ${live}) k ON k.id = t.conversation_id GROUP BY t.topic`));
  expect(nonZero(figures.byOutcome)).toEqual(
    counted(`SELECT o.outcome AS code, count(*) AS n FROM conversation_outcome o JOIN (SELECT c.id ${live}) k ON k.id = o.conversation_id GROUP BY o.outcome`),
  );
  expect(nonZero(figures.reach.age)).toEqual(counted(`SELECT c.age_band AS code, count(*) AS n ${live} GROUP BY c.age_band`));
  expect(figures.dataQuality.conversationsWithoutOutcome).toBe(
    one<number>(`SELECT count(*) ${live} AND NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = c.id)`),
  );
}

function imported(outcome: ImportOutcome) {
  if (outcome.status !== 'imported') throw new Error(`expected an import, got problems: ${JSON.stringify(outcome.problems.slice(0, 5))}`);
  return outcome;
}

function rejected(outcome: ImportOutcome) {
  if (outcome.status !== 'rejected') throw new Error(`expected a refusal, but ${outcome.rows} rows were imported`);
  return outcome;
}

const run = (s: Store, fileName: string, bytes: Uint8Array, problemLimit?: number) =>
  importSpreadsheet(s, clock, { fileName, bytes }, { requireCoordinator: true, ...(problemLimit === undefined ? {} : { problemLimit }) });

function unwrap<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`API error: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

// ---------------------------------------------------------------------------------------
// The template, filled in

/** Rows an outreach lead adds below the template's three examples (rows 5 to 7). */
const addedRows: Row[] = [
  // Row 5: the same pop-up shop as the examples; a family of visitors and a conversation, in labels.
  {
    date: '13/09/2025', site: 'Deptford Library', borough: 'Lewisham', event_kind: 'Pop-up shop',
    visitors_adults: 3, visitors_children: 2,
    topics: 'Cervical screening; hpv_vaccination', outcomes: 'pledge_screening', depth: 'Brief contact',
    age_band: '18 to 24', sex: 'Prefer not to say', ethnicity: 'white_british', language: 'Polish', safeguarding: 'Yes',
  },
  // Row 6: the same event again, spelt differently; a volunteer the app already knows.
  { date: '2025-9-13', site: '  deptford   LIBRARY ', borough: 'London Borough of Lewisham', event_kind: 'POPUP_SHOP', volunteer: 'test volunteer', volunteer_hours: 4 },
  // Row 7: a winter stall at a site the app already has (its setting is not changed).
  {
    date: '2025-01-18', site: 'Catford Community Centre', borough: 'e09000023', setting: 'library', event_kind: 'community_stall',
    start_time: '10:00', end_time: '12.30', topics: 'Loneliness', outcomes: 'signposted_other_service',
  },
];

const addedRowsAsCells = () => addedRows.map((row) => importColumnNames.map((c) => (row[c] === undefined ? '' : String(row[c]))));

async function prepareStore(): Promise<{ s: Store; coordinatorId: number }> {
  const s = await store();
  createSite(s, clock, { name: 'Catford Community Centre', authorityCode: 'E09000023', settingType: 'community_centre' });
  const coordinatorId = (all<{ id: number }>(s, `SELECT id FROM volunteer WHERE name = 'Test Volunteer'`)[0]!).id;
  return { s, coordinatorId };
}

async function expectTemplateImported(s: Store, coordinatorId: number, fileName: string, bytes: Buffer): Promise<void> {
  const before = rowCounts(snapshot(s));
  const outcome = imported(await run(s, fileName, bytes));
  expect(outcome).toMatchObject({
    fileName, rows: 6, events: 3, conversations: 4, visits: 2, sitesCreated: 2, volunteersCreated: 2, firstDay: '2025-01-18', lastDay: '2025-09-20',
  });

  expect(eventsOf(s)).toEqual([
    {
      site: 'Catford Community Centre', borough: 'E09000023', setting: 'community_centre', kind: 'community_stall', day: '2025-01-18',
      // GMT in January.
      startsAt: '2025-01-18T10:00:00.000Z', endsAt: '2025-01-18T12:30:00.000Z', notes: '', deletedAt: null, team: '', visits: '',
    },
    {
      site: 'Deptford Library', borough: 'E09000023', setting: 'library', kind: 'popup_shop', day: '2025-09-13',
      // 10:00 to 15:00 British Summer Time.
      startsAt: '2025-09-13T09:00:00.000Z', endsAt: '2025-09-13T14:00:00.000Z', notes: '', deletedAt: null,
      team: 'Amina K.:5, Test Volunteer:4', visits: '3+2, 42+9',
    },
    {
      site: 'Peckham Mosque', borough: 'E09000028', setting: 'place_of_worship', kind: 'talk_workshop', day: '2025-09-20',
      startsAt: '2025-09-20T17:30:00.000Z', endsAt: '2025-09-20T19:00:00.000Z', notes: '', deletedAt: null, team: 'Tariq S.:2.5', visits: '',
    },
  ]);
  expect(conversationsOf(s)).toEqual([
    {
      site: 'Catford Community Centre', day: '2025-01-18', topics: 'mh_loneliness', outcomes: 'signposted_other_service', depth: 'brief_contact',
      age: 'not_recorded', sex: 'not_recorded', ethnicity: 'not_recorded', language: 'not_recorded', safeguarding: 0, notes: '',
    },
    {
      site: 'Deptford Library', day: '2025-09-13', topics: 'hpv_vaccination screening_cervical', outcomes: 'pledge_screening', depth: 'brief_contact',
      age: 'age_18_24', sex: 'prefer_not_to_say', ethnicity: 'white_british', language: 'pl', safeguarding: 1, notes: '',
    },
    {
      site: 'Deptford Library', day: '2025-09-13', topics: 'screening_bowel smoking', outcomes: 'leaflet_given signposted_gp', depth: 'meaningful_discussion',
      age: 'age_60_74', sex: 'female', ethnicity: 'caribbean', language: 'en', safeguarding: 0, notes: '',
    },
    {
      site: 'Peckham Mosque', day: '2025-09-20', topics: 'mh_stress_anxiety', outcomes: 'information_given', depth: 'brief_contact',
      age: 'age_25_49', sex: 'not_recorded', ethnicity: 'prefer_not_to_say', language: 'bn', safeguarding: 0, notes: '',
    },
  ]);
  expect(all(s, `SELECT name, role FROM volunteer WHERE name <> 'Test Volunteer' ORDER BY name`)).toEqual([
    { name: 'Amina K.', role: 'volunteer' },
    { name: 'Tariq S.', role: 'volunteer' },
  ]);
  expect(all(s, 'SELECT DISTINCT created_by FROM event')).toEqual([{ created_by: coordinatorId }]);

  // One audit entry for the whole file, naming it, its content and what it brought in.
  const after = rowCounts(snapshot(s));
  expect(after.audit).toBe(before.audit! + 1);
  const audit = all<{ actor_id: number; entity: string; action: string; after: string }>(s, `SELECT actor_id, entity, action, after FROM audit WHERE entity = 'import'`);
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ actor_id: coordinatorId, entity: 'import', action: 'create' });
  const eventIds = all<{ id: number }>(s, 'SELECT id FROM event ORDER BY id').map((e) => e.id);
  expect(JSON.parse(audit[0]!.after)).toMatchObject({
    fileName, sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    rows: 6, events: 3, conversations: 4, visits: 2, sitesCreated: 2, volunteersCreated: 2, firstDay: '2025-01-18', lastDay: '2025-09-20',
    eventIds: [eventIds[0], eventIds.at(-1)],
  });
  await expectReportsAgree(s, '2025-01-01', '2025-12-31');

  // The app's own monthly summary sees them.
  const summary = unwrap<MonthlySummary>(await createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }))('reports.monthlySummary', { month: '2025-09' }));
  expect(summary.figures.headline).toMatchObject({ events: 2, conversations: 3, adults: 45, children: 11, visitors: 56, volunteerHours: 11.5 });
}

describe('the downloadable template', () => {
  it('CSV: the template, filled in with a few rows, imports, and every record is there', async () => {
    const { s, coordinatorId } = await prepareStore();
    const template = unwrap<ExportFile>(await createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }))('import.template', { format: 'csv' }));
    expect(template.fileName).toBe('outreach-import-template.csv');
    const text = Buffer.from(template.base64, 'base64').toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(importColumnNames.join(','));
    expect(lines).toHaveLength(4);
    // The lead turns the three examples into their own records (the marker gone) and adds more.
    const own = text.replaceAll(EXAMPLE_MARKER, '');
    const filled = Buffer.from(own + addedRows.map((row) => record(row)).join('\r\n') + '\r\n', 'utf8');
    await expectTemplateImported(s, coordinatorId, 'activity-2025.csv', filled);
  });

  it('the template as downloaded imports nothing and says why, in CSV and XLSX', async () => {
    const { s } = await prepareStore();
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }));
    const before = rowCounts(snapshot(s));
    for (const format of ['csv', 'xlsx'] as const) {
      const template = unwrap<ExportFile>(await dispatch('import.template', { format }));
      const result = await dispatch('import.spreadsheet', { fileName: template.fileName, base64: template.base64 });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'import.errors.onlyExampleRows', values: { rows: 3 } } });
    }
    expect(rowCounts(snapshot(s))).toEqual(before);
  });

  it('example rows left beside real ones are refused row by row, and nothing is imported', async () => {
    const { s } = await prepareStore();
    const before = rowCounts(snapshot(s));
    const text = templateCsv().toString('utf8');
    const outcome = rejected(await run(s, 'kept-examples.csv', Buffer.from(text + addedRows.map((row) => record(row)).join('\r\n') + '\r\n', 'utf8')));
    expect(outcome.problems.filter((p) => p.messageKey === 'import.problems.exampleRow').map((p) => p.row)).toEqual([2, 3, 4]);
    expect(outcome.badRows).toBe(3);
    expect(rowCounts(snapshot(s))).toEqual(before);
  });

  it('XLSX: the template, filled in on its Activity sheet, imports the same (its other sheets are ignored)', async () => {
    const { s, coordinatorId } = await prepareStore();
    const template = unwrap<ExportFile>(await createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }))('import.template', { format: 'xlsx' }));
    expect(template.fileName).toBe('outreach-import-template.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(template.base64, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Activity', 'Columns', 'Codes']);
    const activity = workbook.worksheets[0]!;
    expect((activity.getRow(1).values as unknown[]).slice(1)).toEqual([...importColumnNames]);
    expect(activity.rowCount).toBe(4);
    // The Codes sheet lists, among others, every code the rows below use.
    const codes = new Set<string>();
    workbook.getWorksheet('Codes')!.eachRow((row) => codes.add(`${String(row.getCell(1).value)}:${String(row.getCell(2).value)}`));
    for (const code of ['topics:hpv_vaccination', 'outcomes:pledge_screening', 'language:pl', 'borough:E09000023', 'event_kind:community_stall']) {
      expect(codes).toContain(code);
    }
    activity.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.value = cell.value.replace(EXAMPLE_MARKER, '');
      }),
    );
    for (const row of addedRowsAsCells()) activity.addRow(row);
    const filled = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    await expectTemplateImported(s, coordinatorId, 'activity-2025.xlsx', filled);
  });
});

// ---------------------------------------------------------------------------------------
// Bad files

describe('a file with bad rows', () => {
  const good: Row = { date: '2025-09-13', site: 'Deptford Library', borough: 'Lewisham', event_kind: 'popup_shop' };
  const longName = 'x'.repeat(121);
  // Index + 1 is the row number a spreadsheet shows (a quoted cell may hold a line break).
  const records = [
    importColumnNames.join(','),
    /* 2 */ record({ ...good, start_time: '10:00', end_time: '15:00', visitors_adults: 10 }),
    /* 3 */ record({ ...good, topics: 'smoking;cancer_liver' }),
    /* 4 */ record({ ...good, date: '31/02/2025', visitors_adults: 1 }),
    /* 5 */ record({ date: '2025-09-20', site: 'Peckham Mosque', borough: 'Southwark', event_kind: 'talk_workshop', start_time: '18:00', end_time: '17:00', topics: 'smoking' }),
    /* 6 */ '',
    /* 7 */ record({ ...good, visitors_adults: MAX_VISITORS_PER_ROW + 1 }),
    /* 8 */ record({ ...good, site: '', visitors_adults: 1 }),
    /* 9 */ record({ ...good, borough: 'Brighton and Hove', visitors_adults: 1 }),
    /* 10 */ record({ ...good, date: '2026-12-25', visitors_adults: 1 }),
    /* 11 */ record({ ...good, topics: 'smoking;\nliver' }),
    /* 12 */ record({ ...good, start_time: '25:00', visitors_adults: 1 }),
    /* 13 */ record({ ...good, volunteer_hours: 3, visitors_adults: 5 }),
    /* 14 */ record({ ...good, depth: 'meaningful_discussion', visitors_adults: 2 }),
    /* 15 */ record({ ...good, topics: 'smoking', safeguarding: 'maybe' }),
    /* 16 */ record({ ...good, visitors_adults: 1, visitors_children: '2.5' }),
    /* 17 */ record({ ...good, start_time: '11:00', visitors_adults: 1 }),
    /* 18 */ record({ ...good }),
    /* 19 */ record({ ...good, date: '1999-12-31', visitors_adults: 1 }),
    /* 20 */ record({ ...good, volunteer: 'Amina K.', volunteer_hours: 25 }),
    /* 21 */ record({ ...good, event_kind: 'bake sale', visitors_adults: 1 }),
    /* 22 */ record({ ...good, site: longName, visitors_adults: 1 }),
    /* 23 */ record({ ...good, site: 'New Hall', setting: 'library', visitors_adults: 1 }),
    /* 24 */ record({ ...good, site: 'New Hall', setting: 'Place of worship', visitors_adults: 1 }),
    /* 25 */ record({ ...good, volunteer: 'Tariq S.', volunteer_hours: 3 }),
    /* 26 */ record({ ...good, volunteer: 'tariq s.', volunteer_hours: 4 }),
    /* 27 */ record({ ...good, topics: 'screening_bowel', outcomes: 'leaflet_given', age_band: 'age_60_74' }),
    /* 28 */ record({ ...good, date: 'yesterday', borough: 'Narnia', visitors_adults: 1 }),
  ];
  const expected: ImportProblem[] = [
    { row: 3, column: 'topics', messageKey: 'import.problems.unknownCode', values: { value: 'cancer_liver' } },
    { row: 4, column: 'date', messageKey: 'import.problems.invalidDate', values: { value: '31/02/2025' } },
    { row: 5, column: 'end_time', messageKey: 'import.problems.endBeforeStart', values: { start: '18:00' } },
    { row: 7, column: 'visitors_adults', messageKey: 'import.problems.outOfRange', values: { min: 0, max: MAX_VISITORS_PER_ROW } },
    { row: 8, column: 'site', messageKey: 'import.problems.required' },
    { row: 9, column: 'borough', messageKey: 'import.problems.unknownBorough', values: { value: 'Brighton and Hove' } },
    { row: 10, column: 'date', messageKey: 'import.problems.futureDate', values: { value: '2026-12-25' } },
    { row: 11, column: 'topics', messageKey: 'import.problems.unknownCode', values: { value: 'liver' } },
    { row: 12, column: 'start_time', messageKey: 'import.problems.invalidTime', values: { value: '25:00' } },
    { row: 13, column: 'volunteer_hours', messageKey: 'import.problems.hoursNeedVolunteer' },
    { row: 14, column: 'topics', messageKey: 'import.problems.topicNeeded' },
    { row: 15, column: 'safeguarding', messageKey: 'import.problems.notYesNo', values: { value: 'maybe' } },
    { row: 16, column: 'visitors_children', messageKey: 'import.problems.notAWholeNumber', values: { value: '2.5' } },
    { row: 17, column: 'start_time', messageKey: 'import.problems.conflictingTimes', values: { row: 2, time: '10:00' } },
    { row: 18, column: 'topics', messageKey: 'import.problems.nothingToImport' },
    { row: 19, column: 'date', messageKey: 'import.problems.dateTooEarly', values: { year: 2000 } },
    { row: 20, column: 'volunteer_hours', messageKey: 'import.problems.outOfRange', values: { min: 0, max: 24 } },
    { row: 21, column: 'event_kind', messageKey: 'import.problems.unknownCode', values: { value: 'bake sale' } },
    { row: 22, column: 'site', messageKey: 'import.problems.tooLong', values: { max: 120 } },
    { row: 24, column: 'setting', messageKey: 'import.problems.conflictingSetting', values: { row: 23 } },
    { row: 26, column: 'volunteer_hours', messageKey: 'import.problems.conflictingHours', values: { row: 25, hours: 3 } },
    { row: 28, column: 'date', messageKey: 'import.problems.invalidDate', values: { value: 'yesterday' } },
    { row: 28, column: 'borough', messageKey: 'import.problems.unknownBorough', values: { value: 'Narnia' } },
  ];

  it('is refused with every problem (row as the spreadsheet numbers it, column, reason) and nothing is written', async () => {
    const s = await store();
    const before = snapshot(s);
    const bytes = csvFile(records);
    const outcome = rejected(await run(s, 'last-year.csv', bytes));
    expect(outcome.problems).toEqual(expected);
    expect(outcome).toMatchObject({ fileName: 'last-year.csv', rows: 26, badRows: 22, totalProblems: 23 });
    expectUnchanged(s, before);

    // A refused file is not remembered: checked again, it is refused again (not "already imported").
    expect(rejected(await run(s, 'last-year.csv', bytes)).problems).toEqual(expected);
    expectUnchanged(s, before);
  });

  it('the same faults in an XLSX file are reported at the rows Excel shows', async () => {
    const s = await store();
    const before = snapshot(s);
    const cells = (row: Row) => importColumnNames.map((c) => row[c] ?? null);
    const bytes = await xlsxFile([
      [...importColumnNames],
      cells({ ...good, visitors_adults: 4 }),
      cells({ ...good, topics: 'smoking;cancer_liver' }),
      [],
      [],
      cells({ ...good, date: 'not a date', visitors_adults: 1 }),
      cells({ ...good, visitors_adults: MAX_VISITORS_PER_ROW + 1 }),
    ]);
    const outcome = rejected(await run(s, 'last-year.xlsx', bytes));
    expect(outcome.problems).toEqual([
      { row: 3, column: 'topics', messageKey: 'import.problems.unknownCode', values: { value: 'cancer_liver' } },
      { row: 6, column: 'date', messageKey: 'import.problems.invalidDate', values: { value: 'not a date' } },
      { row: 7, column: 'visitors_adults', messageKey: 'import.problems.outOfRange', values: { min: 0, max: MAX_VISITORS_PER_ROW } },
    ]);
    expect(outcome).toMatchObject({ rows: 4, badRows: 3, totalProblems: 3 });
    expectUnchanged(s, before);
  });

  it('a bad header (a required column missing, an unknown one such as notes, one twice) is refused at row 1', async () => {
    const s = await store();
    const before = snapshot(s);
    // The rows are fine otherwise; no column can take free-text notes about a person.
    const bytes = csvFile([
      'date,site,borough,Notes,visitors_adults, Site',
      '2025-09-13,Deptford Library,Lewisham,Jo Bloggs 07700 900123,4,Deptford Library',
      'not a date,,,,,',
    ]);
    const outcome = rejected(await run(s, 'header.csv', bytes));
    expect(outcome.problems).toEqual([
      { row: 1, column: 'Notes', messageKey: 'import.problems.unknownColumn', values: { column: 'Notes' } },
      { row: 1, column: 'site', messageKey: 'import.problems.duplicateColumn', values: { column: 'site' } },
      { row: 1, column: 'event_kind', messageKey: 'import.problems.missingColumn', values: { column: 'event_kind' } },
    ]);
    expect(outcome).toMatchObject({ rows: 2, badRows: 1, totalProblems: 3 });
    expectUnchanged(s, before);
  });

  it('with only the required columns and nothing else, a row has nothing to import', async () => {
    const s = await store();
    const before = snapshot(s);
    const outcome = rejected(await run(s, 'bare.csv', csvFile(['date,site,borough,event_kind', '2025-09-13,Deptford Library,Lewisham,popup_shop'])));
    expect(outcome.problems).toEqual([{ row: 2, column: 'topics', messageKey: 'import.problems.nothingToImport' }]);
    expectUnchanged(s, before);
  });
});

// ---------------------------------------------------------------------------------------
// How spreadsheets really come

describe('spreadsheets as people save them', () => {
  it('XLSX with real dates, times, numbers, booleans and rich text imports', async () => {
    const s = await store();
    const header = ['date', 'site', 'borough', 'event_kind', 'start_time', 'end_time', 'volunteer', 'volunteer_hours', 'visitors_adults', 'visitors_children', 'topics', 'safeguarding'];
    const bytes = await xlsxFile(
      [
        header,
        // A date cell, times as day fractions (10:00) and as a time value (15:00), numbers, a rich-text name.
        [new Date(Date.UTC(2025, 8, 13)), { richText: [{ text: 'Deptford ' }, { text: 'Library', font: { bold: true } }] }, 'Lewisham', 'popup_shop', 10 / 24, new Date(Date.UTC(1899, 11, 30, 15, 0)), 'Amina K.', 2.5, 12, 3, null, null],
        [new Date(Date.UTC(2025, 8, 13)), 'Deptford Library', 'Lewisham', 'popup_shop', null, null, null, null, null, null, 'smoking', true],
        // A date and time in one cell, in both columns: the date's day and the time's time.
        [new Date(Date.UTC(2025, 8, 20, 18, 30)), 'Peckham Mosque', 'Southwark', 'talk_workshop', new Date(Date.UTC(2025, 8, 20, 18, 30)), 0.8125, null, null, null, null, 'mh_low_mood', false],
      ],
      (sheet) => {
        sheet.getColumn(1).numFmt = 'dd/mm/yyyy';
        sheet.getColumn(5).numFmt = 'hh:mm';
        sheet.getColumn(6).numFmt = 'hh:mm';
      },
    );
    const outcome = imported(await run(s, 'typed.xlsx', bytes));
    expect(outcome).toMatchObject({ rows: 3, events: 2, conversations: 2, visits: 1, sitesCreated: 2, volunteersCreated: 1 });
    expect(eventsOf(s)).toEqual([
      {
        site: 'Deptford Library', borough: 'E09000023', setting: 'other', kind: 'popup_shop', day: '2025-09-13',
        startsAt: '2025-09-13T09:00:00.000Z', endsAt: '2025-09-13T14:00:00.000Z', notes: '', deletedAt: null, team: 'Amina K.:2.5', visits: '12+3',
      },
      {
        site: 'Peckham Mosque', borough: 'E09000028', setting: 'other', kind: 'talk_workshop', day: '2025-09-20',
        startsAt: '2025-09-20T17:30:00.000Z', endsAt: '2025-09-20T18:30:00.000Z', notes: '', deletedAt: null, team: '', visits: '',
      },
    ]);
    expect(conversationsOf(s).map((c) => [c.site, c.topics, c.safeguarding])).toEqual([
      ['Deptford Library', 'smoking', 1],
      ['Peckham Mosque', 'mh_low_mood', 0],
    ]);
    await expectReportsAgree(s, '2025-09-01', '2025-09-30');
  });

  it('headers in another case, with spaces or hyphens, name the same columns', async () => {
    const s = await store();
    const bytes = csvFile([
      ' Date ,SITE,Borough,Event Kind,start-time,END TIME,Visitors  Adults,Topics,Age-Band',
      '2025-09-13,Deptford Library,Lewisham,Pop-up shop,10:00,15:00,7,,',
      '2025-09-13,Deptford Library,Lewisham,Pop-up shop,,,,Bowel screening,60 to 74',
    ]);
    const outcome = imported(await run(s, 'Headers.CSV', bytes));
    expect(outcome).toMatchObject({ rows: 2, events: 1, conversations: 1, visits: 1 });
    expect(eventsOf(s)).toMatchObject([{ site: 'Deptford Library', startsAt: '2025-09-13T09:00:00.000Z', endsAt: '2025-09-13T14:00:00.000Z', visits: '7+0' }]);
    expect(conversationsOf(s)).toMatchObject([{ topics: 'screening_bowel', age: 'age_60_74' }]);
  });

  it('a European Excel CSV (semicolons, Windows-1252, no final line break) imports', async () => {
    const s = await store();
    const text = 'date;site;borough;event_kind;topics;outcomes\r\n13/09/2025;St John\u2019s Hall;Southwark;community_stall;"smoking;alcohol";leaflet_given';
    const bytes = Buffer.from(text.replace('\u2019', '\x92'), 'latin1');
    const outcome = imported(await run(s, 'europe.csv', bytes));
    expect(outcome).toMatchObject({ rows: 1, conversations: 1 });
    expect(all(s, 'SELECT name FROM site')).toEqual([{ name: 'St John\u2019s Hall' }]);
    expect(conversationsOf(s)).toMatchObject([{ topics: 'alcohol smoking', outcomes: 'leaflet_given' }]);
  });

  it('a bigger file: every row in, and the counts the triggers keep agree with the records', async () => {
    const s = await store();
    const records = ['date,site,borough,event_kind,visitors_adults,topics,outcomes'];
    for (let i = 0; i < 450; i++) {
      const day = `2025-0${1 + (i % 9)}-1${i % 10}`;
      records.push(i % 3 === 0 ? `${day},Site ${i % 7},Hackney,popup_shop,${1 + (i % 5)},,` : `${day},Site ${i % 7},Hackney,popup_shop,,smoking;alcohol;gp_access,leaflet_given;signposted_gp`);
    }
    const outcome = imported(await run(s, 'big.csv', csvFile(records)));
    expect(outcome).toMatchObject({ rows: 450, conversations: 300, visits: 150, sitesCreated: 7 });
    expect(all(s, 'SELECT count(*) AS n FROM conversation_outcome')).toEqual([{ n: 600 }]);
    expect(all(s, 'SELECT count(*) AS n FROM conversation_topic')).toEqual([{ n: 900 }]);
    await expectReportsAgree(s, '2025-01-01', '2025-12-31');
    await expectReportsAgree(s, '2025-03-01', '2025-03-31');
  });
});

// ---------------------------------------------------------------------------------------
// Files that cannot be imported at all

describe('files that are not a spreadsheet of activity', () => {
  const domainError = (code: string, messageKey: string, values?: Record<string, string | number>) =>
    expect.objectContaining({ code, messageKey, ...(values ? { values } : {}) });

  it('an empty file, a header alone, blank rows alone: no rows to import', async () => {
    const s = await store();
    const before = snapshot(s);
    const header = importColumnNames.join(',');
    const empty = domainError('invalid_input', 'import.errors.emptyFile');
    await expect(run(s, 'empty.csv', new Uint8Array())).rejects.toEqual(empty);
    await expect(run(s, 'header.csv', csvFile([header]))).rejects.toEqual(empty);
    await expect(run(s, 'blank.csv', csvFile([header, '', ',,,,', ' , ']))).rejects.toEqual(empty);
    await expect(run(s, 'header.xlsx', await xlsxFile([[...importColumnNames]]))).rejects.toEqual(empty);
    expectUnchanged(s, before);
  });

  it('a file of another kind, or a damaged workbook, is refused', async () => {
    const s = await store();
    const before = snapshot(s);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await expect(run(s, 'photo.png', png)).rejects.toEqual(domainError('invalid_input', 'import.errors.unsupportedFile', { name: 'photo.png' }));
    await expect(run(s, 'photo.xlsx', png)).rejects.toEqual(domainError('invalid_input', 'import.errors.unreadableFile'));
    const workbook = await xlsxFile([[...importColumnNames]]);
    await expect(run(s, 'cut.xlsx', workbook.subarray(0, workbook.length >> 1))).rejects.toEqual(domainError('invalid_input', 'import.errors.unreadableFile'));
    // A PDF saved with a .csv name is read as text and its "header" is refused.
    const pdf = rejected(await run(s, 'report.csv', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1')));
    expect(pdf.problems.every((p) => p.row === 1)).toBe(true);
    expect(pdf.problems).toContainEqual({ row: 1, column: 'date', messageKey: 'import.problems.missingColumn', values: { column: 'date' } });
    expectUnchanged(s, before);
  });

  it('a workbook without an .xlsx name is recognised by its content', async () => {
    const s = await store();
    const bytes = await xlsxFile([['date', 'site', 'borough', 'event_kind', 'visitors_adults'], ['2025-09-13', 'Deptford Library', 'Lewisham', 'popup_shop', 5]]);
    expect(imported(await run(s, 'upload', bytes))).toMatchObject({ rows: 1, visits: 1 });
  });

  it(`more than ${MAX_IMPORT_ROWS} rows is refused before any row is checked; exactly that many is checked`, async () => {
    const s = await store();
    const before = snapshot(s);
    const header = 'date,site,borough,event_kind';
    // Rows with nothing to import: each is a problem, so a file that passes the size check is
    // read to the end and refused, and nothing is written either way.
    const rows = (n: number) => Buffer.from(`${header}\n${'2025-09-13,Deptford Library,Lewisham,popup_shop\n'.repeat(n)}`, 'utf8');
    await expect(run(s, 'huge.csv', rows(MAX_IMPORT_ROWS + 1))).rejects.toEqual(
      domainError('invalid_input', 'import.errors.tooManyRows', { max: MAX_IMPORT_ROWS }),
    );
    const atLimit = rejected(await run(s, 'limit.csv', rows(MAX_IMPORT_ROWS), 3));
    expect(atLimit).toMatchObject({ rows: MAX_IMPORT_ROWS, badRows: MAX_IMPORT_ROWS, totalProblems: MAX_IMPORT_ROWS });
    expect(atLimit.problems.map((p) => p.row)).toEqual([2, 3, 4]);
    expectUnchanged(s, before);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------
// Twice, and failures while writing

describe('importing again', () => {
  const file = () => csvFile(['date,site,borough,event_kind,visitors_adults,topics', '2025-09-13,Deptford Library,Lewisham,popup_shop,5,', '2025-09-13,Deptford Library,Lewisham,popup_shop,,smoking']);

  it('the same file (same content, whatever its name) is refused the second time and nothing is written', async () => {
    const s = await store();
    imported(await run(s, 'september.csv', file()));
    const before = snapshot(s);
    await expect(run(s, 'september.csv', file())).rejects.toEqual(
      expect.objectContaining({ code: 'conflict', messageKey: 'import.errors.alreadyImported', values: { name: 'september.csv' } }),
    );
    await expect(run(s, 'september (copy).csv', file())).rejects.toEqual(
      expect.objectContaining({ code: 'conflict', messageKey: 'import.errors.alreadyImported', values: { name: 'september (copy).csv' } }),
    );
    expectUnchanged(s, before);
    expect(all(s, 'SELECT count(*) AS n FROM conversation')).toEqual([{ n: 1 }]);
  });

  it('a failure while writing leaves nothing behind, and the file can be imported once it is put right', async () => {
    const s = await store();
    const records = ['date,site,borough,event_kind,topics,outcomes'];
    for (let i = 0; i < 250; i++) records.push(`2025-09-${10 + (i % 5)},Deptford Library,Lewisham,popup_shop,smoking;alcohol,leaflet_given`);
    const bytes = csvFile(records);
    const before = snapshot(s);
    // Stands in for a full disk or a damaged file partway through the write.
    s.sqlite.exec(`CREATE TRIGGER test_write_fails BEFORE INSERT ON conversation WHEN NEW.id > 200 BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(run(s, 'september.csv', bytes)).rejects.toThrow('disk full');
    s.sqlite.exec('DROP TRIGGER test_write_fails');
    expectUnchanged(s, before);
    expect(imported(await run(s, 'september.csv', bytes))).toMatchObject({ rows: 250, conversations: 250 });
    await expectReportsAgree(s, '2025-09-01', '2025-09-30');
  });

  it('a negative number in an XLSX cell is never half-written', async () => {
    const s = await store();
    const before = snapshot(s);
    const bytes = await xlsxFile([
      ['date', 'site', 'borough', 'event_kind', 'visitors_adults', 'visitors_children'],
      ['2025-09-13', 'Deptford Library', 'Lewisham', 'popup_shop', -5, 10],
    ]);
    await run(s, 'negative.xlsx', bytes).catch(() => undefined);
    expectUnchanged(s, before);
  });

  // A numeric XLSX cell can be negative (a CSV's pattern has no sign): the minimum is checked too.
  it('negative visitors or hours in an XLSX file are reported by row and column', async () => {
    const s = await store();
    const bytes = await xlsxFile([
      ['date', 'site', 'borough', 'event_kind', 'volunteer', 'volunteer_hours', 'visitors_adults', 'visitors_children'],
      ['2025-09-13', 'Deptford Library', 'Lewisham', 'popup_shop', null, null, -5, 10],
      ['2025-09-13', 'Deptford Library', 'Lewisham', 'popup_shop', 'Amina K.', -1, null, null],
      ['2025-09-14', 'Deptford Library', 'Lewisham', 'popup_shop', null, null, -5, 3],
    ]);
    const outcome = rejected(await run(s, 'negative.xlsx', bytes));
    expect(outcome.problems.map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 2, column: 'visitors_adults' },
      { row: 3, column: 'volunteer_hours' },
      { row: 4, column: 'visitors_adults' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// The API method, as the app calls it

describe('through the API (import.spreadsheet)', () => {
  const good = () => csvFile(['date,site,borough,event_kind,visitors_adults', '2025-09-13,Deptford Library,Lewisham,popup_shop,5']);
  const call = async (s: Store, fileName: string, bytes: Buffer) =>
    createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }))('import.spreadsheet', { fileName, base64: bytes.toString('base64') });

  it('a coordinator or a lead imports; the answer is the outcome', async () => {
    const s = await store();
    expect(unwrap<ImportOutcome>(await call(s, 'a.csv', good()))).toMatchObject({ status: 'imported', fileName: 'a.csv', rows: 1, events: 1, visits: 1 });
    createVolunteer(s, clock, { name: 'Lead', role: 'lead', language: 'en-GB' });
    const second = csvFile(['date,site,borough,event_kind,visitors_adults', '2025-09-14,Deptford Library,Lewisham,popup_shop,5']);
    expect(unwrap<ImportOutcome>(await call(s, 'b.csv', second))).toMatchObject({ status: 'imported', events: 1 });
    expect(all(s, `SELECT v.role FROM audit a JOIN volunteer v ON v.id = a.actor_id WHERE a.entity = 'import' ORDER BY a.id`)).toEqual([
      { role: 'coordinator' },
      { role: 'lead' },
    ]);
  });

  it('a volunteer profile, or no profile, is refused and nothing is written', async () => {
    const s = await store();
    createVolunteer(s, clock, { name: 'Stall Volunteer', role: 'volunteer', language: 'en-GB' });
    const before = snapshot(s);
    expect(await call(s, 'a.csv', good())).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'errors.coordinatorsOnly' } });
    expectUnchanged(s, before);
    switchVolunteer(s, (all<{ id: number }>(s, `SELECT id FROM volunteer WHERE role = 'coordinator'`)[0]!).id);
    expect(unwrap<ImportOutcome>(await call(s, 'a.csv', good())).status).toBe('imported');

    const nobody = await store({ withVolunteer: false });
    const empty = snapshot(nobody);
    expect(await call(nobody, 'a.csv', good())).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'errors.noProfile' } });
    expectUnchanged(nobody, empty);
  });

  it('refusals come back as answers: a bad file lists at most 2000 problems and counts them all; file errors carry their key', async () => {
    const s = await store();
    await unlockedForCurrentProfile({ store: s, clock }); // the coordinator's PIN, set before the snapshot
    const before = snapshot(s);
    const records = ['date,site,borough,event_kind,visitors_adults,topics'];
    for (let i = 0; i < 2100; i++) records.push('2025-09-13,Deptford Library,Lewisham,popup_shop,lots,smoking');
    const outcome = rejected(unwrap<ImportOutcome>(await call(s, 'many.csv', csvFile(records))));
    expect(outcome).toMatchObject({ rows: 2100, badRows: 2100, totalProblems: 2100 });
    expect(outcome.problems).toHaveLength(2000);
    expect(outcome.problems[0]).toEqual({ row: 2, column: 'visitors_adults', messageKey: 'import.problems.notAWholeNumber', values: { value: 'lots' } });
    expect(outcome.problems.at(-1)!.row).toBe(2001);

    expect(await call(s, 'notes.docx', Buffer.from('hello'))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', messageKey: 'import.errors.unsupportedFile', values: { name: 'notes.docx' } },
    });
    expect(await createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }))('import.spreadsheet', { fileName: 'a.csv', base64: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expectUnchanged(s, before);
  });
});

// ---------------------------------------------------------------------------------------
// The command line

describe('the import command', () => {
  const dir = tempDir('outreach-tally-import-cli-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['main/cli.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });

  async function fileSnapshot(db: string) {
    const { store: s } = await openStore(db);
    try {
      return snapshot(s);
    } finally {
      s.close();
    }
  }

  it('writes the template, imports a good file (exit 0), refuses it again and refuses a bad one (exit 1) with the row report', async () => {
    const db = path.join(dir, 'outreach.db');
    const csvTemplate = path.join(dir, 'template.csv');
    const xlsxTemplate = path.join(dir, 'template.xlsx');
    const templates = await Promise.all([cli('import', '--template', csvTemplate), cli('import', '--db', path.join(dir, 'other.db'), '--template', xlsxTemplate)]);
    expect(templates.map((t) => t.code)).toEqual([0, 0]);
    expect(fs.readFileSync(csvTemplate)).toEqual(templateCsv());
    expect(fs.readFileSync(xlsxTemplate).subarray(0, 2).toString()).toBe('PK');

    // The template as downloaded holds only its examples: refused, and says why.
    const untouched = await cli('import', '--db', db, '--file', xlsxTemplate);
    expect(untouched.code).toBe(1);
    expect(untouched.stderr).toMatch(/import\.errors\.onlyExampleRows/);
    const filledTemplate = path.join(dir, 'filled.csv');
    fs.writeFileSync(filledTemplate, templateCsv().toString('utf8').replaceAll(EXAMPLE_MARKER, ''));

    const good = await cli('import', '--db', db, '--file', filledTemplate);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ db, status: 'imported', rows: 3, events: 2, conversations: 2, visits: 1, sitesCreated: 2, volunteersCreated: 2 });

    const again = await cli('import', '--db', db, '--file', filledTemplate);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/import\.errors\.alreadyImported|has already been imported/);

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      csvFile([
        'date,site,borough,event_kind,visitors_adults,topics',
        '2025-10-04,Deptford Library,Lewisham,popup_shop,5,',
        '2025-10-04,Deptford Library,Lewisham,popup_shop,,cancer_liver',
        '',
        '2025-02-30,Deptford Library,Narnia,popup_shop,2,',
      ]),
    );
    const before = await fileSnapshot(db);
    const refused = await cli('import', '--db', db, '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    // One line per problem (where, then what: in words and by its key), then the verdict.
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    const report: [string, string, string][] = [
      ['row 3, column topics: ', 'import.problems.unknownCode', 'cancer_liver'],
      ['row 5, column date: ', 'import.problems.invalidDate', '2025-02-30'],
      ['row 5, column borough: ', 'import.problems.unknownBorough', 'Narnia'],
    ];
    report.forEach(([where, key, value], i) => {
      expect(lines[i]!.startsWith(where), lines[i]).toBe(true);
      expect(lines[i]).toContain(key);
      expect(lines[i]).toContain(value);
    });
    expect(lines[3]).toBe('outreach-tally import: nothing was imported: 3 problem(s) in 2 of 3 row(s).');
    expect(await fileSnapshot(db)).toEqual(before);
  }, 60_000);

  it('exits 2 without --file, and 1 for a file that is not there', async () => {
    const db = path.join(dir, 'usage.db');
    const usage = await cli('import', '--db', db);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--file is required');
    const missing = await cli('import', '--db', db, '--file', path.join(dir, 'nowhere.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no file at');
  });
});
