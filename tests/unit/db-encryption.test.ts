// Encrypted at rest: a lost laptop must not give up its notes. The database, its WAL and
// its backups hold no plaintext; the file will not open without its key; an unencrypted
// database from an earlier version is encrypted in place, its old backups with it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_CIPHER, DatabaseKeyError, databaseFileKind, openSqlite } from '../../main/db/connection.ts';
import { backupDatabase } from '../../main/db/backup.ts';
import { DatabaseKeySourceError, databaseKeyFromEnvironment, parseDatabaseKey, readKeyFile, writeKeyFile } from '../../main/db/key.ts';
import { appliedMigrations, createMigrator } from '../../main/db/migrator.ts';
import { openStore } from '../../main/db/store.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { migrations } from '../../migrations/index.ts';
import { MARKER, checkpoint, conversationFields, countRows, openStallSession, randomKey, rawBytesContain } from '../support/durability-fixtures.ts';
import { manualClock, tempDir } from '../support/temp-store.ts';

describe('an encrypted database', () => {
  it('holds no plaintext in the file, its WAL or a backup, and reads back with the key', async () => {
    const dir = tempDir();
    const key = randomKey();
    const clock = manualClock();
    const encryptedFile = path.join(dir, 'encrypted.db');
    const plainFile = path.join(dir, 'plain.db');

    // The same records in an unencrypted file first, to show the raw-byte search finds them.
    for (const [file, fileKey] of [[plainFile, undefined], [encryptedFile, key]] as const) {
      const { store } = await openStore(file, { key: fileKey });
      const eventId = openStallSession(store, clock);
      recordConversation(store, clock, conversationFields(eventId, MARKER));
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0); // the note is in the WAL now
      expect(rawBytesContain(`${file}-wal`, MARKER)).toBe(fileKey === undefined);
      checkpoint(store); // ... and now in the main file
      expect(rawBytesContain(file, MARKER)).toBe(fileKey === undefined);
      expect(store.encrypted).toBe(fileKey !== undefined);
      store.close();
    }
    expect(databaseFileKind(plainFile)).toBe('plaintext');
    expect(databaseFileKind(encryptedFile)).toBe('encrypted-or-other');
    // Not even the "SQLite format 3" header gives it away.
    expect(fs.readFileSync(encryptedFile).includes(Buffer.from('SQLite format 3'))).toBe(false);

    const { store } = await openStore(encryptedFile, { key });
    const backup = path.join(dir, 'backup.db');
    await backupDatabase(store, backup);
    store.close();
    expect(rawBytesContain(backup, MARKER)).toBe(false);
    const copy = openSqlite(backup, { key, readonly: true });
    expect(copy.prepare('SELECT notes FROM conversation').all()).toEqual([{ notes: MARKER }]);
    copy.close();
  });

  it('will not open without its key, or with another key, and says which', async () => {
    const dir = tempDir();
    const key = randomKey();
    const file = path.join(dir, 'locked.db');
    (await openStore(file, { key })).store.close();
    const before = fs.readFileSync(file);

    const withoutKey = await openStore(file).catch((error: unknown) => error);
    expect(withoutKey).toBeInstanceOf(DatabaseKeyError);
    expect((withoutKey as DatabaseKeyError).messageKey).toBe('errors.database.keyRequired');
    expect((withoutKey as Error).message).toMatch(/cannot be opened without its key/);

    const wrongKey = await openStore(file, { key: randomKey() }).catch((error: unknown) => error);
    expect(wrongKey).toBeInstanceOf(DatabaseKeyError);
    expect((wrongKey as DatabaseKeyError).messageKey).toBe('errors.database.wrongKey');

    expect(fs.readFileSync(file).equals(before)).toBe(true); // neither attempt changed it
    const { store } = await openStore(file, { key });
    expect(store.sqlite.pragma('cipher', { simple: true })).toBe(DATABASE_CIPHER);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
  });

  it('encrypts an existing unencrypted database in place, with its old backups, losing nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'outreach-tally.db');
    const clock = manualClock();
    // A database from before encryption: one migration behind, so opening it takes a backup too.
    const [first] = Object.keys(migrations);
    const raw = openSqlite(file);
    expect((await createMigrator(raw).migrateTo(first!)).error).toBeUndefined();
    raw.close();
    const { store: plainStore, migration } = await openStore(file);
    expect(migration.backupFile).not.toBeNull();
    expect(databaseFileKind(migration.backupFile!)).toBe('plaintext');
    const eventId = openStallSession(plainStore, clock);
    for (let i = 0; i < 50; i++) recordConversation(plainStore, clock, conversationFields(eventId, `${MARKER} #${i}`));
    plainStore.close(); // the last connection: the WAL is checkpointed and removed
    expect(rawBytesContain(file, MARKER)).toBe(true);

    const key = randomKey();
    const { store, encryptedNow } = await openStore(file, { key });
    expect(encryptedNow).toBe(true);
    expect(store.encrypted).toBe(true);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM conversation').get()).toEqual({ n: 50 });
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();

    expect(rawBytesContain(file, MARKER)).toBe(false);
    expect(databaseFileKind(file)).toBe('encrypted-or-other');
    // The backup taken before the migration was unencrypted; it is encrypted too, and still a good copy.
    expect(databaseFileKind(migration.backupFile!)).toBe('encrypted-or-other');
    const old = openSqlite(migration.backupFile!, { key, readonly: true });
    expect(appliedMigrations(old)).toEqual([first]);
    old.close();
    // A copy was taken before encrypting, and is itself encrypted.
    const [beforeEncryption, ...others] = fs.readdirSync(path.join(dir, 'backups')).filter((name) => name.includes('-before-encryption-'));
    expect(others).toEqual([]);
    expect(databaseFileKind(path.join(dir, 'backups', beforeEncryption!))).toBe('encrypted-or-other');
    expect(countRows(path.join(dir, 'backups', beforeEncryption!), 'conversation', key)).toBe(50);
    // Nothing half-done is left lying about.
    expect(fs.readdirSync(dir).sort()).toEqual(['backups', 'outreach-tally.db']);
    await expect(openStore(file)).rejects.toBeInstanceOf(DatabaseKeyError);
    expect(countRows(file, 'conversation', key)).toBe(50);
  });

  it('backs up an encrypted database, encrypted, before a migration', async () => {
    const file = path.join(tempDir(), 'old-encrypted.db');
    const key = randomKey();
    const [first, ...rest] = Object.keys(migrations);
    const raw = openSqlite(file, { key });
    expect((await createMigrator(raw).migrateTo(first!)).error).toBeUndefined();
    raw.close();
    const { store, migration } = await openStore(file, { key });
    expect(migration.applied).toEqual(rest);
    expect(databaseFileKind(migration.backupFile!)).toBe('encrypted-or-other');
    const backup = openSqlite(migration.backupFile!, { key, readonly: true });
    expect(appliedMigrations(backup)).toEqual([first]);
    backup.close();
    store.close();
  });
});

describe('the key outside the app', () => {
  it('takes 64 hex digits, and nothing else', () => {
    const key = randomKey();
    expect(parseDatabaseKey(`  ${key.toString('hex').toUpperCase()}\n`).equals(key)).toBe(true);
    expect(() => parseDatabaseKey('abc')).toThrow(DatabaseKeySourceError);
    expect(() => parseDatabaseKey('z'.repeat(64))).toThrow(/64 hexadecimal digits/);
  });

  it('reads a key file only its owner can read, and prefers it to OUTREACH_DB_KEY', () => {
    const dir = tempDir();
    const key = randomKey();
    const file = path.join(dir, 'db.key');
    writeKeyFile(file, key);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readKeyFile(file).equals(key)).toBe(true);

    const envKey = randomKey();
    const env = { OUTREACH_DB_KEY: envKey.toString('hex') };
    expect(databaseKeyFromEnvironment({ env })!.equals(envKey)).toBe(true);
    expect(databaseKeyFromEnvironment({ env, keyFile: file })!.equals(key)).toBe(true);
    expect(databaseKeyFromEnvironment({ env: {} })).toBeUndefined();

    if (process.platform !== 'win32') {
      fs.chmodSync(file, 0o644);
      expect(() => readKeyFile(file)).toThrow(/must be 0600/);
    }
    expect(() => readKeyFile(path.join(dir, 'missing.key'))).toThrow(/no key file/);
  });
});
