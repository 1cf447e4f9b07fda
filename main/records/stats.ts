// Counts of everything in a database, for the `stats` command, seed checks and support: how
// big is this file and what is in it. Live counts leave soft-deleted rows out; those are
// counted on their own under `deleted`.
import { sql, type RawBuilder } from 'kysely';
import type { Store } from '../db/store.ts';

export interface DatabaseStats {
  sites: { total: number; active: number; retired: number };
  volunteers: { total: number; active: number; retired: number };
  events: { total: number; open: number; firstDay: string | null; lastDay: string | null };
  visits: { records: number; adults: number; children: number };
  conversations: {
    total: number;
    safeguarding: number;
    /** Live conversations per topic code (a conversation with two topics counts under both). */
    byTopic: Record<string, number>;
    byOutcome: Record<string, number>;
  };
  deleted: { events: number; visits: number; conversations: number };
}

// SQLite's aggregate FILTER clause: one pass over a table for several counts.
const count = (where: RawBuilder<unknown>) => sql<number>`count(*) filter (where ${where})`;
const total = (column: string, where: RawBuilder<unknown>) => sql<number>`coalesce(sum(${sql.ref(column)}) filter (where ${where}), 0)`;
const live = sql`deleted_at is null`;
const deleted = sql`deleted_at is not null`;
const all = sql`true`;

function tally(rows: { code: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [row.code, row.count]));
}

export function databaseStats(store: Store): DatabaseStats {
  const { qb } = store;
  const sites = store.first(
    qb.selectFrom('site').select([count(all).as('total'), count(sql`retired_at is null`).as('active')]),
  )!;
  const volunteers = store.first(
    qb.selectFrom('volunteer').select([count(all).as('total'), count(sql`retired_at is null`).as('active')]),
  )!;
  const events = store.first(
    qb
      .selectFrom('event')
      .select([
        count(live).as('total'),
        count(sql`deleted_at is null and ends_at is null`).as('open'),
        count(deleted).as('deleted'),
        sql<string | null>`min(local_day) filter (where ${live})`.as('firstDay'),
        sql<string | null>`max(local_day) filter (where ${live})`.as('lastDay'),
      ]),
  )!;
  const visits = store.first(
    qb
      .selectFrom('visit')
      .select([
        count(live).as('records'),
        total('adults', live).as('adults'),
        total('children', live).as('children'),
        count(deleted).as('deleted'),
      ]),
  )!;
  const conversations = store.first(
    qb
      .selectFrom('conversation')
      .select([
        count(live).as('total'),
        count(sql`deleted_at is null and safeguarding = 1`).as('safeguarding'),
        count(deleted).as('deleted'),
      ]),
  )!;
  const byTopic = store.all(
    qb
      .selectFrom('conversation_topic as t')
      .innerJoin('conversation as c', 'c.id', 't.conversation_id')
      .where('c.deleted_at', 'is', null)
      .select(['t.topic as code', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('t.topic')
      .orderBy('t.topic'),
  );
  const byOutcome = store.all(
    qb
      .selectFrom('conversation_outcome as o')
      .innerJoin('conversation as c', 'c.id', 'o.conversation_id')
      .where('c.deleted_at', 'is', null)
      .select(['o.outcome as code', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('o.outcome')
      .orderBy('o.outcome'),
  );
  return {
    sites: { total: sites.total, active: sites.active, retired: sites.total - sites.active },
    volunteers: { total: volunteers.total, active: volunteers.active, retired: volunteers.total - volunteers.active },
    events: { total: events.total, open: events.open, firstDay: events.firstDay, lastDay: events.lastDay },
    visits: { records: visits.records, adults: visits.adults, children: visits.children },
    conversations: {
      total: conversations.total,
      safeguarding: conversations.safeguarding,
      byTopic: tally(byTopic),
      byOutcome: tally(byOutcome),
    },
    deleted: { events: events.deleted, visits: visits.deleted, conversations: conversations.deleted },
  };
}
