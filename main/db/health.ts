// Is the database file sound, and if it is not, what can be put in its place? Plain Node:
// the Electron shell asks the person (a dialog) and calls these; tests call them directly.
//
// - checkIntegrity: PRAGMA quick_check (or integrity_check) on a worker thread, so a large
//   file is checked without holding up the window (seconds on a million conversations).
// - setAsideDamagedDatabase: the damaged file is never deleted or repaired in place; it is
//   renamed with a timestamp, beside the original, for whoever can recover it.
// - automatic backups: one a day (a London calendar day), the newest 7 kept, in
//   userData/backups beside the copies taken before migrations and restores.
import fs from 'node:fs';
import path from 'node:path';
import { londonDayOf } from '../../shared/clock.ts';
import { DatabaseKeyError, databaseFileKind, type DatabaseKey, type SqliteDatabase } from './connection.ts';
import { DatabaseError } from './errors.ts';
import { fileStamp, installFile, keepAside, moveDatabaseFiles, SIDE_SUFFIXES, temporarySibling } from './files.ts';
import { backupsDirectoryOf, snapshotInBackground } from './snapshot.ts';
import { databaseKeyOf, openStore, type OpenedStore, type Store } from './store.ts';
import { runDatabaseTask, type IntegrityLevel } from './worker.ts';
import { MissingDatabaseError } from './restore-copies.ts';
import type { MigrationProgress } from './migrator.ts';

export const DAILY_BACKUPS_KEPT = 7;

export interface IntegrityReport {
  ok: boolean;
  /** What SQLite reported, at most 100 lines; empty when ok. */
  problems: string[];
}

/** Checks `file` on a worker thread with its own connection (opened with `key`, if given). */
export async function checkIntegrity(
  file: string,
  options: { key?: DatabaseKey | undefined; level?: IntegrityLevel } = {},
): Promise<IntegrityReport> {
  const kind = databaseFileKind(file);
  if (kind === 'missing' || kind === 'empty') return { ok: true, problems: [] };
  if (kind === 'encrypted-or-other' && !options.key) {
    return { ok: false, problems: ['The file is not an unencrypted SQLite database, and no key was given.'] };
  }
  const result = await runDatabaseTask({ kind: 'check', file, key: options.key, level: options.level ?? 'quick' });
  if (!result.ok) return { ok: false, problems: [`${result.code}: ${result.message}`] };
  return { ok: result.problems.length === 0, problems: result.problems };
}

/** The same check on an open connection, on this thread (small files, tests). */
export function checkIntegrityNow(sqlite: SqliteDatabase, level: IntegrityLevel = 'quick'): IntegrityReport {
  const rows = sqlite.pragma(level === 'quick' ? 'quick_check(100)' : 'integrity_check(100)') as Record<string, unknown>[];
  const messages = rows.map((row) => String(Object.values(row)[0]));
  const ok = messages.length === 1 && messages[0] === 'ok';
  return { ok, problems: ok ? [] : messages };
}

/** Whether opening failed because the file is damaged or unreadable (rather than, say, missing permissions). */
export function isDamagedDatabaseError(error: unknown): boolean {
  // Wrong key, or (with no key) a header that is not SQLite's: either way the file cannot be
  // read as it is; setting it aside keeps every byte for whoever can recover it.
  if (error instanceof DatabaseKeyError) return true;
  if (error instanceof DatabaseError) return error.problem === 'corrupt';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isDamagedDatabaseError(cause);
}

/**
 * Renames the damaged database (with its -wal and -shm) to `<name>.damaged-<timestamp>.db`
 * beside it, so a new or restored file can take its place. No connection may be open on it.
 */
export function setAsideDamagedDatabase(dbFile: string, now: Date = new Date()): string {
  const aside = damagedNameFor(dbFile, now);
  moveDatabaseFiles(dbFile, aside);
  return aside;
}

function damagedNameFor(dbFile: string, now: Date): string {
  const parsed = path.parse(dbFile);
  return path.join(parsed.dir, `${parsed.name}.damaged-${fileStamp(now)}${parsed.ext || '.db'}`);
}

/**
 * Keeps the damaged database (and its -wal, -shm) under the damaged name while leaving the file
 * where it is, so that the copy replacing it can be renamed over it in one step: the path is
 * never without a database, even if the power goes in between.
 */
function keepDamagedAside(dbFile: string, now: Date): string {
  const aside = damagedNameFor(dbFile, now);
  keepAside(dbFile, aside);
  for (const suffix of SIDE_SUFFIXES) {
    if (fs.existsSync(dbFile + suffix)) fs.renameSync(dbFile + suffix, aside + suffix);
  }
  return aside;
}

export interface AutomaticBackup {
  file: string;
  kind: 'daily' | 'before-migration' | 'before-restore' | 'before-encryption';
  /** When the copy was written (the file's modification time). */
  takenAt: Date;
}

const DAILY = /^daily-(\d{4}-\d{2}-\d{2})\.db$/;

function kindOf(name: string): AutomaticBackup['kind'] | null {
  if (DAILY.test(name)) return 'daily';
  if (/-before-restore-.*\.db$/.test(name)) return 'before-restore';
  if (/-before-encryption-.*\.db$/.test(name)) return 'before-encryption';
  if (/-before-\d{4}_.*\.db$/.test(name)) return 'before-migration';
  return null;
}

/** The copies in `dbFile`'s backups folder, newest first. */
export function listAutomaticBackups(dbFile: string): AutomaticBackup[] {
  const dir = backupsDirectoryOf(dbFile);
  if (!fs.existsSync(dir)) return [];
  const backups: AutomaticBackup[] = [];
  for (const name of fs.readdirSync(dir)) {
    const kind = kindOf(name);
    if (!kind) continue;
    const file = path.join(dir, name);
    const stat = fs.statSync(file);
    if (stat.isFile() && stat.size > 0) backups.push({ file, kind, takenAt: stat.mtime });
  }
  return backups.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.file.localeCompare(a.file));
}

/** The newest automatic backup that opens with `key` and passes a quick check, or null. */
export async function latestUsableBackup(dbFile: string, options: { key?: DatabaseKey | undefined } = {}): Promise<AutomaticBackup | null> {
  for (const backup of listAutomaticBackups(dbFile)) {
    if ((await checkIntegrity(backup.file, { key: options.key })).ok) return backup;
  }
  return null;
}

/**
 * Sets the damaged database aside and, given a backup, puts a copy of it in its place (the
 * backup itself stays where it is). Without one, the next open starts an empty database.
 * No connection may be open on `dbFile`.
 */
export function recoverDamagedDatabase(
  dbFile: string,
  options: { backup: AutomaticBackup | null; now?: Date },
): { setAside: string | null; restoredFrom: AutomaticBackup | null } {
  const now = options.now ?? new Date();
  // With a backup to put in its place the damaged file is kept aside by a second name; without
  // one (the person chose to start empty) it is moved away.
  const setAside = fs.existsSync(dbFile) ? (options.backup ? keepDamagedAside(dbFile, now) : setAsideDamagedDatabase(dbFile, now)) : null;
  if (options.backup) {
    const copy = temporarySibling(dbFile, 'from-backup');
    try {
      fs.copyFileSync(options.backup.file, copy, fs.constants.COPYFILE_EXCL);
      installFile(copy, dbFile);
    } finally {
      fs.rmSync(copy, { force: true });
    }
  }
  return { setAside, restoredFrom: options.backup };
}

/**
 * Takes today's automatic backup if there is none yet (a consistent copy made by a worker
 * thread, encrypted like the database), then keeps only the newest `keep` daily copies.
 * Returns the new file, or null if today's copy already existed.
 */
export async function takeDailyBackup(
  store: Store,
  options: { now?: Date; keep?: number } = {},
): Promise<string | null> {
  const day = londonDayOf(options.now ?? new Date());
  const target = path.join(backupsDirectoryOf(store.file), `daily-${day}.db`);
  let created: string | null = null;
  if (!fs.existsSync(target)) {
    await snapshotInBackground(store.file, databaseKeyOf(store), target);
    created = target;
  }
  pruneDailyBackups(store.file, options.keep ?? DAILY_BACKUPS_KEPT);
  return created;
}

/** Deletes all but the newest `keep` daily backups (by their day); returns what it deleted. */
export function pruneDailyBackups(dbFile: string, keep: number = DAILY_BACKUPS_KEPT): string[] {
  const dir = backupsDirectoryOf(dbFile);
  if (!fs.existsSync(dir)) return [];
  const daily = fs
    .readdirSync(dir)
    .filter((name) => DAILY.test(name))
    .sort()
    .reverse();
  const removed = daily.slice(Math.max(keep, 1)).map((name) => path.join(dir, name));
  for (const file of removed) fs.rmSync(file, { force: true });
  return removed;
}

// --- start-up and while running: the flow the Electron shell puts dialogs on -----------------

export interface RecoveryPrompt {
  /** The damaged database. */
  file: string;
  /** What was found, as SQLite said it (for the details of a dialog and the log). */
  problems: string[];
  /** The newest automatic backup that opens and passes a quick check, or null: recovery starts an empty database. */
  backup: AutomaticBackup | null;
  /** Why: the file is damaged (the default), or it is missing and a restore left `backup` behind. */
  reason?: 'damaged' | 'missing';
}

/** 'recover': set the damaged file aside and use the backup (or start empty); 'quit': change nothing. */
export type RecoveryAnswer = 'recover' | 'quit';

export type AskToRecover = (prompt: RecoveryPrompt) => Promise<RecoveryAnswer>;

/**
 * Opens the database; if it is damaged (it cannot be read, or SQLite reports corruption),
 * asks whether to set it aside and use the newest usable automatic backup. Null: the person
 * chose to quit, and nothing was changed. Other failures (a newer version, permissions) are thrown.
 */
export async function openStoreWithRecovery(
  dbFile: string,
  options: { key?: DatabaseKey | undefined; ask: AskToRecover; now?: () => Date; onMigrationProgress?: MigrationProgress },
): Promise<(OpenedStore & { recovery: ReturnType<typeof recoverDamagedDatabase> | null }) | null> {
  const progress = options.onMigrationProgress ? { onMigrationProgress: options.onMigrationProgress } : {};
  try {
    return { ...(await openStore(dbFile, { key: options.key, ...progress })), recovery: null };
  } catch (error) {
    if (error instanceof MissingDatabaseError) return offerRestoreCopy(dbFile, error, options);
    if (!isDamagedDatabaseError(error)) throw error;
    const prompt: RecoveryPrompt = {
      file: dbFile,
      problems: [error instanceof Error ? error.message : String(error)],
      backup: await latestUsableBackup(dbFile, { key: options.key }),
    };
    if ((await options.ask(prompt)) !== 'recover') return null;
    const recovery = recoverDamagedDatabase(dbFile, { backup: prompt.backup, now: options.now?.() });
    return { ...(await openStore(dbFile, { key: options.key, ...progress })), recovery };
  }
}

/**
 * The database is missing but a restore left a copy (kept aside, or staged): offers the newest
 * one that opens and passes a quick check. Never starts an empty database in its place: with
 * no usable copy, or if the person quits, the error stands and nothing is created.
 */
async function offerRestoreCopy(
  dbFile: string,
  missing: MissingDatabaseError,
  options: { key?: DatabaseKey | undefined; ask: AskToRecover },
): Promise<(OpenedStore & { recovery: ReturnType<typeof recoverDamagedDatabase> | null }) | null> {
  let backup: AutomaticBackup | null = null;
  for (const file of missing.copies) {
    if ((await checkIntegrity(file, { key: options.key })).ok) {
      backup = { file, kind: 'before-restore', takenAt: fs.statSync(file).mtime };
      break;
    }
  }
  if (!backup) throw missing;
  if ((await options.ask({ file: dbFile, problems: [missing.message], backup, reason: 'missing' })) !== 'recover') return null;
  const recovery = recoverDamagedDatabase(dbFile, { backup });
  return { ...(await openStore(dbFile, { key: options.key })), recovery };
}

export interface HealthWatch {
  /** Settles when the start-up check (and, if the file was sound, today's backup) is done. */
  readonly checked: Promise<IntegrityReport>;
  stop(): void;
}

/**
 * After start-up, off the main thread: a quick check of the whole file; if it is damaged,
 * asks (as above) and recovers into the same store (`reopenAfter`), then calls
 * `onRecovered` (the window reloads); if it is sound, takes today's automatic backup and
 * checks again for a new day's backup every `backupEveryMs` while the app runs.
 */
export function watchDatabaseHealth(
  store: Store,
  options: {
    ask: AskToRecover;
    onRecovered?: (recovery: ReturnType<typeof recoverDamagedDatabase>) => void;
    onError?: (error: unknown) => void;
    now?: () => Date;
    backupEveryMs?: number;
  },
): HealthWatch {
  const now = options.now ?? (() => new Date());
  const key = databaseKeyOf(store);
  const report = (error: unknown) => options.onError?.(error);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const dailyBackup = () => takeDailyBackup(store, { now: now() }).catch(report);
  const checked = (async () => {
    const result = await checkIntegrity(store.file, { key, level: 'quick' });
    if (stopped) return result;
    if (!result.ok) {
      const prompt: RecoveryPrompt = { file: store.file, problems: result.problems, backup: await latestUsableBackup(store.file, { key }) };
      if ((await options.ask(prompt)) === 'recover') {
        const { result: recovery } = await store.reopenAfter(() => recoverDamagedDatabase(store.file, { backup: prompt.backup, now: now() }));
        options.onRecovered?.(recovery);
      }
      return result;
    }
    await dailyBackup();
    if (!stopped) {
      timer = setInterval(() => void dailyBackup(), options.backupEveryMs ?? 60 * 60 * 1000);
      timer.unref();
    }
    return result;
  })();
  checked.catch(report);
  return {
    checked,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}
