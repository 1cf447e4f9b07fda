// Backups a person makes and restores they ask for. A backup is a consistent copy of the
// database in one file, encrypted with the same key as the database (snapshot.ts). A
// restore checks the file first — it opens (unencrypted, or with this database's key),
// passes PRAGMA integrity_check, is an Outreach Tally database, and is not from a newer
// version — and only then replaces anything. The path is never without a database, even for
// an instant (a crash or power cut can land anywhere): with the store closed and its WAL
// checkpointed, the current file is kept aside in the backups folder by a hard link (or a
// synced copy where links are not supported), then the checked copy is renamed over it in one
// atomic step, and the store reopens. A file from an older version is updated (migrated) while
// it is still the staged copy, so the live file is replaced only by one that is ready, and a
// failed update changes nothing. If reopening fails the kept-aside file is put back the same way.
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/errors.ts';
import { DatabaseKeyError, databaseFileKind, openSqlite, type DatabaseKey, type SqliteDatabase } from './connection.ts';
import { encryptDatabaseFile } from './encryption.ts';
import { fileStamp, installFile, keepAside, temporarySibling } from './files.ts';
import { checkIntegrity } from './health.ts';
import { appliedMigrations, applyPendingMigrations, createMigrator, pendingMigrations } from './migrator.ts';
import { backupsDirectoryOf, snapshotInBackground } from './snapshot.ts';
import { shredFile } from './leftovers.ts';
import { databaseKeyOf, type Store } from './store.ts';
import { yieldToEventLoop, type ReportProgress } from '../jobs/board.ts';
import { migrations } from '../../migrations/index.ts';

/** The largest file the app takes or gives through its window (the CLI has no limit). */
export const MAX_TRANSFER_BYTES = 128 * 1024 * 1024;

/** Tables every Outreach Tally database has had since its first release. */
const CORE_TABLES = ['kysely_migration', 'volunteer', 'site', 'event', 'conversation', 'audit'];

export type RestoreRefusal =
  | 'notADatabase'
  | 'notReadable'
  | 'damaged'
  | 'notOutreachTally'
  | 'newerVersion'
  | 'tooLarge'
  | 'restoreFailed';

/** The file was not restored, and nothing was changed. */
export class RestoreRefusedError extends DomainError {
  readonly reason: RestoreRefusal;
  constructor(reason: RestoreRefusal, detail: string, values: Record<string, string | number> = {}) {
    super(reason === 'restoreFailed' ? 'internal' : 'invalid_input', `errors.maintenance.${reason}`, { detail, values });
    this.reason = reason;
  }
}

export interface DatabaseCounts {
  sites: number;
  events: number;
  conversations: number;
}

export interface DatabaseFileInspection {
  encrypted: boolean;
  applied: string[];
  /** Migrations this version would apply when the file is opened. */
  pending: string[];
  counts: DatabaseCounts;
}

// One maintenance operation at a time per store: a backup must not read a file a restore is
// swapping out, and two restores must not race.
const busy = new WeakSet<Store>();

async function exclusively<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  if (busy.has(store)) throw new DomainError('conflict', 'errors.maintenance.busy');
  busy.add(store);
  try {
    return await fn();
  } finally {
    busy.delete(store);
  }
}

type Schema = Map<string, string>;

/** The file's schema objects (tables, indexes, triggers, views) and their SQL, SQLite's own left out. */
function schemaOf(sqlite: SqliteDatabase): Schema {
  const rows = sqlite.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).all() as {
    type: string;
    name: string;
    sql: string | null;
  }[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, r.sql ?? '']));
}

const expectedSchemas = new Map<string, Schema>();

/**
 * The schema this version's migrations build up to and including the file's last one, or
 * null if the file's migrations are not a prefix of this version's (an unknown history).
 */
async function schemaAfter(applied: string[]): Promise<Schema | null> {
  const known = Object.keys(migrations);
  if (applied.length === 0 || applied.some((name, i) => known[i] !== name)) return null;
  const cacheKey = applied.at(-1)!;
  let schema = expectedSchemas.get(cacheKey);
  if (!schema) {
    const scratch = openSqlite(':memory:');
    try {
      const { error } = await createMigrator(scratch).migrateTo(cacheKey);
      if (error) throw error;
      schema = schemaOf(scratch);
    } finally {
      scratch.close();
    }
    expectedSchemas.set(cacheKey, schema);
  }
  return schema;
}

/** Names of the schema objects that are missing, extra or different. */
function schemaDifferences(expected: Schema, actual: Schema): string[] {
  const names = new Set([...expected.keys(), ...actual.keys()]);
  return [...names].filter((name) => expected.get(name) !== actual.get(name)).sort();
}

function counts(sqlite: SqliteDatabase): DatabaseCounts {
  const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`).get() as { n: number }).n;
  return {
    sites: (sqlite.prepare('SELECT count(*) AS n FROM site WHERE retired_at IS NULL').get() as { n: number }).n,
    events: count('event'),
    conversations: count('conversation'),
  };
}

/** The checks `inspectDatabaseFile` makes, each told to `afterCheck` as it passes: its schema, every page, its counts. */
export const INSPECTION_CHECKS = 3;

/**
 * Checks that `file` can be restored, refusing (RestoreRefusedError) a file that is not a
 * database, cannot be read with `key`, is damaged, is not Outreach Tally's, or is from a
 * newer version. Opens the file read-write (a hot journal is replayed): give it a copy.
 */
export async function inspectDatabaseFile(
  file: string,
  options: { key?: DatabaseKey | undefined; afterCheck?: (() => void) | undefined } = {},
): Promise<DatabaseFileInspection> {
  const kind = databaseFileKind(file);
  if (kind === 'missing' || kind === 'empty') throw new RestoreRefusedError('notADatabase', `${file} is empty or missing.`);
  if (kind === 'encrypted-or-other' && !options.key) {
    throw new RestoreRefusedError('notReadable', `${file} is encrypted or is not a database, and this database has no key.`);
  }
  const key = kind === 'plaintext' ? undefined : options.key;
  let sqlite;
  try {
    sqlite = openSqlite(file, { key, journalMode: 'delete' });
  } catch (error) {
    if (error instanceof DatabaseKeyError) {
      throw new RestoreRefusedError('notReadable', `${file} is not a database, or was encrypted with another key (another computer's).`);
    }
    throw new RestoreRefusedError('damaged', `${file} could not be opened: ${String(error)}`);
  }
  try {
    const tables = new Set(
      (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name),
    );
    const first = Object.keys(migrations)[0]!;
    const applied = tables.has('kysely_migration') ? appliedMigrations(sqlite) : [];
    if (!CORE_TABLES.every((t) => tables.has(t)) || !applied.includes(first)) {
      throw new RestoreRefusedError('notOutreachTally', `${file} is a SQLite database, but not Outreach Tally's.`);
    }
    const unknown = applied.filter((name) => !Object.hasOwn(migrations, name));
    if (unknown.length > 0) {
      throw new RestoreRefusedError('newerVersion', `${file} was written by a newer version (migrations ${unknown.join(', ')}).`);
    }
    // Exactly the tables, indexes and triggers this version's migrations make: nothing added
    // (a trigger in a crafted file would run on the volunteer's next save), nothing altered.
    const expected = await schemaAfter(applied);
    const differences = expected ? schemaDifferences(expected, schemaOf(sqlite)) : ['(migration history)'];
    if (differences.length > 0) {
      throw new RestoreRefusedError('notOutreachTally', `${file}'s schema is not Outreach Tally's: ${differences.slice(0, 10).join(', ')}.`);
    }
    options.afterCheck?.();
    sqlite.close();
    // Every page, every index entry: a restore is rare and must not bring damage back.
    const report = await checkIntegrity(file, { key, level: 'full' });
    if (!report.ok) throw new RestoreRefusedError('damaged', `${file} failed its integrity check: ${report.problems.slice(0, 5).join('; ')}`);
    options.afterCheck?.();
    sqlite = openSqlite(file, { key, journalMode: 'delete' });
    const inspection = { encrypted: key !== undefined, applied, pending: pendingMigrations(sqlite), counts: counts(sqlite) };
    options.afterCheck?.();
    return inspection;
  } catch (error) {
    if (error instanceof RestoreRefusedError) throw error;
    throw new RestoreRefusedError('damaged', `${file} could not be read: ${String(error)}`);
  } finally {
    if (sqlite.open) sqlite.close();
  }
}

const MEGABYTE = 1024 * 1024;

/** Writes a backup of the open database to `target` (which must not exist), encrypted like the database. */
export async function backupDatabase(store: Store, target: string, report?: ReportProgress<'backup'>): Promise<{ file: string; bytes: number }> {
  return exclusively(store, async () => {
    // In megabytes, out of the database's pages (the copy leaves free pages out, so it ends at or under this).
    const pages = Number(store.sqlite.pragma('page_count', { simple: true })) * Number(store.sqlite.pragma('page_size', { simple: true }));
    const total = Math.max(1, Math.ceil(pages / MEGABYTE));
    report?.('copying', 0, total);
    const onWritten = report && ((bytes: number) => report('copying', Math.min(total, Math.floor(bytes / MEGABYTE)), total));
    await snapshotInBackground(store.file, databaseKeyOf(store), path.resolve(target), onWritten);
    report?.('copying', total, total);
    return { file: path.resolve(target), bytes: fs.statSync(target).size };
  });
}

/** A backup as bytes, for the window to offer as a download, with a name for the file. */
export async function backupToBytes(
  store: Store,
  options: { now?: Date; maxBytes?: number; report?: ReportProgress<'backup'> | undefined } = {},
): Promise<{ fileName: string; bytes: Buffer }> {
  const now = options.now ?? new Date();
  const temporary = temporarySibling(store.file, 'download');
  try {
    await backupDatabase(store, temporary, options.report);
    options.report?.('packing', 0, 1);
    const size = fs.statSync(temporary).size;
    if (size > (options.maxBytes ?? MAX_TRANSFER_BYTES)) {
      throw new DomainError('invalid_input', 'errors.maintenance.tooLargeForDownload', {
        values: { megabytes: Math.ceil(size / 1024 / 1024) },
      });
    }
    return { fileName: `outreach-tally-backup-${fileStamp(now).slice(0, 16)}Z.db`, bytes: fs.readFileSync(temporary) };
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

export interface RestoreResult {
  /** Where the database that was replaced now is (in the backups folder). */
  keptAside: string;
  /** Migrations applied to the restored file (it came from an older version). */
  migrated: string[];
  counts: DatabaseCounts;
}

/** Restores the database from the file `source` (left unchanged: the work is done on a copy). */
export async function restoreDatabase(store: Store, source: string, options: { now?: Date } = {}): Promise<RestoreResult> {
  return exclusively(store, async () => {
    const staging = temporarySibling(store.file, 'restore');
    try {
      fs.copyFileSync(source, staging, fs.constants.COPYFILE_EXCL);
      return await restoreFromStaging(store, staging, options.now ?? new Date());
    } finally {
      // The staged copy may be a plain file (restored into an encrypted database): not left readable.
      for (const suffix of ['', '-journal', '-wal', '-shm']) shredFile(staging + suffix);
    }
  });
}

/** Restores the database from a file's bytes (an upload from the window). */
export async function restoreDatabaseFromBytes(
  store: Store,
  bytes: Uint8Array,
  options: { now?: Date; maxBytes?: number; report?: ReportProgress<'restore'> | undefined } = {},
): Promise<RestoreResult> {
  const maxBytes = options.maxBytes ?? MAX_TRANSFER_BYTES;
  if (bytes.byteLength > maxBytes) {
    throw new RestoreRefusedError('tooLarge', `The file is ${bytes.byteLength} bytes.`, { megabytes: Math.floor(maxBytes / 1024 / 1024) });
  }
  return exclusively(store, async () => {
    const staging = temporarySibling(store.file, 'restore');
    try {
      await writeStaged(staging, bytes, options.report);
      return await restoreFromStaging(store, staging, options.now ?? new Date(), options.report);
    } finally {
      // The staged copy may be a plain file (restored into an encrypted database): not left readable.
      for (const suffix of ['', '-journal', '-wal', '-shm']) shredFile(staging + suffix);
    }
  });
}

// Written a few megabytes at a time, the event loop let go between them, so the copy's
// progress can be read while it is written.
const STAGING_CHUNK = 4 * MEGABYTE;

/** Writes an uploaded file's bytes to `staging` (which must not exist), readable only by this user. */
async function writeStaged(staging: string, bytes: Uint8Array, report: ReportProgress<'restore'> | undefined): Promise<void> {
  const total = Math.max(1, Math.ceil(bytes.byteLength / MEGABYTE));
  report?.('copying', 0, total);
  const fd = fs.openSync(staging, 'wx', 0o600);
  try {
    let written = 0;
    while (written < bytes.byteLength) {
      const end = Math.min(written + STAGING_CHUNK, bytes.byteLength);
      while (written < end) written += fs.writeSync(fd, bytes, written, end - written, written);
      report?.('copying', written === bytes.byteLength ? total : Math.floor(written / MEGABYTE), total);
      if (report && written < bytes.byteLength) await yieldToEventLoop();
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Brings the staged copy of a backup from an older version up to this version's schema, one
 * progress step per statement of its pending migrations; a failure changes nothing live.
 */
async function migrateStaged(staging: string, key: DatabaseKey | undefined, report: ReportProgress<'restore'> | undefined): Promise<string[]> {
  const sqlite = openSqlite(staging, { key, journalMode: 'delete' });
  try {
    const { error, applied } = await applyPendingMigrations(sqlite, report && ((done, total) => report('migrating', done, total)));
    if (error) {
      throw new RestoreRefusedError('restoreFailed', `The backup could not be updated to this version; nothing was replaced: ${String(error)}`);
    }
    return applied;
  } finally {
    sqlite.close();
  }
}

/** Folds the closed database's WAL into its file, so the file alone is the whole database. */
function checkpointClosed(file: string, key: DatabaseKey | undefined): void {
  const wal = `${file}-wal`;
  if (!fs.existsSync(wal) || fs.statSync(wal).size === 0) return;
  const sqlite = openSqlite(file, { key });
  try {
    const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    // Another program is reading or writing the file: its WAL cannot be folded in, so the file
    // kept aside would miss its last changes. Nothing has been swapped yet; try again later.
    if (result?.busy) throw new DomainError('unavailable', 'errors.database.busy');
  } finally {
    sqlite.close();
  }
}

/** Puts a copy of `source` at `target` in one atomic rename; `source` stays. */
function installCopy(source: string, target: string): void {
  const copy = temporarySibling(target, 'putting-back');
  try {
    fs.copyFileSync(source, copy, fs.constants.COPYFILE_EXCL);
    installFile(copy, target);
  } finally {
    fs.rmSync(copy, { force: true });
  }
}

async function restoreFromStaging(store: Store, staging: string, now: Date, report?: ReportProgress<'restore'>): Promise<RestoreResult> {
  const key = databaseKeyOf(store);
  // A plain file (an old backup, from before encryption) is encrypted before it goes live: one more check's step.
  const checks = INSPECTION_CHECKS + (key && databaseFileKind(staging) === 'plaintext' ? 1 : 0);
  let checked = 0;
  report?.('checking', 0, checks);
  const afterCheck = report && (() => report('checking', ++checked, checks));
  const inspection = await inspectDatabaseFile(staging, { key, afterCheck });
  if (key && !inspection.encrypted) {
    encryptDatabaseFile(staging, key);
    afterCheck?.();
  }
  // From here the staged file is read with the store's key whatever it was (encrypted just now, or already).
  const migrated = inspection.pending.length > 0 ? await migrateStaged(staging, key, report) : [];

  const keptAside = path.join(backupsDirectoryOf(store.file), `${path.parse(store.file).name}-before-restore-${fileStamp(now)}.db`);
  // Keeping the current file aside, renaming the staged one over it, opening it again.
  const REPLACING_STEPS = 3;
  const swap = () => {
    checkpointClosed(store.file, key);
    keepAside(store.file, keptAside);
    report?.('replacing', 1, REPLACING_STEPS);
    // One rename replaces the file: before it the old database is there, after it the restored one.
    installFile(staging, store.file);
    report?.('replacing', 2, REPLACING_STEPS);
  };
  let reopened: Awaited<ReturnType<Store['reopenAfter']>>;
  try {
    report?.('replacing', 0, REPLACING_STEPS);
    reopened = await store.reopenAfter(swap);
  } catch (error) {
    // The restored file would not open: put the database that was there back.
    if (fs.existsSync(keptAside)) await store.reopenAfter(() => installCopy(keptAside, store.file));
    if (error instanceof DomainError) throw error;
    throw new RestoreRefusedError('restoreFailed', `The restored database could not be opened; the previous one is back in place: ${String(error)}`);
  }
  report?.('replacing', REPLACING_STEPS, REPLACING_STEPS);
  return { keptAside, migrated: [...migrated, ...reopened.migration.applied], counts: counts(store.sqlite) };
}
