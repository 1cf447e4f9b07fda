// How a bulk writer (the seed, the import, the team merge) pauses the tally triggers for its
// transaction and catches the tallies up before it commits (docs/tallies.md, "Bulk writers").
import type { Store } from '../db/store.ts';
import { CodeSetIds } from './code-sets.ts';
import { countConversation, type TopicGroups } from './count.ts';
import { UNGROUPED, type Bands, type TallyDimension } from './dimensions.ts';

const ROWS_PER_STATEMENT = 100;

/** Upserts rows of `width` values, a hundred per statement (per-call overhead dominates). */
function upsertAll(store: Store, head: string, width: number, tail: string, rows: unknown[][]): void {
  const tuple = `(${new Array(width).fill('?').join(', ')})`;
  const statementFor = (n: number) => store.sqlite.prepare(`${head} VALUES ${new Array(n).fill(tuple).join(', ')} ${tail}`);
  const full = rows.length >= ROWS_PER_STATEMENT ? statementFor(ROWS_PER_STATEMENT) : null;
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) full!.run(rows.slice(i, i + ROWS_PER_STATEMENT).flat());
  if (i < rows.length) statementFor(rows.length - i).run(rows.slice(i).flat());
}

const addConversations = 'DO UPDATE SET conversations = conversations + excluded.conversations';

/** The set columns of a conversation row, as the paused triggers would have written them. */
export interface ConversationSetColumns {
  topic_set: number;
  outcome_set: number;
  band_set: number;
  outcome_count: number;
}

/**
 * The tallies of the rows a bulk writer adds while the triggers are paused, counted in
 * JavaScript as they are written (through the triggers, 100,000 rows cost ~15 upserts each,
 * 10 s; counted here, where every value is at hand, a tenth of a second) and added at catchUp.
 */
export class PausedTallies {
  /** Every (dimension, code) counted, numbered: its counts are arrays indexed by that number. */
  private readonly numbers = new Map<string, Map<string, number>>();
  private readonly keys: [string, string][] = [];
  /** day -> kind -> counts by (dimension, code) number. */
  private readonly buckets = new Map<string, Map<string, number[]>>();
  private lastDay = '';
  private lastKind = '';
  private lastBucket: number[] = [];
  /** day -> event -> [conversations, visits, adults, children]. */
  private readonly dayEvents = new Map<string, Map<number, number[]>>();
  private readonly topicGroupOf: TopicGroups;
  private firstNewEvent: number | null = null;
  private caughtUp = false;
  /** The code_set ids of the rows' sets. */
  readonly sets: CodeSetIds;
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
    const groups = store.sqlite.prepare(`SELECT code, group_code FROM reference_item WHERE list = 'topic'`).raw(true).all() as [string, string | null][];
    this.topicGroupOf = new Map(groups.map(([code, group]) => [code, group ?? UNGROUPED]));
    this.sets = new CodeSetIds(store);
  }

  /** The set columns to write on a conversation row. */
  setColumns(bands: Bands, topics: readonly string[], outcomes: readonly string[]): ConversationSetColumns {
    return {
      topic_set: this.sets.ofSet(topics),
      outcome_set: this.sets.ofSet(outcomes),
      band_set: this.sets.ofSequence([bands.age, bands.sex, bands.ethnicity, bands.language]),
      outcome_count: outcomes.length,
    };
  }

  /** Events with this id and above were written: their volunteer_hours are summed at catchUp. */
  eventsFrom(firstEventId: number): void {
    this.firstNewEvent = Math.min(this.firstNewEvent ?? firstEventId, firstEventId);
  }

  /** A live conversation at a live event of this kind (deleted ones count under nothing). */
  conversation(day: string, eventId: number, kind: string, bands: Bands, topics: readonly string[], outcomes: readonly string[]): void {
    this.dayEvent(day, eventId)[0]! += 1;
    const counts = this.bucket(day, kind);
    countConversation({ bands, topics, outcomes }, this.topicGroupOf, (dimension, code) => {
      const n = this.numberOf(dimension, code);
      counts[n] = (counts[n] ?? 0) + 1;
    });
  }

  /** A live visit (at an event, deleted or not: report_day_event keeps both). */
  visit(day: string, eventId: number, adults: number, children: number): void {
    const counts = this.dayEvent(day, eventId);
    counts[1]! += 1;
    counts[2]! += adults;
    counts[3]! += children;
  }

  /** Adds everything counted to the tally tables and sets the triggers running again. */
  catchUp(): void {
    if (this.caughtUp) throw new Error('The tallies were already caught up.');
    this.caughtUp = true;
    if (this.firstNewEvent !== null) {
      this.store.sqlite
        .prepare('UPDATE event SET volunteer_hours = (SELECT total(hours) FROM event_volunteer WHERE event_id = event.id) WHERE id >= ?')
        .run(this.firstNewEvent);
    }
    this.writeCodes();
    const eventRows: unknown[][] = [];
    for (const [day, events] of this.dayEvents) for (const [eventId, counts] of events) eventRows.push([day, eventId, ...counts]);
    upsertAll(
      this.store,
      'INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)',
      6,
      `ON CONFLICT (local_day, event_id) DO UPDATE SET conversations = conversations + excluded.conversations,
         visits = visits + excluded.visits, adults = adults + excluded.adults, children = children + excluded.children`,
      eventRows,
    );
    this.store.sqlite.prepare('UPDATE report_tally_state SET paused = 0').run();
  }

  private writeCodes(): void {
    const dayRows: unknown[][] = [];
    const months = new Map<string, number[]>(); // "month kind" -> counts
    for (const [day, kinds] of this.buckets) {
      const sum: number[] = [];
      for (const [kind, counts] of kinds) {
        const monthKey = `${day.slice(0, 7)} ${kind}`;
        let month = months.get(monthKey);
        if (!month) months.set(monthKey, (month = []));
        counts.forEach((n, i) => {
          sum[i] = (sum[i] ?? 0) + n;
          month[i] = (month[i] ?? 0) + n;
        });
      }
      sum.forEach((n, i) => {
        if (n) dayRows.push([day, ...this.keys[i]!, n]);
      });
    }
    const monthRows: unknown[][] = [];
    for (const [monthKind, counts] of months) {
      const month = monthKind.slice(0, 7);
      const kind = monthKind.slice(8);
      counts.forEach((n, i) => {
        if (n) monthRows.push([month, kind, ...this.keys[i]!, n]);
      });
    }
    upsertAll(
      this.store,
      'INSERT INTO report_day_code (local_day, dimension, code, conversations)',
      4,
      `ON CONFLICT (local_day, dimension, code) ${addConversations}`,
      dayRows,
    );
    upsertAll(
      this.store,
      'INSERT INTO report_month_code (month, kind, dimension, code, conversations)',
      5,
      `ON CONFLICT (month, kind, dimension, code) ${addConversations}`,
      monthRows,
    );
  }

  private numberOf(dimension: TallyDimension, code: string): number {
    let codes = this.numbers.get(dimension);
    if (!codes) this.numbers.set(dimension, (codes = new Map()));
    let n = codes.get(code);
    if (n === undefined) {
      codes.set(code, (n = this.keys.length));
      this.keys.push([dimension, code]);
    }
    return n;
  }

  private bucket(day: string, kind: string): number[] {
    // Rows come session by session: the same day and kind as the last row, nearly always.
    if (day === this.lastDay && kind === this.lastKind) return this.lastBucket;
    let kinds = this.buckets.get(day);
    if (!kinds) this.buckets.set(day, (kinds = new Map()));
    let counts = kinds.get(kind);
    if (!counts) kinds.set(kind, (counts = []));
    this.lastDay = day;
    this.lastKind = kind;
    this.lastBucket = counts;
    return counts;
  }

  private dayEvent(day: string, eventId: number): number[] {
    let events = this.dayEvents.get(day);
    if (!events) this.dayEvents.set(day, (events = new Map()));
    let counts = events.get(eventId);
    if (!counts) events.set(eventId, (counts = [0, 0, 0, 0]));
    return counts;
  }
}

/**
 * Pauses the tally triggers until `catchUp`, inside the caller's transaction only (the pause is
 * a row written in it, so it never commits and no other connection sees it). Whatever the
 * writer adds meanwhile it reports here: conversations with their set columns, visits, events.
 */
export function pauseTallies(store: Store): PausedTallies {
  if (!store.sqlite.inTransaction) throw new Error('pauseTallies: only inside the bulk writer’s own transaction.');
  store.sqlite.prepare('UPDATE report_tally_state SET paused = 1').run();
  return new PausedTallies(store);
}
