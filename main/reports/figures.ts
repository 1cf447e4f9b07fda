// The shapes of the dashboard and the monthly summary: plain data (codes and numbers, no
// labels), shared by the services, the exports and the renderer. Types only: the renderer
// imports this file.
import type { DayRange, TrendGranularity } from '../../shared/days.ts';

export type { DayRange, TrendGranularity } from '../../shared/days.ts';

/** What to count. Every list narrows the records to events matching one of its entries. */
export interface ReportFilters {
  from: string;
  to: string;
  authorityCodes?: string[] | undefined;
  siteIds?: number[] | undefined;
  kinds?: string[] | undefined;
  volunteerIds?: number[] | undefined;
  /** The laptops that recorded the events (a team's merged records; main/team/origin.ts). */
  laptopIds?: string[] | undefined;
}

export interface CodeCount {
  code: string;
  count: number;
}

export interface Activity {
  events: number;
  volunteerHours: number;
  visitors: number;
  conversations: number;
}

export interface SiteActivity extends Activity {
  rank: number;
  siteId: number;
  name: string;
  authorityCode: string;
}

export interface BoroughActivity extends Activity {
  authorityCode: string;
}

export interface KindActivity extends Activity {
  kind: string;
}

export interface TrendPoint {
  /** The week's Monday or the month's first day (may fall before the range starts). */
  start: string;
  from: string;
  to: string;
  events: number;
  visitors: number;
  conversations: number;
}

export interface Headline {
  events: number;
  volunteerHours: number;
  visitors: number;
  adults: number;
  children: number;
  conversations: number;
  /** Conversations divided by events, to one decimal place; null when there were no events. */
  conversationsPerEvent: number | null;
}

export type ReachDimension = 'age' | 'sex' | 'ethnicGroup' | 'ethnicity' | 'language';

/** The report's "Data-quality notes" (gaps in the records of the range); the Events screen's "Data checks" are DataChecksSummary. */
export interface DataQualityNotes {
  /** Sessions in the range with no end time. */
  openSessions: number;
  /** Sessions in the range with no live visit or conversation recorded at them at all. */
  sessionsWithoutRecords: number;
  /** Conversations in the range with no outcome. */
  conversationsWithoutOutcome: number;
}

export interface DashboardFigures {
  range: DayRange;
  granularity: TrendGranularity;
  headline: Headline;
  /** Conversations that touched each topic (one conversation may touch several). */
  byTopic: CodeCount[];
  /** Conversations that touched any topic of each group. */
  byTopicGroup: CodeCount[];
  byOutcome: CodeCount[];
  reach: Record<ReachDimension, CodeCount[]>;
  trend: TrendPoint[];
  eventKinds: KindActivity[];
  boroughs: BoroughActivity[];
  /** Every site with activity in the range, most conversations first. */
  sites: SiteActivity[];
  dataQuality: DataQualityNotes;
}

export interface MonthlySummary {
  month: string;
  organisationName: string;
  /** The boroughs and sites the summary is limited to (empty: all). */
  authorityCodes: string[];
  sites: { id: number; name: string; authorityCode: string }[];
  /** The volunteers and the laptops it is limited to (empty: all). */
  volunteers: { id: number; name: string }[];
  laptops: { id: string; name: string }[];
  generatedAt: string;
  figures: DashboardFigures;
}

/** Which records stand behind a figure; the filters say where and when. */
export type RecordSlice =
  | { records: 'events'; only?: 'open' | 'withoutRecords' | undefined }
  | { records: 'visits' }
  | {
      records: 'conversations';
      topic?: string | undefined;
      topicGroup?: string | undefined;
      outcome?: string | undefined;
      band?: { dimension: ReachDimension; code: string } | undefined;
      withoutOutcome?: boolean | undefined;
    };

export interface RecordCursor {
  day: string;
  eventId: number;
  id: number;
}

export interface ReportConversationRow {
  id: number;
  recordedAt: string;
  eventId: number;
  siteName: string;
  authorityCode: string;
  kind: string;
  depth: string;
  topics: string[];
  outcomes: string[];
  ageBand: string;
  sex: string;
  ethnicity: string;
  language: string;
  safeguarding: boolean;
}

export interface ReportEventRow {
  id: number;
  startsAt: string;
  endsAt: string | null;
  siteName: string;
  authorityCode: string;
  kind: string;
  volunteerHours: number;
  visitors: number;
  conversations: number;
}

export interface ReportVisitRow {
  id: number;
  recordedAt: string;
  eventId: number;
  siteName: string;
  authorityCode: string;
  kind: string;
  adults: number;
  children: number;
}

export type RecordsPage =
  | { records: 'conversations'; rows: ReportConversationRow[]; next: RecordCursor | null }
  | { records: 'events'; rows: ReportEventRow[]; next: RecordCursor | null }
  | { records: 'visits'; rows: ReportVisitRow[]; next: RecordCursor | null };

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';
export const exportFormats: readonly ExportFormat[] = ['csv', 'xlsx', 'pdf'];
