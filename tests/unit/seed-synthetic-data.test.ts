// The synthetic seed: same seed, same database; plausible shapes; nothing a real service
// would have refused (valid codes, valid foreign keys, London days that match the instants).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { londonDayOf } from '../../shared/clock.ts';
import { mulberry32, seedSyntheticData, SeedRefusedError } from '../../main/records/seed.ts';
import { freshStore } from '../support/temp-store.ts';

const seededTables = [
  'volunteer',
  'site',
  'event',
  'event_volunteer',
  'visit',
  'conversation',
  'conversation_topic',
  'conversation_outcome',
  'setting',
] as const;

const opened: { store: Store; dir: string }[] = [];

async function emptyStore(): Promise<Store> {
  const { store, dir } = await freshStore({ withVolunteer: false });
  opened.push({ store, dir });
  return store;
}

afterEach(() => {
  for (const { store, dir } of opened.splice(0)) {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function tableDigest(store: Store): Record<string, string> {
  return Object.fromEntries(
    seededTables.map((table) => {
      const rows = store.sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).raw().all();
      return [table, createHash('sha256').update(JSON.stringify(rows)).digest('hex')];
    }),
  );
}

function scalar(store: Store, sql: string): number {
  return store.sqlite.prepare(sql).pluck().get() as number;
}

describe('mulberry32', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('seedSyntheticData', () => {
  it('writes identical tables for the same seed and different ones for another seed', async () => {
    const [a, b, c] = [await emptyStore(), await emptyStore(), await emptyStore()];
    const summaryA = seedSyntheticData(a, { conversations: 3000, seed: 11 });
    const summaryB = seedSyntheticData(b, { conversations: 3000, seed: 11 });
    seedSyntheticData(c, { conversations: 3000, seed: 12 });
    expect(summaryB).toEqual(summaryA);
    expect(tableDigest(b)).toEqual(tableDigest(a));
    const digestC = tableDigest(c);
    expect(digestC.conversation).not.toBe(tableDigest(a).conversation);
    expect(digestC.event).not.toBe(tableDigest(a).event);
  });

  it('writes exactly the conversations asked for, in plausible proportions', async () => {
    const store = await emptyStore();
    const summary = seedSyntheticData(store, { conversations: 5000, seed: 3 });
    expect(summary.conversations).toBe(5000);
    expect(scalar(store, 'SELECT count(*) FROM conversation')).toBe(5000);
    expect(scalar(store, 'SELECT count(*) FROM volunteer')).toBe(5);
    expect(scalar(store, 'SELECT count(DISTINCT authority_code) FROM site')).toBe(33);
    expect(scalar(store, 'SELECT count(DISTINCT setting_type) FROM site')).toBe(12);

    // 15–40 conversations a session; training sessions and mistakes have none.
    const sessions = scalar(store, "SELECT count(*) FROM event WHERE kind <> 'volunteer_training' AND deleted_at IS NULL");
    expect(sessions).toBeGreaterThanOrEqual(5000 / 40);
    expect(sessions).toBeLessThanOrEqual(5000 / 15 + 1);
    expect(scalar(store, 'SELECT max(n) FROM (SELECT count(*) n FROM conversation GROUP BY event_id)')).toBeLessThanOrEqual(40);
    expect(scalar(store, "SELECT count(*) FROM conversation c JOIN event e ON e.id = c.event_id WHERE e.kind = 'volunteer_training'")).toBe(0);

    // Every conversation has 1–3 topics; 0–3 outcomes, a few per cent with none.
    expect(scalar(store, 'SELECT count(*) FROM conversation WHERE id NOT IN (SELECT conversation_id FROM conversation_topic)')).toBe(0);
    expect(scalar(store, 'SELECT max(n) FROM (SELECT count(*) n FROM conversation_topic GROUP BY conversation_id)')).toBeLessThanOrEqual(3);
    expect(scalar(store, 'SELECT max(n) FROM (SELECT count(*) n FROM conversation_outcome GROUP BY conversation_id)')).toBeLessThanOrEqual(3);
    const withoutOutcome = scalar(store, 'SELECT count(*) FROM conversation WHERE id NOT IN (SELECT conversation_id FROM conversation_outcome)') / 5000;
    expect(withoutOutcome).toBeGreaterThan(0.01);
    expect(withoutOutcome).toBeLessThan(0.06);

    const safeguarding = scalar(store, 'SELECT avg(safeguarding) FROM conversation');
    expect(safeguarding).toBeGreaterThan(0.01);
    expect(safeguarding).toBeLessThan(0.06);
    expect(scalar(store, "SELECT avg(notes <> '') FROM conversation")).toBeLessThan(0.05);
    expect(scalar(store, "SELECT count(*) FROM conversation WHERE age_band IN ('prefer_not_to_say', 'not_recorded')")).toBeGreaterThan(0);
    expect(scalar(store, "SELECT count(*) FROM conversation WHERE ethnicity IN ('prefer_not_to_say', 'not_recorded')")).toBeGreaterThan(0);

    // Footfall only at pop-up shops, roughly three visits per conversation there.
    expect(scalar(store, "SELECT count(*) FROM visit v JOIN event e ON e.id = v.event_id WHERE e.kind <> 'popup_shop'")).toBe(0);
    const popupConversations = scalar(store, "SELECT count(*) FROM conversation c JOIN event e ON e.id = c.event_id WHERE e.kind = 'popup_shop'");
    const visitsPerConversation = scalar(store, 'SELECT count(*) FROM visit') / popupConversations;
    expect(visitsPerConversation).toBeGreaterThan(2);
    expect(visitsPerConversation).toBeLessThan(4);
    expect(scalar(store, 'SELECT count(*) FROM visit WHERE adults + children = 0')).toBe(0);
  });

  it('uses only codes from the reference lists and keeps every foreign key valid', async () => {
    const store = await emptyStore();
    seedSyntheticData(store, { conversations: 2000, seed: 5 });
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
    const unknown = (column: string, table: string, list: string) =>
      scalar(store, `SELECT count(*) FROM ${table} WHERE ${column} NOT IN (SELECT code FROM reference_item WHERE list = '${list}')`);
    expect(unknown('kind', 'event', 'event_kind')).toBe(0);
    expect(unknown('setting_type', 'site', 'setting_type')).toBe(0);
    expect(unknown('topic', 'conversation_topic', 'topic')).toBe(0);
    expect(unknown('outcome', 'conversation_outcome', 'outcome')).toBe(0);
    expect(unknown('depth', 'conversation', 'depth')).toBe(0);
    expect(unknown('age_band', 'conversation', 'age')).toBe(0);
    expect(unknown('sex', 'conversation', 'sex')).toBe(0);
    expect(unknown('ethnicity', 'conversation', 'ethnicity')).toBe(0);
    expect(unknown('language', 'conversation', 'language')).toBe(0);
    // The seeded lead is the current profile, so the demo database is ready to record.
    expect(store.sqlite.prepare("SELECT v.role FROM setting s JOIN volunteer v ON v.id = s.value WHERE s.key = 'current_volunteer_id'").pluck().get()).toBe('lead');
  });

  it('places sessions in London daytime over the three years before now, with matching local days', async () => {
    const store = await emptyStore();
    // A summer `now`, so the range spans both GMT and BST days.
    const summary = seedSyntheticData(store, { conversations: 3000, seed: 9, now: '2026-07-15T12:00:00Z' });
    expect(summary.firstDay! >= '2023-07-15').toBe(true);
    expect(summary.lastDay! < '2026-07-15').toBe(true);

    const londonHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' });
    const events = store.sqlite.prepare('SELECT starts_at, ends_at, local_day FROM event').all() as {
      starts_at: string;
      ends_at: string | null;
      local_day: string;
    }[];
    const offsets = new Set<number>();
    for (const event of events) {
      expect(event.local_day).toBe(londonDayOf(event.starts_at));
      const hour = Number(londonHour.format(new Date(event.starts_at)));
      expect(hour).toBeGreaterThanOrEqual(9);
      expect(hour).toBeLessThanOrEqual(15);
      offsets.add(hour - new Date(event.starts_at).getUTCHours());
      if (event.ends_at) {
        expect(event.ends_at >= event.starts_at).toBe(true);
        expect(londonDayOf(event.ends_at)).toBe(event.local_day);
      }
    }
    expect([...offsets].sort()).toEqual([0, 1]);

    for (const table of ['conversation', 'visit']) {
      const sampled = store.sqlite.prepare(`SELECT recorded_at, local_day FROM ${table} WHERE id % 37 = 0`).all() as {
        recorded_at: string;
        local_day: string;
      }[];
      expect(sampled.length).toBeGreaterThan(20);
      for (const row of sampled) expect(row.local_day).toBe(londonDayOf(row.recorded_at));
    }
    const outside = scalar(
      store,
      `SELECT count(*) FROM conversation c JOIN event e ON e.id = c.event_id
        WHERE c.recorded_at < e.starts_at OR c.recorded_at >= coalesce(e.ends_at, '9999')`,
    );
    expect(outside).toBe(0);
  });

  it('refuses a database that already has records unless appending', async () => {
    const store = await emptyStore();
    seedSyntheticData(store, { conversations: 500, seed: 1 });
    const before = tableDigest(store);
    expect(() => seedSyntheticData(store, { conversations: 500, seed: 2 })).toThrow(SeedRefusedError);
    expect(() => seedSyntheticData(store, { conversations: 500, seed: 2 })).toThrow(/--append/);
    expect(tableDigest(store)).toEqual(before);

    const appended = seedSyntheticData(store, { conversations: 500, seed: 2, append: true });
    expect(appended.conversations).toBe(500);
    expect(scalar(store, 'SELECT count(*) FROM conversation')).toBe(1000);
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('treats a profile made in the app as a record', async () => {
    const { store, dir } = await freshStore({ withVolunteer: true });
    opened.push({ store, dir });
    expect(() => seedSyntheticData(store, { conversations: 10, seed: 1 })).toThrow(SeedRefusedError);
  });

  it('rejects impossible options before writing anything', async () => {
    const store = await emptyStore();
    expect(() => seedSyntheticData(store, { conversations: -1, seed: 1 })).toThrow(RangeError);
    expect(() => seedSyntheticData(store, { conversations: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => seedSyntheticData(store, { conversations: 10, seed: 1, now: 'soon' })).toThrow(RangeError);
    expect(scalar(store, 'SELECT count(*) FROM volunteer')).toBe(0);
  });

  it('with no conversations writes only volunteers and sites', async () => {
    const store = await emptyStore();
    const summary = seedSyntheticData(store, { conversations: 0, seed: 1 });
    expect(summary).toMatchObject({ volunteers: 5, sites: 33, events: 0, conversations: 0, firstDay: null });
    expect(scalar(store, 'SELECT count(*) FROM event')).toBe(0);
  });
});
