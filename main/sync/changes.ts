// Knowing which periods may have changed, cheaply, so that refreshing the outbox does not
// rebuild every closed period since enrolment each time it runs.
//
// Two layers:
//   1. Dirty days. A refresh leaves a stamp: the highest audit id and row ids it had seen,
//      London's day and a digest of its settings. The next refresh looks only at what came
//      after: new rows, and audit entries (every change a service makes is audited) mapped
//      to the London days they touch. Only periods holding such a day are looked at again.
//      The first refresh of each London day, or after a settings change, looks at all of
//      them, so even a change made behind the services' back is picked up within a day.
//   2. Fingerprints. For each period looked at, a digest of counts and last-change times read
//      from indexes (a few milliseconds a month). Only if that differs from the one stored
//      when the period was last built is its payload rebuilt and compared.
//
// It relies on what the record services do: every change to a conversation, event or site
// sets its updated_at and writes an audit entry; a visit changes by being (un)deleted or by a
// correction of its numbers, which the live sums in the fingerprint catch.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import { londonDayOf } from '../../shared/clock.ts';
import { countedHere, holdsMergedRecords } from '../team/origin.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { sha256Hex } from './sha256.ts';
import { periodRange } from '../../shared/periods.ts';
import type { DisclosurePolicy } from './protocol.ts';

/** Bump when aggregate.ts or the disclosure code would build a different payload from the same records (2: policy version 2). */
export const AGGREGATION_VERSION = 2;

export interface FingerprintContext {
  enrolmentId: string;
  policy: DisclosurePolicy;
  /** From `referenceDigest`, computed once per refresh. */
  reference: string;
}

/** The reference lists' codes and groups, which decide how records roll up. */
export function referenceDigest(store: Store): string {
  const rows = store.all(
    store.qb.selectFrom('reference_item').select(['list', 'code', 'group_code']).orderBy('list').orderBy('code'),
  );
  return sha256Hex(canonicalJson(rows.map((row) => [row.list, row.code, row.group_code])));
}

function eventDigest(store: Store, ids: SelectQueryBuilder<Database, keyof Database, { event_id: number }>) {
  return store.first(
    store.qb
      .selectFrom('event as e')
      .innerJoin('site as s', 's.id', 'e.site_id')
      .select([
        sql<number>`count(*)`.as('n'),
        sql<number>`count(e.deleted_at)`.as('deleted'),
        sql<string | null>`max(e.updated_at)`.as('changed'),
        sql<string | null>`max(s.updated_at)`.as('siteChanged'),
        sql<number>`total(e.id * 1000003 + e.site_id)`.as('ids'),
      ])
      .where('e.id', 'in', ids),
  );
}

function periodEvents(store: Store, table: 'conversation' | 'visit', first: string, last: string) {
  return store.qb.selectFrom(table).select('event_id').where('local_day', '>=', first).where('local_day', '<=', last);
}

/** A digest of everything the period's payload is built from. */
export function periodFingerprint(store: Store, period: string, context: FingerprintContext): string {
  const { first, last } = periodRange(period);
  // Records merged from another laptop are counted there, not here: left out, so a merge does
  // not rebuild a period. Only on a laptop holding any (the digests stay index-only elsewhere).
  const merged = holdsMergedRecords(store.sqlite);
  const here = <T extends string>(table: T) => sql.raw<boolean>(countedHere(table));
  const conversations = store.first(
    store.qb
      .selectFrom('conversation')
      .select([sql<number>`count(*)`.as('n'), sql<string | null>`max(updated_at)`.as('changed')])
      .where('local_day', '>=', first)
      .where('local_day', '<=', last)
      .$if(merged, (qb) => qb.where(here('conversation'))),
  );
  const visits = store.first(
    store.qb
      .selectFrom('visit')
      .select([
        sql<number>`count(*)`.as('n'),
        sql<number>`count(deleted_at)`.as('deleted'),
        sql<string | null>`max(deleted_at)`.as('changed'),
        sql<number>`total(CASE WHEN deleted_at IS NULL THEN adults END)`.as('adults'),
        sql<number>`total(CASE WHEN deleted_at IS NULL THEN children END)`.as('children'),
      ])
      .where('local_day', '>=', first)
      .where('local_day', '<=', last)
      .$if(merged, (qb) => qb.where(here('visit'))),
  );
  const sessions = store.first(
    store.qb
      .selectFrom('event as e')
      .leftJoin('event_volunteer as ev', 'ev.event_id', 'e.id')
      .select([sql<number>`count(ev.event_id)`.as('n'), sql<number>`total(ev.hours)`.as('hours')])
      .where('e.local_day', '>=', first)
      .where('e.local_day', '<=', last)
      .$if(merged, (qb) => qb.where(here('e'))),
  );
  // Events that hold the period's records, wherever they started, and their sites.
  const conversationEvents = eventDigest(store, periodEvents(store, 'conversation', first, last));
  const visitEvents = eventDigest(store, periodEvents(store, 'visit', first, last));
  const startedEvents = eventDigest(
    store,
    store.qb
      .selectFrom('event')
      .select('id as event_id')
      .where('local_day', '>=', first)
      .where('local_day', '<=', last)
      .$if(merged, (qb) => qb.where(here('event'))),
  );
  return sha256Hex(
    canonicalJson({
      version: AGGREGATION_VERSION,
      period,
      enrolmentId: context.enrolmentId,
      policy: context.policy,
      reference: context.reference,
      conversations: [conversations?.n ?? 0, conversations?.changed ?? null],
      visits: [visits?.n ?? 0, visits?.deleted ?? 0, visits?.changed ?? null, visits?.adults ?? 0, visits?.children ?? 0],
      sessions: [sessions?.n ?? 0, sessions?.hours ?? 0],
      events: [conversationEvents, visitEvents, startedEvents].map((e) => [
        e?.n ?? 0,
        e?.deleted ?? 0,
        e?.changed ?? null,
        e?.siteChanged ?? null,
        e?.ids ?? 0,
      ]),
    }),
  );
}

/** Where a refresh left off. */
export interface RefreshStamp {
  /** London's day: the first refresh of a new day looks at every period. */
  day: string;
  /** Digest of enrolment, policy, period settings, reference lists and AGGREGATION_VERSION. */
  context: string;
  audit: number;
  conversation: number;
  visit: number;
  event: number;
}

export function currentStamp(store: Store, day: string, context: string): RefreshStamp {
  const maxId = (table: 'audit' | 'conversation' | 'visit' | 'event') =>
    store.first(store.qb.selectFrom(table).select(sql<number | null>`max(id)`.as('id')))?.id ?? 0;
  return { day, context, audit: maxId('audit'), conversation: maxId('conversation'), visit: maxId('visit'), event: maxId('event') };
}

export function parseStamp(json: string | null): RefreshStamp | null {
  if (!json) return null;
  try {
    const stamp = JSON.parse(json) as Partial<RefreshStamp>;
    const numbers = [stamp.audit, stamp.conversation, stamp.visit, stamp.event];
    if (typeof stamp.day !== 'string' || typeof stamp.context !== 'string' || numbers.some((n) => typeof n !== 'number')) return null;
    return stamp as RefreshStamp;
  } catch {
    return null;
  }
}

/** Runs `query` for ids in slices: SQLite caps the parameters of one statement. */
function inSlices<T>(ids: number[], query: (slice: number[]) => T[]): T[] {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += 500) rows.push(...query(ids.slice(i, i + 500)));
  return rows;
}

/**
 * London days whose records changed since `since`, or 'all' when that cannot be narrowed
 * down. Every query here walks a rowid range or looks rows up by id: its cost follows the
 * number of changes since the last refresh, not the size of the database.
 */
export function changedDays(store: Store, since: RefreshStamp): Set<string> | 'all' {
  const days = new Set<string>();
  const collect = (rows: { local_day: string }[]) => rows.forEach((row) => days.add(row.local_day));

  // Rows added since, audited or not (a seed or an import writes no audit entries).
  // (No DISTINCT: with it SQLite prefers scanning a whole local_day index to the rowid range.)
  collect(store.all(store.qb.selectFrom('conversation').select('local_day').where('id', '>', since.conversation)));
  collect(store.all(store.qb.selectFrom('visit').select('local_day').where('id', '>', since.visit)));
  collect(store.all(store.qb.selectFrom('event').select('local_day').where('id', '>', since.event)));

  // Audit entries since: the rowid range, never the entity index (which holds every entry ever).
  const entries = store.all(
    store.qb.selectFrom('audit').select(['entity', 'entity_id', 'action', 'before', 'after']).where('id', '>', since.audit),
  );
  const ids = (entity: string) => [...new Set(entries.filter((e) => e.entity === entity).map((e) => e.entity_id))];
  const conversations = ids('conversation');
  const visits = ids('visit');
  const events = ids('event');
  collect(inSlices(conversations, (slice) => store.all(store.qb.selectFrom('conversation').select('local_day').where('id', 'in', slice))));
  collect(inSlices(visits, (slice) => store.all(store.qb.selectFrom('visit').select('local_day').where('id', 'in', slice))));
  // A changed event changes every day holding its records, and the day it started.
  collect(inSlices(events, (slice) => store.all(store.qb.selectFrom('event').select('local_day').where('id', 'in', slice))));
  collect(inSlices(events, (slice) => store.all(store.qb.selectFrom('conversation').select('local_day').distinct().where('event_id', 'in', slice))));
  collect(inSlices(events, (slice) => store.all(store.qb.selectFrom('visit').select('local_day').distinct().where('event_id', 'in', slice))));

  for (const entry of entries) {
    // A site that changed borough moves all its records: rare enough to look at everything.
    if (entry.entity === 'site' && entry.action !== 'create') return 'all';
    // An event moved to another day left its old day behind: that is only in the audit entry.
    if (entry.entity === 'event' && entry.action === 'update') {
      for (const json of [entry.before, entry.after]) {
        const startsAt = json ? (JSON.parse(json) as { startsAt?: unknown }).startsAt : undefined;
        if (typeof startsAt !== 'string' || Number.isNaN(Date.parse(startsAt))) return 'all';
        days.add(londonDayOf(startsAt));
      }
    }
  }
  return days;
}
