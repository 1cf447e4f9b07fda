// Bringing an unencrypted database (from a version before encryption, or a plain file
// being restored) under the key. SQLite3 Multiple Ciphers can encrypt a plain file in place
// (`PRAGMA rekey`), but not in WAL mode, and an interrupted in-place rekey leaves a file
// that is half ciphertext with a plaintext rollback journal beside it. So the work is done on
// a copy: VACUUM INTO a temporary file (consistent, compact: no deleted rows left in free
// pages), switch the copy to a rollback journal, rekey it, check it opens with the key and
// reads cleanly, and only then rename it over the original. Until that atomic rename the
// original is untouched; after it, no plaintext copy is left behind (stale -wal/-shm files
// of the plain database are removed, never replayed into the new one). A copy is also kept
// in backups/ first, like before a migration; it is encrypted with the other backups.
import fs from 'node:fs';
import path from 'node:path';
import { databaseFileKind, openSqlite, rekeyStatements, type DatabaseKey } from './connection.ts';
import { fileStamp, installFile, temporarySibling } from './files.ts';
import { shredFile } from './leftovers.ts';
import { backupsDirectoryOf, snapshotInto } from './snapshot.ts';

export class EncryptionFailedError extends Error {
  readonly messageKey = 'errors.database.encryptionFailed';
}

/** Encrypts the plain database `file` with `key`, replacing it atomically. No connection may be open on it. */
export function encryptDatabaseFile(file: string, key: DatabaseKey): void {
  if (databaseFileKind(file) !== 'plaintext') throw new Error(`${file} is not an unencrypted SQLite database.`);
  const copy = temporarySibling(file, 'encrypting');
  try {
    const plain = openSqlite(file, { journalMode: 'delete' });
    try {
      plain.prepare('VACUUM INTO ?').run(copy);
    } finally {
      plain.close();
    }
    const encrypting = openSqlite(copy, { journalMode: 'delete' });
    try {
      for (const statement of rekeyStatements(key)) encrypting.pragma(statement);
    } finally {
      encrypting.close();
    }
    const check = openSqlite(copy, { key, journalMode: 'delete' });
    try {
      const result = check.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new EncryptionFailedError(`The encrypted copy of ${file} failed its check (${String(result)}); the original is unchanged.`);
    } finally {
      check.close();
    }
    if (databaseFileKind(copy) !== 'encrypted-or-other') throw new EncryptionFailedError(`The copy of ${file} was not encrypted; the original is unchanged.`);
    // A second name for the plain file, so its blocks can be overwritten once the encrypted copy
    // has taken its place (a rename alone leaves them on the disk, readable). A crash before the
    // overwrite leaves this name as a leftover that the next open overwrites (leftovers.ts).
    const replaced = temporarySibling(file, 'plaintext');
    // Only a file with no other name: another link (a copy kept aside) must keep its bytes.
    let linked = fs.statSync(file).nlink === 1;
    try {
      if (linked) fs.linkSync(file, replaced);
    } catch {
      linked = false; // no hard links on this file system: the rename still replaces the file
    }
    installFile(copy, file);
    if (linked) shredFile(replaced);
  } finally {
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  }
}

/** Copies the plain database `file` to its backups folder before it is encrypted; returns the copy. */
export function backupBeforeEncryption(file: string, now: Date = new Date()): string {
  const target = path.join(backupsDirectoryOf(file), `${path.parse(file).name}-before-encryption-${fileStamp(now)}.db`);
  const plain = openSqlite(file);
  try {
    snapshotInto(plain, target);
  } finally {
    plain.close();
  }
  return target;
}

/** Encrypts every unencrypted copy in `dbFile`'s backups folder (copies from before encryption). */
export function encryptPlaintextBackups(dbFile: string, key: DatabaseKey): string[] {
  const dir = backupsDirectoryOf(dbFile);
  if (!fs.existsSync(dir)) return [];
  const encrypted: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!name.endsWith('.db') || !fs.statSync(file).isFile() || databaseFileKind(file) !== 'plaintext') continue;
    encryptDatabaseFile(file, key);
    encrypted.push(file);
  }
  return encrypted;
}
