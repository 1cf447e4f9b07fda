// The records behind a dashboard figure: the events, visits or conversations it counts, newest
// first, paged by key (so page 100 costs what page 1 does). What a conversation counts under is
// asked of the tallies' owner (main/tallies/read.ts, countsUnder), and the events and days are
// chosen as the dashboard chooses them, so a figure and its list always agree; the golden tests
// check both against each other and against plain SQL.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { newestFirst, pageOf } from '../db/keyset.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { recordingLaptop } from '../team/origin.ts';
import { assertRange } from './dashboard.ts';
import type {
  ReportConversationRow,
  ReportEventRow,
  RecordCursor,
  RecordSlice,
  RecordsPage,
  ReportFilters,
  ReportVisitRow,
} from './figures.ts';
import { countsUnder } from '../tallies/read.ts';
import { ETHNICITY_NOT_STATED } from './reference-lists.ts';

type Tables = Database & { e: Database['event']; s: Database['site']; c: Database['conversation']; v: Database['visit'] };
type Eb = ExpressionBuilder<Tables, 'e' | 's'>;
type ConversationEb = ExpressionBuilder<Tables, 'c' | 'e' | 's'>;

export interface RecordsPageRequest {
  limit: number;
  after?: RecordCursor | undefined;
}

/** The events the filters select (any day): live, and matching every filter given. */
function selectedEvent(eb: Eb, filters: ReportFilters): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('e.deleted_at', 'is', null)];
  if (filters.authorityCodes?.length) conditions.push(eb('s.authority_code', 'in', filters.authorityCodes));
  if (filters.siteIds?.length) conditions.push(eb('e.site_id', 'in', filters.siteIds));
  if (filters.kinds?.length) conditions.push(eb('e.kind', 'in', filters.kinds));
  const volunteers = filters.volunteerIds;
  if (volunteers?.length) {
    conditions.push(
      eb.exists(
        eb.selectFrom('event_volunteer as ev').select('ev.event_id').whereRef('ev.event_id', '=', 'e.id').where('ev.volunteer_id', 'in', volunteers),
      ),
    );
  }
  const laptops = filters.laptopIds;
  if (laptops?.length) conditions.push(sql<SqlBool>`${sql.raw(recordingLaptop('e'))} IN (${sql.join(laptops)})`);
  return eb.and(conditions);
}

function liveConversationsAt(eb: Eb) {
  return eb.selectFrom('conversation as c2').select('c2.id').whereRef('c2.event_id', '=', 'e.id').where('c2.deleted_at', 'is', null);
}

function liveVisitsAt(eb: Eb) {
  return eb.selectFrom('visit as v2').select('v2.id').whereRef('v2.event_id', '=', 'e.id').where('v2.deleted_at', 'is', null);
}

/** Codes of a reference list in a group; `fallback` also takes codes with no group or no entry. */
function codesInGroup(eb: ConversationEb, column: 'c.ethnicity', list: 'ethnicity', group: string, fallback: string) {
  const inGroup = eb(
    column,
    'in',
    eb
      .selectFrom('reference_item as r')
      .select('r.code')
      .where('r.list', '=', list)
      .where(sql<string>`coalesce(r.group_code, ${fallback})`, '=', group),
  );
  if (group !== fallback) return inGroup;
  return eb.or([inGroup, eb.not(eb(column, 'in', eb.selectFrom('reference_item as r').select('r.code').where('r.list', '=', list)))]);
}

function conversationSlice(eb: ConversationEb, slice: Extract<RecordSlice, { records: 'conversations' }>): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  const counted = eb as unknown as Parameters<typeof countsUnder>[0];
  if (slice.topic !== undefined) conditions.push(countsUnder(counted, 'topic', slice.topic));
  if (slice.topicGroup !== undefined) conditions.push(countsUnder(counted, 'topic_group', slice.topicGroup));
  if (slice.outcome !== undefined) conditions.push(countsUnder(counted, 'outcome', slice.outcome));
  if (slice.withoutOutcome) conditions.push(countsUnder(counted, 'no_outcome', ''));
  const band = slice.band;
  if (band) {
    // The ethnic groups are the dashboard's roll-up of the ethnicity tallies, not a tally.
    if (band.dimension === 'ethnicGroup') conditions.push(codesInGroup(eb, 'c.ethnicity', 'ethnicity', band.code, ETHNICITY_NOT_STATED));
    else conditions.push(countsUnder(counted, band.dimension, band.code));
  }
  return eb.and(conditions);
}

const splitCodes = (codes: string | null) => (codes ? codes.split(' ').sort() : []);

function conversationsPage(
  store: Store,
  filters: ReportFilters,
  slice: Extract<RecordSlice, { records: 'conversations' }>,
  page: RecordsPageRequest,
): RecordsPage {
  const query = store.qb
    .selectFrom('conversation as c')
    .innerJoin('event as e', 'e.id', 'c.event_id')
    .innerJoin('site as s', 's.id', 'e.site_id')
    .where('c.local_day', '>=', filters.from)
    .where('c.local_day', '<=', filters.to)
    .where('c.deleted_at', 'is', null)
    .where((eb) => selectedEvent(eb as unknown as Eb, filters))
    .where((eb) => conversationSlice(eb as unknown as ConversationEb, slice))
    .select((eb) => [
      'c.id',
      'c.recorded_at',
      'c.local_day',
      'c.event_id',
      's.name as site_name',
      's.authority_code',
      'e.kind',
      'c.depth',
      'c.age_band',
      'c.sex',
      'c.ethnicity',
      'c.language',
      'c.safeguarding',
      eb
        .selectFrom('conversation_topic as t')
        .select(sql<string>`group_concat(t.topic, ' ')`.as('codes'))
        .whereRef('t.conversation_id', '=', 'c.id')
        .as('topics'),
      eb
        .selectFrom('conversation_outcome as o')
        .select(sql<string>`group_concat(o.outcome, ' ')`.as('codes'))
        .whereRef('o.conversation_id', '=', 'c.id')
        .as('outcomes'),
    ]);
  const after = page.after && [page.after.day, page.after.eventId, page.after.id];
  const { rows, next } = pageOf(store.all(newestFirst(query, ['c.local_day', 'c.event_id', 'c.id'], { limit: page.limit, after })), page.limit, (last) => ({
    day: last.local_day,
    eventId: last.event_id,
    id: last.id,
  }));
  return {
    records: 'conversations',
    rows: rows.map(
      (r): ReportConversationRow => ({
        id: r.id,
        recordedAt: r.recorded_at,
        eventId: r.event_id,
        siteName: r.site_name,
        authorityCode: r.authority_code,
        kind: r.kind,
        depth: r.depth,
        topics: splitCodes(r.topics),
        outcomes: splitCodes(r.outcomes),
        ageBand: r.age_band,
        sex: r.sex,
        ethnicity: r.ethnicity,
        language: r.language,
        safeguarding: r.safeguarding === 1,
      }),
    ),
    next,
  };
}

function eventsPage(store: Store, filters: ReportFilters, slice: Extract<RecordSlice, { records: 'events' }>, page: RecordsPageRequest): RecordsPage {
  const volunteers = filters.volunteerIds?.length ? filters.volunteerIds : null;
  let query = store.qb
    .selectFrom('event as e')
    .innerJoin('site as s', 's.id', 'e.site_id')
    .where('e.local_day', '>=', filters.from)
    .where('e.local_day', '<=', filters.to)
    .where((eb) => selectedEvent(eb as unknown as Eb, filters))
    .select((eb) => [
      'e.id',
      'e.local_day',
      'e.starts_at',
      'e.ends_at',
      's.name as site_name',
      's.authority_code',
      'e.kind',
      (() => {
        let hours = eb
          .selectFrom('event_volunteer as ev')
          .select(sql<number>`coalesce(sum(ev.hours), 0)`.as('n'))
          .whereRef('ev.event_id', '=', 'e.id');
        if (volunteers) hours = hours.where('ev.volunteer_id', 'in', volunteers);
        return hours.as('hours');
      })(),
      eb
        .selectFrom('visit as v')
        .select(sql<number>`coalesce(sum(v.adults + v.children), 0)`.as('n'))
        .whereRef('v.event_id', '=', 'e.id')
        .where('v.deleted_at', 'is', null)
        .as('visitors'),
      eb
        .selectFrom('conversation as c')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('c.event_id', '=', 'e.id')
        .where('c.deleted_at', 'is', null)
        .as('conversations'),
    ]);
  if (slice.only === 'open') query = query.where('e.ends_at', 'is', null);
  if (slice.only === 'withoutRecords') {
    query = query.where((eb) => eb.and([eb.not(eb.exists(liveConversationsAt(eb as unknown as Eb))), eb.not(eb.exists(liveVisitsAt(eb as unknown as Eb)))]));
  }
  const after = page.after && [page.after.day, page.after.id];
  const { rows, next } = pageOf(store.all(newestFirst(query, ['e.local_day', 'e.id'], { limit: page.limit, after })), page.limit, (last) => ({
    day: last.local_day,
    eventId: last.id,
    id: last.id,
  }));
  return {
    records: 'events',
    rows: rows.map(
      (r): ReportEventRow => ({
        id: r.id,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        siteName: r.site_name,
        authorityCode: r.authority_code,
        kind: r.kind,
        volunteerHours: Math.round(Number(r.hours) * 100) / 100,
        visitors: Number(r.visitors),
        conversations: Number(r.conversations),
      }),
    ),
    next,
  };
}

function visitsPage(store: Store, filters: ReportFilters, page: RecordsPageRequest): RecordsPage {
  const query = store.qb
    .selectFrom('visit as v')
    .innerJoin('event as e', 'e.id', 'v.event_id')
    .innerJoin('site as s', 's.id', 'e.site_id')
    .where('v.local_day', '>=', filters.from)
    .where('v.local_day', '<=', filters.to)
    .where('v.deleted_at', 'is', null)
    .where((eb) => selectedEvent(eb as unknown as Eb, filters))
    .select(['v.id', 'v.recorded_at', 'v.local_day', 'v.event_id', 's.name as site_name', 's.authority_code', 'e.kind', 'v.adults', 'v.children']);
  const after = page.after && [page.after.day, page.after.id];
  const { rows, next } = pageOf(store.all(newestFirst(query, ['v.local_day', 'v.id'], { limit: page.limit, after })), page.limit, (last) => ({
    day: last.local_day,
    eventId: last.event_id,
    id: last.id,
  }));
  return {
    records: 'visits',
    rows: rows.map(
      (r): ReportVisitRow => ({
        id: r.id,
        recordedAt: r.recorded_at,
        eventId: r.event_id,
        siteName: r.site_name,
        authorityCode: r.authority_code,
        kind: r.kind,
        adults: r.adults,
        children: r.children,
      }),
    ),
    next,
  };
}

/** One page of the records behind a figure. */
export function reportRecords(store: Store, filters: ReportFilters, slice: RecordSlice, page: RecordsPageRequest): RecordsPage {
  assertRange(filters);
  switch (slice.records) {
    case 'conversations':
      return conversationsPage(store, filters, slice, page);
    case 'events':
      return eventsPage(store, filters, slice, page);
    case 'visits':
      return visitsPage(store, filters, page);
  }
}
