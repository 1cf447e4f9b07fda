// The coordinator's list of events: filtered, paged by key (so page 1,000 costs what page 1
// does on a million conversations), with each event's totals and data-check flags (the Events screen's "Data checks").
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import { newestFirst, pageOf } from '../db/keyset.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { londonDayOf, type Clock } from '../../shared/clock.ts';
import { findConversation, type Conversation } from './conversations.ts';
import { findEventRecord, type EventRecord } from './event-admin.ts';
import { notFound } from '../../shared/errors.ts';
import type { EventSummary } from './events.ts';
import { dataCheckFlags, type DataCheckFlag, type EventListCheck } from '../../shared/vocabulary.ts';
import { recordingLaptop } from '../team/origin.ts';

export { dataCheckFlags, type DataCheckFlag, type EventListCheck };

export interface EventFilters {
  from?: string | undefined;
  to?: string | undefined;
  siteId?: number | undefined;
  authorityCode?: string | undefined;
  kind?: string | undefined;
  volunteerId?: number | undefined;
  /** The laptop that recorded the event (a team's merged records; docs/handover-format.md). */
  laptopId?: string | undefined;
  flag?: EventListCheck | undefined;
  includeDeleted?: boolean | undefined;
}

export interface EventListRow extends EventSummary {
  adults: number;
  children: number;
  conversations: number;
  flags: DataCheckFlag[];
}

export interface EventPage {
  rows: EventListRow[];
  /** Pass back as `after` for the next page; null on the last page. */
  next: { day: string; id: number } | null;
}

type EventEb = ExpressionBuilder<Database & { e: Database['event'] }, 'e'>;

// Each flag as a SQL condition on the event aliased `e`, so the same definition filters the
// list, marks each row and counts the summary.
function flagCondition(eb: EventEb, flag: EventListCheck, today: string): Expression<SqlBool> {
  switch (flag) {
    case 'left_open':
      return eb.and([eb('e.ends_at', 'is', null), eb('e.local_day', '<', today)]);
    case 'no_end_time':
      return eb('e.ends_at', 'is', null);
    case 'visitors_no_conversations':
      return eb.and([
        eb.exists(eb.selectFrom('visit as v').select('v.id').whereRef('v.event_id', '=', 'e.id').where('v.deleted_at', 'is', null)),
        eb.not(
          eb.exists(
            eb.selectFrom('conversation as c').select('c.id').whereRef('c.event_id', '=', 'e.id').where('c.deleted_at', 'is', null),
          ),
        ),
      ]);
    case 'conversations_without_outcome':
      // Answered from the partial index conversation_without_outcome (migration 0006).
      return eb.exists(
        eb
          .selectFrom('conversation as c')
          .select('c.id')
          .whereRef('c.event_id', '=', 'e.id')
          // A literal, not a bound parameter: SQLite uses a partial index only when the
          // query's terms visibly imply the index's WHERE clause.
          .where(sql<boolean>`c.outcome_count = 0`)
          .where('c.deleted_at', 'is', null),
      );
  }
}

function filteredEvents(store: Store, filters: EventFilters, today: string) {
  let query = store.qb.selectFrom('event as e').innerJoin('site as s', 's.id', 'e.site_id');
  if (!filters.includeDeleted) query = query.where('e.deleted_at', 'is', null);
  if (filters.from) query = query.where('e.local_day', '>=', filters.from);
  if (filters.to) query = query.where('e.local_day', '<=', filters.to);
  if (filters.siteId !== undefined) query = query.where('e.site_id', '=', filters.siteId);
  if (filters.authorityCode) query = query.where('s.authority_code', '=', filters.authorityCode);
  if (filters.kind) query = query.where('e.kind', '=', filters.kind);
  if (filters.volunteerId !== undefined) {
    const volunteerId = filters.volunteerId;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('event_volunteer as ev').select('ev.event_id').whereRef('ev.event_id', '=', 'e.id').where('ev.volunteer_id', '=', volunteerId),
      ),
    );
  }
  if (filters.laptopId !== undefined) {
    query = query.where(sql<boolean>`${sql.raw(recordingLaptop('e'))} = ${filters.laptopId}`);
  }
  const flag = filters.flag;
  if (flag) query = query.where((eb) => flagCondition(eb as unknown as EventEb, flag, today));
  return query;
}

export function listEvents(
  store: Store,
  clock: Clock,
  filters: EventFilters,
  page: { limit: number; after?: { day: string; id: number } | undefined },
): EventPage {
  const today = londonDayOf(clock());
  const query = filteredEvents(store, filters, today)
    .select((eb) => [
      'e.id',
      'e.site_id',
      's.name as site_name',
      's.authority_code',
      'e.kind',
      'e.starts_at',
      'e.ends_at',
      'e.notes',
      'e.deleted_at',
      'e.local_day',
      eb
        .selectFrom('visit as v')
        .select(sql<number>`coalesce(sum(v.adults), 0)`.as('n'))
        .whereRef('v.event_id', '=', 'e.id')
        .where('v.deleted_at', 'is', null)
        .as('adults'),
      eb
        .selectFrom('visit as v')
        .select(sql<number>`coalesce(sum(v.children), 0)`.as('n'))
        .whereRef('v.event_id', '=', 'e.id')
        .where('v.deleted_at', 'is', null)
        .as('children'),
      eb
        .selectFrom('conversation as c')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('c.event_id', '=', 'e.id')
        .where('c.deleted_at', 'is', null)
        .as('conversations'),
      ...dataCheckFlags.map((flag) =>
        sql<number>`(case when ${flagCondition(eb as unknown as EventEb, flag, today)} then 1 else 0 end)`.as(`flag_${flag}`),
      ),
    ]);
  const after = page.after && [page.after.day, page.after.id];
  const fetched = store.all(newestFirst(query, ['e.local_day', 'e.id'], { limit: page.limit, after })) as unknown as (Record<string, unknown> & {
    id: number;
    site_id: number;
    site_name: string;
    authority_code: string;
    kind: string;
    starts_at: string;
    ends_at: string | null;
    notes: string;
    deleted_at: string | null;
    local_day: string;
    adults: number;
    children: number;
    conversations: number;
  })[];
  const { rows, next } = pageOf(fetched, page.limit, (last) => ({ day: last.local_day, id: last.id }));
  return {
    rows: rows.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      siteName: r.site_name,
      authorityCode: r.authority_code,
      kind: r.kind,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      notes: r.notes,
      deleted: r.deleted_at !== null,
      adults: r.adults,
      children: r.children,
      conversations: r.conversations,
      flags: dataCheckFlags.filter((flag) => r[`flag_${flag}`] === 1),
    })),
    next,
  };
}

export type DataChecksSummary = Record<DataCheckFlag, number> & {
  /** Live conversations at the filtered events, and how many of them recorded no outcome (a share, not a problem). */
  conversations: number;
  conversationsWithoutOutcome: number;
};

/** How many events in the filtered range carry each flag, and the share of conversations with no outcome. */
export function dataChecksSummary(store: Store, clock: Clock, filters: EventFilters): DataChecksSummary {
  const today = londonDayOf(clock());
  const conversationsAt = (eb: EventEb, withoutOutcome: boolean) => {
    let query = eb.selectFrom('conversation as c').select(sql<number>`count(*)`.as('n')).whereRef('c.event_id', '=', 'e.id').where('c.deleted_at', 'is', null);
    // A literal, as in flagCondition: the partial index conversation_without_outcome.
    if (withoutOutcome) query = query.where(sql<boolean>`c.outcome_count = 0`);
    return query;
  };
  const row = store.first(
    filteredEvents(store, { ...filters, flag: undefined, includeDeleted: false }, today).select((eb) => [
      ...dataCheckFlags.map((flag) =>
        sql<number>`coalesce(sum(case when ${flagCondition(eb as unknown as EventEb, flag, today)} then 1 else 0 end), 0)`.as(flag),
      ),
      sql<number>`coalesce(sum((${conversationsAt(eb as unknown as EventEb, false)})), 0)`.as('conversations'),
      sql<number>`coalesce(sum((${conversationsAt(eb as unknown as EventEb, true)})), 0)`.as('conversationsWithoutOutcome'),
    ]),
  ) as unknown as Record<string, number | null>;
  return {
    ...(Object.fromEntries(dataCheckFlags.map((flag) => [flag, Number(row[flag] ?? 0)])) as Record<DataCheckFlag, number>),
    conversations: Number(row.conversations ?? 0),
    conversationsWithoutOutcome: Number(row.conversationsWithoutOutcome ?? 0),
  };
}

export interface VisitRecord {
  id: number;
  recordedAt: string;
  adults: number;
  children: number;
  recordedBy: string | null;
  deleted: boolean;
}

export interface EventDetail {
  event: EventRecord;
  visits: VisitRecord[];
  conversations: (Conversation & { recordedByName: string | null })[];
}

/** Everything recorded at one event, deleted records included (marked), for review and edits. */
export function eventDetail(store: Store, eventId: number): EventDetail {
  const event = findEventRecord(store, eventId);
  if (!event) throw notFound('event');
  const visits = store
    .all(
      store.qb
        .selectFrom('visit')
        .leftJoin('volunteer', 'volunteer.id', 'visit.recorded_by')
        .select(['visit.id', 'visit.recorded_at', 'visit.adults', 'visit.children', 'volunteer.name', 'visit.deleted_at'])
        .where('visit.event_id', '=', eventId)
        .orderBy('visit.recorded_at'),
    )
    .map((v) => ({
      id: v.id,
      recordedAt: v.recorded_at,
      adults: v.adults,
      children: v.children,
      recordedBy: v.name,
      deleted: v.deleted_at !== null,
    }));
  const conversationRows = store.all(
    store.qb
      .selectFrom('conversation')
      .leftJoin('volunteer', 'volunteer.id', 'conversation.recorded_by')
      .select(['conversation.id', 'volunteer.name'])
      .where('conversation.event_id', '=', eventId)
      .orderBy('conversation.recorded_at'),
  );
  const conversations = conversationRows.map((row) => ({ ...findConversation(store, row.id)!, recordedByName: row.name }));
  return { event, visits, conversations };
}
