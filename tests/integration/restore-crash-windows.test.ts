// The moments a crash or a power cut can land in during a restore and the encryption upgrade.
// A restore must never leave the path without a database, not even between two renames; a
// path left empty (by an older version's restore) must be offered its copy back, never filled
// with a new, empty database; and a crash part-way through encrypting must leave no copy of
// the records readable without the key once the app has opened the database again.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../main/db/backup.ts';
import { openSqlite } from '../../main/db/connection.ts';
import { openStoreWithRecovery, recoverDamagedDatabase, type RecoveryPrompt } from '../../main/db/health.ts';
import { MissingDatabaseError } from '../../main/db/restore-copies.ts';
import { openStore } from '../../main/db/store.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { checkpoint, conversationFields, countRows, MARKER, openStallSession, randomKey } from '../support/durability-fixtures.ts';
import { manualClock, tempDir } from '../support/temp-store.ts';

const clock = manualClock();

afterEach(() => {
  vi.restoreAllMocks();
});

async function databaseWith(file: string, conversations: number, key?: Buffer): Promise<void> {
  const { store } = await openStore(file, { key });
  const eventId = openStallSession(store, clock);
  for (let i = 0; i < conversations; i++) recordConversation(store, clock, conversationFields(eventId, `${MARKER} ${i}`));
  checkpoint(store);
  store.close();
}

/** Every file under `dir`, recursively. */
function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** A process id that is certainly not running: one that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('a restore', () => {
  it('never leaves the path without a database: after every rename, link or delete it is there', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'outreach.db');
    await databaseWith(file, 3);
    const { store } = await openStore(file);
    const backup = path.join(dir, 'copy.db');
    await backupDatabase(store, backup);
    recordConversation(store, clock, conversationFields(1, 'after the backup'));

    // A crash can follow any file-system step: record what the path holds after each.
    const afterEachStep: string[] = [];
    const watch = <K extends 'renameSync' | 'rmSync' | 'unlinkSync' | 'linkSync' | 'copyFileSync'>(name: K) => {
      const original = fs[name].bind(fs) as (...args: unknown[]) => unknown;
      vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
        const result = original(...args);
        afterEachStep.push(`${name}(${args.slice(0, 2).map((a) => path.basename(String(a))).join(', ')}): ${fs.existsSync(file) ? 'database' : 'NO DATABASE'}`);
        return result;
      }) as never);
    };
    for (const name of ['renameSync', 'rmSync', 'unlinkSync', 'linkSync', 'copyFileSync'] as const) watch(name);
    const result = await restoreDatabase(store, backup);
    vi.restoreAllMocks();

    expect(afterEachStep.length).toBeGreaterThan(0);
    expect(afterEachStep.filter((step) => step.endsWith('NO DATABASE')), afterEachStep.join('\n')).toEqual([]);
    expect(result.counts.conversations).toBe(3);
    expect(countRows(result.keptAside, 'conversation')).toBe(4);
    store.close();
  });

  it('recovering a damaged database from a backup never leaves the path without one either', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'outreach.db');
    await databaseWith(file, 4);
    const { store } = await openStore(file);
    const backupFile = path.join(dir, 'backups', 'daily-2026-11-19.db');
    await backupDatabase(store, backupFile);
    store.close();
    const steps: string[] = [];
    for (const name of ['renameSync', 'rmSync', 'unlinkSync', 'linkSync', 'copyFileSync'] as const) {
      const original = fs[name].bind(fs) as (...args: unknown[]) => unknown;
      vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
        const result = original(...args);
        steps.push(`${name}(${args.slice(0, 2).map((a) => path.basename(String(a))).join(', ')}): ${fs.existsSync(file) ? 'database' : 'NO DATABASE'}`);
        return result;
      }) as never);
    }
    const recovery = recoverDamagedDatabase(file, { backup: { file: backupFile, kind: 'daily', takenAt: new Date() }, now: new Date('2026-11-20T10:00:00Z') });
    vi.restoreAllMocks();
    expect(steps.filter((step) => step.endsWith('NO DATABASE')), steps.join('\n')).toEqual([]);
    expect(countRows(recovery.setAside!, 'conversation')).toBe(4);
    expect(countRows(file, 'conversation')).toBe(4);
  });

  it('waits for another program reading the file rather than keep aside a copy without its last changes', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'outreach.db');
    await databaseWith(file, 2);
    const { store } = await openStore(file);
    const backup = path.join(dir, 'copy.db');
    await backupDatabase(store, backup);
    recordConversation(store, clock, conversationFields(1, 'only in the WAL'));
    // Another program holds a read transaction: the WAL cannot be folded into the file.
    const other = openSqlite(file);
    other.prepare('BEGIN').run();
    other.prepare('SELECT count(*) FROM conversation').get();
    try {
      await expect(restoreDatabase(store, backup)).rejects.toMatchObject({ messageKey: 'errors.database.busy' });
      const backups = path.join(dir, 'backups');
      expect(fs.existsSync(backups) ? fs.readdirSync(backups).filter((name) => name.includes('before-restore')) : []).toEqual([]);
      expect(store.sqlite.prepare('SELECT count(*) FROM conversation').pluck().get()).toBe(3);
    } finally {
      other.prepare('COMMIT').run();
      other.close();
      store.close();
    }
  });

  it('a path left empty beside a kept-aside copy is offered that copy, never replaced by an empty database', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'outreach.db');
    await databaseWith(file, 5);
    // What an older version's restore left when the power went between its two renames: the
    // database moved into backups/, the restored copy not yet in place.
    fs.mkdirSync(path.join(dir, 'backups'));
    const keptAside = path.join(dir, 'backups', 'outreach-before-restore-2026-11-20T10-00-00-000Z.db');
    fs.renameSync(file, keptAside);

    await expect(openStore(file)).rejects.toBeInstanceOf(MissingDatabaseError);
    await expect(openStore(file)).rejects.toMatchObject({ messageKey: 'errors.database.path.missingBesideCopy', values: { file, copy: keptAside } });
    expect(fs.existsSync(file)).toBe(false);

    // The app asks; quitting changes nothing.
    const prompts: RecoveryPrompt[] = [];
    expect(await openStoreWithRecovery(file, { ask: async (prompt) => (prompts.push(prompt), 'quit') })).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    expect(prompts[0]).toMatchObject({ reason: 'missing', backup: { file: keptAside, kind: 'before-restore' } });

    // Accepting puts the copy back, records and all; the copy stays in backups/.
    const opened = await openStoreWithRecovery(file, { ask: async () => 'recover' });
    expect(opened).not.toBeNull();
    expect((opened!.store.sqlite.prepare('SELECT count(*) FROM conversation').pluck().get() as number)).toBe(5);
    opened!.store.close();
    expect(fs.existsSync(keptAside)).toBe(true);
  });

  it('a path left empty beside a staged restore is not filled with an empty database either', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'outreach.db');
    await databaseWith(file, 2);
    fs.renameSync(file, `${file}.restore-${deadPid()}-0a1b2c3d.tmp`);
    const seed = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../main/cli.ts'), 'seed', '--db', file, '--conversations', '1'], { encoding: 'utf8' });
    expect(seed.status).toBe(1);
    expect(seed.stderr).toContain('a restore left a copy of one');
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('the encryption upgrade, interrupted', () => {
  it('leaves nothing readable without the key once the database is opened again', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'outreach.db');
    await databaseWith(file, 20);
    const key = randomKey();
    // What a kill part-way through left, named as the app names its work in progress: the
    // plain copy being encrypted and its rollback journal, and a plain backup half-written.
    const pid = deadPid();
    fs.copyFileSync(file, `${file}.encrypting-${pid}-0a1b2c3d.tmp`);
    fs.copyFileSync(file, `${file}.encrypting-${pid}-0a1b2c3d.tmp-journal`);
    fs.mkdirSync(path.join(dir, 'backups'));
    const backup = path.join(dir, 'backups', 'outreach-before-encryption-2026-11-20T10-00-00-000Z.db');
    fs.copyFileSync(file, `${backup}.partial-${pid}-0e1f2a3b.tmp`);
    fs.copyFileSync(file, `${backup}.encrypting-${pid}-4c5d6e7f.tmp`);
    const readable = () => allFiles(dir).filter((f) => fs.readFileSync(f).includes(Buffer.from(MARKER)));
    expect(readable().length).toBeGreaterThanOrEqual(5);

    const { store, encryptedNow } = await openStore(file, { key });
    expect(encryptedNow).toBe(true);
    expect((store.sqlite.prepare('SELECT count(*) FROM conversation').pluck().get() as number)).toBe(20);
    store.close();
    expect(readable()).toEqual([]);
    // Nothing of the leftovers is left at all, not even overwritten.
    expect(allFiles(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('leaves a temporary file of a process still running alone (another process may be writing it)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'outreach.db');
    await databaseWith(file, 1);
    const inUse = `${file}.download-${process.ppid}-0a1b2c3d.tmp`;
    fs.writeFileSync(inUse, 'in progress');
    (await openStore(file)).store.close();
    expect(fs.readFileSync(inUse, 'utf8')).toBe('in progress');
  });
});
