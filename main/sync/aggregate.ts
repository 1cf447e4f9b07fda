// Builds the fixed tables for one period, per borough (PRODUCT.md, "What leaves the device",
// rules 1 and 2), from indexed reads only (the local_day indexes, primary keys):
//   - activity (sessions, hours, visitors) and each event's borough: GROUP BY in SQLite,
//     over the period's events, or over its visits summed per event first;
//   - the conversation tables: one pass over the period's conversations that returns, per
//     conversation, its event and two strings (its bands; its topics and outcomes), tallied
//     per distinct combination and then expanded into cells. On the benchmark database this
//     is several times faster than GROUP BY over the conversation x topic x outcome join,
//     which SQLite can only do by sorting every joined row (see periodConversations).
//
// Counting rules, so that the numbers mean one thing:
//   - Live records only: a deleted conversation or visit is left out, and so is everything
//     recorded at a deleted event.
//   - Each record falls in the period of its own London day: sessions (and their volunteer
//     hours) by the day the event started, visits and conversations by the day they were
//     recorded. The borough is the event's site's local authority.
//   - conversations: distinct conversations. byTopic: conversations that touched the topic.
//     byTopicOutcome: conversations with that topic and that outcome. Topic group x band:
//     distinct conversations that touched any topic of the group, by their band; ethnicity is
//     rolled up from the ONS categories to their groups (reference_item group_code).
//   - Only cells with a non-zero exact count are listed (an absent cell means 0), unless
//     complementary suppression lists more (disclosure.ts). A borough with no live records in
//     the period is not listed at all.
//   - Only codes from the reference lists leave the device: no names, notes, site names,
//     volunteers or timestamps are ever selected here.
import { sql, type Compilable } from 'kysely';
import type { Statement } from 'better-sqlite3';
import type { Store } from '../db/store.ts';
import { protect, protectTable, type ExactCell } from './disclosure.ts';
import { periodRange, type PeriodRange } from './periods.ts';
import type { BoroughTables, DisclosurePolicy } from './protocol.ts';

export const TABLES = [
  'byTopic',
  'byTopicOutcome',
  'byTopicGroupAge',
  'byTopicGroupSex',
  'byTopicGroupEthnicGroup',
  'byTopicGroupLanguage',
] as const;
export type TableName = (typeof TABLES)[number];

/** Joins a cell's codes into one key. A space sorts before every code character ([a-z0-9_]), so keys sort as the code tuples do. */
const KEY_SEPARATOR = ' ';
export const cellKey = (...codes: string[]): string => codes.join(KEY_SEPARATOR);
const splitKey = (key: string): string[] => key.split(KEY_SEPARATOR);

/** A topic or ethnic category its list gives no group is counted under this group code. */
export const UNGROUPED = 'ungrouped';

export interface ActivityCounts {
  eventKind: string;
  sessions: number;
  volunteerHours: number;
  visitorsAdults: number;
  visitorsChildren: number;
}

export interface ExactBorough {
  authorityCode: string;
  activity: ActivityCounts[];
  conversations: number;
  tables: Record<TableName, ExactCell[]>;
}

/**
 * One row per live conversation in the period: its event id; its bands as one string,
 * "age sex ethnicity language"; its topics, "topic topic"; its outcomes, likewise. Bands in
 * one string because building strings in JavaScript is much of the cost of reading a row;
 * codes ([a-z0-9_]) never contain a space.
 */
type ConversationRow = [number, string, string, string];

/**
 * A single pass over the period's conversations on the conversation_by_day index, with each
 * conversation's topics and outcomes gathered by primary-key seeks. Measured on the
 * 1,000,000-conversation benchmark database, GROUP BY over the conversation x topic x outcome
 * join sorts every joined row through a temporary B-tree (about 1 microsecond a row) and took
 * ~500 ms for a month; this pass and tallying its rows takes a fraction of that, and every
 * table comes out of it at once.
 */
function periodConversations(store: Store, range: PeriodRange): ConversationRow[] {
  const codes = (table: 'conversation_topic' | 'conversation_outcome', column: 'topic' | 'outcome') =>
    sql<string>`coalesce((select group_concat(${sql.ref(column)}, ' ') from ${sql.table(table)} where conversation_id = c.id), '')`;
  return allAsArrays<ConversationRow>(
    store,
    store.qb
      .selectFrom('conversation as c')
      .where('c.local_day', '>=', range.first)
      .where('c.local_day', '<=', range.last)
      .where('c.deleted_at', 'is', null)
      .select([
        'c.event_id',
        sql<string>`c.age_band || ' ' || c.sex || ' ' || c.ethnicity || ' ' || c.language`.as('bands'),
        codes('conversation_topic', 'topic').as('topics'),
        codes('conversation_outcome', 'outcome').as('outcomes'),
      ]),
  );
}

const arrayStatements = new WeakMap<object, Map<string, Statement>>();

/**
 * Runs a query returning rows as arrays rather than objects: for the one query that returns a
 * row per conversation, this halves the time spent building its result in JavaScript.
 */
function allAsArrays<Row extends unknown[]>(store: Store, query: Compilable<unknown>): Row[] {
  const compiled = query.compile();
  let statements = arrayStatements.get(store.sqlite);
  if (!statements) arrayStatements.set(store.sqlite, (statements = new Map()));
  let statement = statements.get(compiled.sql);
  if (!statement) statements.set(compiled.sql, (statement = store.sqlite.prepare(compiled.sql).raw(true)));
  return statement.all(...(compiled.parameters as unknown[])) as Row[];
}

/** The live events the period's conversations were recorded at, with their borough. */
function conversationEvents(store: Store, range: PeriodRange): Map<number, string> {
  const eventIds = store.qb
    .selectFrom('conversation')
    .select('event_id')
    .where('local_day', '>=', range.first)
    .where('local_day', '<=', range.last);
  const rows = store.all(
    store.qb
      .selectFrom('event as e')
      .innerJoin('site as s', 's.id', 'e.site_id')
      .select(['e.id', 's.authority_code'])
      .where('e.id', 'in', eventIds)
      .where('e.deleted_at', 'is', null),
  );
  return new Map(rows.map((row) => [row.id, row.authority_code]));
}

/** Code -> group from a reference list (topic -> topic group, ethnic category -> ethnic group). */
function groupsOf(store: Store, list: 'topic' | 'ethnicity'): Map<string, string> {
  const rows = store.all(store.qb.selectFrom('reference_item').select(['code', 'group_code']).where('list', '=', list));
  return new Map(rows.map((row) => [row.code, row.group_code ?? UNGROUPED]));
}

/** Codes numbered in order of first sight, so cells can be tallied under integer keys. */
class CodeBook {
  readonly codes: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(known: Iterable<string> = []) {
    for (const code of known) this.numberOf(code);
  }
  numberOf(code: string): number {
    let n = this.index.get(code);
    if (n === undefined) {
      n = this.codes.length;
      this.codes.push(code);
      this.index.set(code, n);
    }
    return n;
  }
}

/** Two code numbers as one integer key; a list would need 2^20 codes to overflow it. */
const STRIDE = 1 << 20;
const pair = (a: number, b: number): number => a * STRIDE + b;

type Tallies = Record<TableName, Map<number, number>>;

function add(cells: Map<number, number>, key: number, n: number): void {
  cells.set(key, (cells.get(key) ?? 0) + n);
}

/** A distinct list of topics (as its row string), taken apart once. */
interface TopicSet {
  index: number;
  topics: number[];
  /** Index of its distinct set of topic groups. */
  groupSet: number;
}

/** A distinct list of outcomes, taken apart once. */
interface OutcomeSet {
  index: number;
  outcomes: number[];
}

/** A distinct "age sex ethnicity language", as band numbers (ethnicity as its group). */
interface BandSet {
  index: number;
  bands: [number, number, number, number];
}

interface BoroughCounts {
  conversations: number;
  /** Conversations by TopicSet x OutcomeSet. */
  byCodes: Map<number, number>;
  /** Conversations by topic-group set x BandSet. */
  byGroupsAndBands: Map<number, number>;
}

/** Memoises taking a row's string apart: the same strings recur thousands of times a month. */
function interned<T>(parse: (text: string, index: number) => T): { get(text: string): T; list: T[] } {
  const byText = new Map<string, T>();
  const list: T[] = [];
  return {
    list,
    get(text) {
      let found = byText.get(text);
      if (found === undefined) {
        found = parse(text, list.length);
        byText.set(text, found);
        list.push(found);
      }
      return found;
    },
  };
}

/**
 * Tallies conversation rows into the borough tables in two steps. Per row, only counts: one
 * for its topics with its outcomes, one for its topic groups with its bands (a few hash
 * lookups, two increments). Then each distinct combination is expanded into the cells it
 * adds to: work that follows the number of distinct combinations, not of rows.
 */
function tallyConversations(
  rows: readonly ConversationRow[],
  boroughOfEvent: Map<number, string>,
  topicGroupOf: Map<string, string>,
  ethnicGroupOf: Map<string, string>,
  borough: (code: string) => ExactBorough,
): void {
  const topics = new CodeBook(topicGroupOf.keys());
  const outcomes = new CodeBook();
  const groups = new CodeBook(new Set(topicGroupOf.values()));
  const bands = new CodeBook();
  const groupOfTopic: number[] = topics.codes.map((code) => groups.numberOf(topicGroupOf.get(code) ?? UNGROUPED));
  const groupSets = interned((text, index) => ({ index, members: text ? text.split(' ').map(Number) : [] }));
  const topicSets = interned<TopicSet>((text, index) => {
    const numbers = text ? text.split(' ').map((code) => topics.numberOf(code)) : [];
    // A conversation about two cancer topics is one cancer conversation in the group tables.
    const groupNumbers = [...new Set(numbers.map((t) => groupOfTopic[t] ?? (groupOfTopic[t] = groups.numberOf(UNGROUPED))))];
    return { index, topics: numbers, groupSet: groupSets.get(groupNumbers.sort((x, y) => x - y).join(' ')).index };
  });
  const outcomeSets = interned<OutcomeSet>((text, index) => ({
    index,
    outcomes: text ? text.split(' ').map((code) => outcomes.numberOf(code)) : [],
  }));
  const bandSets = interned<BandSet>((text, index) => {
    const [age = '', sex = '', ethnicity = '', language = ''] = text.split(' ');
    return {
      index,
      bands: [bands.numberOf(age), bands.numberOf(sex), bands.numberOf(ethnicGroupOf.get(ethnicity) ?? UNGROUPED), bands.numberOf(language)],
    };
  });
  const counts = new Map<string, BoroughCounts>();
  let lastEventId = -1;
  let entry: BoroughCounts | undefined;

  for (const [eventId, bandText, topicText, outcomeText] of rows) {
    // Rows come in (day, event) order: the borough changes only with the event.
    if (eventId !== lastEventId) {
      lastEventId = eventId;
      const authority = boroughOfEvent.get(eventId);
      entry = authority === undefined ? undefined : counts.get(authority);
      if (authority !== undefined && !entry) counts.set(authority, (entry = { conversations: 0, byCodes: new Map(), byGroupsAndBands: new Map() }));
    }
    if (!entry) continue; // recorded at a deleted event
    entry.conversations += 1;
    const topicSet = topicSets.get(topicText);
    add(entry.byCodes, pair(topicSet.index, outcomeSets.get(outcomeText).index), 1);
    if (topicSet.topics.length > 0) add(entry.byGroupsAndBands, pair(topicSet.groupSet, bandSets.get(bandText).index), 1);
  }

  const keyOf: Record<TableName, (key: number) => string> = {
    byTopic: (key) => cellKey(topics.codes[key]!),
    byTopicOutcome: (key) => cellKey(topics.codes[Math.floor(key / STRIDE)]!, outcomes.codes[key % STRIDE]!),
    byTopicGroupAge: (key) => cellKey(groups.codes[Math.floor(key / STRIDE)]!, bands.codes[key % STRIDE]!),
    byTopicGroupSex: (key) => cellKey(groups.codes[Math.floor(key / STRIDE)]!, bands.codes[key % STRIDE]!),
    byTopicGroupEthnicGroup: (key) => cellKey(groups.codes[Math.floor(key / STRIDE)]!, bands.codes[key % STRIDE]!),
    byTopicGroupLanguage: (key) => cellKey(groups.codes[Math.floor(key / STRIDE)]!, bands.codes[key % STRIDE]!),
  };
  const bandTables = ['byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage'] as const;
  for (const [authority, { conversations, byCodes, byGroupsAndBands }] of counts) {
    const t = Object.fromEntries(TABLES.map((table) => [table, new Map<number, number>()])) as Tallies;
    for (const [key, n] of byCodes) {
      const { topics: topicNumbers } = topicSets.list[Math.floor(key / STRIDE)]!;
      const { outcomes: outcomeNumbers } = outcomeSets.list[key % STRIDE]!;
      for (const topic of topicNumbers) {
        add(t.byTopic, topic, n);
        for (const outcome of outcomeNumbers) add(t.byTopicOutcome, pair(topic, outcome), n);
      }
    }
    for (const [key, n] of byGroupsAndBands) {
      const { members } = groupSets.list[Math.floor(key / STRIDE)]!;
      const { bands: own } = bandSets.list[key % STRIDE]!;
      for (const group of members) bandTables.forEach((table, i) => add(t[table], pair(group, own[i]!), n));
    }
    const found = borough(authority);
    found.conversations = conversations;
    for (const table of TABLES) found.tables[table] = [...t[table]].map(([key, count]) => ({ key: keyOf[table](key), count }));
  }
}

interface ActivityRow {
  authority: string;
  kind: string;
  sessions: number;
  hours: number;
  adults: number;
  children: number;
}

function sessionRows(store: Store, range: PeriodRange): ActivityRow[] {
  return store.all(
    store.qb
      .selectFrom('event as e')
      .innerJoin('site as s', 's.id', 'e.site_id')
      .where('e.local_day', '>=', range.first)
      .where('e.local_day', '<=', range.last)
      .where('e.deleted_at', 'is', null)
      .select([
        's.authority_code as authority',
        'e.kind as kind',
        (eb) => eb.fn.countAll<number>().as('sessions'),
        // Per event by primary-key lookup: only the period's events' volunteers are read.
        sql<number>`total((select total(ev.hours) from event_volunteer ev where ev.event_id = e.id))`.as('hours'),
        sql<number>`0`.as('adults'),
        sql<number>`0`.as('children'),
      ])
      .groupBy(['s.authority_code', 'e.kind']),
  );
}

function visitorRows(store: Store, range: PeriodRange): ActivityRow[] {
  // Summed per day and event first (the order an index on (local_day, event_id) reads them in,
  // so no sort), then per borough and kind over those few thousand rows.
  const perEvent = store.qb
    .selectFrom('visit as v')
    .where('v.local_day', '>=', range.first)
    .where('v.local_day', '<=', range.last)
    .where('v.deleted_at', 'is', null)
    .select(['v.event_id', sql<number>`sum(v.adults)`.as('adults'), sql<number>`sum(v.children)`.as('children')])
    .groupBy(['v.local_day', 'v.event_id']);
  return store.all(
    store.qb
      .selectFrom(perEvent.as('pe'))
      .innerJoin('event as e', 'e.id', 'pe.event_id')
      .innerJoin('site as s', 's.id', 'e.site_id')
      .where('e.deleted_at', 'is', null)
      .select([
        's.authority_code as authority',
        'e.kind as kind',
        sql<number>`0`.as('sessions'),
        sql<number>`0`.as('hours'),
        sql<number>`sum(pe.adults)`.as('adults'),
        sql<number>`sum(pe.children)`.as('children'),
      ])
      .groupBy(['s.authority_code', 'e.kind']),
  );
}

/** Hours are sums of REALs; two decimals keep the payload (and its hash) free of float noise. */
const roundHours = (hours: number): number => Math.round(hours * 100) / 100;

function emptyBorough(authorityCode: string): ExactBorough {
  return {
    authorityCode,
    activity: [],
    conversations: 0,
    tables: Object.fromEntries(TABLES.map((table) => [table, []])) as unknown as Record<TableName, ExactCell[]>,
  };
}

/**
 * The exact counts for a period, per borough, sorted by authority code. Runs its queries in
 * one read transaction so they all see the same snapshot. Exact counts never leave the device;
 * they are what `protectBoroughs` works from (and what tests check the payload against).
 */
export function exactCounts(store: Store, period: string): ExactBorough[] {
  const range = periodRange(period);
  const read = () => {
    const boroughs = new Map<string, ExactBorough>();
    const borough = (code: string) => {
      let found = boroughs.get(code);
      if (!found) boroughs.set(code, (found = emptyBorough(code)));
      return found;
    };

    const activity = new Map<string, Map<string, ActivityCounts>>();
    for (const row of [...sessionRows(store, range), ...visitorRows(store, range)]) {
      borough(row.authority);
      let kinds = activity.get(row.authority);
      if (!kinds) activity.set(row.authority, (kinds = new Map()));
      const counts = kinds.get(row.kind) ?? { eventKind: row.kind, sessions: 0, volunteerHours: 0, visitorsAdults: 0, visitorsChildren: 0 };
      counts.sessions += row.sessions;
      counts.volunteerHours = roundHours(counts.volunteerHours + row.hours);
      counts.visitorsAdults += row.adults;
      counts.visitorsChildren += row.children;
      kinds.set(row.kind, counts);
    }
    for (const [authority, kinds] of activity) {
      borough(authority).activity = [...kinds.values()].sort((a, b) => compare(a.eventKind, b.eventKind));
    }

    tallyConversations(
      periodConversations(store, range),
      conversationEvents(store, range),
      groupsOf(store, 'topic'),
      groupsOf(store, 'ethnicity'),
      borough,
    );

    for (const found of boroughs.values()) {
      for (const table of TABLES) found.tables[table].sort((a, b) => compare(a.key, b.key));
    }
    return [...boroughs.values()].sort((a, b) => compare(a.authorityCode, b.authorityCode));
  };
  // Deferred: a read snapshot that takes no write lock; inside an outer transaction it nests.
  return store.sqlite.inTransaction ? read() : store.sqlite.transaction(read).deferred();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every cell each table could have, from the reference lists (retired codes too, since old
 * records may use them). Complementary suppression draws zero cells from here.
 */
export function tableDomains(store: Store): Record<TableName, string[]> {
  const items = store.all(store.qb.selectFrom('reference_item').select(['list', 'code', 'group_code']));
  const codes = (list: string) => items.filter((item) => item.list === list).map((item) => item.code);
  const groupsOf = (list: string, groupList: string) => {
    const groups = new Set(codes(groupList));
    for (const item of items) if (item.list === list) groups.add(item.group_code ?? UNGROUPED);
    return [...groups];
  };
  const cross = (left: string[], right: string[]) => left.flatMap((a) => right.map((b) => cellKey(a, b)));
  const topics = codes('topic');
  const topicGroups = groupsOf('topic', 'topic_group');
  return {
    byTopic: topics.map((topic) => cellKey(topic)),
    byTopicOutcome: cross(topics, codes('outcome')),
    byTopicGroupAge: cross(topicGroups, codes('age')),
    byTopicGroupSex: cross(topicGroups, codes('sex')),
    byTopicGroupEthnicGroup: cross(topicGroups, groupsOf('ethnicity', 'ethnicity_group')),
    byTopicGroupLanguage: cross(topicGroups, codes('language')),
  };
}

const cellFields: Record<TableName, readonly string[]> = {
  byTopic: ['topic'],
  byTopicOutcome: ['topic', 'outcome'],
  byTopicGroupAge: ['topicGroup', 'band'],
  byTopicGroupSex: ['topicGroup', 'band'],
  byTopicGroupEthnicGroup: ['topicGroup', 'band'],
  byTopicGroupLanguage: ['topicGroup', 'band'],
};

/** Applies the disclosure policy to exact counts: the tables exactly as they will be sent. */
export function protectBoroughs(
  exact: readonly ExactBorough[],
  domains: Record<TableName, readonly string[]>,
  policy: DisclosurePolicy,
): BoroughTables[] {
  return exact.map((borough) => {
    const tables = Object.fromEntries(
      TABLES.map((table) => {
        const protectedTable = protectTable(borough.tables[table], domains[table], policy);
        const cells = protectedTable.cells.map(({ key, count }) => {
          const codes = splitKey(key);
          return { ...Object.fromEntries(cellFields[table].map((field, i) => [field, codes[i] ?? ''])), count };
        });
        return [table, { cells, total: protectedTable.total }];
      }),
    );
    return {
      authorityCode: borough.authorityCode,
      activity: borough.activity.map((row) => ({ ...row })),
      conversations: protect(borough.conversations, policy),
      ...tables,
    } as BoroughTables;
  });
}

/** The protected tables for one period, per borough: what a submission for it carries. */
export function buildBoroughTables(store: Store, period: string, policy: DisclosurePolicy): BoroughTables[] {
  return protectBoroughs(exactCounts(store, period), tableDomains(store), policy);
}
