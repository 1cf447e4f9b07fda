// A restore of a backup from an older version (issue 14): the backup is updated (migrated) while
// it is still a staged copy, one progress step per statement of its pending migrations — the
// same steps the start-up's update counts — and the live file is replaced last, by a file that
// is ready. The job's progress, polled as the screen polls it, moves through the copy, the
// checks, many migration steps and the swap, in order and never past its total; a second
// restore (or a backup) asked for meanwhile is refused; an update that fails part-way changes
// nothing live.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../main/api/contract.ts';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { restoreDatabaseFromBytes } from '../../main/db/backup.ts';
import type * as migrator from '../../main/db/migrator.ts';
import { pendingMigrations } from '../../main/db/migrator.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { jobBoardOf } from '../../main/jobs/board.ts';
import { jobPhases, type JobProgress } from '../../main/jobs/progress.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { unlockedForCurrentProfile } from '../support/access.ts';
import { olderSeededDatabase } from '../support/older-database.ts';
import { freshStore, manualClock, tempDir } from '../support/temp-store.ts';

// A statement of the staged update that fails (as a full disk would), when a test asks for one.
const failing = vi.hoisted(() => ({ atStep: null as number | null }));
vi.mock('../../main/db/migrator.ts', async (importOriginal) => {
  const original = await importOriginal<typeof migrator>();
  return {
    ...original,
    applyPendingMigrations: (...[db, onStep]: Parameters<typeof original.applyPendingMigrations>) =>
      original.applyPendingMigrations(db, (done, total) => {
        onStep?.(done, total);
        if (done === failing.atStep) throw new Error('disk I/O error (a test made this statement fail)');
      }),
  };
});

const clock = manualClock('2026-11-20T10:00:00.000Z');
const cleanUp: (() => void)[] = [];

afterEach(() => {
  failing.atStep = null;
  for (const step of cleanUp.splice(0).reverse()) step();
});

async function liveStore(conversations: number): Promise<Store> {
  const fresh = await freshStore();
  cleanUp.push(() => {
    fresh.store.close();
    fs.rmSync(fresh.dir, { recursive: true, force: true });
  });
  seedSyntheticData(fresh.store, { conversations, seed: 11, now: '2026-11-01T12:00:00.000Z', append: true });
  return fresh.store;
}

/** A backup taken by a version from before migration 0007, holding `conversations`. */
async function olderBackup(conversations: number): Promise<string> {
  const dir = tempDir();
  cleanUp.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'last-year.db');
  await olderSeededDatabase(file, '0006_outcome_counts', { conversations, seed: 7, now: '2026-11-01T12:00:00.000Z' });
  return file;
}

function valueOf<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.messageKey}`);
  return result.value as T;
}

const liveConversations = (s: Store) => s.sqlite.prepare('SELECT count(*) FROM conversation WHERE deleted_at IS NULL').pluck().get() as number;

const keptAside = (s: Store) => {
  const backups = path.join(path.dirname(s.file), 'backups');
  return fs.existsSync(backups) ? fs.readdirSync(backups).filter((f) => f.includes('before-restore')) : [];
};

type Step = Pick<JobProgress, 'phase' | 'done' | 'total'>;

/** Phases in the restore's order; within one, the count never goes back; never past the total. */
function expectInOrder(steps: Step[]): void {
  const order: readonly string[] = jobPhases.restore;
  for (const [i, step] of steps.entries()) {
    expect(order).toContain(step.phase);
    expect(step.done).toBeGreaterThanOrEqual(0);
    expect(step.done, `${step.phase} ${step.done}/${step.total}`).toBeLessThanOrEqual(step.total);
    const before = steps[i - 1];
    if (!before) continue;
    const phaseStep = order.indexOf(step.phase) - order.indexOf(before.phase);
    expect(phaseStep, `${before.phase} → ${step.phase}`).toBeGreaterThanOrEqual(0);
    if (phaseStep === 0) {
      expect(step.done, `${step.phase} went back`).toBeGreaterThanOrEqual(before.done);
      expect(step.total, `${step.phase}'s total changed`).toBe(before.total);
    }
  }
}

describe('a restore of a backup from an older version', () => {
  it('reports the copy, the checks, each statement of the update and the swap; a restore or backup asked for meanwhile is refused', async () => {
    const backup = await olderBackup(3000);
    const s = await liveStore(200);
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }));
    const base64 = fs.readFileSync(backup).toString('base64');
    const jobId = crypto.randomUUID();
    const before = liveConversations(s);

    const restoring = dispatch('maintenance.restore', { fileName: 'last-year.db', base64, jobId });
    // Poll as the screen does (without its quarter-second wait), until the restore has finished.
    const seen: JobProgress[] = [];
    let refusals: ApiResult<unknown>[] = [];
    let settled = false;
    void restoring.finally(() => (settled = true));
    while (!settled) {
      const progress = jobBoardOf(s).progress(jobId);
      if (progress?.state === 'running') {
        seen.push(progress);
        // Part-way through the update of the staged copy: nothing else may start.
        if (progress.phase === 'migrating' && progress.done > 0 && refusals.length === 0) {
          refusals = [
            await dispatch('maintenance.restore', { fileName: 'again.db', base64, jobId: crypto.randomUUID() }),
            await dispatch('maintenance.backup', { jobId: crypto.randomUUID() }),
          ];
          // The live file is still the one from before: the update works on the copy.
          expect(liveConversations(s)).toBe(before);
        }
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const summary = valueOf<{ migrated: string[]; counts: { conversations: number } }>(await restoring);

    expect(refusals).toHaveLength(2);
    for (const refused of refusals) expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.jobs.running.restore' } });
    expect(summary.migrated[0]).toBe('0007_report_tallies');
    expect(summary.counts.conversations).toBe(liveConversations(s));
    expect(pendingMigrations(s.sqlite)).toEqual([]);
    expect(keptAside(s)).toHaveLength(1);
    expect(jobBoardOf(s).progress(jobId)).toMatchObject({ state: 'finished', phase: 'replacing', done: 3, total: 3 });

    // What the screen could have shown: in order, and through more than one step of the update.
    expectInOrder(seen);
    const migrating = seen.filter((p) => p.phase === 'migrating');
    const stepsSeen = new Set(migrating.map((p) => p.done));
    expect(stepsSeen.size, `update steps seen: ${[...stepsSeen].join(', ')}`).toBeGreaterThan(10);
    expect(migrating.some((p) => p.done > 0 && p.done < p.total)).toBe(true);
    // The swap and the reopening run in one turn of the event loop (nothing can be read half-swapped): a poll sees the job finished.
    expect(new Set(seen.map((p) => p.phase))).toEqual(new Set(['copying', 'checking', 'migrating']));
  });

  it('counts the update as the start-up does: one step per statement of the pending migrations, every one reported', async () => {
    const backup = await olderBackup(500);
    // The start-up's update of the same file, on a copy of it: its number of steps.
    const copy = path.join(path.dirname(backup), 'opened-at-start-up.db');
    fs.copyFileSync(backup, copy);
    let startupTotal = 0;
    const opened = await openStore(copy, { onMigrationProgress: (phase, _done, total) => void (phase === 'updating' && (startupTotal = total)) });
    opened.store.close();
    expect(startupTotal).toBeGreaterThan(40);

    const s = await liveStore(20);
    const steps: Step[] = [];
    const result = await restoreDatabaseFromBytes(s, fs.readFileSync(backup), {
      now: clock(),
      report: (phase, done, total) => void steps.push({ phase, done, total }),
    });
    expectInOrder(steps);
    const migrating = steps.filter((step) => step.phase === 'migrating');
    expect(migrating.map((step) => step.done)).toEqual(Array.from({ length: startupTotal + 1 }, (_, i) => i));
    expect(migrating.every((step) => step.total === startupTotal)).toBe(true);
    expect(steps.at(-1)).toEqual({ phase: 'replacing', done: 3, total: 3 });
    // The copy is counted in megabytes, the checks in steps, up to their totals.
    const copying = steps.filter((step) => step.phase === 'copying');
    expect(copying[0]).toMatchObject({ done: 0 });
    expect(copying.at(-1)!.done).toBe(Math.ceil(fs.statSync(backup).size / 1024 / 1024));
    expect(steps.filter((step) => step.phase === 'checking').map((step) => step.done)).toEqual([0, 1, 2, 3]);
    expect(result.migrated).toEqual(opened.migration.applied);
  });

  it('an update that fails part-way leaves the live database as it was, with nothing kept aside or left over', async () => {
    const backup = await olderBackup(300);
    const s = await liveStore(150);
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }));
    const before = liveConversations(s);
    const schemaBefore = s.sqlite.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    failing.atStep = 20;
    const jobId = crypto.randomUUID();
    const refused = await dispatch('maintenance.restore', { fileName: 'last-year.db', base64: fs.readFileSync(backup).toString('base64'), jobId });
    expect(refused).toMatchObject({ ok: false, error: { messageKey: 'errors.maintenance.restoreFailed' } });
    expect(jobBoardOf(s).progress(jobId)).toMatchObject({ state: 'failed', phase: 'migrating', done: 20 });

    expect(liveConversations(s)).toBe(before);
    expect(s.sqlite.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore);
    expect(keptAside(s)).toEqual([]);
    expect(fs.readdirSync(path.dirname(s.file)).filter((f) => f.includes('.tmp'))).toEqual([]);
    // The store still takes work, and the same backup restores once the fault is gone.
    failing.atStep = null;
    const restored = valueOf<{ counts: { conversations: number } }>(
      await dispatch('maintenance.restore', { fileName: 'last-year.db', base64: fs.readFileSync(backup).toString('base64') }),
    );
    expect(restored.counts.conversations).toBe(liveConversations(s));
    expect(liveConversations(s)).not.toBe(before);
  });
});
