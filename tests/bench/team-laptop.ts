// A volunteer's laptop for the hand-over and merge benchmarks: the bench seeder's records
// (100,000 conversations by default) on a laptop of the bench team, with the audit trail the
// services would have written for them (the seeder writes none, and a real laptop hands over
// one 'create' entry per session, visit and conversation, notes included for the hand-over to
// drop). Cached in the bench folder like the 1M seed; each use works on a copy.
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { joinTeam, nameLaptop } from '../../main/team/laptop.ts';

export const BENCH_TEAM_ID = 'BNCH-TEAM-2026-LDN1';
export const BENCH_PASSPHRASE = 'bench team passphrase 2026';

/** The 'create' audit entries the services write, as SQL over the seeded rows. */
const CREATION_AUDIT = [
  `INSERT INTO audit (at, actor_id, entity, entity_id, action, before, after)
   SELECT created_at, created_by, 'event', id, 'create', NULL,
          json_object('siteId', site_id, 'kind', kind, 'startsAt', starts_at, 'endsAt', ends_at, 'notes', 'Bench session note')
     FROM event ORDER BY id`,
  `INSERT INTO audit (at, actor_id, entity, entity_id, action, before, after)
   SELECT recorded_at, recorded_by, 'visit', id, 'create', NULL,
          json_object('event_id', event_id, 'recorded_at', recorded_at, 'local_day', local_day, 'adults', adults, 'children', children,
                      'recorded_by', recorded_by)
     FROM visit ORDER BY id`,
  `INSERT INTO audit (at, actor_id, entity, entity_id, action, before, after)
   SELECT c.recorded_at, c.recorded_by, 'conversation', c.id, 'create', NULL,
          json_object('eventId', c.event_id, 'depth', c.depth,
                      'topics', (SELECT json_group_array(topic) FROM conversation_topic WHERE conversation_id = c.id),
                      'outcomes', (SELECT json_group_array(outcome) FROM conversation_outcome WHERE conversation_id = c.id),
                      'ageBand', c.age_band, 'sex', c.sex, 'ethnicity', c.ethnicity, 'language', c.language,
                      'safeguarding', json(CASE c.safeguarding WHEN 1 THEN 'true' ELSE 'false' END), 'notes', 'Bench conversation note',
                      'recordedAt', c.recorded_at, 'recordedBy', c.recorded_by)
     FROM conversation c ORDER BY c.id`,
];

/**
 * The path of a seeded volunteer laptop in `dir` (made once: ~20 s for 100,000 conversations),
 * joined to the bench team. Copy it before use: its first hand-over gives every record its
 * stable id, and each copy is then a laptop of its own (laptop id and key made on first use).
 */
export async function benchVolunteerLaptop(dir: string, conversations: number): Promise<string> {
  const file = path.join(dir, `team-volunteer-${conversations}.db`);
  if (fs.existsSync(file)) return file;
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
  const { store } = await openStore(partial);
  // Another seed than the coordinator's 1M records: other sites, other days' numbers.
  seedSyntheticData(store, { conversations, seed: 2027 });
  store.transaction(() => {
    for (const sql of CREATION_AUDIT) store.sqlite.prepare(sql).run();
  });
  joinTeam(store, { teamId: BENCH_TEAM_ID, passphrase: BENCH_PASSPHRASE });
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  fs.renameSync(partial, file);
  return file;
}

/** A copy of the seeded laptop under `name`, its own laptop once opened (id made on first use). */
export async function copyOfVolunteerLaptop(source: string, target: string, name: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  fs.copyFileSync(source, target);
  const { store } = await openStore(target);
  // A laptop of its own: the seeded file's laptop id and signing key are made anew.
  store.sqlite.prepare(`DELETE FROM setting WHERE key IN ('laptop_id', 'laptop_signing_key')`).run();
  nameLaptop(store, name);
  store.close();
}
