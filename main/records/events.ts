// Events (sessions): a pop-up shop, a stall, a talk. A volunteer opens one at a site, records
// visits and conversations against it while it is open, and closes it at the end.
import { sql } from 'kysely';
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, londonDayOf, type Clock } from './clock.ts';
import { DomainError, notFound } from './errors.ts';
import { assertCodes } from './reference.ts';
import { requireActiveSite } from './sites.ts';
import { requireCurrentVolunteer } from './volunteers.ts';

export interface EventSummary {
  id: number;
  siteId: number;
  siteName: string;
  authorityCode: string;
  kind: string;
  startsAt: string;
  endsAt: string | null;
  notes: string;
  deleted: boolean;
}

export interface SessionTotals {
  eventId: number;
  adults: number;
  children: number;
  conversations: number;
  byTopic: { topic: string; count: number }[];
}

function eventQuery(store: Store) {
  return store.qb
    .selectFrom('event')
    .innerJoin('site', 'site.id', 'event.site_id')
    .select([
      'event.id',
      'event.site_id',
      'site.name as site_name',
      'site.authority_code',
      'event.kind',
      'event.starts_at',
      'event.ends_at',
      'event.notes',
      'event.deleted_at',
    ]);
}

type EventRow = {
  id: number;
  site_id: number;
  site_name: string;
  authority_code: string;
  kind: string;
  starts_at: string;
  ends_at: string | null;
  notes: string;
  deleted_at: string | null;
};

function toEvent(row: EventRow): EventSummary {
  return {
    id: row.id,
    siteId: row.site_id,
    siteName: row.site_name,
    authorityCode: row.authority_code,
    kind: row.kind,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    notes: row.notes,
    deleted: row.deleted_at !== null,
  };
}

export function findEvent(store: Store, id: number): EventSummary | undefined {
  const row = store.first(eventQuery(store).where('event.id', '=', id));
  return row ? toEvent(row) : undefined;
}

/** Sessions a volunteer can continue: every open one, and those that started today. */
export function todaysSessions(store: Store, clock: Clock): EventSummary[] {
  const today = londonDayOf(clock());
  return store
    .all(
      eventQuery(store)
        .where('event.deleted_at', 'is', null)
        .where((eb) => eb.or([eb('event.ends_at', 'is', null), eb('event.local_day', '=', today)]))
        .orderBy('event.starts_at', 'desc')
        .limit(50),
    )
    .map(toEvent);
}

export function openSession(store: Store, clock: Clock, input: { siteId: number; kind: string }): EventSummary {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    const site = requireActiveSite(store, input.siteId);
    assertCodes(store, 'event_kind', 'kind', [input.kind]);
    const at = isoNow(clock);
    const { lastInsertRowid: id } = store.run(
      store.qb.insertInto('event').values({
        site_id: site.id,
        kind: input.kind,
        starts_at: at,
        ends_at: null,
        local_day: londonDayOf(at),
        notes: '',
        created_by: actor.id,
        created_at: at,
        updated_at: at,
      }),
    );
    store.run(store.qb.insertInto('event_volunteer').values({ event_id: id, volunteer_id: actor.id, hours: 0 }));
    const event = findEvent(store, id)!;
    recordAudit(store, { at, actorId: actor.id, entity: 'event', entityId: id, action: 'create', after: event });
    return event;
  });
}

/**
 * Closes a session now. Volunteers whose hours were not entered get the session's length,
 * rounded to the quarter hour, which is what a coordinator would otherwise type in.
 */
export function closeSession(store: Store, clock: Clock, eventId: number): EventSummary {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    const before = requireOpenEvent(store, clock, eventId);
    const at = isoNow(clock);
    const hours = Math.min(24, Math.round(((Date.parse(at) - Date.parse(before.startsAt)) / 3_600_000) * 4) / 4);
    store.run(store.qb.updateTable('event').set({ ends_at: at, updated_at: at }).where('id', '=', eventId));
    store.run(
      store.qb.updateTable('event_volunteer').set({ hours }).where('event_id', '=', eventId).where('hours', '=', 0),
    );
    const after = findEvent(store, eventId)!;
    recordAudit(store, { at, actorId: actor.id, entity: 'event', entityId: eventId, action: 'update', before, after });
    return after;
  });
}

/** Visits and conversations can only be added to a session that exists and has not ended. */
export function requireOpenEvent(store: Store, clock: Clock, eventId: number): EventSummary {
  const event = findEvent(store, eventId);
  if (!event || event.deleted) throw notFound('event');
  if (event.endsAt !== null && event.endsAt <= isoNow(clock)) {
    throw new DomainError('conflict', 'errors.eventClosed', { values: { site: event.siteName } });
  }
  return event;
}

export function sessionTotals(store: Store, eventId: number): SessionTotals {
  const visits = store.first(
    store.qb
      .selectFrom('visit')
      .select([
        sql<number>`coalesce(sum(adults), 0)`.as('adults'),
        sql<number>`coalesce(sum(children), 0)`.as('children'),
      ])
      .where('event_id', '=', eventId)
      .where('deleted_at', 'is', null),
  )!;
  const conversations = store.first(
    store.qb
      .selectFrom('conversation')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('event_id', '=', eventId)
      .where('deleted_at', 'is', null),
  )!;
  const byTopic = store.all(
    store.qb
      .selectFrom('conversation_topic')
      .innerJoin('conversation', 'conversation.id', 'conversation_topic.conversation_id')
      .select(['conversation_topic.topic', (eb) => eb.fn.countAll<number>().as('count')])
      .where('conversation.event_id', '=', eventId)
      .where('conversation.deleted_at', 'is', null)
      .groupBy('conversation_topic.topic')
      .orderBy('count', 'desc')
      .orderBy('conversation_topic.topic'),
  );
  return { eventId, adults: visits.adults, children: visits.children, conversations: conversations.count, byTopic };
}
