// Backups a person makes and restores they ask for, through the services, the api the window
// uses, and the CLI. A restore checks the file before it touches anything, keeps the
// current database aside, and swaps the files under the open store, which then serves the
// restored records; a refused file changes nothing.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { unlockedForCurrentProfile } from '../support/access.ts';
import { RestoreRefusedError, backupDatabase, inspectDatabaseFile, restoreDatabase } from '../../main/db/backup.ts';
import { databaseFileKind, openSqlite } from '../../main/db/connection.ts';
import { writeKeyFile } from '../../main/db/key.ts';
import { createMigrator } from '../../main/db/migrator.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { migrations } from '../../migrations/index.ts';
import { MARKER, conversationFields, openStallSession, overwriteBytes, randomKey, rawBytesContain } from '../support/durability-fixtures.ts';
import { manualClock, tempDir } from '../support/temp-store.ts';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../main/cli.ts');
const clock = manualClock('2026-11-20T10:00:00.000Z');
const conversations = (store: Store) => (store.sqlite.prepare('SELECT count(*) AS n FROM conversation').get() as { n: number }).n;

async function refusal(promise: Promise<unknown>): Promise<RestoreRefusedError> {
  const error = await promise.then(
    () => new Error('expected the restore to be refused'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RestoreRefusedError);
  return error as RestoreRefusedError;
}

describe.each([
  ['an unencrypted database', undefined],
  ['an encrypted database', randomKey()],
])('backup and restore of %s', (_label, key) => {
  let dir: string;
  let store: Store;
  let eventId: number;

  beforeEach(async () => {
    dir = tempDir();
    store = (await openStore(path.join(dir, 'outreach-tally.db'), { key })).store;
    eventId = openStallSession(store, clock);
    for (let i = 0; i < 3; i++) recordConversation(store, clock, conversationFields(eventId, MARKER));
    return () => store.close();
  });

  it('restores a backup into the open store, keeping the replaced database aside', async () => {
    const backup = path.join(dir, 'monday.db');
    await backupDatabase(store, backup);
    expect(databaseFileKind(backup)).toBe(key ? 'encrypted-or-other' : 'plaintext');
    expect(rawBytesContain(backup, MARKER)).toBe(key === undefined);
    for (let i = 0; i < 4; i++) recordConversation(store, clock, conversationFields(eventId));
    expect(conversations(store)).toBe(7);

    const result = await restoreDatabase(store, backup, { now: new Date('2026-11-20T12:00:00.000Z') });
    expect(result).toMatchObject({ migrated: [], counts: { conversations: 3, events: 1, sites: 1 } });
    expect(result.keptAside).toBe(path.join(dir, 'backups', 'outreach-tally-before-restore-2026-11-20T12-00-00-000Z.db'));
    // The same store object now serves the restored records, and takes new ones.
    expect(conversations(store)).toBe(3);
    recordConversation(store, clock, conversationFields(eventId));
    expect(conversations(store)).toBe(4);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    // The replaced database is intact, encrypted like it was.
    const aside = openSqlite(result.keptAside, { key, readonly: true });
    expect(aside.prepare('SELECT count(*) AS n FROM conversation').get()).toEqual({ n: 7 });
    aside.close();
    expect(fs.existsSync(backup)).toBe(true); // the file restored from is left as it was
    expect(fs.readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('refuses files that are not sound Outreach Tally databases of this or an older version, changing nothing', async () => {
    const file = store.file;
    const expectUnchanged = () => expect(conversations(store)).toBe(3);

    const junk = path.join(dir, 'photo.jpg');
    fs.writeFileSync(junk, Buffer.alloc(10_000, 7));
    expect((await refusal(restoreDatabase(store, junk))).messageKey).toBe('errors.maintenance.notReadable');

    const other = path.join(dir, 'other-app.db');
    const otherDb = openSqlite(other);
    otherDb.exec('CREATE TABLE recipes (name TEXT)');
    otherDb.close();
    expect((await refusal(restoreDatabase(store, other))).messageKey).toBe('errors.maintenance.notOutreachTally');

    // A real backup with one trigger added: it would run on the volunteer's next save.
    const crafted = path.join(dir, 'crafted.db');
    await backupDatabase(store, crafted);
    const craftedDb = openSqlite(crafted, { key });
    craftedDb.exec('CREATE TRIGGER forget AFTER INSERT ON conversation BEGIN DELETE FROM audit; END');
    craftedDb.close();
    const craftedRefusal = await refusal(restoreDatabase(store, crafted));
    expect(craftedRefusal.messageKey).toBe('errors.maintenance.notOutreachTally');
    expect(craftedRefusal.message).toMatch(/trigger forget/);

    const future = path.join(dir, 'future.db');
    await backupDatabase(store, future);
    const futureDb = openSqlite(future, { key });
    futureDb.prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`).run();
    futureDb.close();
    expect((await refusal(restoreDatabase(store, future))).messageKey).toBe('errors.maintenance.newerVersion');

    const damaged = path.join(dir, 'damaged.db');
    await backupDatabase(store, damaged);
    const size = fs.statSync(damaged).size;
    overwriteBytes(damaged, size - 3 * 4096, 2 * 4096);
    expect((await refusal(restoreDatabase(store, damaged))).messageKey).toBe('errors.maintenance.damaged');

    if (key) {
      // A backup made on another computer (another key) cannot be read here.
      const elsewhere = path.join(dir, 'elsewhere.db');
      const { store: foreign } = await openStore(elsewhere, { key: randomKey() });
      foreign.close();
      expect((await refusal(restoreDatabase(store, elsewhere))).messageKey).toBe('errors.maintenance.notReadable');
    }

    expectUnchanged();
    expect(store.file).toBe(file);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false); // nothing was moved aside
  });

  it('restores a backup from an older version, migrating it, and an unencrypted one into an encrypted store', async () => {
    const old = path.join(dir, 'last-year.db');
    const [first, ...rest] = Object.keys(migrations);
    const raw = openSqlite(old); // unencrypted, whatever the store is
    expect((await createMigrator(raw).migrateTo(first!)).error).toBeUndefined();
    raw.close();
    expect(await inspectDatabaseFile(old)).toMatchObject({ encrypted: false, applied: [first], pending: rest });

    const result = await restoreDatabase(store, old);
    expect(result.migrated).toEqual(rest);
    expect(conversations(store)).toBe(0);
    expect(databaseFileKind(store.file)).toBe(key ? 'encrypted-or-other' : 'plaintext');
    expect(databaseFileKind(old)).toBe('plaintext'); // left as it was
  });

  it('offers a backup to download and takes one back through the api, for coordinators only', async () => {
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store, clock }));
    const backup = await dispatch('maintenance.backup', {});
    expect(backup.ok).toBe(true);
    const { fileName, base64, bytes } = (backup as { value: { fileName: string; base64: string; bytes: number } }).value;
    expect(fileName).toBe('outreach-tally-backup-2026-11-20T10-00Z.db');
    const downloaded = Buffer.from(base64, 'base64');
    expect(downloaded.length).toBe(bytes);
    expect(downloaded.includes(Buffer.from(MARKER))).toBe(key === undefined);

    recordConversation(store, clock, conversationFields(eventId));
    const restored = await dispatch('maintenance.restore', { fileName, base64 });
    expect(restored).toMatchObject({ ok: true, value: { counts: { conversations: 3 }, migrated: [] } });
    expect((restored as { value: { keptAside: string } }).value.keptAside).toMatch(/^outreach-tally-before-restore-.*\.db$/);
    expect(conversations(store)).toBe(3);

    const status = await dispatch('maintenance.status', {});
    expect(status).toMatchObject({ ok: true, value: { encrypted: key !== undefined, automaticBackups: [{ kind: 'before-restore' }] } });

    expect(await dispatch('maintenance.restore', { fileName: 'x.db', base64: 'not base64!' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ field: 'base64', messageKey: 'errors.maintenance.notADatabase' }] },
    });
    expect(await dispatch('maintenance.restore', { fileName: 'x.db', base64: Buffer.from('hello').toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', messageKey: 'errors.maintenance.notReadable' },
    });

    store.sqlite.prepare(`UPDATE volunteer SET role = 'volunteer'`).run();
    expect(await dispatch('maintenance.backup', {})).toMatchObject({ ok: false, error: { messageKey: 'errors.coordinatorsOnly' } });
    expect(await dispatch('maintenance.restore', { fileName, base64 })).toMatchObject({ ok: false, error: { messageKey: 'errors.coordinatorsOnly' } });
  });
});

describe('backup and restore on the command line', () => {
  it('backs up and restores an encrypted database with --key-file or OUTREACH_DB_KEY', async () => {
    const dir = tempDir();
    const key = randomKey();
    const keyFile = path.join(dir, 'db.key');
    writeKeyFile(keyFile, key);
    const db = path.join(dir, 'outreach-tally.db');
    const { store } = await openStore(db, { key });
    const eventId = openStallSession(store, clock);
    recordConversation(store, clock, conversationFields(eventId, MARKER));
    store.close();

    const out = path.join(dir, 'copy.db');
    const backup = await run(process.execPath, [cli, 'backup', '--db', db, '--out', out, '--key-file', keyFile]);
    expect(JSON.parse(backup.stdout)).toMatchObject({ db, backup: out });
    expect(rawBytesContain(out, MARKER)).toBe(false);

    const reopened = (await openStore(db, { key })).store;
    recordConversation(reopened, clock, conversationFields(eventId));
    reopened.close();

    const env = { ...process.env, OUTREACH_DB_KEY: key.toString('hex') };
    const restore = await run(process.execPath, [cli, 'restore', '--db', db, '--from', out], { env });
    expect(JSON.parse(restore.stdout)).toMatchObject({ db, restoredFrom: out, counts: { conversations: 1 } });

    const stats = await run(process.execPath, [cli, 'stats', '--db', db], { env });
    expect(JSON.parse(stats.stdout)).toMatchObject({ conversations: { total: 1 } });

    const withoutKey = await run(process.execPath, [cli, 'stats', '--db', db]).catch((error: { code: number; stderr: string }) => error);
    expect(withoutKey).toMatchObject({ code: 1 });
    expect((withoutKey as { stderr: string }).stderr).toMatch(/cannot be opened without its key/);

    fs.chmodSync(keyFile, 0o644);
    const looseKey = await run(process.execPath, [cli, 'stats', '--db', db, '--key-file', keyFile]).catch((error: { code: number; stderr: string }) => error);
    expect((looseKey as { stderr: string }).stderr).toMatch(/must be 0600/);
  });
});
