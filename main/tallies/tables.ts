// Kysely types of the tally tables and columns (migrations 0007 and 0012), for db/schema.ts.
import type { ColumnType } from 'kysely';
import type { TallyDimension } from './dimensions.ts';

/** A set of codes, sorted and space-separated, interned once: its id never changes meaning. */
export interface CodeSetTable {
  id: ColumnType<number, number | undefined, never>;
  /** '' (id 0) is the empty set. */
  codes: string;
}

/** 1 while a bulk writer has the triggers paused inside its transaction (pauseTallies). */
export interface ReportTallyStateTable {
  id: number;
  paused: number;
}

/** Live conversations and visits per London day and event (deleted events included). */
export interface ReportDayEventTable {
  local_day: string;
  event_id: number;
  conversations: number;
  visits: number;
  adults: number;
  children: number;
}

/** Live conversations at live events per London day, by (dimension, code). */
export interface ReportDayCodeTable {
  local_day: string;
  dimension: TallyDimension;
  code: string;
  conversations: number;
}

/** The same per month and kind of event. */
export interface ReportMonthCodeTable {
  month: string;
  kind: string;
  dimension: TallyDimension;
  code: string;
  conversations: number;
}

/** A value the tally triggers keep, or a bulk writer that paused them writes itself. */
type Kept<T> = ColumnType<T, T | undefined, T>;

/** The columns the triggers keep on conversation: its sets as code_set ids, and its outcomes' count. */
export interface ConversationTallyColumns {
  topic_set: Kept<number>;
  outcome_set: Kept<number>;
  /** "age sex ethnicity language". */
  band_set: Kept<number>;
  outcome_count: Kept<number>;
}

/** The column the triggers keep on event: the total of its volunteers' hours. */
export interface EventTallyColumns {
  volunteer_hours: Kept<number>;
}

export interface TallyTables {
  code_set: CodeSetTable;
  report_tally_state: ReportTallyStateTable;
  report_day_event: ReportDayEventTable;
  report_day_code: ReportDayCodeTable;
  report_month_code: ReportMonthCodeTable;
}
