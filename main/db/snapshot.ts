// A consistent copy of a live database in one new file, written under a temporary name and
// renamed into place only when complete and synced. VACUUM INTO, not the online backup API:
// for an encrypted database the copy must be encrypted with the same cipher and key, which
// VACUUM INTO does (its target inherits the main file's codec) and better-sqlite3's
// backup() cannot (it opens the target with no key, and SQLite3 Multiple Ciphers refuses to
// copy encrypted pages into a plain file). It also leaves out free pages, where deleted
// rows' bytes would otherwise linger.
import fs from 'node:fs';
import path from 'node:path';
import type { SqliteDatabase } from './connection.ts';
import { installFile, temporarySibling } from './files.ts';
import { runDatabaseTask, type DatabaseTaskResult } from './worker.ts';
import type { DatabaseKey } from './connection.ts';

/** `dbFile`'s backups folder: automatic (daily, before migrations, before a restore) copies live here. */
export function backupsDirectoryOf(dbFile: string): string {
  return path.join(path.dirname(dbFile), 'backups');
}

function prepareTarget(target: string): string {
  if (fs.existsSync(target)) throw new Error(`${target} already exists; a backup never overwrites a file.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  return temporarySibling(target, 'partial');
}

/** Copies the database open on `sqlite` to `target` (which must not exist), on this thread. */
export function snapshotInto(sqlite: SqliteDatabase, target: string): void {
  const temporary = prepareTarget(target);
  try {
    sqlite.prepare('VACUUM INTO ?').run(temporary);
    installFile(temporary, target);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

export class SnapshotFailedError extends Error {
  readonly messageKey = 'errors.maintenance.backupFailed';
  readonly sqliteCode: string;
  constructor(result: Extract<DatabaseTaskResult, { ok: false }>) {
    super(`The backup could not be written: ${result.message}`);
    this.sqliteCode = result.code;
  }
}

/**
 * The same copy, made by a worker thread with its own connection (the main thread stays free).
 * `onWritten` is told, a few times a second, how many bytes of the copy are written so far.
 */
export async function snapshotInBackground(
  file: string,
  key: DatabaseKey | undefined,
  target: string,
  onWritten?: (bytes: number) => void,
): Promise<void> {
  const temporary = prepareTarget(target);
  // VACUUM INTO gives no progress of its own; the copy's size as it grows is the honest measure.
  const watch = onWritten
    ? setInterval(() => {
        try {
          onWritten(fs.statSync(temporary).size);
        } catch {
          // Not created yet, or already renamed into place.
        }
      }, 100)
    : undefined;
  try {
    const result = await runDatabaseTask({ kind: 'snapshot', file, key, target: temporary });
    if (!result.ok) throw new SnapshotFailedError(result);
    installFile(temporary, target);
  } finally {
    clearInterval(watch);
    fs.rmSync(temporary, { force: true });
  }
}
