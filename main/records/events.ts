// Events (sessions): a pop-up shop, a stall, a talk. A volunteer opens one at a site, records
// visits and conversations against it while it is open, and closes it at the end.
import { sql } from 'kysely';
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, londonDayOf, type Clock } from '../../shared/clock.ts';
import { DomainError, invalid, notFound } from '../../shared/errors.ts';
import { HOUR_MS, limits } from '../../shared/limits.ts';
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

type EventQuery = ReturnType<typeof eventQuery>;

/** At most 50 live (not deleted) sessions, as `pick` narrows and orders them: Today's lists. */
function liveSessions(store: Store, pick: (query: EventQuery) => EventQuery): EventSummary[] {
  return store.all(pick(eventQuery(store).where('event.deleted_at', 'is', null)).limit(50)).map(toEvent);
}

type EventWithSiteRow = {
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

function toEvent(row: EventWithSiteRow): EventSummary {
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

/**
 * Today's sessions (London's day), open or closed, and a session still open from a late start
 * the evening before (not yet stale): the ones a volunteer can continue, and those already closed.
 */
export function todaysSessions(store: Store, clock: Clock): EventSummary[] {
  const now = isoNow(clock);
  const today = londonDayOf(now);
  const notStale = staleBefore(now);
  return liveSessions(store, (query) =>
    query
      .where((eb) =>
        eb.or([
          eb('event.local_day', '=', today),
          // The day bound adds nothing to the start bound (local_day is the London day of
          // starts_at) but lets both branches read event_by_day rather than every session.
          eb.and([eb('event.ends_at', 'is', null), eb('event.starts_at', '>=', notStale), eb('event.local_day', '>=', londonDayOf(notStale))]),
        ]),
      )
      .orderBy('event.starts_at', 'desc'),
  );
}

/**
 * A session is stale once it began on an earlier London day and more than this long ago: a
 * night-time session that runs past midnight can still be continued and closed as usual.
 */
export const STALE_AFTER_MS = 12 * 3_600_000;

/** The instant before which an open session from an earlier day is stale. */
export function staleBefore(now: string): string {
  return new Date(Date.parse(now) - STALE_AFTER_MS).toISOString();
}

/** The setting that says a volunteer left a stale session for a coordinator to close. */
const flaggedKey = (eventId: number) => `event.${eventId}.left_for_coordinator`;

/**
 * Sessions left open since an earlier London day that nobody has handed to a coordinator: they
 * are never offered as today's, and a new session waits until each is closed or handed over.
 */
export function staleSessions(store: Store, clock: Clock): EventSummary[] {
  const now = isoNow(clock);
  const today = londonDayOf(now);
  return liveSessions(store, (query) =>
    query
      .where('event.ends_at', 'is', null)
      .where('event.local_day', '<', today)
      .where('event.starts_at', '<', staleBefore(now))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('setting').select('setting.key').where('setting.key', '=', sql<string>`'event.' || event.id || '.left_for_coordinator'`),
          ),
        ),
      )
      .orderBy('event.starts_at'),
  );
}

function requireStaleSession(store: Store, clock: Clock, eventId: number): EventSummary {
  const event = staleSessions(store, clock).find((s) => s.id === eventId);
  if (!event) throw new DomainError('conflict', 'errors.sessionNotStale');
  return event;
}

function leaveForCoordinator(store: Store, actorId: number, at: string, event: EventSummary): void {
  store.run(store.qb.insertInto('setting').values({ key: flaggedKey(event.id), value: at }));
  recordAudit(store, {
    at,
    actorId,
    entity: 'event',
    entityId: event.id,
    action: 'update',
    before: event,
    after: { ...event, leftForCoordinator: true },
  });
}

/** Hands a stale session to a coordinator (the events' data checks list it) instead of closing it. */
export function leaveSessionForCoordinator(store: Store, clock: Clock, eventId: number): EventSummary {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    const event = requireStaleSession(store, clock, eventId);
    leaveForCoordinator(store, actor.id, isoNow(clock), event);
    return event;
  });
}

/** Hands every stale session to a coordinator at once (a laptop found with many left open). */
export function leaveAllStaleSessionsForCoordinator(store: Store, clock: Clock): number {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    const at = isoNow(clock);
    let count = 0;
    for (let batch = staleSessions(store, clock); batch.length > 0; batch = staleSessions(store, clock)) {
      for (const event of batch) leaveForCoordinator(store, actor.id, at, event);
      count += batch.length;
    }
    return count;
  });
}

export function openSession(store: Store, clock: Clock, input: { siteId: number; kind: string }): EventSummary {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    if (staleSessions(store, clock).length > 0) throw new DomainError('conflict', 'errors.staleSessionFirst');
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
 * Closes a session: today's now, one left open since an earlier day at the end time the
 * volunteer gives. Volunteers whose hours were not entered get the session's length, rounded
 * to the quarter hour, which is what a coordinator would otherwise type in.
 */
export function closeSession(store: Store, clock: Clock, eventId: number, endsAt?: string): EventSummary {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    const now = isoNow(clock);
    const stale = staleSessions(store, clock).find((s) => s.id === eventId);
    const before = stale ?? requireOpenEvent(store, clock, eventId);
    let at = now;
    if (stale) {
      if (endsAt === undefined) throw invalid('endsAt', 'errors.enterEndTime');
      const end = Date.parse(endsAt);
      if (end <= Date.parse(stale.startsAt)) throw invalid('endsAt', 'errors.endBeforeStart');
      if (end > Date.parse(now)) throw invalid('endsAt', 'errors.endInFuture');
      if (end - Date.parse(stale.startsAt) > limits.eventHours * HOUR_MS) throw invalid('endsAt', 'errors.eventTooLong');
      at = new Date(end).toISOString();
    }
    const hours = Math.min(limits.eventHours, Math.round(((Date.parse(at) - Date.parse(before.startsAt)) / HOUR_MS) * 4) / 4);
    store.run(store.qb.updateTable('event').set({ ends_at: at, updated_at: now }).where('id', '=', eventId));
    store.run(
      store.qb.updateTable('event_volunteer').set({ hours }).where('event_id', '=', eventId).where('hours', '=', 0),
    );
    const after = findEvent(store, eventId)!;
    recordAudit(store, { at: now, actorId: actor.id, entity: 'event', entityId: eventId, action: 'update', before, after });
    return after;
  });
}

/**
 * Visits and conversations can only be added to a session that exists and has not ended, and
 * never today's taps to a session left open since an earlier day.
 */
export function requireOpenEvent(store: Store, clock: Clock, eventId: number): EventSummary {
  const event = findEvent(store, eventId);
  if (!event || event.deleted) throw notFound('event');
  const now = isoNow(clock);
  if (event.endsAt !== null && event.endsAt <= now) {
    throw new DomainError('conflict', 'errors.eventClosed', { values: { site: event.siteName } });
  }
  if (event.endsAt === null && londonDayOf(event.startsAt) < londonDayOf(now) && event.startsAt < staleBefore(now)) {
    throw new DomainError('conflict', 'errors.sessionFromEarlierDay', { values: { site: event.siteName } });
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
