// A process killed (SIGKILL) at random moments while it restores a backup or encrypts an
// unencrypted database, round after round. After every kill the path holds a database (never
// nothing), the next open succeeds with every record of one side or the other (all or
// nothing), and once it has opened no file in the folder holds a record readable without the
// key and no temporary file is left.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatabaseKey } from '../../main/db/connection.ts';
import { openStore } from '../../main/db/store.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { mulberry32 } from '../../main/records/seed.ts';
import { checkpoint, conversationFields, MARKER, openStallSession, randomKey } from '../support/durability-fixtures.ts';
import { stopOnCleanup } from '../support/cleanup.ts';
import { olderSeededDatabase } from '../support/older-database.ts';
import { manualClock, tempDir } from '../support/temp-store.ts';

const worker = path.resolve(import.meta.dirname, '../support/maintenance-worker.ts');
const ROUNDS = Number(process.env.MAINTENANCE_KILL_ROUNDS ?? 12);
const SEED = Number(process.env.DURABILITY_SEED ?? 20261207);
const clock = manualClock();

/** A database of `conversations` conversations whose notes carry MARKER, checkpointed into one file. */
async function template(file: string, conversations: number, key?: DatabaseKey): Promise<void> {
  const { store } = await openStore(file, { key });
  const eventId = openStallSession(store, clock);
  store.transaction(() => {
    for (let i = 0; i < conversations; i++) recordConversation(store, clock, conversationFields(eventId, `${MARKER} ${i}`));
  });
  checkpoint(store);
  store.close();
}

/**
 * Runs the worker; kills it `killAfter(duration)` ms after it says ready, or lets it finish
 * when killAfter is null. Returns how long the work took from `ready` (finished) or null (killed).
 */
function runWorker(args: string[], key: DatabaseKey | undefined, killAfterMs: number | null): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    if (key) env.OUTREACH_DB_KEY = key.toString('hex');
    else delete env.OUTREACH_DB_KEY;
    const child = stopOnCleanup(spawn(process.execPath, [worker, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let readyAt = 0;
    let finishedIn: number | null = null;
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line === 'ready') {
          readyAt = performance.now();
          if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        } else if (line === 'done') finishedIn = performance.now() - readyAt;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve(finishedIn);
      else reject(new Error(`the worker failed (${code}): ${stderr}`));
    });
  });
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function readableCopies(dir: string): string[] {
  return filesUnder(dir).filter((file) => fs.readFileSync(file).includes(Buffer.from(MARKER)));
}

async function conversationsAfterOpen(file: string, key: DatabaseKey): Promise<number> {
  const { store } = await openStore(file, { key });
  try {
    expect(store.sqlite.pragma('quick_check', { simple: true })).toBe('ok');
    return store.sqlite.prepare('SELECT count(*) FROM conversation').pluck().get() as number;
  } finally {
    store.close();
  }
}

/**
 * Rounds of `round(killAfter)`, the kills spread over `spread` times the calibrated duration. A
 * loaded machine can make the work slower than its calibration, so while no kill has yet landed
 * after the swap, more rounds follow, each waiting half as long again (at most eight).
 */
async function killRounds(random: () => number, duration: number, spread: number, round: (killAfter: number) => Promise<'before' | 'after'>) {
  const outcomes = { before: 0, after: 0 };
  for (let i = 0; i < ROUNDS; i++) outcomes[await round(Math.floor(((i + random()) / ROUNDS) * duration * spread))]++;
  for (let extra = 1; outcomes.after === 0 && extra <= 8; extra++) outcomes[await round(Math.floor(duration * spread * 1.5 ** extra))]++;
  return outcomes;
}

/**
 * One restore of `backup` over a copy of `current`, killed `killAfter` ms in: the path still holds
 * a database with every record of one side (`before` or `after` conversations), nothing readable
 * without the key and no temporary file once it has opened. Says which side it landed on.
 */
async function restoreRound(
  r: { current: string; backup: string; key: DatabaseKey; before: number; after: number; duration: number; log: string[] },
  killAfter: number,
): Promise<'before' | 'after'> {
  const dir = tempDir();
  const file = path.join(dir, 'outreach.db');
  fs.copyFileSync(r.current, file);
  const finished = await runWorker(['restore', file, r.backup], r.key, killAfter);
  const left = filesUnder(dir).map((f) => path.relative(dir, f));
  r.log.push(`round ${r.log.length}: kill at ${killAfter} of ~${Math.round(r.duration)} ms, ${finished === null ? 'killed' : 'finished'}; left: ${left.join(', ')}`);
  const log = r.log.join('\n');
  expect(fs.existsSync(file), log).toBe(true);
  const count = await conversationsAfterOpen(file, r.key);
  expect([r.before, r.after], log).toContain(count);
  expect(readableCopies(dir), log).toEqual([]);
  expect(filesUnder(dir).filter((f) => f.includes('.tmp')), log).toEqual([]);
  return count === r.before ? 'before' : 'after';
}

describe('a process killed during maintenance', () => {
  it(`the encryption upgrade: never a missing database, never a readable copy left, over ${ROUNDS} kills`, { timeout: 300_000 }, async () => {
    const random = mulberry32(SEED);
    const plain = path.join(tempDir(), 'plain.db');
    await template(plain, 2_000);
    const key = randomKey();
    // How long the upgrade takes here, so the kills land all over it.
    const calibration = path.join(tempDir(), 'outreach.db');
    fs.copyFileSync(plain, calibration);
    const duration = (await runWorker(['open', calibration], key, null))!;
    expect(readableCopies(path.dirname(calibration))).toEqual([]);

    const log: string[] = [];
    let interrupted = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const dir = tempDir();
      const file = path.join(dir, 'outreach.db');
      fs.copyFileSync(plain, file);
      // Spread over the whole run (and a little past it), so kills land on both sides of the swap
      // even when a loaded machine makes the measured duration approximate.
      const killAfter = Math.floor(((round + random()) / ROUNDS) * duration * 1.2);
      const finished = await runWorker(['open', file], key, killAfter);
      if (finished === null) interrupted++;
      const left = filesUnder(dir).map((f) => path.relative(dir, f));
      log.push(`round ${round}: kill at ${killAfter} of ~${Math.round(duration)} ms, ${finished === null ? 'killed' : 'finished'}; left: ${left.join(', ')}`);
      expect(fs.existsSync(file), log.join('\n')).toBe(true);
      expect(await conversationsAfterOpen(file, key), log.join('\n')).toBe(2_000);
      expect(readableCopies(dir), log.join('\n')).toEqual([]);
      expect(filesUnder(dir).filter((f) => f.includes('.tmp')), log.join('\n')).toEqual([]);
    }
    expect(interrupted, log.join('\n')).toBeGreaterThan(ROUNDS / 3);
    console.log(log.join('\n'));
  });

  it(`a restore (an unencrypted backup into an encrypted database): never a missing database, all or nothing, nothing readable left, over ${ROUNDS} kills`, { timeout: 300_000 }, async () => {
    const random = mulberry32(SEED + 1);
    const key = randomKey();
    const current = path.join(tempDir(), 'current.db');
    await template(current, 1_500, key);
    const sources = tempDir();
    const backup = path.join(sources, 'last-month.db');
    await template(backup, 700);
    const calibration = path.join(tempDir(), 'outreach.db');
    fs.copyFileSync(current, calibration);
    const duration = (await runWorker(['restore', calibration, backup], key, null))!;
    expect(await conversationsAfterOpen(calibration, key)).toBe(700);

    const log: string[] = [];
    // Spread over the whole run (and a little past it), so kills land on both sides of the swap.
    const outcomes = await killRounds(random, duration, 1.2, (killAfter) => restoreRound({ current, backup, key, before: 1_500, after: 700, duration, log }, killAfter));
    // The kills landed on both sides of the swap.
    expect(outcomes.before, log.join('\n')).toBeGreaterThan(0);
    expect(outcomes.after, log.join('\n')).toBeGreaterThan(0);
    console.log(log.join('\n'));
  });

  it(`a restore of a backup from an older version (updated as a staged copy, then swapped): the same, over ${ROUNDS} kills`, { timeout: 300_000 }, async () => {
    const random = mulberry32(SEED + 2);
    const key = randomKey();
    const current = path.join(tempDir(), 'current.db');
    await template(current, 1_500, key);
    // From before migration 0007, with enough records that its update takes a while to kill into.
    const backup = path.join(tempDir(), 'last-year.db');
    await olderSeededDatabase(backup, '0006_outcome_counts', { conversations: 20_000, seed: 5, now: '2026-11-01T12:00:00.000Z' });
    const calibration = path.join(tempDir(), 'outreach.db');
    fs.copyFileSync(current, calibration);
    const duration = (await runWorker(['restore', calibration, backup], key, null))!;
    const restored = await conversationsAfterOpen(calibration, key);
    expect(restored).not.toBe(1_500);

    const log: string[] = [];
    // The swap comes last, after the update of the copy: spread further past the measured duration.
    const outcomes = await killRounds(random, duration, 1.8, (killAfter) => restoreRound({ current, backup, key, before: 1_500, after: restored, duration, log }, killAfter));
    expect(outcomes.before, log.join('\n')).toBeGreaterThan(0);
    expect(outcomes.after, log.join('\n')).toBeGreaterThan(0);
    console.log(log.join('\n'));
  });
});
