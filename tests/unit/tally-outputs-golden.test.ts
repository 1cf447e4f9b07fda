// Golden outputs: what the dashboard, the records behind its figures, the sync aggregation and
// the monthly summary CSV make of one seeded database, as digests recorded from the code before
// the counting rules moved into main/tallies/. A refactoring of how tallies are kept or read
// must leave every byte of them as it was; a deliberate change of a figure updates the digest
// it changes, and says why in its commit.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { createEvent, setEventDeleted } from '../../main/records/event-admin.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';
import { exportMonthlySummary } from '../../main/reports/export.ts';
import type { RecordSlice, ReportFilters } from '../../main/reports/figures.ts';
import { reportRecords } from '../../main/reports/records.ts';
import { buildBoroughTables, exactCounts } from '../../main/sync/aggregate.ts';
import { DEFAULT_POLICY } from '../../main/sync/disclosure.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

let store: Store;
let dir: string;
const clock = manualClock('2026-11-20T10:00:00.000Z');

beforeAll(async () => {
  ({ store, dir } = await freshStore({ withVolunteer: false }));
  seedSyntheticData(store, { conversations: 4000, seed: 1234 });
  // A deleted session with records, and a conversation after midnight at a late session.
  const busy = store.sqlite
    .prepare(`SELECT id FROM event WHERE deleted_at IS NULL AND local_day LIKE '2026-09-%' AND EXISTS (SELECT 1 FROM conversation c WHERE c.event_id = event.id) ORDER BY id LIMIT 1`)
    .pluck()
    .get() as number;
  setEventDeleted(store, clock, busy, true);
  const siteId = store.sqlite.prepare('SELECT id FROM site WHERE retired_at IS NULL ORDER BY id LIMIT 1').pluck().get() as number;
  const late = createEvent(store, clock, { siteId, kind: 'community_stall', startsAt: '2026-09-30T17:00:00.000Z', endsAt: null, notes: '', volunteers: [] });
  clock.set('2026-09-30T23:30:00.000Z');
  recordConversation(store, clock, {
    eventId: late.id, depth: 'brief_contact', topics: ['gp_access', 'mh_carers', 'mh_wellbeing'], outcomes: [], ageBand: 'not_recorded',
    sex: 'not_recorded', ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: '',
  });
  clock.set('2026-11-20T10:00:00.000Z');
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const digest = (value: unknown) =>
  createHash('sha256')
    .update(Buffer.isBuffer(value) ? value : JSON.stringify(value))
    .digest('hex')
    .slice(0, 16);

function outputs(): Record<string, string> {
  const first = <T>(sql: string) => store.sqlite.prepare(sql).pluck().get() as T;
  const authority = first<string>(`SELECT s.authority_code FROM event e JOIN site s ON s.id = e.site_id WHERE e.local_day LIKE '2026-09-%' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const siteId = first<number>(`SELECT site_id FROM event WHERE local_day LIKE '2026-09-%' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const volunteerId = first<number>(`SELECT volunteer_id FROM event_volunteer GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const filters: Record<string, ReportFilters> = {
    month: { from: '2026-09-01', to: '2026-09-30' },
    year: { from: '2025-10-01', to: '2026-09-30' },
    cutMonths: { from: '2026-03-17', to: '2026-09-12' },
    kinds: { from: '2025-10-01', to: '2026-09-30', kinds: ['popup_shop', 'community_stall'] },
    borough: { from: '2025-10-01', to: '2026-09-30', authorityCodes: [authority] },
    site: { from: '2026-01-01', to: '2026-09-30', siteIds: [siteId] },
    volunteer: { from: '2025-10-01', to: '2026-09-30', volunteerIds: [volunteerId] },
  };
  const result: Record<string, string> = {};
  for (const [name, f] of Object.entries(filters)) {
    result[`dashboard ${name}`] = digest(dashboardFigures(store, f, 'week'));
  }
  const slices: Record<string, RecordSlice> = {
    topic: { records: 'conversations', topic: 'screening_bowel' },
    topicGroup: { records: 'conversations', topicGroup: 'mental_health' },
    outcome: { records: 'conversations', outcome: 'leaflet_given' },
    withoutOutcome: { records: 'conversations', withoutOutcome: true },
    ethnicGroup: { records: 'conversations', band: { dimension: 'ethnicGroup', code: 'asian' } },
    age: { records: 'conversations', band: { dimension: 'age', code: 'age_60_74' } },
    events: { records: 'events' },
    withoutRecords: { records: 'events', only: 'withoutRecords' },
    visits: { records: 'visits' },
  };
  for (const [name, slice] of Object.entries(slices)) {
    for (const [range, f] of Object.entries({ month: filters.month!, borough: filters.borough! })) {
      const page = reportRecords(store, f, slice, { limit: 200 });
      if (name !== 'withoutRecords') expect(page.rows.length, `${name} ${range}`).toBeGreaterThan(0);
      result[`records ${name} ${range}`] = digest(page);
    }
  }
  for (const period of ['2026-09', '2025-12', '2026-W37']) {
    const exact = exactCounts(store, period);
    expect(exact.length, period).toBeGreaterThan(0);
    result[`exact counts ${period}`] = digest(exact);
    result[`sync tables ${period}`] = digest(buildBoroughTables(store, period, DEFAULT_POLICY));
  }
  return result;
}

describe('the figures a person sees or sends', () => {
  it('are byte for byte those of the code before the tallies had one owner', async () => {
    const got = outputs();
    got['monthly summary CSV 2026-09'] = digest((await exportMonthlySummary(store, clock, { month: '2026-09', format: 'csv' })).bytes);
    expect(got).toEqual(GOLDEN);
  });
});

// Recorded from commit d060b4c (the counting rules still in six places).
const GOLDEN: Record<string, string> = {
  "dashboard borough": "f4cdbaf335212724",
  "dashboard cutMonths": "d6e8a5f13fd4aa9d",
  "dashboard kinds": "50e2876461bb2ea6",
  "dashboard month": "003671c35d595296",
  "dashboard site": "bdbb31c25513cad7",
  "dashboard volunteer": "b93221c244251430",
  "dashboard year": "104e8a5b531e1d03",
  "exact counts 2025-12": "21a9dc7f70074e13",
  "exact counts 2026-09": "ffff5c74fecc1220",
  "exact counts 2026-W37": "7fb4c7061586da20",
  "monthly summary CSV 2026-09": "9a0722112d498f74",
  "records age borough": "f5f874bd4cedc50e",
  "records age month": "99c71e1bc1c37d48",
  "records ethnicGroup borough": "7965596182e45f45",
  "records ethnicGroup month": "2c1466e2448d900d",
  "records events borough": "295e49eefe25d67a",
  "records events month": "b8469eed6f03a4ed",
  "records outcome borough": "cee6786d74857057",
  "records outcome month": "a32f2c8e76c0fe72",
  "records topic borough": "ba528c8ef5342b31",
  "records topic month": "8e4a071d7c92e0de",
  "records topicGroup borough": "6c893ecf76d00c1e",
  "records topicGroup month": "dfd19afddc93a3ea",
  "records visits borough": "d2ef95cfde5b1f4f",
  "records visits month": "2604acd63912c863",
  "records withoutOutcome borough": "bc2058d69ad32894",
  "records withoutOutcome month": "bc2058d69ad32894",
  "records withoutRecords borough": "0785e463110326d1",
  "records withoutRecords month": "0785e463110326d1",
  "sync tables 2025-12": "d13586b89c527dee",
  "sync tables 2026-09": "206c59585f5310e5",
  "sync tables 2026-W37": "c20f7fd8b10cc712",
};
