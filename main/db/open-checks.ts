// What is at a database path, found out before anything writes to it. Opening a file the
// usual way switches it to WAL (rewriting its header) and may encrypt or migrate it; none of
// that may happen to a folder, a file someone else's program owns, a file from a newer version
// or a file on read-only media. So the path is looked at first, and an existing file is read
// through a read-only connection, and only a file that is Outreach Tally's, and not newer, is
// opened for writing.
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../../migrations/index.ts';
import { DomainError } from '../../shared/errors.ts';
import { databaseFileKind, openSqlite, type DatabaseKey, type SqliteDatabase } from './connection.ts';
import { DatabaseFromNewerVersionError } from './migrator.ts';

export type DatabasePathProblem = 'missing' | 'isDirectory' | 'notReadable' | 'readOnly' | 'folderMissing' | 'notOutreachTally' | 'needsUpdate';

/** The path cannot be used as asked, and nothing was changed; the message names the file. */
export class DatabasePathError extends DomainError {
  readonly problem: DatabasePathProblem;
  constructor(problem: DatabasePathProblem, file: string, detail?: string) {
    super(problem === 'notOutreachTally' ? 'invalid_input' : 'unavailable', `errors.database.path.${problem}`, {
      values: { file },
      detail: detail ?? `${file}: ${problem}`,
    });
    this.problem = problem;
  }
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

export function canWrite(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks the path before any open: a folder, a missing file (when it must exist), a file that
 * cannot be read, or a new file in a folder that cannot be written are refused with a
 * translated message instead of SQLite's or Node's own text. Returns whether the file exists.
 */
export function checkDatabasePath(file: string, options: { mustExist: boolean; readonly: boolean }): boolean {
  if (file === ':memory:') return false;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT') {
      if (options.mustExist || options.readonly) throw new DatabasePathError('missing', file);
      if (!fs.existsSync(path.dirname(file))) throw new DatabasePathError('folderMissing', file);
      if (!canWrite(path.dirname(file))) throw new DatabasePathError('readOnly', file, `${path.dirname(file)} cannot be written`);
      return false;
    }
    if (code === 'ENOTDIR') throw new DatabasePathError('folderMissing', file);
    if (code === 'EACCES' || code === 'EPERM') throw new DatabasePathError('notReadable', file);
    throw error;
  }
  if (stat.isDirectory()) throw new DatabasePathError('isDirectory', file);
  if (!stat.isFile()) throw new DatabasePathError('notReadable', file, `${file} is not a regular file`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new DatabasePathError('notReadable', file);
  }
  return true;
}

/** Whether an existing database can be written: the file and its folder (for -wal, -shm and backups/). */
export function isWritableDatabase(file: string): boolean {
  return canWrite(file) && canWrite(path.dirname(file));
}

/** The tables of the open file, SQLite's own left out. */
function userTables(sqlite: SqliteDatabase): Set<string> {
  const rows = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).all() as { name: string }[];
  return new Set(rows.map((row) => row.name));
}

export type DatabaseOwnership = 'empty' | 'ours';

/**
 * Reads what an open connection holds: 'empty' (no tables: a new file, set it up), 'ours'
 * (this app's migrations, none unknown). Refuses a file with tables but without this app's
 * first migration (someone else's SQLite file, the collector's database) and a file with
 * migrations this version does not know (a newer version). Reads only.
 */
export function databaseOwnership(sqlite: SqliteDatabase, file: string): DatabaseOwnership {
  const tables = userTables(sqlite);
  if (tables.size === 0) return 'empty';
  const first = Object.keys(migrations)[0]!;
  const applied = tables.has('kysely_migration')
    ? (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((row) => row.name)
    : [];
  if (!applied.includes(first)) {
    throw new DatabasePathError('notOutreachTally', file, `${file} is a SQLite database, but not an Outreach Tally database; it has not been changed.`);
  }
  const unknown = applied.filter((name) => !Object.hasOwn(migrations, name));
  if (unknown.length > 0) throw new DatabaseFromNewerVersionError(unknown);
  return 'ours';
}

/**
 * Looks at an existing file through a read-only connection (no journal-mode switch, no
 * header rewrite, no encryption) and refuses it unless it is Outreach Tally's and not newer.
 * A plain file is read without the key (it is encrypted only once it has passed).
 */
export function assertOurs(file: string, key: DatabaseKey | undefined): DatabaseOwnership {
  const kind = databaseFileKind(file);
  if (kind === 'missing' || kind === 'empty') return 'empty';
  const sqlite = openSqlite(file, { readonly: true, key: kind === 'plaintext' ? undefined : key });
  try {
    return databaseOwnership(sqlite, file);
  } finally {
    sqlite.close();
  }
}
