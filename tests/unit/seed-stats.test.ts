// databaseStats against counts made the slow, obvious way: every row read into JS and tallied.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { databaseStats } from '../../main/records/stats.ts';
import { freshStore } from '../support/temp-store.ts';

let store: Store;
let dir: string;

beforeAll(async () => {
  ({ store, dir } = await freshStore({ withVolunteer: false }));
  seedSyntheticData(store, { conversations: 4000, seed: 21 });
  // Make sure every "deleted" and "retired" count has something in it, whatever the seed drew.
  store.sqlite.exec(`
    UPDATE event SET deleted_at = '2026-10-01T10:00:00.000Z' WHERE id IN (3, 4);
    UPDATE event SET ends_at = NULL WHERE id = 5;
    UPDATE conversation SET deleted_at = '2026-10-01T10:00:00.000Z' WHERE id % 97 = 0;
    UPDATE visit SET deleted_at = '2026-10-01T10:00:00.000Z' WHERE id % 89 = 0;
    UPDATE site SET retired_at = '2026-10-01T10:00:00.000Z' WHERE id = 1;
    UPDATE volunteer SET retired_at = '2026-10-01T10:00:00.000Z' WHERE id = 2;
  `);
});

afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function rows<T>(sql: string): T[] {
  return store.sqlite.prepare(sql).all() as T[];
}

function tally(codes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

describe('databaseStats', () => {
  it('matches counts made row by row', () => {
    const stats = databaseStats(store);

    const sites = rows<{ retired_at: string | null }>('SELECT retired_at FROM site');
    expect(stats.sites).toEqual({
      total: sites.length,
      active: sites.filter((s) => s.retired_at === null).length,
      retired: sites.filter((s) => s.retired_at !== null).length,
    });
    const volunteers = rows<{ retired_at: string | null }>('SELECT retired_at FROM volunteer');
    expect(stats.volunteers.retired).toBe(volunteers.filter((v) => v.retired_at !== null).length);
    expect(stats.volunteers.total).toBe(volunteers.length);

    const events = rows<{ ends_at: string | null; deleted_at: string | null; local_day: string }>('SELECT ends_at, deleted_at, local_day FROM event');
    const liveEvents = events.filter((e) => e.deleted_at === null);
    const days = liveEvents.map((e) => e.local_day).sort();
    expect(stats.events).toEqual({
      total: liveEvents.length,
      open: liveEvents.filter((e) => e.ends_at === null).length,
      firstDay: days[0],
      lastDay: days.at(-1),
    });

    const visits = rows<{ adults: number; children: number; deleted_at: string | null }>('SELECT adults, children, deleted_at FROM visit');
    const liveVisits = visits.filter((v) => v.deleted_at === null);
    expect(stats.visits).toEqual({
      records: liveVisits.length,
      adults: liveVisits.reduce((sum, v) => sum + v.adults, 0),
      children: liveVisits.reduce((sum, v) => sum + v.children, 0),
    });

    const conversations = rows<{ id: number; safeguarding: number; deleted_at: string | null }>(
      'SELECT id, safeguarding, deleted_at FROM conversation',
    );
    const live = new Set(conversations.filter((c) => c.deleted_at === null).map((c) => c.id));
    const topics = rows<{ conversation_id: number; topic: string }>('SELECT conversation_id, topic FROM conversation_topic');
    const outcomes = rows<{ conversation_id: number; outcome: string }>('SELECT conversation_id, outcome FROM conversation_outcome');
    expect(stats.conversations).toEqual({
      total: live.size,
      safeguarding: conversations.filter((c) => c.deleted_at === null && c.safeguarding === 1).length,
      byTopic: tally(topics.filter((t) => live.has(t.conversation_id)).map((t) => t.topic)),
      byOutcome: tally(outcomes.filter((o) => live.has(o.conversation_id)).map((o) => o.outcome)),
    });

    expect(stats.deleted).toEqual({
      events: events.length - liveEvents.length,
      visits: visits.length - liveVisits.length,
      conversations: conversations.length - live.size,
    });
    expect(stats.deleted.events).toBeGreaterThanOrEqual(2);
    expect(stats.conversations.total + stats.deleted.conversations).toBe(4000);
  });

  it('is plain JSON', () => {
    const stats = databaseStats(store);
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });

  it('counts an empty database as zeros', async () => {
    const empty = await freshStore({ withVolunteer: false });
    try {
      expect(databaseStats(empty.store)).toEqual({
        sites: { total: 0, active: 0, retired: 0 },
        volunteers: { total: 0, active: 0, retired: 0 },
        events: { total: 0, open: 0, firstDay: null, lastDay: null },
        visits: { records: 0, adults: 0, children: 0 },
        conversations: { total: 0, safeguarding: 0, byTopic: {}, byOutcome: {} },
        deleted: { events: 0, visits: 0, conversations: 0 },
      });
    } finally {
      empty.store.close();
      fs.rmSync(empty.dir, { recursive: true, force: true });
    }
  });
});
