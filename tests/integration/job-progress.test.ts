// Long work as jobs (issue 14): an import, an export, a backup and a restore report their
// progress as they go, in order and up to their total, readable by `jobs.progress` while the
// call is on its way (the event loop is free between chunks); a second start of a kind already
// running is refused and changes nothing. The start-up update of an older database reports its
// steps too, and the harness answers `startup.progress` before the database is open.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../main/api/contract.ts';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { backupToBytes } from '../../main/db/backup.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { startHarness } from '../../main/harness/server.ts';
import { jobPhases, type JobKind, type JobProgress } from '../../main/jobs/progress.ts';
import { importSpreadsheet } from '../../main/records/import.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { exportMonthlySummary } from '../../main/reports/export.ts';
import type { StartupProgress } from '../../main/startup/progress.ts';
import { importCsv, importRows } from '../bench/import-file.ts';
import { unlockedForCurrentProfile } from '../support/access.ts';
import { olderSeededDatabase } from '../support/older-database.ts';
import { freshStore, manualClock, tempDir } from '../support/temp-store.ts';

const clock = manualClock('2026-11-20T10:00:00.000Z');
const cleanUp: (() => void)[] = [];

afterEach(() => {
  for (const step of cleanUp.splice(0).reverse()) step();
});

async function store(): Promise<Store> {
  const fresh = await freshStore();
  cleanUp.push(() => {
    fresh.store.close();
    fs.rmSync(fresh.dir, { recursive: true, force: true });
  });
  return fresh.store;
}

type Report = { phase: string; done: number; total: number };

/** Reports in order: the phases in the kind's order, counts never going back within a phase, never past the total. */
function expectMonotonic(kind: JobKind, reports: Report[]): void {
  const order: readonly string[] = jobPhases[kind];
  for (const [i, report] of reports.entries()) {
    expect(order).toContain(report.phase);
    expect(report.done).toBeGreaterThanOrEqual(0);
    expect(report.done).toBeLessThanOrEqual(report.total);
    const before = reports[i - 1];
    if (!before) continue;
    const phaseStep = order.indexOf(report.phase) - order.indexOf(before.phase);
    expect(phaseStep, `${before.phase} → ${report.phase}`).toBeGreaterThanOrEqual(0);
    if (phaseStep === 0) expect(report.done, `${report.phase} went back`).toBeGreaterThanOrEqual(before.done);
  }
  const last = reports.at(-1)!;
  expect(last.phase).toBe(order.at(-1));
  expect(last.done).toBe(last.total);
}

const collect = (into: Report[]) => (phase: string, done: number, total: number) => void into.push({ phase, done, total });

const count = (s: Store, table: string) => (s.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function valueOf<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.messageKey}`);
  return result.value as T;
}

describe('an import', () => {
  it('reports checking row by row and saving, in order, up to the number of rows', async () => {
    const s = await store();
    const reports: Report[] = [];
    const outcome = await importSpreadsheet(s, clock, { fileName: 'year.csv', bytes: importCsv(importRows(s, 9000, 1)) }, {
      requireCoordinator: false,
      report: collect(reports),
    });
    expect(outcome.status).toBe('imported');
    expectMonotonic('import', reports);
    const checking = reports.filter((r) => r.phase === 'checking');
    // Several chunks, each reported: 9,000 rows in chunks of 2,000.
    expect(checking.map((r) => r.done)).toEqual([0, 2000, 4000, 6000, 8000, 9000]);
    expect(checking.every((r) => r.total === 9000)).toBe(true);
    expect(reports.at(-1)).toEqual({ phase: 'saving', done: 9000, total: 9000 });
  });

  it('is readable by jobs.progress while it runs, and a second import meanwhile is refused and writes nothing', async () => {
    const s = await store();
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }));
    const first = importCsv(importRows(s, 12000, 1));
    const second = importCsv(importRows(s, 500, 2));
    const jobId = crypto.randomUUID();
    const before = { conversations: count(s, 'conversation'), events: count(s, 'event'), audit: count(s, 'audit') };

    const running = dispatch('import.spreadsheet', { fileName: 'first.csv', base64: first.toString('base64'), jobId });
    // Poll as the screen does, until the import is part-way through its rows.
    const seen: JobProgress[] = [];
    for (;;) {
      const { progress } = valueOf<{ progress: JobProgress | null }>(await dispatch('jobs.progress', { jobId }));
      if (progress) seen.push(progress);
      if (progress?.phase === 'checking' && progress.done > 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const refused = await dispatch('import.spreadsheet', { fileName: 'second.csv', base64: second.toString('base64'), jobId: crypto.randomUUID() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.jobs.running.import' } });

    const outcome = valueOf<{ status: string; conversations: number; events: number }>(await running);
    expect(outcome.status).toBe('imported');
    const { progress: last } = valueOf<{ progress: JobProgress | null }>(await dispatch('jobs.progress', { jobId }));
    expect(last).toMatchObject({ kind: 'import', state: 'finished', phase: 'saving', done: 12000, total: 12000 });
    expect(seen.every((p) => p.kind === 'import' && p.state === 'running')).toBe(true);
    // Only the first file's records went in; the refused one left no trace.
    expect(count(s, 'conversation')).toBe(before.conversations + outcome.conversations);
    expect(count(s, 'event')).toBe(before.events + outcome.events);
    expect(count(s, 'audit')).toBe(before.audit + 1);
    const importsAudited = s.sqlite.prepare(`SELECT json_extract(after, '$.fileName') AS name FROM audit WHERE entity = 'import'`).pluck().all();
    expect(importsAudited).toEqual(['first.csv']);

    // Once the first has finished, the same second file goes in.
    const after = valueOf<{ status: string }>(await dispatch('import.spreadsheet', { fileName: 'second.csv', base64: second.toString('base64') }));
    expect(after.status).toBe('imported');
  });

  it('an unknown job id has no progress, and a malformed one is refused', async () => {
    const s = await store();
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }));
    expect(valueOf(await dispatch('jobs.progress', { jobId: crypto.randomUUID() }))).toEqual({ progress: null });
    expect(await dispatch('jobs.progress', { jobId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('an import over the harness\'s HTTP', () => {
  it('is followed by jobs.progress, and a second import sent meanwhile is refused', async () => {
    const dir = tempDir();
    cleanUp.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const lists = await openStore(path.join(dir, 'lists.db'));
    const first = importCsv(importRows(lists.store, 30000, 1)).toString('base64');
    const second = importCsv(importRows(lists.store, 50, 2)).toString('base64');
    lists.store.close();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
    const harness = await startHarness({ dbFile: path.join(dir, 'h.db'), rendererDir: dir });
    cleanUp.push(() => void harness.close());
    const post = async (method: string, body: unknown) =>
      (await (
        await fetch(new URL(`/api/${method}`, harness.url), { method: 'POST', headers: { 'x-outreach-token': harness.token }, body: JSON.stringify(body) })
      ).json()) as ApiResult<unknown>;
    valueOf(await post('access.setUp', { name: 'Amina', role: 'coordinator', secret: '246810', language: 'en-GB' }));
    const jobId = crypto.randomUUID();
    const running = post('import.spreadsheet', { fileName: 'first.csv', base64: first, jobId });
    for (;;) {
      const { progress } = valueOf<{ progress: JobProgress | null }>(await post('jobs.progress', { jobId }));
      if (progress?.phase === 'checking') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await post('import.spreadsheet', { fileName: 'second.csv', base64: second })).toMatchObject({
      ok: false,
      error: { code: 'conflict', messageKey: 'errors.jobs.running.import' },
    });
    expect(valueOf<{ status: string; rows: number }>(await running)).toMatchObject({ status: 'imported', rows: 30000 });
    const imported = harness.store.sqlite.prepare(`SELECT json_extract(after, '$.fileName') FROM audit WHERE entity = 'import'`).pluck().all();
    expect(imported).toEqual(['first.csv']);
  });
});

describe('an export', () => {
  it('reports gathering the figures, then writing the file', async () => {
    const s = await store();
    seedSyntheticData(s, { conversations: 300, seed: 3, now: '2026-11-01T12:00:00.000Z', append: true });
    const reports: Report[] = [];
    const written = await exportMonthlySummary(s, clock, { month: '2026-10', format: 'csv' }, collect(reports));
    expect(written.bytes.length).toBeGreaterThan(0);
    expectMonotonic('export', reports);
    expect(reports.map((r) => `${r.phase} ${r.done}/${r.total}`)).toEqual(['gathering 0/2', 'writing 1/2', 'writing 2/2']);
  });
});

describe('a backup and a restore', () => {
  it('a backup reports the copy growing up to the database size', async () => {
    const s = await store();
    seedSyntheticData(s, { conversations: 20000, seed: 4, now: '2026-11-01T12:00:00.000Z', append: true });
    const reports: Report[] = [];
    const { bytes } = await backupToBytes(s, { now: clock(), report: collect(reports) });
    expect(bytes.length).toBeGreaterThan(0);
    const copying = reports.filter((r) => r.phase === 'copying');
    expect(copying[0]!.done).toBe(0);
    expect(copying.at(-1)!.done).toBe(copying.at(-1)!.total);
    const pages = Number(s.sqlite.pragma('page_count', { simple: true })) * Number(s.sqlite.pragma('page_size', { simple: true }));
    expect(copying.at(-1)!.total).toBe(Math.ceil(pages / 1024 / 1024));
    expect(copying.at(-1)!.total).toBeGreaterThan(1);
    // backupToBytes ends on its last phase's start; the handler reports it done once the bytes are encoded.
    reports.push({ phase: 'packing', done: 1, total: 1 });
    expectMonotonic('backup', reports);
  });

  it('over the API: a restore reports each step; a backup asked for meanwhile is refused and the restore still lands', async () => {
    const s = await store();
    seedSyntheticData(s, { conversations: 2000, seed: 5, now: '2026-11-01T12:00:00.000Z', append: true });
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store: s, clock }));
    const backupId = crypto.randomUUID();
    const download = valueOf<{ base64: string }>(await dispatch('maintenance.backup', { jobId: backupId }));
    const { progress: backedUp } = valueOf<{ progress: JobProgress }>(await dispatch('jobs.progress', { jobId: backupId }));
    expect(backedUp).toMatchObject({ kind: 'backup', state: 'finished', phase: 'packing', done: 1, total: 1 });

    const restoreId = crypto.randomUUID();
    const restoring = dispatch('maintenance.restore', { fileName: 'copy.db', base64: download.base64, jobId: restoreId });
    const refusedBackup = await dispatch('maintenance.backup', { jobId: crypto.randomUUID() });
    expect(refusedBackup).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.jobs.running.restore' } });
    const refusedRestore = await dispatch('maintenance.restore', { fileName: 'copy.db', base64: download.base64 });
    expect(refusedRestore).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'errors.jobs.running.restore' } });
    const live = s.sqlite.prepare('SELECT count(*) FROM conversation WHERE deleted_at IS NULL').pluck().get();
    expect(valueOf<{ counts: { conversations: number } }>(await restoring).counts.conversations).toBe(live);
    const { progress } = valueOf<{ progress: JobProgress }>(await dispatch('jobs.progress', { jobId: restoreId }));
    expect(progress).toMatchObject({ kind: 'restore', state: 'finished', phase: 'replacing', done: 3, total: 3 });
    // Only the one restore kept the database it replaced aside.
    const keptAside = fs.readdirSync(path.join(path.dirname(s.file), 'backups')).filter((f) => f.includes('before-restore'));
    expect(keptAside).toHaveLength(1);
  });
});

/** A database from before migration 0007, with `conversations` seeded into it. */
async function olderDatabase(conversations: number): Promise<string> {
  const dir = tempDir();
  cleanUp.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'older.db');
  await olderSeededDatabase(file, '0006_outcome_counts', { conversations, seed: 7, now: '2026-11-01T12:00:00.000Z' });
  return file;
}

describe('the update of an older database at start-up', () => {
  it('reports the backup, then each statement of the pending migrations, up to their total, with the event loop free between them', async () => {
    const file = await olderDatabase(3000);
    const reports: Report[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const ticksAt: number[] = [];
    let opened: Awaited<ReturnType<typeof openStore>>;
    try {
      opened = await openStore(file, {
        onMigrationProgress: (phase, done, total) => {
          reports.push({ phase, done, total });
          ticksAt.push(ticks);
        },
      });
    } finally {
      clearInterval(timer);
    }
    cleanUp.push(() => opened.store.close());
    expect(opened.migration.applied[0]).toBe('0007_report_tallies');
    expect(reports.slice(0, 2)).toEqual([
      { phase: 'backup', done: 0, total: 1 },
      { phase: 'backup', done: 1, total: 1 },
    ]);
    const updating = reports.filter((r) => r.phase === 'updating');
    const total = updating[0]!.total;
    // 0007 alone runs dozens of statements; every one is a step, each reported once, in order.
    expect(total).toBeGreaterThan(40);
    expect(updating.map((r) => r.done)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
    expect(updating.every((r) => r.total === total)).toBe(true);
    // Timers ran while it updated, not only after: a window's "how far?" is answered between steps.
    expect(ticksAt.at(-2)!).toBeGreaterThan(ticksAt[0]!);
  });

  it('a new database or an up-to-date one reports nothing to update', async () => {
    const dir = tempDir();
    cleanUp.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const reports: Report[] = [];
    const first = await openStore(path.join(dir, 'new.db'), { onMigrationProgress: collect(reports) });
    first.store.close();
    // A new file has nothing to back up; its steps are still counted.
    expect(reports.some((r) => r.phase === 'backup')).toBe(false);
    expect(reports.at(-1)!.done).toBe(reports.at(-1)!.total);
    reports.length = 0;
    const again = await openStore(path.join(dir, 'new.db'), { onMigrationProgress: collect(reports) });
    again.store.close();
    expect(reports).toEqual([]);
  });

  it('over HTTP, the harness answers startup.progress while it updates, and holds other calls until it is ready', async () => {
    const file = await olderDatabase(3000);
    const rendererDir = tempDir();
    cleanUp.push(() => fs.rmSync(rendererDir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    let listening: (url: string) => void = () => {};
    const openUrl = new Promise<string>((resolve) => (listening = resolve));
    const starting = startHarness({ dbFile: file, rendererDir, onListening: listening });
    const url = new URL(await openUrl);
    const token = new URLSearchParams(url.hash.slice(1)).get('harness-token')!;
    const ask = async (method: string) =>
      (await (await fetch(new URL(`/api/${method}`, url), { method: 'POST', headers: { 'x-outreach-token': token }, body: '{}' })).json()) as ApiResult<unknown>;
    const progress: StartupProgress[] = [];
    let held: Promise<ApiResult<unknown>> | null = null;
    for (;;) {
      const answer = valueOf<StartupProgress>(await ask('startup.progress'));
      progress.push(answer);
      if (answer.phase === 'updating' && answer.done > 0) held ??= ask('reference.get');
      if (answer.state === 'ready') break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const harness = await starting;
    cleanUp.push(() => void harness.close());
    expect(progress.some((p) => p.state === 'starting' && p.phase === 'updating' && p.done > 0 && p.done < p.total)).toBe(true);
    expect(progress.at(-1)).toEqual({ state: 'ready', phase: 'ready', done: 1, total: 1 });
    // The call made mid-update was answered, by the services, once they were ready.
    expect(held).not.toBeNull();
    expect((await held!).ok).toBe(true);
  });
});
