// The team of laptops in `npm run bench` (issue 16): a volunteer's laptop of 100,000
// conversations (with their visits, sessions and audit trail: ~400,000 rows) hands its records
// over, and the coordinator's laptop (the 1M bench database) previews and merges the file.
// Three copies of the laptop are three team members, so each merge sample is a first merge.
// Alone, on a copy of a seed: `node tests/bench/team.ts --db COPY.db [--dir DIR]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, type Store } from '../../main/db/store.ts';
import type { Clock } from '../../shared/clock.ts';
import { batchInserter } from '../../main/db/bulk-insert.ts';
import { handOverRecords } from '../../main/team/handover.ts';
import { openHandoverFile } from '../../main/team/handover-file.ts';
import { joinTeam } from '../../main/team/laptop.ts';
import { mergeHandover, previewHandover } from '../../main/team/merge.ts';
import { time, verdict, type BenchResult } from './measure.ts';
import { BENCH_PASSPHRASE, BENCH_TEAM_ID, benchVolunteerLaptop, copyOfVolunteerLaptop } from './team-laptop.ts';

const CONVERSATIONS = 100_000;
const LAPTOPS = 3;

/**
 * Milliseconds of one call on the process's monotonic clock, and of CPU: on a machine other
 * jobs keep busy the wall clock says how busy it was, the CPU time what the work cost.
 */
function once<T>(work: () => T, cpu?: number[]): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const startCpu = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(startCpu);
  cpu?.push((used.user + used.system) / 1000);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const cpuNote = (cpu: number[]) => `CPU ${cpu.map((ms) => (ms / 1000).toFixed(1)).join(' / ')} s`;

export async function teamBenchmarks({
  store,
  dir,
  clock,
  conversations = CONVERSATIONS,
}: {
  store: Store;
  dir: string;
  clock: Clock;
  conversations?: number;
}): Promise<BenchResult[]> {
  const source = await benchVolunteerLaptop(dir, conversations);
  const size = `${conversations.toLocaleString('en-GB')} conversations`;
  joinTeam(store, { teamId: BENCH_TEAM_ID, passphrase: BENCH_PASSPHRASE });

  // --- hand-over on each laptop: the first (every record gets its stable id) and a repeat ----
  const files: Buffer[] = [];
  const first: number[] = [];
  const again: number[] = [];
  const firstCpu: number[] = [];
  const againCpu: number[] = [];
  let rows = '';
  for (let i = 0; i < LAPTOPS; i++) {
    const file = path.join(dir, `team-laptop-${i + 1}.db`);
    await copyOfVolunteerLaptop(source, file, `Bench laptop ${i + 1}`);
    const { store: laptop } = await openStore(file);
    const handed = once(() => handOverRecords(laptop, clock, BENCH_PASSPHRASE), firstCpu);
    first.push(handed.ms);
    files.push(handed.value.bytes);
    const later: Clock = () => new Date(clock().getTime() + 60_000);
    again.push(once(() => handOverRecords(laptop, later, BENCH_PASSPHRASE), againCpu).ms);
    const s = handed.value.summary;
    rows = `${s.events} sessions, ${s.visits} visits, ${s.conversations} conversations, ${s.auditEntries} audit entries, ${s.volunteers} volunteers, ${s.sites} sites`;
    laptop.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
  const fileNote = `${rows}; a ${(files[0]!.length / 1e6).toFixed(1)} MB file`;
  const results: BenchResult[] = [
    verdict(`hand-over of ${size}, first (stable ids given to every record)`, first.sort((a, b) => a - b), { budget_ms: 10_000, note: `${fileNote}; ${cpuNote(firstCpu)}` }),
    verdict(`hand-over of ${size}, again`, again.sort((a, b) => a - b), { budget_ms: 10_000, note: cpuNote(againCpu) }),
  ];

  // --- on the coordinator's laptop (the 1M database) ------------------------------------------
  const preview = await time(3, () => previewHandover(store, files[0]!, BENCH_PASSPHRASE), 1);
  results.push(verdict(`preview a hand-over file of ${size}`, preview, { budget_ms: 5_000, note: 'decrypted, checked and compared; nothing written' }));

  // The bare baseline: the file opened and its rows through bare multi-row INSERTs (no checks, no tallies, no
  // lookups), in a transaction rolled back: what writing them costs SQLite here.
  const baseline = await time(1, () => bareInserts(store, files[0]!), 0);

  const merges: number[] = [];
  const mergeCpu: number[] = [];
  for (const bytes of files) {
    const merged = once(() => mergeHandover(store, clock, bytes, BENCH_PASSPHRASE, { requireCoordinator: false }), mergeCpu);
    if (!merged.value.merged || merged.value.total.new === 0) throw new Error(`The merge wrote nothing: ${JSON.stringify(merged.value.total)}`);
    merges.push(merged.ms);
  }
  results.push(
    verdict(`merge a hand-over file of ${size} (one transaction)`, merges.sort((a, b) => a - b), {
      budget_ms: 10_000,
      baseline,
      note: `${LAPTOPS} laptops' files into the 1M database, each a first merge; ${cpuNote(mergeCpu)}; baseline: the file opened and its rows through bare multi-row INSERTs, rolled back`,
    }),
  );
  const repeat = await time(3, () => mergeHandover(store, clock, files[0]!, BENCH_PASSPHRASE, { requireCoordinator: false }), 0);
  results.push(verdict('merge the same file again (changes nothing)', repeat, { budget_ms: 5_000 }));
  return results;
}

class RolledBack extends Error {}

function bareInserts(store: Store, bytes: Buffer): void {
  const { payload } = openHandoverFile(bytes, BENCH_PASSPHRASE);
  const db = store.sqlite;
  const maxId = (table: string) => db.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number;
  try {
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      db.prepare('UPDATE report_tally_state SET paused = 1').run();
      const at = new Date().toISOString();
      const site = db
        .prepare(`INSERT INTO site (name, authority_code, setting_type, created_at, updated_at) VALUES ('Bench baseline', 'E09000023', 'library', ?, ?)`)
        .run(at, at).lastInsertRowid;
      const events = batchInserter(db, 'event', ['id', 'site_id', 'kind', 'starts_at', 'local_day', 'created_at', 'updated_at', 'uid']);
      const eventIds = new Map<string, number>();
      let id = maxId('event');
      for (const e of payload.events) {
        eventIds.set(e.uid, ++id);
        events.add(id, site, e.kind, e.startsAt, e.localDay, e.createdAt, e.updatedAt, e.uid);
      }
      events.flush();
      const visits = batchInserter(db, 'visit', ['event_id', 'recorded_at', 'local_day', 'adults', 'children', 'uid']);
      for (const v of payload.visits) visits.add(eventIds.get(v.eventUid), v.recordedAt, v.localDay, v.adults, v.children, v.uid);
      visits.flush();
      const conversations = batchInserter(db, 'conversation', [
        'id', 'event_id', 'recorded_at', 'local_day', 'depth', 'age_band', 'sex', 'ethnicity', 'language', 'safeguarding', 'notes', 'updated_at', 'uid',
      ]);
      const topics = batchInserter(db, 'conversation_topic', ['conversation_id', 'topic'], { after: conversations });
      const outcomes = batchInserter(db, 'conversation_outcome', ['conversation_id', 'outcome'], { after: conversations });
      id = maxId('conversation');
      for (const c of payload.conversations) {
        conversations.add(++id, eventIds.get(c.eventUid), c.recordedAt, c.localDay, c.depth, c.ageBand, c.sex, c.ethnicity, c.language, 0, '', c.updatedAt, c.uid);
        for (const topic of c.topics) topics.add(id, topic);
        for (const outcome of c.outcomes) outcomes.add(id, outcome);
      }
      for (const inserter of [conversations, topics, outcomes]) inserter.flush();
      const audit = batchInserter(db, 'audit', ['at', 'entity', 'entity_id', 'action', 'before', 'after', 'uid']);
      for (const a of payload.audit) {
        audit.add(a.at, a.entity, 1, a.action, a.before === null ? null : JSON.stringify(a.before), a.after === null ? null : JSON.stringify(a.after), a.uid);
      }
      audit.flush();
      throw new RolledBack();
    })();
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
}

// Alone: `node tests/bench/team.ts --db COPY.db [--conversations N]` (the copy gains three laptops' records).
if (import.meta.main) {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, dir: { type: 'string', default: path.join(os.tmpdir(), 'outreach-tally-bench') }, conversations: { type: 'string' } },
  });
  if (!values.db) throw new Error('Give --db: a copy of a seeded database (it gains the merged records).');
  fs.mkdirSync(values.dir!, { recursive: true });
  const { store } = await openStore(values.db);
  const clock: Clock = () => new Date('2026-11-20T11:00:00.000Z');
  const conversations = values.conversations === undefined ? CONVERSATIONS : Number(values.conversations);
  if (!Number.isInteger(conversations) || conversations < 1) throw new Error('--conversations takes a whole number.');
  for (const result of await teamBenchmarks({ store, dir: values.dir!, clock, conversations })) console.log(JSON.stringify(result));
  store.close();
}
