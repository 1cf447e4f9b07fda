// Opens the SQLite file with the pragmas user records need. This is the only module that
// constructs a database handle, so the driver can be swapped (e.g. for an encrypting build
// with the same API) in one place.
import Sqlite from 'better-sqlite3';

export type SqliteDatabase = Sqlite.Database;

export function openSqlite(file: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  const db = new Sqlite(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  // Writers wait rather than fail when the CLI and the app touch the file together.
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    // WAL: readers never block the volunteer's writes, and a crash leaves a consistent file.
    db.pragma('journal_mode = WAL');
    // FULL (not NORMAL) in WAL mode: a committed record survives power loss, not just a
    // process crash. A tally tap is worth one fsync.
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  // Schema objects must not run application-defined SQL functions smuggled into a file.
  db.pragma('trusted_schema = OFF');
  return db;
}
