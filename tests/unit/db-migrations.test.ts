import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../main/db/connection.ts';
import { DatabaseFromNewerVersionError, appliedMigrations, createMigrator } from '../../main/db/migrator.ts';
import { openStore } from '../../main/db/store.ts';
import { migrations } from '../../migrations/index.ts';
import { tempDir } from '../support/temp-store.ts';

describe('opening the database', () => {
  it('creates the schema from empty and seeds the reference data', async () => {
    const file = path.join(tempDir(), 'new.db');
    const { store, migration } = await openStore(file);
    expect(migration.applied).toEqual(Object.keys(migrations));
    expect(migration.backupFile).toBeNull(); // nothing to protect in a new file
    const authorities = store.sqlite.prepare('SELECT code, name FROM authority ORDER BY code').all() as { code: string; name: string }[];
    expect(authorities).toHaveLength(33);
    expect(authorities).toContainEqual({ code: 'E09000023', name: 'Lewisham' });
    const icb = store.sqlite.prepare(`SELECT icb, valid_from FROM authority_icb WHERE authority_code = 'E09000023'`).get();
    expect(icb).toEqual({ icb: 'South East London', valid_from: '2022-07-01' });
    const counts = Object.fromEntries(
      (store.sqlite.prepare('SELECT list, count(*) AS n FROM reference_item GROUP BY list').all() as { list: string; n: number }[]).map(
        (r) => [r.list, r.n],
      ),
    );
    expect(counts).toMatchObject({ setting_type: 12, event_kind: 8, topic: 29, outcome: 14, ethnicity: 21 });
    const labelKeys = store.sqlite.prepare('SELECT label_key FROM reference_item').all() as { label_key: string }[];
    expect(labelKeys.every((r) => r.label_key.startsWith('reference.'))).toBe(true);
    store.close();
  });

  it('uses crash-safe pragmas', async () => {
    const file = path.join(tempDir(), 'pragmas.db');
    const { store } = await openStore(file);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    store.close();
  });

  it('reopens an up-to-date file without migrating or backing up', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'again.db');
    (await openStore(file)).store.close();
    const { store, migration } = await openStore(file);
    expect(migration).toEqual({ applied: [], backupFile: null });
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
    store.close();
  });

  it('backs the file up before applying a pending migration to it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    // A file from an earlier release: only the first migration has run.
    const [first, ...rest] = Object.keys(migrations);
    const raw = openSqlite(file);
    const { error } = await createMigrator(raw).migrateTo(first!);
    expect(error).toBeUndefined();
    raw.close();
    const { store, migration } = await openStore(file);
    expect(migration.applied).toEqual(rest);
    expect(migration.backupFile).not.toBeNull();
    const backup = openSqlite(migration.backupFile!, { readonly: true });
    expect(appliedMigrations(backup)).toEqual([first]);
    backup.close();
    store.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'future.db');
    (await openStore(file)).store.close();
    const raw = openSqlite(file);
    raw.prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`).run();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = fs.readFileSync(file);
    await expect(openStore(file)).rejects.toBeInstanceOf(DatabaseFromNewerVersionError);
    await expect(openStore(file)).rejects.toThrow(/newer version of Outreach Tally/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('rolls back every pending migration when one fails, leaving the file as it was', async () => {
    const file = path.join(tempDir(), 'broken.db');
    const raw = openSqlite(file);
    const [first] = Object.keys(migrations);
    const { error } = await createMigrator(raw).migrateTo(first!);
    expect(error).toBeUndefined();
    // A table in the way makes a later migration (0003_sync) fail part-way. (A file with tables
    // but no migrations at all is another program's, refused before any migration: db-open-checks.)
    raw.exec('CREATE TABLE sync_config (x INTEGER)');
    const tablesOf = (sqlite: typeof raw) =>
      (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    const before = tablesOf(raw);
    raw.close();
    await expect(openStore(file)).rejects.toThrow(/nothing was changed/);
    const check = openSqlite(file);
    expect(tablesOf(check)).toEqual(before);
    expect(appliedMigrations(check)).toEqual([first]);
    check.close();
  });
});
