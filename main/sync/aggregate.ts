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
import { sql } from 'kysely';
import type { Store } from '../db/store.ts';
import { codeSetLists } from '../tallies/code-sets.ts';
import { topicGroupsOf } from '../tallies/count.ts';
import { UNGROUPED } from '../tallies/dimensions.ts';
import { periodConversations, type PeriodConversations } from '../tallies/read.ts';
import { countedHere } from '../team/origin.ts';
import { protect, type ExactCell } from './disclosure.ts';
import { BAND_DIMENSIONS, protectConversationTables, type BandDimension, type DisclosureFrame, type ExactConversationTables } from './joint-protection.ts';
import { periodRange, type PeriodRange } from '../../shared/periods.ts';
import type { BoroughTables, DisclosurePolicy, ProtectedCount } from './protocol.ts';

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

/** A topic or ethnic category its list gives no group is counted under this group code. */
export { UNGROUPED };

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

/** The live events the period's live conversations were recorded at, with their borough (from report_day_event, 0007). */
function conversationEvents(store: Store, range: PeriodRange): Map<number, string> {
  const rows = store
    .statement(
      `SELECT e.id, s.authority_code FROM event e JOIN site s ON s.id = e.site_id
        WHERE e.deleted_at IS NULL AND ${countedHere('e')}
          AND e.id IN (SELECT event_id FROM report_day_event WHERE local_day >= ? AND local_day <= ? AND conversations > 0)`,
      'raw',
    )
    .all<[number, string]>(range.first, range.last);
  return new Map(rows);
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

/** One borough's cells as counts in typed arrays, indexed by code numbers. */
interface BoroughTally {
  conversations: number;
  byTopic: Int32Array;
  byTopicOutcome: Int32Array;
  /** Topic group x band, for the four bands in order (age, sex, ethnic group, language). */
  byGroupBand: Int32Array[];
}

/**
 * Tallies conversation rows into the borough tables: first the distinct sets the rows hold
 * (a few thousand code_set ids) taken apart into code numbers, then per row only additions
 * into typed arrays. (Counting distinct combinations first did not pay: in a month nearly
 * every conversation of a borough has its own combination of topics and outcomes.)
 */
function tallyConversations(
  store: Store,
  conversations: PeriodConversations,
  boroughOfEvent: Map<number, string>,
  topicGroupOf: Map<string, string>,
  ethnicGroupOf: Map<string, string>,
  borough: (code: string) => ExactBorough,
): void {
  const topics = new CodeBook(topicGroupOf.keys());
  const outcomes = new CodeBook();
  const groups = new CodeBook(new Set(topicGroupOf.values()));
  const bands = new CodeBook();
  const { size, topic: topicOf, outcome: outcomeOf, band: bandOf } = conversations;

  // The distinct sets the rows hold, marked in arrays indexed by code_set id (dense: a few
  // thousand ids), then taken apart into code numbers once each.
  let maxId = 0;
  for (let i = 0; i < size; i++) maxId = Math.max(maxId, topicOf[i]!, outcomeOf[i]!, bandOf[i]!);
  const role = new Uint8Array(maxId + 1); // bit 1: topic set, 2: outcome set, 4: band set
  for (let i = 0; i < size; i++) {
    role[topicOf[i]!]! |= 1;
    role[outcomeOf[i]!]! |= 2;
    role[bandOf[i]!]! |= 4;
  }
  const ids: number[] = [];
  role.forEach((bits, id) => {
    if (bits !== 0) ids.push(id);
  });
  const lists = codeSetLists(store, ids);
  // By code_set id: topic numbers, and the distinct topic groups among them (a conversation
  // about two cancer topics is one cancer conversation in the group tables); outcome numbers;
  // band numbers (ethnicity as its group).
  const none: number[] = [];
  const topicSets: number[][] = new Array<number[]>(maxId + 1).fill(none);
  const groupSets: number[][] = new Array<number[]>(maxId + 1).fill(none);
  const outcomeSets: number[][] = new Array<number[]>(maxId + 1).fill(none);
  const bandSets: number[][] = new Array<number[]>(maxId + 1).fill(none);
  for (const id of ids) {
    const codes = lists.get(id) ?? [];
    if (role[id]! & 1) {
      topicSets[id] = codes.map((code) => topics.numberOf(code));
      groupSets[id] = topicGroupsOf(codes, topicGroupOf).map((group) => groups.numberOf(group));
    }
    if (role[id]! & 2) outcomeSets[id] = codes.map((code) => outcomes.numberOf(code));
    if (role[id]! & 4) {
      const [age = '', sex = '', ethnicity = '', language = ''] = codes;
      bandSets[id] = [bands.numberOf(age), bands.numberOf(sex), bands.numberOf(ethnicGroupOf.get(ethnicity) ?? UNGROUPED), bands.numberOf(language)];
    }
  }

  const nTopics = topics.codes.length;
  const nOutcomes = outcomes.codes.length;
  const nBands = bands.codes.length;
  const nGroups = groups.codes.length;
  const tallies = new Map<string, BoroughTally>();
  const { runEvent, runLength } = conversations;
  let row = 0;
  for (let run = 0; run < runEvent.length; run++) {
    const end = row + runLength[run]!;
    const authority = boroughOfEvent.get(runEvent[run]!);
    if (authority === undefined) {
      row = end; // recorded at a deleted event
      continue;
    }
    let tally = tallies.get(authority);
    if (!tally) {
      tally = {
        conversations: 0,
        byTopic: new Int32Array(nTopics),
        byTopicOutcome: new Int32Array(nTopics * nOutcomes),
        byGroupBand: [0, 1, 2, 3].map(() => new Int32Array(nGroups * nBands)),
      };
      tallies.set(authority, tally);
    }
    const { byTopic, byTopicOutcome, byGroupBand } = tally;
    tally.conversations += end - row;
    for (; row < end; row++) {
      const topicSet = topicOf[row]!;
      const outcomeNumbers = outcomeSets[outcomeOf[row]!]!;
      for (const topic of topicSets[topicSet]!) {
        byTopic[topic]! += 1;
        for (const outcome of outcomeNumbers) byTopicOutcome[topic * nOutcomes + outcome]! += 1;
      }
      const own = bandSets[bandOf[row]!]!;
      for (const group of groupSets[topicSet]!) {
        for (let i = 0; i < 4; i++) byGroupBand[i]![group * nBands + own[i]!]! += 1;
      }
    }
  }

  // Cells listed in key order (codes in order, then the second code), so the sorts after are
  // a pass over sorted lists. A space sorts before every code character: the key order is the
  // order of the code pairs.
  const inOrder = (book: CodeBook) => book.codes.map((_, i) => i).sort((a, b) => compare(book.codes[a]!, book.codes[b]!));
  const [topicOrder, outcomeOrder, groupOrder, bandOrder] = [topics, outcomes, groups, bands].map(inOrder) as [number[], number[], number[], number[]];
  const pairCells = (counts: Int32Array, first: CodeBook, firstOrder: number[], second: CodeBook, secondOrder: number[]): ExactCell[] => {
    const list: ExactCell[] = [];
    const width = second.codes.length;
    for (const a of firstOrder) {
      for (const b of secondOrder) {
        const n = counts[a * width + b]!;
        if (n !== 0) list.push({ key: cellKey(first.codes[a]!, second.codes[b]!), count: n });
      }
    }
    return list;
  };
  const bandTables = ['byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage'] as const;
  for (const [authority, { conversations, byTopic, byTopicOutcome, byGroupBand }] of tallies) {
    const found = borough(authority);
    found.conversations = conversations;
    found.tables.byTopic = topicOrder.filter((t) => byTopic[t] !== 0).map((t) => ({ key: cellKey(topics.codes[t]!), count: byTopic[t]! }));
    found.tables.byTopicOutcome = pairCells(byTopicOutcome, topics, topicOrder, outcomes, outcomeOrder);
    bandTables.forEach((table, t) => {
      found.tables[table] = pairCells(byGroupBand[t]!, groups, groupOrder, bands, bandOrder);
    });
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
      .where(sql.raw<boolean>(countedHere('e')))
      .select([
        's.authority_code as authority',
        'e.kind as kind',
        (eb) => eb.fn.countAll<number>().as('sessions'),
        // Each event's total, kept on the event (migration 0007).
        sql<number>`total(e.volunteer_hours)`.as('hours'),
        sql<number>`0`.as('adults'),
        sql<number>`0`.as('children'),
      ])
      .groupBy(['s.authority_code', 'e.kind']),
  );
}

function visitorRows(store: Store, range: PeriodRange): ActivityRow[] {
  // The live visits already summed per day and event (report_day_event, 0007), then per
  // borough and kind over those few thousand rows.
  return store
    .statement(
      `SELECT s.authority_code AS authority, e.kind AS kind, 0 AS sessions, 0 AS hours, sum(r.adults) AS adults, sum(r.children) AS children
         FROM report_day_event r JOIN event e ON e.id = r.event_id JOIN site s ON s.id = e.site_id
        WHERE r.local_day >= ? AND r.local_day <= ? AND r.visits > 0 AND e.deleted_at IS NULL AND ${countedHere('e')}
        GROUP BY s.authority_code, e.kind`,
    )
    .all<ActivityRow>(range.first, range.last);
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
      store,
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
  // A read snapshot that takes no write lock; inside an outer transaction it nests.
  return store.read(read);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every code each table could have, from the reference lists (retired codes too, since old
 * records may use them): withheld rows and the joint audit range over all of them.
 */
export function disclosureFrame(store: Store): DisclosureFrame {
  const items = store.all(store.qb.selectFrom('reference_item').select(['list', 'code', 'group_code']));
  const codes = (list: string) => items.filter((item) => item.list === list).map((item) => item.code).sort(compare);
  const groupsOf = (list: string, groupList: string) => {
    const groups = new Set(codes(groupList));
    for (const item of items) if (item.list === list) groups.add(item.group_code ?? UNGROUPED);
    return [...groups].sort(compare);
  };
  const topicItems = items.filter((item) => item.list === 'topic');
  return {
    groups: groupsOf('topic', 'topic_group'),
    topics: codes('topic'),
    groupOfTopic: new Map(topicItems.map((item) => [item.code, item.group_code ?? UNGROUPED])),
    outcomes: codes('outcome'),
    bands: { age: codes('age'), sex: codes('sex'), ethnicGroup: groupsOf('ethnicity', 'ethnicity_group'), language: codes('language') },
  };
}

const bandTableOf: Record<BandDimension, TableName> = {
  age: 'byTopicGroupAge',
  sex: 'byTopicGroupSex',
  ethnicGroup: 'byTopicGroupEthnicGroup',
  language: 'byTopicGroupLanguage',
};

/** A key's two codes; the keys are the reference lists' few hundred pairs, so each is split once. */
const keyParts = new Map<string, [string, string]>();
function partsOf(key: string): [string, string] {
  let parts = keyParts.get(key);
  if (!parts) {
    const at = key.indexOf(KEY_SEPARATOR);
    keyParts.set(key, (parts = [key.slice(0, at), key.slice(at + 1)]));
  }
  return parts;
}

/** Cells keyed "a b" as nested maps: first code -> second code -> count. */
function nested(cells: readonly ExactCell[]): Map<string, Map<string, number>> {
  const rows = new Map<string, Map<string, number>>();
  for (const cell of cells) {
    const [first, second] = partsOf(cell.key);
    let row = rows.get(first);
    if (!row) rows.set(first, (row = new Map()));
    row.set(second, cell.count);
  }
  return rows;
}

export function exactConversationTables(borough: ExactBorough): ExactConversationTables {
  return {
    conversations: borough.conversations,
    byTopic: new Map(borough.tables.byTopic.map((cell) => [cell.key, cell.count])),
    byTopicOutcome: nested(borough.tables.byTopicOutcome),
    byGroupBand: Object.fromEntries(BAND_DIMENSIONS.map((d) => [d, nested(borough.tables[bandTableOf[d]])])) as Record<
      BandDimension,
      Map<string, Map<string, number>>
    >,
  };
}

/** Activity as sent: sessions exact, hours to whole hours, visitors protected like conversations. */
function protectActivity(row: ActivityCounts, policy: DisclosurePolicy): SentActivity {
  return {
    eventKind: row.eventKind,
    sessions: row.sessions,
    volunteerHours: Math.round(row.volunteerHours),
    visitorsAdults: protect(row.visitorsAdults, policy),
    visitorsChildren: protect(row.visitorsChildren, policy),
  };
}

type SentActivity = BoroughTables['activity'][number];

// Rows and cells come in the frame's order, which is sorted (disclosureFrame): no sort needed.
// Object literals of one shape each: objects with computed keys were most of the cost.
function outcomeCells(rows: Map<string, Map<string, ProtectedCount>>) {
  const cells: { topic: string; outcome: string; count: ProtectedCount }[] = [];
  for (const [topic, row] of rows) for (const [outcome, count] of row) cells.push({ topic, outcome, count });
  return cells;
}

function bandCells(rows: Map<string, Map<string, ProtectedCount>>) {
  const cells: { topicGroup: string; band: string; count: ProtectedCount }[] = [];
  for (const [topicGroup, row] of rows) for (const [band, count] of row) cells.push({ topicGroup, band, count });
  return cells;
}

/** Applies the disclosure policy to exact counts: the tables exactly as they will be sent. */
export function protectBoroughs(exact: readonly ExactBorough[], frame: DisclosureFrame, policy: DisclosurePolicy): BoroughTables[] {
  return exact.map((borough) => {
    const protectedTables = protectConversationTables(frame, exactConversationTables(borough), policy);
    const sent: Record<string, unknown> = {
      authorityCode: borough.authorityCode,
      activity: borough.activity.map((row) => protectActivity(row, policy)),
      conversations: protectedTables.conversations,
    };
    const tables = protectedTables.tables;
    if (tables) {
      sent.byTopic = {
        cells: [...tables.byTopic.cells].map(([topic, count]) => ({ topic, count })),
        withheldRows: tables.byTopic.withheldRows,
      };
      sent.byTopicOutcome = { cells: outcomeCells(tables.byTopicOutcome.rows), withheldRows: tables.byTopicOutcome.withheldRows };
      for (const d of BAND_DIMENSIONS) {
        const table = tables.byGroupBand[d];
        sent[bandTableOf[d]] = { cells: bandCells(table.rows), withheldRows: table.withheldRows };
      }
    }
    return sent as BoroughTables;
  });
}

/** The protected tables for one period, per borough: what a submission for it carries. */
export function buildBoroughTables(store: Store, period: string, policy: DisclosurePolicy): BoroughTables[] {
  return protectBoroughs(exactCounts(store, period), disclosureFrame(store), policy);
}
