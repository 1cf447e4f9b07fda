// The monthly summary as labelled tables, one per section: what the CSV, XLSX and PDF writers
// lay out, each in its own way. Every number comes straight from the MonthlySummary, so the
// three files and the screen show the same figures.
import type { Store } from '../db/store.ts';
import type { CodeCount, MonthlySummary } from './figures.ts';
import { exportTranslator, type Translate } from './labels.ts';
import { reportLists, type ListedCode, type ReportList } from './reference-lists.ts';

export type CellKind = 'text' | 'integer' | 'decimal' | 'day';
export type Cell = string | number | null;

export interface Column {
  label: string;
  kind: CellKind;
  /** A code for machines (CSV, XLSX); a printed page leaves it out. */
  machine?: boolean;
}

export interface Section {
  id: SectionId;
  /** Heading on screen and in the PDF. */
  title: string;
  /** Short name for a spreadsheet tab (at most 31 characters). */
  sheetName: string;
  columns: Column[];
  rows: Cell[][];
  /** Draw a bar chart of this value column against this label column. */
  chart?: { label: number; value: number } | undefined;
}

export const sectionIds = [
  'headline',
  'topics',
  'topicGroups',
  'outcomes',
  'trend',
  'age',
  'sex',
  'ethnicGroup',
  'ethnicity',
  'language',
  'eventKinds',
  'boroughs',
  'sites',
  'dataQuality',
] as const;
export type SectionId = (typeof sectionIds)[number];

export interface ExportContext {
  t: Translate;
  codeLabel(list: ReportList, code: string): string;
  boroughName(code: string): string;
  monthName(month: string): string;
  formatNumber(value: number): string;
  formatDay(day: string): string;
}

export function exportContext(store: Store, language?: string): ExportContext {
  const t = exportTranslator(language);
  const lists = reportLists(store);
  const labelKeys = new Map<string, string>();
  for (const [list, items] of Object.entries(lists) as [ReportList, ListedCode[]][]) {
    for (const item of items) labelKeys.set(`${list}:${item.code}`, item.labelKey);
  }
  const boroughs = new Map(store.all(store.qb.selectFrom('authority').select(['code', 'name'])).map((a) => [a.code, a.name]));
  const numbers = new Intl.NumberFormat(t.language, { maximumFractionDigits: 2 });
  const months = new Intl.DateTimeFormat(t.language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const days = new Intl.DateTimeFormat(t.language, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return {
    t,
    codeLabel(list, code) {
      const key = labelKeys.get(`${list}:${code}`);
      if (key) return t(key);
      if (list === 'topic_group' && code === 'ungrouped') return t('report.labels.ungrouped');
      return code;
    },
    boroughName: (code) => boroughs.get(code) ?? code,
    monthName: (month) => months.format(new Date(`${month}-01T00:00:00Z`)),
    formatNumber: (value) => numbers.format(value),
    formatDay: (day) => days.format(new Date(`${day}T00:00:00Z`)),
  };
}

/** Tab names: Excel allows 31 characters and none of []:*?/\ . */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim();
}

export function summarySections(summary: MonthlySummary, context: ExportContext): Section[] {
  const { t, codeLabel, boroughName } = context;
  const f = summary.figures;
  const column = (key: string, kind: CellKind): Column => ({ label: t(`report.columns.${key}`), kind, ...(key === 'code' ? { machine: true } : {}) });
  const section = (id: SectionId, columns: Column[], rows: Cell[][], chart?: Section['chart']): Section => ({
    id,
    title: t(`report.sections.${id}`),
    sheetName: sheetName(t(`report.sheets.${id}`)),
    columns,
    rows,
    chart,
  });
  const codeSection = (id: SectionId, list: ReportList, labelColumn: string, counts: CodeCount[]) =>
    section(
      id,
      [column('code', 'text'), column(labelColumn, 'text'), column('conversations', 'integer')],
      counts.map((c) => [c.code, codeLabel(list, c.code), c.count]),
      { label: 1, value: 2 },
    );
  const activityColumns = [column('events', 'integer'), column('volunteerHours', 'decimal'), column('visitors', 'integer'), column('conversations', 'integer')];
  const h = f.headline;
  return [
    section(
      'headline',
      [column('code', 'text'), column('measure', 'text'), column('value', 'decimal')],
      [
        ['events', t('report.measures.events'), h.events],
        ['volunteer_hours', t('report.measures.volunteerHours'), h.volunteerHours],
        ['visitors_adults', t('report.measures.adults'), h.adults],
        ['visitors_children', t('report.measures.children'), h.children],
        ['visitors', t('report.measures.visitors'), h.visitors],
        ['conversations', t('report.measures.conversations'), h.conversations],
        ['conversations_per_event', t('report.measures.conversationsPerEvent'), h.conversationsPerEvent],
      ],
    ),
    codeSection('topics', 'topic', 'topic', f.byTopic),
    codeSection('topicGroups', 'topic_group', 'topicGroup', f.byTopicGroup),
    codeSection('outcomes', 'outcome', 'outcome', f.byOutcome),
    section(
      'trend',
      [column('weekStarting', 'day'), column('from', 'day'), column('to', 'day'), column('events', 'integer'), column('visitors', 'integer'), column('conversations', 'integer')],
      f.trend.map((p) => [p.start, p.from, p.to, p.events, p.visitors, p.conversations]),
      { label: 0, value: 5 },
    ),
    codeSection('age', 'age', 'band', f.reach.age),
    codeSection('sex', 'sex', 'band', f.reach.sex),
    codeSection('ethnicGroup', 'ethnicity_group', 'band', f.reach.ethnicGroup),
    codeSection('ethnicity', 'ethnicity', 'band', f.reach.ethnicity),
    codeSection('language', 'language', 'band', f.reach.language),
    section(
      'eventKinds',
      [column('code', 'text'), column('kind', 'text'), ...activityColumns],
      f.eventKinds.map((k) => [k.kind, codeLabel('event_kind', k.kind), k.events, k.volunteerHours, k.visitors, k.conversations]),
    ),
    section(
      'boroughs',
      [column('onsCode', 'text'), column('borough', 'text'), ...activityColumns],
      f.boroughs.map((b) => [b.authorityCode, boroughName(b.authorityCode), b.events, b.volunteerHours, b.visitors, b.conversations]),
    ),
    section(
      'sites',
      [column('rank', 'integer'), column('site', 'text'), column('borough', 'text'), ...activityColumns],
      f.sites.map((s) => [s.rank, s.name, boroughName(s.authorityCode), s.events, s.volunteerHours, s.visitors, s.conversations]),
    ),
    section(
      'dataQuality',
      [column('code', 'text'), column('check', 'text'), column('count', 'integer')],
      [
        ['open_sessions', t('report.quality.openSessions'), f.dataQuality.openSessions],
        ['sessions_without_records', t('report.quality.sessionsWithoutRecords'), f.dataQuality.sessionsWithoutRecords],
        ['conversations_without_outcome', t('report.quality.conversationsWithoutOutcome'), f.dataQuality.conversationsWithoutOutcome],
      ],
    ),
  ];
}

/** What the summary covers, as label/value pairs for a file's front matter. */
export function aboutRows(summary: MonthlySummary, context: ExportContext): [string, string][] {
  const { t } = context;
  return [
    [t('report.about.organisation'), summary.organisationName],
    [t('report.about.month'), context.monthName(summary.month)],
    [
      t('report.about.boroughs'),
      summary.authorityCodes.length === 0 ? t('report.about.allBoroughs') : summary.authorityCodes.map(context.boroughName).join('; '),
    ],
    [t('report.about.sites'), summary.sites.length === 0 ? t('report.about.allSites') : summary.sites.map((s) => s.name).join('; ')],
    [t('report.about.generated'), summary.generatedAt],
    [t('report.about.countingRules'), t('report.about.countingRulesText')],
  ];
}

/** The file name for an export of a summary: outreach-summary-2026-09.csv (filters noted). */
export function exportFileName(summary: MonthlySummary, extension: string): string {
  const limited = summary.authorityCodes.length > 0 || summary.sites.length > 0 ? '-selected' : '';
  return `outreach-summary-${summary.month}${limited}.${extension}`;
}
