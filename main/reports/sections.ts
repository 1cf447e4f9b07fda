// The monthly summary as labelled tables, one per section: what the CSV, XLSX and PDF writers
// lay out, each in its own way. Every number comes straight from the MonthlySummary, so the
// three files and the screen show the same figures.
import type { Store } from '../db/store.ts';
import type { ProtectedCount } from '../sync/protocol.ts';
import type { CodeCount, MonthlySummary } from './figures.ts';
import { exportTranslator, type Translate } from '../../shared/labels.ts';
import { reportLists, type ListedCode, type ReportList } from './reference-lists.ts';
import { BAND_TABLES, SHARE_SAFE_BANDS, type PublishedSum, type ShareSafeSummary } from './share-safe.ts';

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
  /** For machines only (CSV, XLSX): a printed page leaves the whole section out. */
  machineOnly?: boolean | undefined;
}

/** Everything a file holds, whichever summary it comes from: the writers lay out only this. */
export interface ReportDocument {
  organisationName: string;
  month: string;
  generatedAt: string;
  /** "Monthly summary: September 2026", or its share-safe form. */
  title: string;
  /** Said first, on the first page (the share-safe summary says what protects its figures). */
  notice?: { heading: string; text: string } | undefined;
  about: [string, string][];
  sections: Section[];
  fileName(extension: string): string;
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
  'topicOutcomes',
  'publishedCells',
] as const;
export type SectionId = (typeof sectionIds)[number];

export interface ExportContext {
  t: Translate;
  codeLabel(list: ReportList, code: string): string;
  boroughName(code: string): string;
  monthName(month: string): string;
  formatNumber(value: number): string;
  formatDay(day: string): string;
  /** An instant as London time in words: "7 December 2026, 15:34". */
  formatDateTime(iso: string): string;
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
  const londonDays = new Intl.DateTimeFormat(t.language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
  const londonTimes = new Intl.DateTimeFormat(t.language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });
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
    formatDateTime: (iso) => `${londonDays.format(new Date(iso))}, ${londonTimes.format(new Date(iso))}`,
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
    // Only when chosen: most organisations have one laptop, and a summary covers every volunteer.
    ...(summary.volunteers.length > 0 ? [[t('report.about.volunteers'), summary.volunteers.map((v) => v.name).join('; ')] as [string, string]] : []),
    ...(summary.laptops.length > 0 ? [[t('report.about.laptops'), summary.laptops.map((l) => l.name).join('; ')] as [string, string]] : []),
    [t('report.about.figuresAsAt'), context.formatDateTime(summary.generatedAt)],
    [t('report.about.countingRules'), t('report.about.countingRulesText')],
  ];
}

/** The file name for an export of a summary: outreach-summary-2026-09.csv (filters noted). */
export function exportFileName(summary: MonthlySummary, extension: string): string {
  const limited = summary.authorityCodes.length + summary.sites.length + summary.volunteers.length + summary.laptops.length > 0 ? '-selected' : '';
  return `outreach-summary-${summary.month}${limited}.${extension}`;
}

export function summaryDocument(summary: MonthlySummary, context: ExportContext): ReportDocument {
  return {
    organisationName: summary.organisationName,
    month: summary.month,
    generatedAt: summary.generatedAt,
    title: `${context.t('report.title')}: ${context.monthName(summary.month)}`,
    about: aboutRows(summary, context),
    sections: summarySections(summary, context),
    fileName: (extension) => exportFileName(summary, extension),
  };
}

/** A published count as a cell: the number, or the words for a suppressed one. */
function publishedCell(count: ProtectedCount, context: ExportContext): Cell {
  return count === 'suppressed' ? context.t('report.shareSafe.suppressed') : count;
}

/**
 * The share-safe summary as sections. Borough rows are the published figures themselves;
 * every other figure is a sum of them, with how many figures it had to leave out.
 */
export function shareSafeSections(summary: ShareSafeSummary, context: ExportContext): Section[] {
  const { t, codeLabel, boroughName } = context;
  const totals = summary.totals;
  const column = (key: string, kind: CellKind): Column => ({ label: t(`report.columns.${key}`), kind, ...(key === 'code' ? { machine: true } : {}) });
  const leftOut = column('leftOut', 'integer');
  const section = (id: SectionId, columns: Column[], rows: Cell[][], extra: Partial<Section> = {}): Section => ({
    id,
    title: t(`report.sections.${id}`),
    sheetName: sheetName(t(`report.sheets.${id}`)),
    columns,
    rows,
    ...extra,
  });
  const sum = (s: PublishedSum): Cell[] => [s.value, s.leftOut];
  const bandList = { age: 'age', sex: 'sex', ethnicGroup: 'ethnicity_group', language: 'language' } as const;
  const published: Cell[][] = [];
  for (const b of summary.boroughs) {
    published.push([b.authorityCode, 'conversations', '', '', b.conversations]);
    if (!b.byTopic) continue;
    for (const c of b.byTopic.cells) published.push([b.authorityCode, 'byTopic', c.topic, '', c.count]);
    for (const row of b.byTopic.withheldRows) published.push([b.authorityCode, 'byTopic', row, '', 'withheld']);
    for (const c of b.byTopicOutcome!.cells) published.push([b.authorityCode, 'byTopicOutcome', c.topic, c.outcome, c.count]);
    for (const row of b.byTopicOutcome!.withheldRows) published.push([b.authorityCode, 'byTopicOutcome', row, '', 'withheld']);
    for (const band of SHARE_SAFE_BANDS) {
      const table = b[BAND_TABLES[band]]!;
      for (const c of table.cells) published.push([b.authorityCode, BAND_TABLES[band], c.topicGroup, c.band, c.count]);
      for (const row of table.withheldRows) published.push([b.authorityCode, BAND_TABLES[band], row, '', 'withheld']);
    }
  }
  return [
    section(
      'headline',
      [column('code', 'text'), column('measure', 'text'), column('value', 'integer'), leftOut],
      [
        ['events', t('report.measures.events'), totals.sessions, 0],
        ['volunteer_hours', t('report.measures.volunteerHours'), totals.volunteerHours, 0],
        ['visitors_adults', t('report.measures.adults'), ...sum(totals.visitorsAdults)],
        ['visitors_children', t('report.measures.children'), ...sum(totals.visitorsChildren)],
        ['conversations', t('report.measures.conversations'), ...sum(totals.conversations)],
      ],
    ),
    section(
      'boroughs',
      [column('onsCode', 'text'), column('borough', 'text'), column('events', 'integer'), column('volunteerHours', 'integer'), column('adults', 'integer'), column('children', 'integer'), column('conversations', 'integer')],
      summary.boroughs.map((b) => {
        const adults = b.activity.map((a) => a.visitorsAdults);
        const children = b.activity.map((a) => a.visitorsChildren);
        // A borough's visitors are published per kind of event; one kind: its figure as published, several: their published sum.
        const visitors = (counts: ProtectedCount[]): Cell =>
          counts.length === 1 ? publishedCell(counts[0]!, context) : counts.every((c) => c === 0) ? 0 : publishedSumText(counts, context);
        return [
          b.authorityCode,
          boroughName(b.authorityCode),
          b.activity.reduce((n, a) => n + a.sessions, 0),
          b.activity.reduce((n, a) => n + a.volunteerHours, 0),
          visitors(adults),
          visitors(children),
          publishedCell(b.conversations, context),
        ];
      }),
    ),
    section(
      'topics',
      [column('code', 'text'), column('topic', 'text'), column('conversations', 'integer'), leftOut],
      totals.byTopic.map((r) => [r.topic, codeLabel('topic', r.topic), ...sum(r.count)]),
      { chart: { label: 1, value: 2 } },
    ),
    section(
      'topicOutcomes',
      [column('code', 'text'), column('topic', 'text'), column('outcome', 'text'), column('conversations', 'integer'), leftOut],
      totals.byTopicOutcome.map((r) => [`${r.topic} ${r.outcome}`, codeLabel('topic', r.topic), codeLabel('outcome', r.outcome), ...sum(r.count)]),
    ),
    ...SHARE_SAFE_BANDS.map((band) =>
      section(
        band,
        [column('code', 'text'), column('topicGroup', 'text'), column('band', 'text'), column('conversations', 'integer'), leftOut],
        totals.byGroupBand[band].map((r) => [`${r.topicGroup} ${r.band}`, codeLabel('topic_group', r.topicGroup), codeLabel(bandList[band], r.band), ...sum(r.count)]),
      ),
    ),
    section(
      'eventKinds',
      [column('code', 'text'), column('kind', 'text'), column('events', 'integer'), column('volunteerHours', 'integer'), column('adults', 'integer'), leftOut, column('children', 'integer'), leftOut],
      totals.eventKinds.map((k) => [k.eventKind, codeLabel('event_kind', k.eventKind), k.sessions, k.volunteerHours, ...sum(k.visitorsAdults), ...sum(k.visitorsChildren)]),
    ),
    section(
      'publishedCells',
      [column('onsCode', 'text'), column('table', 'text'), column('firstCode', 'text'), column('secondCode', 'text'), column('count', 'text')],
      published,
      { machineOnly: true },
    ),
  ];
}

/** Several published counts of one borough written as one: their sum, noting when some were suppressed. */
function publishedSumText(counts: ProtectedCount[], context: ExportContext): Cell {
  const value = counts.reduce<number>((n, c) => n + (c === 'suppressed' ? 0 : c), 0);
  const suppressed = counts.filter((c) => c === 'suppressed').length;
  return suppressed === 0 ? value : context.t('report.shareSafe.sumWithSuppressed', { value: context.formatNumber(value), suppressed });
}

export function shareSafeDocument(summary: ShareSafeSummary, context: ExportContext): ReportDocument {
  const { t } = context;
  const month = context.monthName(summary.month);
  const boroughs = summary.authorityCodes.length === 0 ? t('report.about.allBoroughs') : summary.authorityCodes.map(context.boroughName).join('; ');
  const protection = t('report.shareSafe.noticeText', {
    version: summary.policyVersion,
    threshold: summary.policy.threshold,
    base: summary.policy.roundingBase,
    smallest: summary.policy.threshold + 1,
  });
  return {
    organisationName: summary.organisationName,
    month: summary.month,
    generatedAt: summary.generatedAt,
    title: `${t('report.shareSafe.title')}: ${month}`,
    notice: { heading: t('report.shareSafe.noticeHeading'), text: protection },
    about: [
      [t('report.shareSafe.noticeHeading'), protection],
      [t('report.about.organisation'), summary.organisationName],
      [t('report.about.month'), month],
      [t('report.about.boroughs'), boroughs],
      [t('report.about.figuresAsAt'), context.formatDateTime(summary.generatedAt)],
      [t('report.shareSafe.policy'), `${summary.policyVersion} (${summary.policy.method}, ${summary.policy.threshold}, ${summary.policy.roundingBase})`],
      [t('report.shareSafe.leftOutHeading'), t('report.shareSafe.leftOutText')],
    ],
    sections: shareSafeSections(summary, context),
    fileName: (extension) => `outreach-summary-${summary.month}-share-safe${summary.authorityCodes.length > 0 ? '-selected' : ''}.${extension}`,
  };
}
