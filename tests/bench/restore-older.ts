// How a restore of a backup from an older version looks on screen, measured through the same
// api the window uses: a backup from before migration 0007 (whose backfill is the slow one)
// holding N conversations is restored over a live database, and `jobs.progress` is polled every
// quarter second, as the Backups screen polls it. Prints one JSON line: the whole time, each
// phase's time, the update's steps, how many different states the bar showed, and the longest
// time the bar stood still. Not a budget (PRODUCT.md sets none for a restore); run alone:
//   node tests/bench/restore-older.ts [--conversations 100000] [--dir DIR]
// The older backup is cached in DIR (same seed, same content); each run restores over a new store.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { openStore } from '../../main/db/store.ts';
import { jobPhases, type JobProgress } from '../../main/jobs/progress.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { createVolunteer } from '../../main/records/volunteers.ts';
import { unlockedForCurrentProfile } from '../support/access.ts';
import { olderSeededDatabase } from '../support/older-database.ts';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100000' },
    dir: { type: 'string', default: path.join(os.tmpdir(), 'outreach-tally-restore-bench') },
  },
});
const conversations = Number(values.conversations);
const dir = path.resolve(values.dir!);
fs.mkdirSync(dir, { recursive: true });

const OLDER_THAN = '0006_outcome_counts';
const backup = path.join(dir, `older-${OLDER_THAN}-${conversations}.db`);
if (!fs.existsSync(backup)) {
  const started = Date.now();
  const partial = `${backup}.${process.pid}.partial`;
  await olderSeededDatabase(partial, OLDER_THAN, { conversations, seed: 2026 });
  fs.renameSync(partial, backup);
  console.error(`made the older backup (${conversations} conversations) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const run = fs.mkdtempSync(path.join(dir, 'run-'));
const clock = () => new Date();
const { store } = await openStore(path.join(run, 'outreach.db'));
createVolunteer(store, clock, { name: 'Bench Coordinator', role: 'coordinator', language: 'en-GB' });
seedSyntheticData(store, { conversations: 1000, seed: 1, append: true });
const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store, clock }));
const base64 = fs.readFileSync(backup).toString('base64');

/** The bar's width, as the screen computes it (JobProgress.tsx's percentOf): each phase an equal share. */
const percentOf = (p: JobProgress) => {
  const phases: readonly string[] = jobPhases[p.kind];
  return Math.min(100, Math.floor(((Math.max(0, phases.indexOf(p.phase)) + (p.total > 0 ? p.done / p.total : 0)) / phases.length) * 100));
};

const POLL_MS = 250;
const jobId = crypto.randomUUID();
const started = performance.now();
let finished = false;
const restoring = dispatch('maintenance.restore', { fileName: path.basename(backup), base64, jobId }).finally(() => (finished = true));
const shown: { at: number; phase: string; done: number; total: number; percent: number }[] = [];
const phaseStarts = new Map<string, number>();
while (!finished) {
  await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  const answer = await dispatch('jobs.progress', { jobId });
  const progress = answer.ok ? (answer.value as { progress: JobProgress | null }).progress : null;
  if (!progress || progress.state !== 'running') continue;
  const at = performance.now() - started;
  if (!phaseStarts.has(progress.phase)) phaseStarts.set(progress.phase, at);
  shown.push({ at, phase: progress.phase, done: progress.done, total: progress.total, percent: percentOf(progress) });
}
const result = await restoring;
const totalMs = performance.now() - started;
if (!result.ok) throw new Error(`the restore was refused: ${result.error.messageKey}`);

// The longest stretch of polls in which the bar's width did not change.
let stillSince = 0;
let stillAt = 'before the first poll';
let longestStillMs = 0;
let longestStillAt = stillAt;
let lastPercent = -1;
const stood = (until: number) => {
  if (until - stillSince <= longestStillMs) return;
  longestStillMs = until - stillSince;
  longestStillAt = stillAt;
};
for (const poll of shown) {
  if (poll.percent !== lastPercent) {
    stood(poll.at);
    stillSince = poll.at;
    stillAt = `${poll.phase} ${poll.done}/${poll.total}`;
    lastPercent = poll.percent;
  }
}
stood(totalMs);

const migrating = shown.filter((s) => s.phase === 'migrating');
const ordered = [...phaseStarts.entries()];
console.log(
  JSON.stringify({
    name: 'restore of an older backup (from before 0007), polled every 250 ms',
    conversations,
    backupMB: Math.round(fs.statSync(backup).size / 1024 / 1024),
    totalMs: Math.round(totalMs),
    // When each phase was first seen by a poll, and so roughly how long the ones before lasted.
    phaseFirstSeenMs: Object.fromEntries(ordered.map(([phase, at]) => [phase, Math.round(at)])),
    polls: shown.length,
    distinctStatesShown: new Set(shown.map((s) => `${s.phase} ${s.done}/${s.total}`)).size,
    distinctPercentsShown: new Set(shown.map((s) => s.percent)).size,
    migrationStepsTotal: migrating[0]?.total ?? null,
    migrationStepsShown: new Set(migrating.map((s) => s.done)).size,
    longestStillMs: Math.round(longestStillMs),
    longestStillAt,
    migrated: (result.value as { migrated: string[] }).migrated,
  }),
);
store.close();
fs.rmSync(run, { recursive: true, force: true });
