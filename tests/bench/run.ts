// `npm run bench`: the budgets in PRODUCT.md, measured on a database of 1,000,000
// conversations built by the CLI seeder. Prints one JSON object per line and exits non-zero
// when any budget is missed. Not part of `npm test`: it takes a minute or two.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import { pendingMigrations } from '../../main/db/migrator.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { recordConversation, type ConversationFields } from '../../main/records/conversations.ts';
import { dataChecksSummary, listEvents } from '../../main/records/event-list.ts';
import { createEvent } from '../../main/records/event-admin.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { createSite } from '../../main/records/sites.ts';
import { createVolunteer } from '../../main/records/volunteers.ts';
import type { Clock } from '../../shared/clock.ts';
import { summary, time, timeInTurns, verdict, type BenchResult } from './measure.ts';
import { extraBenchmarks } from './extra.ts';
import { browserBenchmarks } from './browser.ts';
import { teamBenchmarks } from './team.ts';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '1000000' },
    dir: { type: 'string', default: path.join(os.tmpdir(), 'outreach-tally-bench') },
    fresh: { type: 'boolean', default: false },
    'skip-browser': { type: 'boolean', default: false },
  },
});
const conversations = Number(values.conversations);
const dir = values.dir!;
fs.mkdirSync(dir, { recursive: true });
const source = path.join(dir, `seed-${conversations}.db`);
const results: BenchResult[] = [];
const report = (result: BenchResult) => {
  results.push(result);
  console.log(JSON.stringify(result));
};

// The seeded file is kept between runs (same seed, same content); each run works on a copy.
if (values.fresh || !fs.existsSync(source)) {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(source + suffix, { force: true });
  const started = Date.now();
  const { store } = await openStore(source);
  seedSyntheticData(store, { conversations, seed: 2026 });
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  console.error(`seeded ${conversations} conversations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
// A seed cached before a schema change is brought up to date once, not in every run's copy
// (a migration on a million conversations takes tens of seconds). The copy taken before the
// migration is of no use here.
{
  const raw = new Sqlite(source, { readonly: true });
  const pending = pendingMigrations(raw);
  raw.close();
  if (pending.length > 0) {
    const started = Date.now();
    const { store, migration } = await openStore(source);
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    if (migration.backupFile) fs.rmSync(migration.backupFile, { force: true });
    console.error(`migrated the cached seed (${pending.join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
const file = path.join(dir, 'bench.db');
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
fs.copyFileSync(source, file);
// Written to disk before anything is timed: otherwise the copy's half a gigabyte of dirty pages
// is flushed by the first commits' fsyncs, and they measure the benchmark's own setup.
{
  const fd = fs.openSync(file, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

// --- open the database and be ready (migrations checked) --------------------------------
{
  const samples = await time(10, async () => (await openStore(file)).store.close());
  const baseline = await time(10, () => {
    const db = new Sqlite(file);
    db.prepare('SELECT count(*) FROM kysely_migration').get();
    db.close();
  });
  // The quiet figure: the bare open's p99 on the quiet run of 2026-12-07 23:19 UTC (README).
  report(verdict('open database and be ready', samples, { budget_ms: 300, baseline, quiet_baseline_p99_ms: 2.5 }));
}

const { store } = await openStore(file);
const clock: Clock = () => new Date('2026-11-20T11:00:00.000Z');

// --- log one conversation through the service ---------------------------------------------
{
  createVolunteer(store, clock, { name: 'Bench', role: 'coordinator', language: 'en-GB' });
  const site = createSite(store, clock, { name: 'Bench site', authorityCode: 'E09000023', settingType: 'library' });
  // Today's open session, made directly: the seeded years hold sessions never closed, and the
  // volunteer's "Open session" waits until those are closed or left for a coordinator.
  const event = createEvent(store, clock, { siteId: site.id, kind: 'popup_shop', startsAt: clock().toISOString(), endsAt: null, notes: '', volunteers: [] });
  const fields: ConversationFields = {
    eventId: event.id, depth: 'meaningful_discussion', topics: ['screening_bowel', 'mh_stress_anxiety'], outcomes: ['leaflet_given'],
    ageBand: 'age_60_74', sex: 'female', ethnicity: 'bangladeshi', language: 'bn', safeguarding: false, notes: 'Bench note',
  };
  // The same row through a bare prepared INSERT, committed on its own (as the service's
  // transaction is), on the same file with the same pragmas: what the hardware costs. The two
  // are timed in turns, so both meet the same fsync tails.
  const insert = store.sqlite.prepare(
    `INSERT INTO conversation (event_id, recorded_at, local_day, recorded_by, depth, age_band, sex, ethnicity, language, safeguarding, notes, updated_at)
     VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const at = clock().toISOString();
  const { samples, baseline } = await timeInTurns(
    500,
    () => recordConversation(store, clock, fields),
    () => insert.run(event.id, at, '2026-11-20', 'brief_contact', 'age_60_74', 'female', 'bangladeshi', 'bn', 'Bench note', at),
  );
  // Every commit waits for an fsync: say how many samples the disk made slow, for both.
  const slow = (list: number[]) => `${list.filter((ms) => ms > 2).length}/${list.length} over 2 ms (slowest ${list.at(-1)!.toFixed(1)} ms)`;
  report(
    verdict('log one conversation (validation, insert, audit)', samples, {
      budget_ms: 2,
      baseline,
      max_ratio: 3,
      note: `service ${slow(samples)}; bare INSERT ${slow(baseline)}; each commit is fsynced (synchronous=FULL)`,
    }),
  );
}

// --- the coordinator's lists stay fast ------------------------------------------------------
{
  const samples = await time(20, () => listEvents(store, clock, {}, { limit: 50 }));
  report(verdict('events list, first page', samples, { budget_ms: 100 }));
  const year = { from: '2025-11-01', to: '2026-10-31' };
  const quality = await time(10, () => dataChecksSummary(store, clock, year));
  report(verdict('data checks for a year', quality, { budget_ms: 100 }));
}

for (const bench of extraBenchmarks) {
  for (const result of await bench({ store, file, dir, clock })) report(result);
}

// Last: the merges add 300,000 conversations' worth of another laptop's records to the copy.
for (const result of await teamBenchmarks({ store, dir, clock })) report(result);

// Memory is measured in a fresh process (extra.ts): this one has seeded and measured.

store.close();

// On screen: Chromium through the harness, on a copy of its own (the taps and saves it makes
// stay out of the seed and of the service measurements' copy). Needs the built renderer.
if (!values['skip-browser']) {
  const onScreen = path.join(dir, 'browser.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(onScreen + suffix, { force: true });
  fs.copyFileSync(source, onScreen);
  for (const result of await browserBenchmarks(onScreen)) report(result);
}

console.error(summary(results));
process.exit(results.some((r) => !r.ok) ? 1 : 0);

export type { Store };
