// Import of past activity from a spreadsheet (CSV or XLSX; layout in docs/import-format.md).
//
// A row is one conversation (it has topics), or a tally of visitors, or a volunteer's hours,
// at a session; rows with the same date, site (name + borough) and kind are one session.
// Every row is checked before anything is written, and every problem is reported (row,
// column, a message key): with any problem, nothing is written. With none, the whole file is
// written in one transaction with prepared statements, and audited as one entry.
import crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Store } from '../db/store.ts';
import { yieldToEventLoop, type ReportProgress } from '../jobs/board.ts';
import { exportTranslator } from '../../shared/labels.ts';
import { dayNumber, dayString } from '../../shared/days.ts';
import { isoNow, londonDayOf, type Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/errors.ts';
import { limits } from '../../shared/limits.ts';
import {
  codedColumns,
  importColumnNames,
  importColumns,
  MAX_IMPORT_FILE_BYTES,
  MAX_IMPORT_ROWS,
  MAX_VISITORS_PER_ROW,
  normaliseHeader,
  EXAMPLE_MARKER,
  type ImportColumn,
} from '../../shared/import-columns.ts';
import { recordAudit } from './audit.ts';
import { batchInserter } from '../db/bulk-insert.ts';
import { pauseTallies } from '../tallies/bulk.ts';
import { readSheet, type RawValue, type Sheet } from './import/sheet.ts';
import { currentVolunteer, requireCoordinator } from './volunteers.ts';

export interface ImportProblem {
  /** Spreadsheet row (the header is row 1). */
  row: number;
  /** Column name as in docs/import-format.md. */
  column: string;
  messageKey: string;
  values?: Record<string, string | number>;
}

export interface ImportedCounts {
  rows: number;
  events: number;
  conversations: number;
  visits: number;
  sitesCreated: number;
  volunteersCreated: number;
  firstDay: string | null;
  lastDay: string | null;
}

export type ImportOutcome =
  | ({ status: 'imported'; fileName: string; elapsedMs: number } & ImportedCounts)
  | {
      status: 'rejected';
      fileName: string;
      rows: number;
      badRows: number;
      totalProblems: number;
      /** Every problem, or the first `problemLimit` of them when there are more. */
      problems: ImportProblem[];
      elapsedMs: number;
    };

export interface ImportFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface ImportOptions {
  /** The app requires a coordinator or lead; the command line runs as whoever owns the file. */
  requireCoordinator: boolean;
  /** At most this many problems are returned (all are counted). */
  problemLimit?: number;
  /** Told how far the import is; given one, the rows are checked in chunks with the event loop free between them. */
  report?: ReportProgress<'import'>;
}

/** Rows checked between two progress reports (a few milliseconds' work). */
const ROWS_PER_CHUNK = 2000;

const DEFAULT_START_MINUTES = 9 * 60;
const FIRST_YEAR = 2000;

// ---------------------------------------------------------------------------------------
// Reading cell values

function text(value: RawValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

// Memoised: a 100,000-row file repeats the same few hundred codes, names and dates in every
// column, and the regular expressions were a tenth of an import's time. Bounded, so a file of
// all-different values cannot grow it without end.
function memoised<T>(compute: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let result = cache.get(s);
    if (result === undefined && !cache.has(s)) {
      result = compute(s);
      if (cache.size < 50_000) cache.set(s, result);
    }
    return result as T;
  };
}

const collapse = memoised((s: string) => s.trim().toLowerCase().replace(/\s+/g, ' '));

/**
 * The code a cell names. Most cells hold the code itself: every key of the lookup is already
 * collapsed, so a value found as it is needs no collapsing (the same answer, without it).
 */
function codeOf(codes: Map<string, string> | undefined, value: string): string | undefined {
  return codes?.get(value) ?? codes?.get(collapse(value));
}

function parseDay(value: RawValue): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    // An Excel serial date (days since 1899-12-30) in a cell not formatted as a date.
    return value >= 1 ? dayString(Math.floor(value) - 25569) : null;
  }
  return parseDayText(text(value));
}

const parseDayText = memoised((s: string): string | null => {
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  let day: string | null = null;
  if (match) day = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (match) day = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return day && !Number.isNaN(dayNumber(day)) ? day : null;
});

/** Minutes after midnight, or null when the cell is not a time of day. */
function parseTime(value: RawValue): number | null {
  if (value instanceof Date) return value.getUTCHours() * 60 + value.getUTCMinutes();
  // A time cell is a fraction of a day (after the date's whole days, if it has one).
  if (typeof value === 'number') return value >= 0 ? Math.round((value - Math.floor(value)) * 1440) % 1440 : null;
  const match = /^(\d{1,2})[:.](\d{2})(?::\d{2})?$/.exec(text(value));
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

function parseNumber(value: RawValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const s = text(value);
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

function parseYesNo(value: RawValue): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  const s = collapse(text(value));
  if (['', 'no', 'n', 'false', '0'].includes(s)) return false;
  if (['yes', 'y', 'true', '1'].includes(s)) return true;
  return null;
}

const formatMinutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const londonWallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The exact instant of a London wall-clock time on a London day. */
export function londonInstant(day: string, minutes: number): string {
  return londonInstantOf(`${day} ${minutes}`);
}

// Memoised: a year's sessions share a few hundred days and start times, and Intl's
// formatToParts costs ~15 µs a call.
const londonInstantOf = memoised((key: string): string => {
  const [day = '', minutes = '0'] = key.split(' ');
  return computeLondonInstant(day, Number(minutes));
});

function computeLondonInstant(day: string, minutes: number): string {
  const guess = dayNumber(day) * 86_400_000 + minutes * 60_000;
  // London is UTC or UTC+1: read the wall clock at the guess, and take the difference off.
  const parts = londonWallClock.formatToParts(new Date(guess));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return new Date(guess - (wall - guess)).toISOString();
}

// ---------------------------------------------------------------------------------------
// What the database already knows

interface Lookups {
  codes: Record<string, Map<string, string>>;
  boroughs: Map<string, string>;
  sites: Map<string, { id: number; setting: string }>;
  volunteers: Map<string, number>;
}

function boroughKey(name: string): string {
  const s = collapse(name).replace(/&/g, 'and');
  if (s === 'city of london') return s;
  return s.replace(/^(the )?(london borough of|royal borough of|city of) /, '');
}

function loadLookups(store: Store): Lookups {
  const t = exportTranslator();
  const codes: Record<string, Map<string, string>> = {};
  const items = store.all(store.qb.selectFrom('reference_item').select(['list', 'code', 'label_key']).orderBy('sort'));
  for (const item of items) {
    const map = (codes[item.list] ??= new Map());
    // Codes win over labels; a label shared by two codes names the first one listed.
    map.set(item.code.toLowerCase(), item.code);
    const label = collapse(t(item.label_key));
    if (!map.has(label)) map.set(label, item.code);
  }
  const boroughs = new Map<string, string>();
  for (const a of store.all(store.qb.selectFrom('authority').select(['code', 'name']))) {
    boroughs.set(a.code.toLowerCase(), a.code);
    boroughs.set(boroughKey(a.name), a.code);
  }
  const sites = new Map<string, { id: number; setting: string }>();
  for (const s of store.all(store.qb.selectFrom('site').select(['id', 'name', 'authority_code', 'setting_type']).orderBy('id'))) {
    const key = `${s.authority_code}|${collapse(s.name)}`;
    if (!sites.has(key)) sites.set(key, { id: s.id, setting: s.setting_type });
  }
  const volunteers = new Map<string, number>();
  for (const v of store.all(store.qb.selectFrom('volunteer').select(['id', 'name']).orderBy('id'))) {
    if (!volunteers.has(collapse(v.name))) volunteers.set(collapse(v.name), v.id);
  }
  return { codes, boroughs, sites, volunteers };
}

// ---------------------------------------------------------------------------------------
// Checking rows

interface ParsedRow {
  row: number;
  day: string;
  siteName: string;
  siteKey: string;
  authority: string;
  setting: string | null;
  kind: string;
  start: number | null;
  end: number | null;
  volunteer: string | null;
  hours: number | null;
  adults: number;
  children: number;
  topics: string[];
  outcomes: string[];
  depth: string;
  age: string;
  sex: string;
  ethnicity: string;
  language: string;
  safeguarding: boolean;
}

class Problems {
  readonly list: ImportProblem[] = [];
  readonly rows = new Set<number>();
  add(row: number, column: string, messageKey: string, values?: Record<string, string | number>): void {
    this.rows.add(row);
    this.list.push(values ? { row, column, messageKey, values } : { row, column, messageKey });
  }
}

function headerColumns(sheet: Sheet, problems: Problems): Map<ImportColumn, number> {
  const columns = new Map<ImportColumn, number>();
  sheet.header.forEach((raw, index) => {
    const name = normaliseHeader(raw);
    if (name === '') return;
    if (!(importColumnNames as readonly string[]).includes(name)) {
      problems.add(1, raw.trim(), 'import.problems.unknownColumn', { column: raw.trim() });
    } else if (columns.has(name as ImportColumn)) {
      problems.add(1, name, 'import.problems.duplicateColumn', { column: name });
    } else {
      columns.set(name as ImportColumn, index);
    }
  });
  for (const column of importColumns) {
    if (column.required && !columns.has(column.name)) problems.add(1, column.name, 'import.problems.missingColumn', { column: column.name });
  }
  return columns;
}

/** A row left from the template's examples: its site or volunteer starts with the marker. */
function isExampleRow(cells: readonly RawValue[], columns: Map<ImportColumn, number>): boolean {
  return (['site', 'volunteer'] as const).some((column) => {
    const index = columns.get(column);
    if (index === undefined) return false;
    const value = text(cells[index] ?? null);
    // The cheap test first: a 100,000-row file is checked row by row.
    return (value[0] === 'E' || value[0] === 'e') && value.slice(0, EXAMPLE_MARKER.length).toUpperCase() === EXAMPLE_MARKER;
  });
}

function checkRow(
  cells: readonly RawValue[],
  row: number,
  columns: Map<ImportColumn, number>,
  lookups: Lookups,
  today: string,
  problems: Problems,
): ParsedRow | null {
  const before = problems.list.length;
  const cell = (column: ImportColumn): RawValue => {
    const index = columns.get(column);
    return index === undefined ? null : (cells[index] ?? null);
  };
  const required = (column: ImportColumn): string | null => {
    const value = text(cell(column));
    if (value === '') {
      problems.add(row, column, 'import.problems.required');
      return null;
    }
    return value;
  };
  const coded = (column: keyof typeof codedColumns, fallback: string): string => {
    const value = text(cell(column));
    if (value === '') return fallback;
    const code = codeOf(lookups.codes[codedColumns[column]], value);
    if (!code) problems.add(row, column, 'import.problems.unknownCode', { value });
    return code ?? fallback;
  };
  const codeList = (column: 'topics' | 'outcomes'): string[] => {
    const found = new Set<string>();
    for (const part of text(cell(column)).split(';')) {
      const value = part.trim();
      if (value === '') continue;
      const code = codeOf(lookups.codes[codedColumns[column]], value);
      if (code) found.add(code);
      else problems.add(row, column, 'import.problems.unknownCode', { value });
    }
    return [...found];
  };
  const count = (column: 'visitors_adults' | 'visitors_children'): number => {
    const raw = cell(column);
    if (text(raw) === '') return 0;
    const n = parseNumber(raw);
    if (n === null || !Number.isInteger(n)) {
      problems.add(row, column, 'import.problems.notAWholeNumber', { value: text(raw) });
      return 0;
    }
    // A spreadsheet cell can hold -5 (a CSV cannot: its pattern has no sign).
    if (n < 0 || n > MAX_VISITORS_PER_ROW) {
      problems.add(row, column, 'import.problems.outOfRange', { min: 0, max: MAX_VISITORS_PER_ROW });
      return 0;
    }
    return n;
  };
  const time = (column: 'start_time' | 'end_time'): number | null => {
    const raw = cell(column);
    if (text(raw) === '') return null;
    const minutes = parseTime(raw);
    if (minutes === null) problems.add(row, column, 'import.problems.invalidTime', { value: text(raw) });
    return minutes;
  };

  let day: string | null = null;
  const rawDay = cell('date');
  if (text(rawDay) === '') problems.add(row, 'date', 'import.problems.required');
  else {
    day = parseDay(rawDay);
    if (day === null) problems.add(row, 'date', 'import.problems.invalidDate', { value: text(rawDay) });
    else if (day > today) problems.add(row, 'date', 'import.problems.futureDate', { value: day });
    else if (Number(day.slice(0, 4)) < FIRST_YEAR) problems.add(row, 'date', 'import.problems.dateTooEarly', { year: FIRST_YEAR });
  }
  const siteName = required('site');
  if (siteName !== null && siteName.length > limits.nameLength) problems.add(row, 'site', 'import.problems.tooLong', { max: limits.nameLength });
  const boroughText = required('borough');
  const authority = boroughText === null ? null : (lookups.boroughs.get(boroughKey(boroughText)) ?? null);
  if (boroughText !== null && authority === null) problems.add(row, 'borough', 'import.problems.unknownBorough', { value: boroughText });
  const setting = text(cell('setting')) === '' ? null : coded('setting', 'other');
  const kindText = required('event_kind');
  const kind = kindText === null ? '' : coded('event_kind', '');
  const start = time('start_time');
  const end = time('end_time');

  const volunteer = text(cell('volunteer')) || null;
  if (volunteer !== null && volunteer.length > limits.nameLength) problems.add(row, 'volunteer', 'import.problems.tooLong', { max: limits.nameLength });
  let hours: number | null = null;
  const rawHours = cell('volunteer_hours');
  if (text(rawHours) !== '') {
    hours = parseNumber(rawHours);
    if (hours === null) problems.add(row, 'volunteer_hours', 'import.problems.notANumber', { value: text(rawHours) });
    else if (hours < 0 || hours > limits.eventHours) problems.add(row, 'volunteer_hours', 'import.problems.outOfRange', { min: 0, max: limits.eventHours });
    else if (volunteer === null) problems.add(row, 'volunteer_hours', 'import.problems.hoursNeedVolunteer');
  }
  const adults = count('visitors_adults');
  const children = count('visitors_children');

  const topics = codeList('topics');
  const outcomes = codeList('outcomes');
  const depth = coded('depth', 'brief_contact');
  const age = coded('age_band', 'not_recorded');
  const sex = coded('sex', 'not_recorded');
  const ethnicity = coded('ethnicity', 'not_recorded');
  const language = coded('language', 'not_recorded');
  const rawSafeguarding = cell('safeguarding');
  const safeguarding = parseYesNo(rawSafeguarding);
  if (safeguarding === null) problems.add(row, 'safeguarding', 'import.problems.notYesNo', { value: text(rawSafeguarding) });

  const hasConversation = text(cell('topics')) !== '';
  if (!hasConversation) {
    const conversationColumns: ImportColumn[] = ['outcomes', 'depth', 'age_band', 'sex', 'ethnicity', 'language'];
    const given = conversationColumns.filter((c) => text(cell(c)) !== '');
    if (given.length > 0 || safeguarding === true) problems.add(row, 'topics', 'import.problems.topicNeeded');
    // Only when the row says nothing else: a bad visitors cell is its own problem, not a second one.
    else if (adults + children === 0 && volunteer === null && problems.list.length === before) problems.add(row, 'topics', 'import.problems.nothingToImport');
  }
  if (problems.list.length > before || day === null || siteName === null || authority === null) return null;
  return {
    row,
    day,
    siteName,
    siteKey: `${authority}|${collapse(siteName)}`,
    authority,
    setting,
    kind,
    start,
    end,
    volunteer,
    hours,
    adults,
    children,
    topics,
    outcomes,
    depth,
    age,
    sex,
    ethnicity,
    language,
    safeguarding: safeguarding ?? false,
  };
}

// ---------------------------------------------------------------------------------------
// Sessions: rows sharing date + site + kind

interface PlannedEvent {
  day: string;
  siteKey: string;
  kind: string;
  start: number | null;
  startRow: number;
  end: number | null;
  endRow: number;
  volunteers: Map<string, { name: string; hours: number | null; row: number }>;
  rows: ParsedRow[];
}

interface PlannedSite {
  name: string;
  authority: string;
  setting: string | null;
  settingRow: number;
}

function planSessions(rows: ParsedRow[], lookups: Lookups, problems: Problems) {
  const events = new Map<string, PlannedEvent>();
  const newSites = new Map<string, PlannedSite>();
  for (const row of rows) {
    if (!lookups.sites.has(row.siteKey)) {
      const site = newSites.get(row.siteKey);
      if (!site) newSites.set(row.siteKey, { name: row.siteName, authority: row.authority, setting: row.setting, settingRow: row.row });
      else if (row.setting !== null) {
        if (site.setting === null) Object.assign(site, { setting: row.setting, settingRow: row.row });
        else if (site.setting !== row.setting) {
          problems.add(row.row, 'setting', 'import.problems.conflictingSetting', { row: site.settingRow });
        }
      }
    }
    const key = `${row.day}|${row.siteKey}|${row.kind}`;
    let event = events.get(key);
    if (!event) {
      event = { day: row.day, siteKey: row.siteKey, kind: row.kind, start: null, startRow: 0, end: null, endRow: 0, volunteers: new Map(), rows: [] };
      events.set(key, event);
    }
    event.rows.push(row);
    if (row.start !== null) {
      if (event.start === null) Object.assign(event, { start: row.start, startRow: row.row });
      else if (event.start !== row.start) {
        problems.add(row.row, 'start_time', 'import.problems.conflictingTimes', { row: event.startRow, time: formatMinutes(event.start) });
      }
    }
    if (row.end !== null) {
      if (event.end === null) Object.assign(event, { end: row.end, endRow: row.row });
      else if (event.end !== row.end) {
        problems.add(row.row, 'end_time', 'import.problems.conflictingTimes', { row: event.endRow, time: formatMinutes(event.end) });
      }
    }
    if (row.volunteer !== null) {
      const key = collapse(row.volunteer);
      const present = event.volunteers.get(key);
      if (!present) event.volunteers.set(key, { name: row.volunteer, hours: row.hours, row: row.row });
      else if (row.hours !== null) {
        if (present.hours === null) Object.assign(present, { hours: row.hours, row: row.row });
        else if (present.hours !== row.hours) {
          problems.add(row.row, 'volunteer_hours', 'import.problems.conflictingHours', { row: present.row, hours: present.hours });
        }
      }
    }
  }
  for (const event of events.values()) {
    const start = event.start ?? DEFAULT_START_MINUTES;
    if (event.end !== null && event.end < start) {
      problems.add(event.endRow, 'end_time', 'import.problems.endBeforeStart', { start: formatMinutes(start) });
    }
  }
  return { events: [...events.values()], newSites };
}

// ---------------------------------------------------------------------------------------
// Writing

function alreadyImported(store: Store, sha256: string): boolean {
  return (
    store.sqlite
      .prepare(`SELECT 1 FROM audit WHERE entity = 'import' AND json_extract(after, '$.sha256') = ? LIMIT 1`)
      .get(sha256) !== undefined
  );
}

function writeImport(
  store: Store,
  at: string,
  actorId: number | null,
  file: { fileName: string; sha256: string; rows: number },
  plan: ReturnType<typeof planSessions>,
  lookups: Lookups,
): ImportedCounts {
  const db = store.sqlite;
  const prepare = (sql: string): Statement => db.prepare(sql);
  const insertSite = prepare('INSERT INTO site (name, authority_code, setting_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const insertVolunteer = prepare(`INSERT INTO volunteer (name, role, language, created_at) VALUES (?, 'volunteer', 'en-GB', ?)`);
  const insertEvent = prepare(
    `INSERT INTO event (site_id, kind, starts_at, ends_at, local_day, notes, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)`,
  );
  const insertTeam = prepare('INSERT INTO event_volunteer (event_id, volunteer_id, hours) VALUES (?, ?, ?)');
  const visits = batchInserter(db, 'visit', ['event_id', 'recorded_at', 'local_day', 'adults', 'children', 'recorded_by']);
  const conversations = batchInserter(db, 'conversation', [
    'id', 'event_id', 'recorded_at', 'local_day', 'recorded_by', 'depth', 'age_band', 'sex', 'ethnicity', 'language', 'safeguarding', 'notes', 'updated_at',
    'topic_set', 'outcome_set', 'band_set', 'outcome_count',
  ]);
  const topics = batchInserter(db, 'conversation_topic', ['conversation_id', 'topic'], { after: conversations });
  const outcomes = batchInserter(db, 'conversation_outcome', ['conversation_id', 'outcome'], { after: conversations });
  // Ids handed out here (under the write lock), so a conversation's topics need no round trip.
  let nextConversationId = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS id FROM conversation').get() as { id: number }).id;
  // Rows are buffered per table; topics and outcomes flush their conversations first, so every
  // row lands after the one it refers to, and foreign keys are checked at commit anyway (the
  // pragma resets when the transaction ends).
  db.pragma('defer_foreign_keys = ON');
  // The tally triggers cost ~15 upserts per conversation, 10 s for 100,000 rows: paused for
  // this transaction, and the rows are counted as they are written (main/tallies/bulk.ts).
  const tallies = pauseTallies(store);

  const siteIds = new Map<string, number>([...lookups.sites].map(([key, site]) => [key, site.id]));
  for (const [key, site] of plan.newSites) {
    siteIds.set(key, Number(insertSite.run(site.name, site.authority, site.setting ?? 'other', at, at).lastInsertRowid));
  }
  const volunteerIds = new Map(lookups.volunteers);
  let volunteersCreated = 0;
  const counts = { events: 0, conversations: 0, visits: 0 };
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  let firstEventId: number | null = null;
  let lastEventId: number | null = null;
  for (const event of plan.events) {
    const startMinutes = event.start ?? DEFAULT_START_MINUTES;
    const startsAt = londonInstant(event.day, startMinutes);
    // No end time given: closed at its start (its length unknown), never left open, so no
    // new record can be added to a session that ended long ago.
    const endsAt = londonInstant(event.day, event.end ?? startMinutes);
    const eventId = Number(
      insertEvent.run(siteIds.get(event.siteKey)!, event.kind, startsAt, endsAt, event.day, actorId, at, at).lastInsertRowid,
    );
    if (firstEventId === null) tallies.eventsFrom(eventId);
    firstEventId ??= eventId;
    lastEventId = eventId;
    counts.events++;
    if (firstDay === null || event.day < firstDay) firstDay = event.day;
    if (lastDay === null || event.day > lastDay) lastDay = event.day;
    for (const [key, volunteer] of event.volunteers) {
      let volunteerId = volunteerIds.get(key);
      if (volunteerId === undefined) {
        volunteerId = Number(insertVolunteer.run(volunteer.name, at).lastInsertRowid);
        volunteerIds.set(key, volunteerId);
        volunteersCreated++;
      }
      insertTeam.run(eventId, volunteerId, volunteer.hours ?? 0);
    }
    for (const row of event.rows) {
      if (row.adults + row.children > 0) {
        visits.add(eventId, startsAt, event.day, row.adults, row.children, null);
        tallies.visit(event.day, eventId, row.adults, row.children);
        counts.visits++;
      }
      if (row.topics.length > 0) {
        const conversationId = nextConversationId++;
        // The set columns the paused triggers would have written (their code_set ids).
        const sets = tallies.setColumns(row, row.topics, row.outcomes);
        conversations.add(conversationId, eventId, startsAt, event.day, null, row.depth, row.age, row.sex, row.ethnicity, row.language, row.safeguarding ? 1 : 0, '', at,
          sets.topic_set, sets.outcome_set, sets.band_set, sets.outcome_count);
        tallies.conversation(event.day, eventId, event.kind, row, row.topics, row.outcomes);
        for (const topic of row.topics) topics.add(conversationId, topic);
        for (const outcome of row.outcomes) outcomes.add(conversationId, outcome);
        counts.conversations++;
      }
    }
  }
  for (const inserter of [visits, conversations, topics, outcomes]) inserter.flush();
  tallies.catchUp();
  const result: ImportedCounts = {
    rows: file.rows,
    ...counts,
    sitesCreated: plan.newSites.size,
    volunteersCreated,
    firstDay,
    lastDay,
  };
  recordAudit(store, {
    at,
    actorId,
    entity: 'import',
    action: 'create',
    after: {
      fileName: file.fileName,
      sha256: file.sha256,
      ...result,
      // Ids are handed out in order within the transaction: the import's events are this range.
      eventIds: firstEventId === null ? [] : [firstEventId, lastEventId],
    },
  });
  return result;
}

/** Checks a spreadsheet row by row and, only if every row is good, writes it all. */
export async function importSpreadsheet(store: Store, clock: Clock, file: ImportFile, options: ImportOptions): Promise<ImportOutcome> {
  const started = performance.now();
  const report = options.report;
  const actor = options.requireCoordinator ? requireCoordinator(store) : currentVolunteer(store);
  if (file.bytes.byteLength > MAX_IMPORT_FILE_BYTES) {
    throw new DomainError('invalid_input', 'import.errors.fileTooLarge', { values: { megabytes: MAX_IMPORT_FILE_BYTES / 1024 / 1024 } });
  }
  const sha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');
  if (alreadyImported(store, sha256)) throw new DomainError('conflict', 'import.errors.alreadyImported', { values: { name: file.fileName } });
  report?.('reading', 0, 1);
  const sheet = readSheet(file.fileName, file.bytes);
  if (sheet.rows.length === 0) throw new DomainError('invalid_input', 'import.errors.emptyFile');
  if (sheet.rows.length > MAX_IMPORT_ROWS) throw new DomainError('invalid_input', 'import.errors.tooManyRows', { values: { max: MAX_IMPORT_ROWS } });

  const problems = new Problems();
  const columns = headerColumns(sheet, problems);
  const rejected = (): ImportOutcome => {
    const ordered = problems.list
      .map((problem, order) => ({ problem, order }))
      .sort((a, b) => a.problem.row - b.problem.row || a.order - b.order)
      .map(({ problem }) => problem);
    return {
      status: 'rejected',
      fileName: file.fileName,
      rows: sheet.rows.length,
      badRows: problems.rows.size,
      totalProblems: ordered.length,
      problems: ordered.slice(0, options.problemLimit ?? ordered.length),
      elapsedMs: Math.round(performance.now() - started),
    };
  };
  if (problems.list.length > 0) return rejected();

  const lookups = loadLookups(store);
  const today = londonDayOf(clock());
  const parsed: ParsedRow[] = [];
  const examples = sheet.rows.filter(({ cells }) => isExampleRow(cells, columns));
  if (examples.length === sheet.rows.length) {
    throw new DomainError('invalid_input', 'import.errors.onlyExampleRows', { values: { rows: examples.length } });
  }
  const exampleRows = new Set(examples.map(({ row }) => row));
  for (const [index, { row, cells }] of sheet.rows.entries()) {
    if (report && index % ROWS_PER_CHUNK === 0) {
      report('checking', index, sheet.rows.length);
      await yieldToEventLoop();
    }
    if (exampleRows.has(row)) {
      problems.add(row, 'site', 'import.problems.exampleRow');
      continue;
    }
    const checked = checkRow(cells, row, columns, lookups, today, problems);
    if (checked) parsed.push(checked);
  }
  const plan = planSessions(parsed, lookups, problems);
  report?.('checking', sheet.rows.length, sheet.rows.length);
  if (problems.list.length > 0) return rejected();
  // One transaction, so all or nothing: the last phase is reported as it starts and ends.
  report?.('saving', 0, sheet.rows.length);

  const at = isoNow(clock);
  const previousCacheSize = Number(store.sqlite.pragma('cache_size', { simple: true }));
  // A bigger page cache keeps the growing indexes in memory while a big file goes in.
  store.sqlite.pragma('cache_size = -65536');
  let counts: ImportedCounts;
  try {
    counts = store.transaction(() => {
      // Checked again under the write lock: two imports of one file at once write it once.
      if (alreadyImported(store, sha256)) throw new DomainError('conflict', 'import.errors.alreadyImported', { values: { name: file.fileName } });
      return writeImport(store, at, actor?.id ?? null, { fileName: file.fileName, sha256, rows: sheet.rows.length }, plan, lookups);
    });
  } finally {
    store.sqlite.pragma(`cache_size = ${previousCacheSize}`);
  }
  report?.('saving', sheet.rows.length, sheet.rows.length);
  return { status: 'imported', fileName: file.fileName, ...counts, elapsedMs: Math.round(performance.now() - started) };
}
