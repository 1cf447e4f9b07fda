// The tallies as the dashboard, the sync aggregation and the records behind a figure read them.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { codeSetLists } from './code-sets.ts';
import { topicGroupsOf, type TopicGroups } from './count.ts';
import { UNGROUPED, type BandDimension, type TallyDimension } from './dimensions.ts';

/** The conversations of a range by (dimension, code): code -> conversations, per dimension. */
export interface Breakdowns {
  topic: Map<string, number>;
  topic_group: Map<string, number>;
  outcome: Map<string, number>;
  age: Map<string, number>;
  sex: Map<string, number>;
  ethnicity: Map<string, number>;
  language: Map<string, number>;
  /** Conversations with no outcome ('no_outcome'). */
  withoutOutcome: number;
}

export function emptyBreakdowns(): Breakdowns {
  const m = () => new Map<string, number>();
  return { topic: m(), topic_group: m(), outcome: m(), age: m(), sex: m(), ethnicity: m(), language: m(), withoutOutcome: 0 };
}

const bump = (counts: Map<string, number>, code: string, n = 1) => counts.set(code, (counts.get(code) ?? 0) + n);

/** Adds summed tally rows (dimension, code, conversations) to the breakdowns. */
function addSums(result: Breakdowns, sums: [TallyDimension, string, number][]): void {
  for (const [dimension, code, n] of sums) {
    if (dimension === 'no_outcome') result.withoutOutcome += n;
    else {
      const counts = result[dimension];
      if (counts instanceof Map) bump(counts, code, n);
    }
  }
}

/** Adds the whole months' tallies (report_month_code), of every kind of event or of `kinds` (a JSON array). */
export function addMonthTallies(store: Store, result: Breakdowns, months: { monthFrom: string; monthTo: string }, kinds?: string): void {
  addSums(
    result,
    store
      .statement(
        `SELECT dimension, code, sum(conversations) FROM report_month_code
          WHERE month >= @monthFrom AND month <= @monthTo${kinds === undefined ? '' : ' AND kind IN (SELECT value FROM json_each(@kinds))'}
          GROUP BY dimension, code`,
        'raw',
      )
      .all<[TallyDimension, string, number]>({ monthFrom: months.monthFrom, monthTo: months.monthTo, ...(kinds === undefined ? {} : { kinds }) }),
  );
}

/** Adds the days' tallies (report_day_code) of a range. */
export function addDayTallies(store: Store, result: Breakdowns, range: { from: string; to: string }): void {
  addSums(
    result,
    store
      .statement('SELECT dimension, code, sum(conversations) FROM report_day_code WHERE local_day >= @from AND local_day <= @to GROUP BY dimension, code', 'raw')
      .all<[TallyDimension, string, number]>(range),
  );
}

/**
 * Events chosen by a condition on the event `e` (and its site `s`, joined by `site` when the
 * condition needs it), with its named parameters; SQL text that does not depend on the
 * parameters' values, so its prepared statement is reused.
 */
export interface EventCondition {
  where: string;
  site: string;
  params: Record<string, unknown>;
}

/**
 * Adds the live conversations of the chosen live events in a range, one by one: their topics,
 * outcomes and bands are code_set ids on their rows, each set taken apart once.
 */
export function addConversationsAt(
  store: Store,
  result: Breakdowns,
  events: EventCondition,
  range: { from: string; to: string },
  groupOf: TopicGroups,
  // -1 takes them away (the dashboard's own laptop: everything less the other laptops').
  sign: 1 | -1 = 1,
): void {
  const conversations = store
    .statement(
      // CROSS JOIN fixes the order: the selected (day, event) pairs first, then their conversations.
      `SELECT c.band_set, c.topic_set, c.outcome_set
         FROM report_day_event AS r CROSS JOIN event AS e ON e.id = r.event_id${events.site}
         CROSS JOIN conversation AS c INDEXED BY conversation_by_day ON c.local_day = r.local_day AND c.event_id = r.event_id
        WHERE r.local_day >= @from AND r.local_day <= @to AND r.conversations > 0 AND e.deleted_at IS NULL
          AND c.deleted_at IS NULL${events.where}`,
      'raw',
    )
    .all<[number, number, number]>({ ...events.params, ...range });
  if (conversations.length === 0) return;
  // How many conversations have each (bands, topics, outcomes) set: a few thousand distinct ids.
  const bandSets = new Map<number, number>();
  const topicSets = new Map<number, number>();
  const outcomeSets = new Map<number, number>();
  for (const [bandSet, topicSet, outcomeSet] of conversations) {
    bandSets.set(bandSet, (bandSets.get(bandSet) ?? 0) + sign);
    topicSets.set(topicSet, (topicSets.get(topicSet) ?? 0) + sign);
    outcomeSets.set(outcomeSet, (outcomeSets.get(outcomeSet) ?? 0) + sign);
  }
  const lists = codeSetLists(store, [...bandSets.keys(), ...topicSets.keys(), ...outcomeSets.keys()]);
  const codes = (id: number) => lists.get(id) ?? [];
  for (const [id, n] of bandSets) {
    const [age = '', sex = '', ethnicity = '', language = ''] = codes(id);
    bump(result.age, age, n);
    bump(result.sex, sex, n);
    bump(result.ethnicity, ethnicity, n);
    bump(result.language, language, n);
  }
  for (const [id, n] of topicSets) {
    const topics = codes(id);
    for (const topic of topics) bump(result.topic, topic, n);
    for (const group of topicGroupsOf(topics, groupOf)) bump(result.topic_group, group, n);
  }
  for (const [id, n] of outcomeSets) {
    const outcomes = codes(id);
    if (outcomes.length === 0) result.withoutOutcome += n;
    for (const outcome of outcomes) bump(result.outcome, outcome, n);
  }
}

/**
 * A period's live conversations, in (day, event) order, as columns: each one's topics, its
 * outcomes and its bands as code_set ids, and the runs of consecutive conversations at one
 * event. Integers in typed arrays: a JavaScript string per value, and then an array per row,
 * were most of the cost and the garbage.
 */
export interface PeriodConversations {
  size: number;
  topic: Int32Array;
  outcome: Int32Array;
  band: Int32Array;
  /** Run i is runLength[i] conversations at event runEvent[i]. */
  runEvent: number[];
  runLength: number[];
}

/** Three code_set ids below 2^17 fit in one double, exactly (51 bits). */
const PACK = 131072;

/**
 * One pass over the period's conversations on the conversation_by_day index, each with its sets
 * from its own row. GROUP BY over the conversation x topic x outcome join sorts every joined row
 * (~500 ms a month on the benchmark database); here the three ids come packed in one number per
 * row (~16 ms for a month's 40,000), and which event each belongs to from report_day_event's
 * counts per day and event, read in the same order and read transaction. If those counts do not
 * add up to the rows read, or ids outgrow the packing, the rows are read with their event ids
 * instead (~30 ms).
 */
export function periodConversations(store: Store, range: { first: string; last: string }): PeriodConversations {
  const where = 'c.local_day >= ? AND c.local_day <= ? AND c.deleted_at IS NULL';
  const maxId = store.statement('SELECT coalesce(max(id), 0) FROM code_set', 'pluck').get<number>() ?? 0;
  if (maxId < PACK) {
    const packed = store
      .statement(`SELECT (c.topic_set * ${PACK} + c.outcome_set) * ${PACK} + c.band_set FROM conversation c WHERE ${where} ORDER BY c.local_day, c.event_id`, 'pluck')
      .all<number>(range.first, range.last);
    const runs = store
      .statement(
        `SELECT event_id, conversations FROM report_day_event WHERE local_day >= ? AND local_day <= ? AND conversations > 0 ORDER BY local_day, event_id`,
        'raw',
      )
      .all<[number, number]>(range.first, range.last);
    if (runs.reduce((sum, [, n]) => sum + n, 0) === packed.length) {
      const size = packed.length;
      const result: PeriodConversations = {
        size,
        topic: new Int32Array(size),
        outcome: new Int32Array(size),
        band: new Int32Array(size),
        runEvent: runs.map(([eventId]) => eventId),
        runLength: runs.map(([, n]) => n),
      };
      for (let i = 0; i < size; i++) {
        const value = packed[i]!;
        const band = value % PACK;
        const rest = (value - band) / PACK;
        const outcome = rest % PACK;
        result.band[i] = band;
        result.outcome[i] = outcome;
        result.topic[i] = (rest - outcome) / PACK;
      }
      return result;
    }
  }
  const rows = store
    .statement(`SELECT c.event_id, c.topic_set, c.outcome_set, c.band_set FROM conversation c WHERE ${where} ORDER BY c.local_day, c.event_id`, 'raw')
    .all<[number, number, number, number]>(range.first, range.last);
  const size = rows.length;
  const result: PeriodConversations = {
    size,
    topic: new Int32Array(size),
    outcome: new Int32Array(size),
    band: new Int32Array(size),
    runEvent: [],
    runLength: [],
  };
  rows.forEach(([eventId, topic, outcome, band], i) => {
    result.topic[i] = topic;
    result.outcome[i] = outcome;
    result.band[i] = band;
    if (result.runEvent.at(-1) === eventId) result.runLength[result.runLength.length - 1]! += 1;
    else {
      result.runEvent.push(eventId);
      result.runLength.push(1);
    }
  });
  return result;
}

type ConversationBuilder = ExpressionBuilder<Database & { c: Database['conversation'] }, 'c'>;

const bandColumn = { age: 'c.age_band', sex: 'c.sex', ethnicity: 'c.ethnicity', language: 'c.language' } as const satisfies Record<BandDimension, string>;

/** The conversation `c` counts under (dimension, code): the records behind a tally. */
export function countsUnder(eb: ConversationBuilder, dimension: TallyDimension, code: string): Expression<SqlBool> {
  switch (dimension) {
    case 'topic':
      return eb.exists(eb.selectFrom('conversation_topic as t').select('t.topic').whereRef('t.conversation_id', '=', 'c.id').where('t.topic', '=', code));
    case 'topic_group':
      return eb.exists(
        eb
          .selectFrom('conversation_topic as t')
          .leftJoin('reference_item as r', (join) => join.on('r.list', '=', 'topic').onRef('r.code', '=', 't.topic'))
          .select('t.topic')
          .whereRef('t.conversation_id', '=', 'c.id')
          .where(sql<string>`coalesce(r.group_code, ${UNGROUPED})`, '=', code),
      );
    case 'outcome':
      return eb.exists(
        eb.selectFrom('conversation_outcome as o').select('o.outcome').whereRef('o.conversation_id', '=', 'c.id').where('o.outcome', '=', code),
      );
    case 'no_outcome':
      return eb.not(eb.exists(eb.selectFrom('conversation_outcome as o').select('o.outcome').whereRef('o.conversation_id', '=', 'c.id')));
    default:
      return eb(bandColumn[dimension], '=', code);
  }
}
