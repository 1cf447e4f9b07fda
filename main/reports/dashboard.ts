// The coordinator's dashboard: every figure for a date range and filters, from the tallies
// (main/tallies/read.ts; how they are kept and why: docs/tallies.md), in one read snapshot.
// With laptops chosen, this one among them (and no filter but kinds), the breakdowns are the
// tallies' less the conversations at the other laptops' events: the cost follows what was merged.
//
// Counting rules (what a conversation counts under is main/tallies/'s; the rest the same as the
// sync aggregation, main/sync/aggregate.ts, and the records lists behind each figure, records.ts):
//   - Live records only: deleted conversations and visits are left out, and so is everything
//     recorded at a deleted event.
//   - Each record counts on its own London day: events and their volunteer hours on the day
//     the event started, visits and conversations on the day they were recorded.
//   - Borough, site, kind, volunteer and laptop filters select events; a visit or
//     conversation counts when its event is selected. With a volunteer filter, volunteer hours
//     are those volunteers' own hours. A session's laptop is the one that recorded it
//     (main/team/origin.ts), so a team's merged records count under their own laptop.
//   - Topics (and outcomes): conversations that touched each, so they add up to more than
//     the conversations. Topic groups: conversations that touched any topic of the group.
import type { Store } from '../db/store.ts';
import { invalid } from '../../shared/errors.ts';
import { recordingLaptop } from '../team/origin.ts';
import { addConversationsAt, addDayTallies, addMonthTallies, emptyBreakdowns, type Breakdowns } from '../tallies/read.ts';
import type {
  Activity,
  BoroughActivity,
  CodeCount,
  DashboardFigures,
  DataQualityNotes,
  KindActivity,
  ReachDimension,
  ReportFilters,
  SiteActivity,
  TrendPoint,
} from './figures.ts';
import { dayNumber, dayString, monthRange, trendBuckets, type TrendGranularity } from '../../shared/days.ts';
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

/** Rows as arrays, from the store's statement cache. */
function rows<Row extends unknown[]>(store: Store, sql: string, params: Record<string, unknown>): Row[] {
  return store.statement(sql, 'raw').all<Row>(params);
}

/**
 * The filters as a condition on the event `e` (and its site `s`, joined only when a borough is
 * asked for), with its parameters. Lists go in as JSON arrays, so the SQL text (and its
 * prepared statement) does not depend on their length.
 */
interface EventFilter {
  where: string;
  /** ` JOIN site AS s ...` when the condition needs the site, else ''. */
  site: string;
  params: Record<string, unknown>;
  any: boolean;
  /** Only kinds of event are chosen: the month tallies by kind answer for whole months. */
  kindsOnly: boolean;
}

function eventFilter(filters: ReportFilters): EventFilter {
  const where: string[] = [];
  const params: Record<string, unknown> = { from: filters.from, to: filters.to };
  const list = (name: string, values: readonly unknown[] | undefined, condition: string) => {
    if (!values || values.length === 0) return;
    where.push(condition);
    params[name] = JSON.stringify(values);
  };
  list('authorities', filters.authorityCodes, 's.authority_code IN (SELECT value FROM json_each(@authorities))');
  list('sites', filters.siteIds, 'e.site_id IN (SELECT value FROM json_each(@sites))');
  list('kinds', filters.kinds, 'e.kind IN (SELECT value FROM json_each(@kinds))');
  list(
    'volunteers',
    filters.volunteerIds,
    'EXISTS (SELECT 1 FROM event_volunteer AS x WHERE x.event_id = e.id AND x.volunteer_id IN (SELECT value FROM json_each(@volunteers)))',
  );
  list('laptops', filters.laptopIds, `${recordingLaptop('e')} IN (SELECT value FROM json_each(@laptops))`);
  return {
    where: where.map((condition) => ` AND ${condition}`).join(''),
    site: params['authorities'] === undefined ? '' : ' CROSS JOIN site AS s ON s.id = e.site_id',
    params,
    any: where.length > 0,
    kindsOnly: where.length === 1 && params['kinds'] !== undefined,
  };
}

/**
 * The events of the filters recorded on any laptop but those chosen: `e.recorded_on` is NULL
 * for this laptop's own, which callers have chosen (see breakdownsOf).
 */
function otherLaptopsFilter(filters: ReportFilters): EventFilter {
  const rest = eventFilter({ ...filters, laptopIds: undefined });
  return {
    ...rest,
    where: `${rest.where} AND e.recorded_on IS NOT NULL AND e.recorded_on NOT IN (SELECT value FROM json_each(@laptops))`,
    params: { ...rest.params, laptops: JSON.stringify(filters.laptopIds ?? []) },
    any: true,
  };
}

/** Events among `candidates` with a live visit or conversation recorded at them, on any day. */
function eventsWithRecords(store: Store, candidates: readonly number[]): Set<number> {
  if (candidates.length === 0) return new Set();
  const found = rows<[number]>(
    store,
    // report_day_event counts every live record, by day: a few small index pages, where the
    // conversation and visit indexes by event were hundreds of scattered page reads.
    `SELECT e.value FROM json_each(@ids) e
      WHERE EXISTS (SELECT 1 FROM report_day_event r WHERE r.event_id = e.value AND (r.conversations > 0 OR r.visits > 0))`,
    { ids: JSON.stringify(candidates) },
  );
  return new Set(found.map(([id]) => id));
}

const shiftMonth = (month: string, by: 1 | -1) => dayString(dayNumber(`${month}-01`) + (by === 1 ? 32 : -1)).slice(0, 7);

/** The whole months a range covers, and the days before and after them (an empty range has from > to). */
function splitRange(from: string, to: string) {
  const monthFrom = from.endsWith('-01') ? from.slice(0, 7) : shiftMonth(from.slice(0, 7), 1);
  const monthTo = monthRange(to.slice(0, 7)).to === to ? to.slice(0, 7) : shiftMonth(to.slice(0, 7), -1);
  if (monthFrom > monthTo) return { monthFrom, monthTo, head: { from, to }, tail: { from: to, to: from } };
  return {
    monthFrom,
    monthTo,
    head: { from, to: dayString(dayNumber(`${monthFrom}-01`) - 1) },
    tail: { from: dayString(dayNumber(monthRange(monthTo).to) + 1), to },
  };
}

/**
 * The breakdowns of the live conversations at the selected live events in the range. With no
 * filter, or only kinds of event: the whole months from report_month_code, the days around
 * them from report_day_code (no filter) or their conversations (kinds). With other filters:
 * the selected events' conversations.
 */
function breakdownsOf(store: Store, filters: ReportFilters, filter: EventFilter, topicGroupOf: Map<string, string>): Breakdowns {
  const result = emptyBreakdowns();
  const places = !!filters.authorityCodes?.length || !!filters.siteIds?.length || !!filters.volunteerIds?.length;
  const laptops = filters.laptopIds ?? [];
  if (!places && laptops.length > 0) {
    const own = store.statement("SELECT value FROM setting WHERE key = 'laptop_id'", 'pluck').get<string>();
    if (own !== undefined && laptops.includes(own)) {
      // This laptop's own records are usually most of the file: everything from the tallies,
      // less the other laptops' conversations, costs what was merged, not what was chosen.
      const everything = breakdownsOf(store, { ...filters, laptopIds: undefined }, eventFilter({ ...filters, laptopIds: undefined }), topicGroupOf);
      addConversationsAt(store, everything, otherLaptopsFilter(filters), { from: filters.from, to: filters.to }, topicGroupOf, -1);
      return everything;
    }
  }
  // The tallies know the kind of event, not its borough, site, volunteers or laptop.
  const kindsOnly = filter.kindsOnly;
  if (filter.any && !kindsOnly) {
    addConversationsAt(store, result, filter, { from: filters.from, to: filters.to }, topicGroupOf);
    return result;
  }
  const split = splitRange(filters.from, filters.to);
  addMonthTallies(store, result, split, kindsOnly ? (filter.params['kinds'] as string) : undefined);
  for (const range of [split.head, split.tail]) {
    if (range.from > range.to) continue;
    if (kindsOnly) addConversationsAt(store, result, filter, range, topicGroupOf);
    else addDayTallies(store, result, range);
  }
  return result;
}

function emptyActivity(): Activity {
  return { events: 0, volunteerHours: 0, visitors: 0, conversations: 0 };
}

/** Every dashboard figure for a range and filters. */
export function dashboardFigures(store: Store, filters: ReportFilters, granularity: TrendGranularity): DashboardFigures {
  assertRange(filters);
  // A read snapshot that takes no write lock and never blocks a volunteer's tap.
  return store.read(() => tally(store, reportLists(store), filters, granularity));
}

function tally(store: Store, lists: ReportLists, filters: ReportFilters, granularity: TrendGranularity): DashboardFigures {
  const first = dayNumber(filters.from);
  const { buckets, indexOf } = trendBuckets(filters, granularity);
  const bucketOfDay = new Map<string, number>();
  const bucketOf = (day: string) => {
    let bucket = bucketOfDay.get(day);
    if (bucket === undefined) bucketOfDay.set(day, (bucket = indexOf[dayNumber(day) - first]!));
    return bucket;
  };
  const trendEvents = new Int32Array(buckets.length);
  const trendVisitors = new Int32Array(buckets.length);
  const trendConversations = new Int32Array(buckets.length);
  const filter = eventFilter(filters);
  // With a volunteer filter, only those volunteers' hours.
  const hours = filters.volunteerIds?.length
    ? '(SELECT total(ev.hours) FROM event_volunteer AS ev WHERE ev.event_id = e.id AND ev.volunteer_id IN (SELECT value FROM json_each(@volunteers)))'
    : 'e.volunteer_hours';

  // The selected events that started in the range, each with what was recorded at it on
  // that day (nearly everything is: a session is one day).
  const started = rows<[number, number, string, string, number, number, number | null, number | null, number | null]>(
    store,
    `SELECT e.id, e.site_id, e.kind, e.local_day, e.ends_at IS NULL, ${hours}, r.conversations, r.adults, r.children
       FROM event AS e${filter.site} LEFT JOIN report_day_event AS r ON r.local_day = e.local_day AND r.event_id = e.id
      WHERE e.local_day >= @from AND e.local_day <= @to AND e.deleted_at IS NULL${filter.where}`,
    filter.params,
  );
  // The rest of what was recorded in the range at the selected events: on other days than
  // the session's first, or at sessions that started before the range.
  const recordedLater = rows<[string, number, number, number, number, number, string]>(
    store,
    `SELECT r.local_day, r.event_id, r.conversations, r.adults, r.children, e.site_id, e.kind
       FROM report_day_event AS r CROSS JOIN event AS e ON e.id = r.event_id${filter.site}
      WHERE r.local_day >= @from AND r.local_day <= @to AND e.deleted_at IS NULL
        AND (r.local_day <> e.local_day OR e.local_day < @from)
        AND (r.conversations <> 0 OR r.adults <> 0 OR r.children <> 0)${filter.where}`,
    filter.params,
  );
  const breakdowns = breakdownsOf(store, filters, filter, groupMap(lists.topic, UNGROUPED_TOPIC));
  const sites = new Map(
    rows<[number, string, string]>(store, 'SELECT id, name, authority_code FROM site', {}).map(([id, name, authorityCode]) => [
      id,
      { name, authorityCode },
    ]),
  );

  const siteActivity = new Map<number, Activity>();
  const boroughs = new Map<string, Activity>();
  const kinds = new Map<string, Activity>();
  const activityOf = (site: number, kind: string) => {
    const authority = sites.get(site)?.authorityCode ?? '';
    let s = siteActivity.get(site);
    if (!s) siteActivity.set(site, (s = emptyActivity()));
    let b = boroughs.get(authority);
    if (!b) boroughs.set(authority, (b = emptyActivity()));
    let k = kinds.get(kind);
    if (!k) kinds.set(kind, (k = emptyActivity()));
    return [s, b, k] as const;
  };

  let conversations = 0;
  let adults = 0;
  let children = 0;
  const record = (day: string, site: number, kind: string, n: number, eventAdults: number, eventChildren: number) => {
    const people = eventAdults + eventChildren;
    conversations += n;
    adults += eventAdults;
    children += eventChildren;
    const bucket = bucketOf(day);
    trendConversations[bucket]! += n;
    trendVisitors[bucket]! += people;
    for (const activity of activityOf(site, kind)) {
      activity.conversations += n;
      activity.visitors += people;
    }
  };
  const touchedLater = new Set<number>();
  for (const [day, eventId, n, eventAdults, eventChildren, site, kind] of recordedLater) {
    touchedLater.add(eventId);
    record(day, site, kind, n, eventAdults, eventChildren);
  }

  let eventTotal = 0;
  let hoursTotal = 0;
  let openSessions = 0;
  const quiet: number[] = [];
  for (const [eventId, site, kind, day, open, hours, n, eventAdults, eventChildren] of started) {
    eventTotal++;
    hoursTotal += hours;
    trendEvents[bucketOf(day)]! += 1;
    if (open === 1) openSessions++;
    for (const activity of activityOf(site, kind)) {
      activity.events += 1;
      activity.volunteerHours += hours;
    }
    if (n !== null && (n !== 0 || eventAdults !== 0 || eventChildren !== 0)) record(day, site, kind, n, eventAdults!, eventChildren!);
    else if (!touchedLater.has(eventId)) quiet.push(eventId);
  }
  // Sessions with nothing recorded in the range may still hold records on other days (a
  // session left open for weeks); only the database knows, and only for these few.
  const withRecords = eventsWithRecords(store, quiet);
  const dataQuality: DataQualityNotes = {
    openSessions,
    sessionsWithoutRecords: quiet.filter((e) => !withRecords.has(e)).length,
    conversationsWithoutOutcome: breakdowns.withoutOutcome,
  };

  const rounded = <A extends Activity>(a: A): A => ({ ...a, volunteerHours: round2(a.volunteerHours) });
  const siteRows: SiteActivity[] = [...siteActivity]
    .map(([siteId, activity]) => {
      const info = sites.get(siteId);
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

  const ethnicity = inListOrder(breakdowns.ethnicity, lists.ethnicity);
  const reach: Record<ReachDimension, CodeCount[]> = {
    age: inListOrder(breakdowns.age, lists.age),
    sex: inListOrder(breakdowns.sex, lists.sex),
    ethnicGroup: rollUp(ethnicity, groupMap(lists.ethnicity, ETHNICITY_NOT_STATED), ETHNICITY_NOT_STATED, lists.ethnicity_group),
    ethnicity,
    language: inListOrder(breakdowns.language, lists.language),
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
    byTopic: byCountDescending(inListOrder(breakdowns.topic, lists.topic)),
    byTopicGroup: inListOrder(breakdowns.topic_group, lists.topic_group),
    byOutcome: byCountDescending(inListOrder(breakdowns.outcome, lists.outcome)),
    reach,
    trend,
    eventKinds: kindRows,
    boroughs: boroughRows,
    sites: siteRows,
    dataQuality,
  };
}
