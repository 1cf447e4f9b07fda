// What migration 0007's triggers would have written for an import's rows, worked out in
// JavaScript while the rows are written and added before the import commits. The import
// pauses those triggers for its transaction: through them, 100,000 rows cost ~15 upserts each
// (10 s), and counting the written rows again in SQL cost ~2 s (a GROUP BY over a million
// contribution rows); counting here, where every value is at hand, costs a tenth of that.
//
// What a conversation counts under is exactly what 0007's triggers count (contribution()):
// its age band, sex, ethnicity and language; each topic; each topic group once; each
// outcome; 'no_outcome' when it has none. Imported conversations and events are live.
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../db/connection.ts';

/**
 * code_set ids (0007) of sets of codes, found through a tree of the codes themselves: the
 * codes are the lookup tables' own strings, whose hashes V8 keeps, so no string is built or
 * hashed per row. A set new to this import is interned in code_set.
 */
export class CodeSetIds {
  private readonly root: TrieNode = { next: new Map() };
  /** Every set already in code_set (a few thousand), read once rather than asked one by one. */
  private readonly known: Map<string, number>;
  private readonly intern: Statement;

  constructor(db: SqliteDatabase) {
    this.known = new Map((db.prepare('SELECT codes, id FROM code_set').raw(true).all() as [string, number][]));
    this.intern = db.prepare('INSERT INTO code_set (codes) VALUES (?)');
  }

  /** The id of the codes in this order (bands: age, sex, ethnicity, language). */
  ofSequence(codes: readonly string[]): number {
    let node = this.root;
    for (const code of codes) {
      let next = node.next.get(code);
      if (!next) node.next.set(code, (next = { next: new Map() }));
      node = next;
    }
    if (node.id === undefined) {
      const text = codes.join(' ');
      let id = this.known.get(text);
      if (id === undefined) this.known.set(text, (id = Number(this.intern.run(text).lastInsertRowid)));
      node.id = id;
    }
    return node.id;
  }

  /** The id of a set of codes: sorted, as the triggers write it. */
  ofSet(codes: readonly string[]): number {
    return this.ofSequence(codes.length < 2 ? codes : [...codes].sort());
  }
}

interface TrieNode {
  id?: number;
  next: Map<string, TrieNode>;
}

const ROWS_PER_STATEMENT = 100;

/** Upserts rows of `width` values, a hundred per statement (per-call overhead dominates). */
function upsertAll(db: SqliteDatabase, head: string, width: number, tail: string, rows: unknown[][]): void {
  const tuple = `(${new Array(width).fill('?').join(', ')})`;
  const statementFor = (n: number) => db.prepare(`${head} VALUES ${new Array(n).fill(tuple).join(', ')} ${tail}`);
  const full = rows.length >= ROWS_PER_STATEMENT ? statementFor(ROWS_PER_STATEMENT) : null;
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) full!.run(rows.slice(i, i + ROWS_PER_STATEMENT).flat());
  if (i < rows.length) statementFor(rows.length - i).run(rows.slice(i).flat());
}

const addConversations = 'DO UPDATE SET conversations = conversations + excluded.conversations';

export class ImportTallies {
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
  private readonly topicGroupOf: Map<string, string>;

  constructor(db: SqliteDatabase) {
    const groups = db.prepare(`SELECT code, group_code FROM reference_item WHERE list = 'topic'`).raw(true).all() as [string, string | null][];
    this.topicGroupOf = new Map(groups.map(([code, group]) => [code, group ?? 'ungrouped']));
  }

  private numberOf(dimension: string, code: string): number {
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

  conversation(
    day: string,
    eventId: number,
    kind: string,
    bands: { age: string; sex: string; ethnicity: string; language: string },
    topics: readonly string[],
    outcomes: readonly string[],
  ): void {
    this.dayEvent(day, eventId)[0]! += 1;
    const counts = this.bucket(day, kind);
    const add = (dimension: string, code: string) => {
      const n = this.numberOf(dimension, code);
      counts[n] = (counts[n] ?? 0) + 1;
    };
    add('age', bands.age);
    add('sex', bands.sex);
    add('ethnicity', bands.ethnicity);
    add('language', bands.language);
    for (const topic of topics) add('topic', topic);
    if (topics.length === 1) add('topic_group', this.groupOf(topics[0]!));
    else for (const group of new Set(topics.map((topic) => this.groupOf(topic)))) add('topic_group', group);
    for (const outcome of outcomes) add('outcome', outcome);
    if (outcomes.length === 0) add('no_outcome', '');
  }

  private groupOf(topic: string): string {
    return this.topicGroupOf.get(topic) ?? 'ungrouped';
  }

  visit(day: string, eventId: number, adults: number, children: number): void {
    const counts = this.dayEvent(day, eventId);
    counts[1]! += 1;
    counts[2]! += adults;
    counts[3]! += children;
  }

  /** Adds everything counted to the tally tables (inside the import's transaction). */
  write(db: SqliteDatabase): void {
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
      db,
      'INSERT INTO report_day_code (local_day, dimension, code, conversations)',
      4,
      `ON CONFLICT (local_day, dimension, code) ${addConversations}`,
      dayRows,
    );
    upsertAll(
      db,
      'INSERT INTO report_month_code (month, kind, dimension, code, conversations)',
      5,
      `ON CONFLICT (month, kind, dimension, code) ${addConversations}`,
      monthRows,
    );
    const eventRows: unknown[][] = [];
    for (const [day, events] of this.dayEvents) for (const [eventId, counts] of events) eventRows.push([day, eventId, ...counts]);
    upsertAll(
      db,
      'INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)',
      6,
      `ON CONFLICT (local_day, event_id) DO UPDATE SET conversations = conversations + excluded.conversations,
         visits = visits + excluded.visits, adults = adults + excluded.adults, children = children + excluded.children`,
      eventRows,
    );
  }
}
