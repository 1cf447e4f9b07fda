// Where the database key comes from outside Electron: the CLI and the HTTP harness take it
// from OUTREACH_DB_KEY (64 hex digits) or from a key file that only its owner can read. In
// the app it is kept by the OS secret store instead (main/electron/db-key.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { DATABASE_KEY_BYTES, type DatabaseKey } from './connection.ts';

export const DB_KEY_ENV = 'OUTREACH_DB_KEY';

export class DatabaseKeySourceError extends Error {
  readonly messageKey = 'errors.database.keySource';
}

const hexKey = new RegExp(`^[0-9a-fA-F]{${DATABASE_KEY_BYTES * 2}}$`);

export function generateDatabaseKey(): DatabaseKey {
  return crypto.randomBytes(DATABASE_KEY_BYTES);
}

/** 64 hex digits (surrounding whitespace ignored) to a 32-byte key. */
export function parseDatabaseKey(text: string, source = 'the key'): DatabaseKey {
  const hex = text.trim();
  if (!hexKey.test(hex)) {
    throw new DatabaseKeySourceError(`${source} must be ${DATABASE_KEY_BYTES * 2} hexadecimal digits (a ${DATABASE_KEY_BYTES}-byte key).`);
  }
  return Buffer.from(hex, 'hex');
}

/** POSIX permission bits mean nothing on Windows, where the user profile's ACLs protect the file. */
const checksModes = process.platform !== 'win32';

/** Reads a key file; refuses one that is not a regular file or that others could read. */
export function readKeyFile(file: string): DatabaseKey {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatabaseKeySourceError(`There is no key file at ${file}.`);
    throw error;
  }
  if (!stat.isFile()) throw new DatabaseKeySourceError(`${file} is not a regular file (a link?); refusing to read a key from it.`);
  if (checksModes && (stat.mode & 0o077) !== 0) {
    throw new DatabaseKeySourceError(
      `${file} can be read by other users (mode ${(stat.mode & 0o777).toString(8)}); a key file must be 0600. ` +
        `Run "chmod 600 ${file}" if only you have had access to it.`,
    );
  }
  return parseDatabaseKey(fs.readFileSync(file, 'utf8'), file);
}

/** Writes a new key file, 0600 from its creation (never readable by others, even for a moment). */
export function writeKeyFile(file: string, key: DatabaseKey): void {
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${key.toString('hex')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (checksModes) fs.chmodSync(file, 0o600); // in case the umask took bits the mode needs
}

/**
 * The key for a headless run: the key file if one is named (an explicit choice beats the
 * environment), else OUTREACH_DB_KEY, else none (an unencrypted database).
 */
export function databaseKeyFromEnvironment(
  options: { keyFile?: string | undefined; env?: NodeJS.ProcessEnv } = {},
): DatabaseKey | undefined {
  if (options.keyFile) return readKeyFile(options.keyFile);
  const fromEnv = (options.env ?? process.env)[DB_KEY_ENV];
  if (fromEnv === undefined || fromEnv === '') return undefined;
  return parseDatabaseKey(fromEnv, DB_KEY_ENV);
}

let keyFileForThisRun: string | undefined;

/** The CLI's global --key-file, for every command of this run that opens a database. */
export function useKeyFile(file: string | undefined): void {
  keyFileForThisRun = file;
}

/** The key headless commands open databases with: --key-file, else OUTREACH_DB_KEY, else none. */
export function headlessDatabaseKey(): DatabaseKey | undefined {
  return databaseKeyFromEnvironment({ keyFile: keyFileForThisRun });
}
