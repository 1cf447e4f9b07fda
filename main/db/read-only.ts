// Reading a database on read-only media. SQLite reads a WAL-mode file (as this app's files
// are) through a shared-memory index (-shm) beside it; on a read-only folder with no -shm
// there it cannot open the file at all (SQLITE_READONLY_DIRECTORY), and this build cannot take
// `immutable=1` URIs. Then the file (with its -wal, if any) is copied into a private
// temporary folder and the copy is read; the copy is overwritten and deleted when the store closes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite, type DatabaseKey, type SqliteDatabase } from './connection.ts';
import { shredFile } from './leftovers.ts';

function cannotOpenInPlace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY_CANTINIT';
}

/** A read-only connection on `file`, or on a private copy of it when it cannot be read in place. */
export function openReadOnlyCopyIfNeeded(file: string, key: DatabaseKey | undefined): { sqlite: SqliteDatabase; release: () => void } {
  try {
    return { sqlite: openSqlite(file, { readonly: true, key }), release: () => {} };
  } catch (error) {
    if (!cannotOpenInPlace(error)) throw error;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outreach-tally-read-'));
  const copy = path.join(dir, path.basename(file));
  const release = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) shredFile(copy + suffix);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    return { sqlite: openSqlite(copy, { readonly: true, key }), release };
  } catch (error) {
    release();
    throw error;
  }
}
