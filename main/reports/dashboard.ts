// The coordinator's dashboard: every figure for a date range and filters, tallied from the
// report cache (cache.ts) in one pass over the range's conversations and visits.
//
// Counting rules (the same as the sync aggregation, main/sync/aggregate.ts, and as the
// records lists behind each figure, records.ts):
//   - Live records only: deleted conversations and visits are left out, and so is everything
//     recorded at a deleted event.
//   - Each record counts on its own London day: events and their volunteer hours on the day
//     the event started, visits and conversations on the day they were recorded.
//   - Borough, site, kind and volunteer filters select events; a visit or conversation counts
//     when its event is selected. With a volunteer filter, volunteer hours are those
//     volunteers' own hours.
//   - Topics (and outcomes): conversations that touched each, so they add up to more than
//     the conversations. Topic groups: conversations that touched any topic of the group.
import type { Store } from '../db/store.ts';
import { invalid } from '../records/errors.ts';
import { withReportSnapshot, type CodeBook, type ConversationMonth, type ReportSnapshot, type VisitMonth } from './cache.ts';
import type {
  Activity,
  BoroughActivity,
  CodeCount,
  DashboardFigures,
  DataQuality,
  KindActivity,
  ReachDimension,
  ReportFilters,
  SiteActivity,
  TrendPoint,
} from './figures.ts';
import { dayNumber, monthsOf, trendBuckets, type TrendGranularity } from './period.ts';
import { ETHNICITY_NOT_STATED, groupMap, reportLists, UNGROUPED_TOPIC, type ListedCode, type ReportLists } from './reference-lists.ts';

/** A chosen range may span at most this many days (ten years), so one request stays bounded. */
export const MAX_RANGE_DAYS = 3700;

export function assertRange(filters: Pick<ReportFilters, 'from' | 'to'>): void {
  const first = dayNumber(filters.from);
  const last = dayNumber(filters.to);
  if (Number.isNaN(first)) throw invalid('from', 'errors.invalidDate');
  if (Number.isNaN(last)) throw invalid('to', 'errors.invalidDate');
  if (last < first) throw invalid('to', 'errors.endBeforeStart');
  if (last - first + 1 > MAX_RANGE_DAYS) throw invalid('to', 'errors.tooBig', { max: MAX_RANGE_DAYS });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Counts as CodeCounts in the list's order, then any other code with a count (one the list
 * lost). Retired codes appear only where records still use them.
 */
function inListOrder(countOf: ReadonlyMap<string, number>, list: readonly ListedCode[]): CodeCount[] {
  const result: CodeCount[] = [];
  const listed = new Set<string>();
  for (const item of list) {
    listed.add(item.code);
    const count = countOf.get(item.code) ?? 0;
    if (!item.retired || count > 0) result.push({ code: item.code, count });
  }
  for (const [code, count] of countOf) if (!listed.has(code) && count > 0) result.push({ code, count });
  return result;
}

/** Per-code-number tallies as a map from code. */
function countsByCode(counts: ArrayLike<number>, codes: readonly string[]): Map<string, number> {
  return new Map(codes.map((code, n) => [code, counts[n] ?? 0]));
}

/** Most first; ties in the list's order. */
function byCountDescending(counts: CodeCount[]): CodeCount[] {
  return counts.map((c, order) => ({ c, order })).sort((a, b) => b.c.count - a.c.count || a.order - b.order).map(({ c }) => c);
}

function rollUp(counts: readonly CodeCount[], groupOf: Map<string, string>, fallback: string, groups: readonly ListedCode[]): CodeCount[] {
  const totals = new Map<string, number>(groups.map((g) => [g.code, 0]));
  for (const { code, count } of counts) {
    const group = groupOf.get(code) ?? fallback;
    totals.set(group, (totals.get(group) ?? 0) + count);
  }
  return [...totals].map(([code, count]) => ({ code, count }));
}

interface Selection {
  pass: Uint8Array;
  hoursOf(event: number): number;
}

function selectEvents(snapshot: ReportSnapshot, filters: ReportFilters): Selection {
  const { events, books } = snapshot;
  const known = (codes: readonly string[] | undefined, book: CodeBook) =>
    codes && codes.length > 0 ? new Set(codes.map((c) => book.find(c)).filter((n): n is number => n !== undefined)) : null;
  const authorities = known(filters.authorityCodes, books.authority);
  const kinds = known(filters.kinds, books.kind);
  const sites = filters.siteIds && filters.siteIds.length > 0 ? new Set(filters.siteIds) : null;
  const volunteers = filters.volunteerIds && filters.volunteerIds.length > 0 ? new Set(filters.volunteerIds) : null;
  const pass = new Uint8Array(events.live.length);
  for (const e of events.liveIds) {
    if (authorities && !authorities.has(events.authority[e]!)) continue;
    if (kinds && !kinds.has(events.kind[e]!)) continue;
    if (sites && !sites.has(events.site[e]!)) continue;
    if (volunteers) {
      let present = false;
      for (let k = events.volunteerStart[e]!; k < events.volunteerStart[e + 1]! && !present; k++) {
        present = volunteers.has(events.volunteer[k]!);
      }
      if (!present) continue;
    }
    pass[e] = 1;
  }
  const hoursOf = (e: number) => {
    let hours = 0;
    for (let k = events.volunteerStart[e]!; k < events.volunteerStart[e + 1]!; k++) {
      if (!volunteers || volunteers.has(events.volunteer[k]!)) hours += events.hours[k]!;
    }
    return hours;
  };
  return { pass, hoursOf };
}

/** Events among `candidates` with a live visit or conversation recorded at them, on any day. */
function eventsWithRecords(store: Store, candidates: readonly number[]): Set<number> {
  if (candidates.length === 0) return new Set();
  const rows = store.sqlite
    .prepare(
      `SELECT e.value FROM json_each(?) e
        WHERE EXISTS (SELECT 1 FROM conversation c WHERE c.event_id = e.value AND c.deleted_at IS NULL)
           OR EXISTS (SELECT 1 FROM visit v WHERE v.event_id = e.value AND v.deleted_at IS NULL)`,
    )
    .pluck()
    .all(JSON.stringify(candidates)) as number[];
  return new Set(rows);
}

interface ConversationCounts {
  topic: Int32Array;
  group: Int32Array;
  outcome: Int32Array;
  age: Int32Array;
  sex: Int32Array;
  ethnicity: Int32Array;
  language: Int32Array;
  trend: Int32Array;
  atEvent: Int32Array;
  conversations: number;
  withoutOutcome: number;
}

/** The hot loop: one month's conversations into the counts (kept small and monomorphic for V8). */
function tallyConversations(
  month: ConversationMonth,
  pass: Uint8Array,
  first: number,
  last: number,
  bucketOf: Int32Array,
  groupOfTopic: Int32Array,
  groupStamp: Int32Array,
  counts: ConversationCounts,
): void {
  const { event, day, age, sex, ethnicity, language, topicStart, topics, outcomeStart, outcomes } = month;
  const { topic: topicN, group: groupN, outcome: outcomeN, trend, atEvent } = counts;
  const ageN = counts.age;
  const sexN = counts.sex;
  const ethnicityN = counts.ethnicity;
  const languageN = counts.language;
  let conversations = counts.conversations;
  let withoutOutcome = counts.withoutOutcome;
  const size = month.size;
  for (let i = 0; i < size; i++) {
    const e = event[i]!;
    const d = day[i]!;
    if (pass[e] !== 1 || d < first || d > last) continue;
    conversations++;
    trend[bucketOf[d - first]!]!++;
    atEvent[e]!++;
    const topicEnd = topicStart[i + 1]!;
    for (let k = topicStart[i]!; k < topicEnd; k++) {
      const topic = topics[k]!;
      topicN[topic]!++;
      const group = groupOfTopic[topic]!;
      if (groupStamp[group] !== conversations) {
        groupStamp[group] = conversations;
        groupN[group]!++;
      }
    }
    const outcomeFrom = outcomeStart[i]!;
    const outcomeEnd = outcomeStart[i + 1]!;
    if (outcomeFrom === outcomeEnd) withoutOutcome++;
    for (let k = outcomeFrom; k < outcomeEnd; k++) outcomeN[outcomes[k]!]!++;
    ageN[age[i]!]!++;
    sexN[sex[i]!]!++;
    ethnicityN[ethnicity[i]!]!++;
    languageN[language[i]!]!++;
  }
  counts.conversations = conversations;
  counts.withoutOutcome = withoutOutcome;
}

/** One month's visits into the totals, the trend and the per-event visitors. */
function tallyVisits(
  month: VisitMonth,
  pass: Uint8Array,
  first: number,
  last: number,
  bucketOf: Int32Array,
  trend: Int32Array,
  atEvent: Int32Array,
  totals: { adults: number; children: number },
): void {
  const { event, day, adults, children } = month;
  let adultTotal = totals.adults;
  let childTotal = totals.children;
  for (let i = 0; i < month.size; i++) {
    const e = event[i]!;
    const d = day[i]!;
    if (pass[e] !== 1 || d < first || d > last) continue;
    const people = adults[i]! + children[i]!;
    adultTotal += adults[i]!;
    childTotal += children[i]!;
    trend[bucketOf[d - first]!]! += people;
    atEvent[e]! += people;
  }
  totals.adults = adultTotal;
  totals.children = childTotal;
}

function emptyActivity(): Activity {
  return { events: 0, volunteerHours: 0, visitors: 0, conversations: 0 };
}

/** Every dashboard figure for a range and filters. */
export function dashboardFigures(store: Store, filters: ReportFilters, granularity: TrendGranularity): DashboardFigures {
  assertRange(filters);
  const lists = reportLists(store);
  return withReportSnapshot(store, monthsOf(filters), (snapshot) => tally(store, snapshot, lists, filters, granularity));
}

function tally(
  store: Store,
  snapshot: ReportSnapshot,
  lists: ReportLists,
  filters: ReportFilters,
  granularity: TrendGranularity,
): DashboardFigures {
  const { books, events } = snapshot;
  const first = dayNumber(filters.from);
  const last = dayNumber(filters.to);
  const { pass, hoursOf } = selectEvents(snapshot, filters);
  const { buckets, indexOf } = trendBuckets(filters, granularity);
  const trendEvents = new Int32Array(buckets.length);
  const trendVisitors = new Int32Array(buckets.length);
  const trendConversations = new Int32Array(buckets.length);

  const eventCount = events.live.length;
  const conversationsAt = new Int32Array(eventCount);
  const visitorsAt = new Int32Array(eventCount);
  const touched: number[] = [];
  const touchedFlag = new Uint8Array(eventCount);

  // Topic code number -> topic group number, for "conversations that touched the group".
  const topicGroupOf = groupMap(lists.topic, UNGROUPED_TOPIC);
  const groupCodes: string[] = lists.topic_group.map((g) => g.code);
  const groupNumber = new Map(groupCodes.map((code, i) => [code, i]));
  const groupOfTopic = books.topic.codes.map((code) => {
    const group = topicGroupOf.get(code) ?? UNGROUPED_TOPIC;
    let n = groupNumber.get(group);
    if (n === undefined) {
      n = groupCodes.length;
      groupCodes.push(group);
      groupNumber.set(group, n);
    }
    return n;
  });
  const groupStamp = new Int32Array(groupCodes.length).fill(-1);

  const counts: ConversationCounts = {
    topic: new Int32Array(books.topic.codes.length),
    group: new Int32Array(groupCodes.length),
    outcome: new Int32Array(books.outcome.codes.length),
    age: new Int32Array(books.age.codes.length),
    sex: new Int32Array(books.sex.codes.length),
    ethnicity: new Int32Array(books.ethnicity.codes.length),
    language: new Int32Array(books.language.codes.length),
    trend: trendConversations,
    atEvent: conversationsAt,
    conversations: 0,
    withoutOutcome: 0,
  };
  const groupOfTopicArray = Int32Array.from(groupOfTopic);
  for (const month of snapshot.conversations) {
    tallyConversations(month, pass, first, last, indexOf, groupOfTopicArray, groupStamp, counts);
  }
  for (let e = 0; e < eventCount; e++) {
    if (conversationsAt[e] !== 0) {
      touchedFlag[e] = 1;
      touched.push(e);
    }
  }
  const { conversations, withoutOutcome } = counts;
  const topicCounts = counts.topic;
  const groupCounts = counts.group;
  const outcomeCounts = counts.outcome;
  const ageCounts = counts.age;
  const sexCounts = counts.sex;
  const ethnicityCounts = counts.ethnicity;
  const languageCounts = counts.language;

  const visitCounts = { adults: 0, children: 0 };
  for (const month of snapshot.visits) tallyVisits(month, pass, first, last, indexOf, trendVisitors, visitorsAt, visitCounts);
  const { adults, children } = visitCounts;
  for (let e = 0; e < eventCount; e++) {
    if (visitorsAt[e] !== 0 && touchedFlag[e] === 0) {
      touchedFlag[e] = 1;
      touched.push(e);
    }
  }

  const sites = new Map<number, Activity>();
  const boroughs = new Map<string, Activity>();
  const kinds = new Map<string, Activity>();
  const activityOf = (e: number) => {
    const site = events.site[e]!;
    const authority = books.authority.codes[events.authority[e]!]!;
    const kind = books.kind.codes[events.kind[e]!]!;
    let s = sites.get(site);
    if (!s) sites.set(site, (s = emptyActivity()));
    let b = boroughs.get(authority);
    if (!b) boroughs.set(authority, (b = emptyActivity()));
    let k = kinds.get(kind);
    if (!k) kinds.set(kind, (k = emptyActivity()));
    return [s, b, k] as const;
  };

  let eventTotal = 0;
  let hoursTotal = 0;
  let openSessions = 0;
  const quiet: number[] = [];
  for (const e of events.liveIds) {
    const d = events.day[e]!;
    if (pass[e] !== 1 || d < first || d > last) continue;
    const hours = hoursOf(e);
    eventTotal++;
    hoursTotal += hours;
    trendEvents[indexOf[d - first]!]! += 1;
    if (events.open[e] === 1) openSessions++;
    if (touchedFlag[e] === 0) quiet.push(e);
    for (const activity of activityOf(e)) {
      activity.events += 1;
      activity.volunteerHours += hours;
    }
  }
  for (const e of touched) {
    for (const activity of activityOf(e)) {
      activity.conversations += conversationsAt[e]!;
      activity.visitors += visitorsAt[e]!;
    }
  }
  // Sessions with nothing recorded in the range may still hold records on other days (a
  // session left open for weeks); only the database knows, and only for these few.
  const withRecords = eventsWithRecords(store, quiet);
  const dataQuality: DataQuality = {
    openSessions,
    sessionsWithoutRecords: quiet.filter((e) => !withRecords.has(e)).length,
    conversationsWithoutOutcome: withoutOutcome,
  };

  const rounded = <A extends Activity>(a: A): A => ({ ...a, volunteerHours: round2(a.volunteerHours) });
  const siteRows: SiteActivity[] = [...sites]
    .map(([siteId, activity]) => {
      const info = events.sites.get(siteId);
      return { rank: 0, siteId, name: info?.name ?? '', authorityCode: info?.authorityCode ?? '', ...rounded(activity) };
    })
    .sort(
      (a, b) =>
        b.conversations - a.conversations ||
        b.events - a.events ||
        b.visitors - a.visitors ||
        a.name.localeCompare(b.name, 'en-GB') ||
        a.siteId - b.siteId,
    )
    .map((row, i) => ({ ...row, rank: i + 1 }));
  const boroughRows: BoroughActivity[] = [...boroughs]
    .map(([authorityCode, activity]) => ({ authorityCode, ...rounded(activity) }))
    .sort((a, b) => b.conversations - a.conversations || b.events - a.events || a.authorityCode.localeCompare(b.authorityCode));
  const kindRows: KindActivity[] = inListOrder(new Map([...kinds].map(([kind, a]) => [kind, a.events + a.conversations + a.visitors])), lists.event_kind).map(
    ({ code }) => ({ kind: code, ...rounded(kinds.get(code) ?? emptyActivity()) }),
  );

  const trend: TrendPoint[] = buckets.map((bucket, i) => ({
    ...bucket,
    events: trendEvents[i]!,
    visitors: trendVisitors[i]!,
    conversations: trendConversations[i]!,
  }));

  const ethnicity = inListOrder(countsByCode(ethnicityCounts, books.ethnicity.codes), lists.ethnicity);
  const reach: Record<ReachDimension, CodeCount[]> = {
    age: inListOrder(countsByCode(ageCounts, books.age.codes), lists.age),
    sex: inListOrder(countsByCode(sexCounts, books.sex.codes), lists.sex),
    ethnicGroup: rollUp(ethnicity, groupMap(lists.ethnicity, ETHNICITY_NOT_STATED), ETHNICITY_NOT_STATED, lists.ethnicity_group),
    ethnicity,
    language: inListOrder(countsByCode(languageCounts, books.language.codes), lists.language),
  };

  return {
    range: { from: filters.from, to: filters.to },
    granularity,
    headline: {
      events: eventTotal,
      volunteerHours: round2(hoursTotal),
      visitors: adults + children,
      adults,
      children,
      conversations,
      conversationsPerEvent: eventTotal > 0 ? Math.round((conversations / eventTotal) * 10) / 10 : null,
    },
    byTopic: byCountDescending(inListOrder(countsByCode(topicCounts, books.topic.codes), lists.topic)),
    byTopicGroup: inListOrder(countsByCode(groupCounts, groupCodes), lists.topic_group),
    byOutcome: byCountDescending(inListOrder(countsByCode(outcomeCounts, books.outcome.codes), lists.outcome)),
    reach,
    trend,
    eventKinds: kindRows,
    boroughs: boroughRows,
    sites: siteRows,
    dataQuality,
  };
}
