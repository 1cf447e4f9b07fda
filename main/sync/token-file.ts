// Where the device token is kept. In Electron it lives in the OS secret store (safeStorage,
// wired in main/electron); the CLI keeps it in a file beside the database, `<db>.sync-token`,
// readable by its owner only. A token file that others could read is refused rather than
// used: someone may have copied it, and the fix (enrol again) is the user's to choose.
import fs from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../db/files.ts';

export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

/** A bearer token as the collector issues it (base64url); anything else is not written into a header. */
const tokenPattern = /^[A-Za-z0-9_-]{16,512}$/;

export class TokenFileError extends Error {
  readonly messageKey: string;
  readonly file: string;
  constructor(messageKey: string, file: string, message: string) {
    super(message);
    this.messageKey = messageKey;
    this.file = file;
  }
}

export function tokenFileFor(dbFile: string): string {
  return `${path.resolve(dbFile)}.sync-token`;
}

/** POSIX permission bits mean nothing on Windows, where the user profile's ACLs protect the file. */
const checksModes = process.platform !== 'win32';

export function fileTokenStore(dbFile: string): TokenStore {
  const file = tokenFileFor(dbFile);
  return {
    get() {
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      if (!stat.isFile()) {
        throw new TokenFileError('sync.errors.tokenFileNotAFile', file, `${file} is not a regular file (a link?); refusing to read the sync token from it.`);
      }
      if (checksModes && (stat.mode & 0o077) !== 0) {
        throw new TokenFileError(
          'sync.errors.tokenFilePermissions',
          file,
          `${file} can be read by other users (mode ${(stat.mode & 0o777).toString(8)}); refusing to use it. ` +
            `Run "chmod 600 ${file}" if only you had access, or enrol the device again to get a new token.`,
        );
      }
      if (checksModes && typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
        throw new TokenFileError('sync.errors.tokenFileOwner', file, `${file} belongs to another user; refusing to use it.`);
      }
      const token = fs.readFileSync(file, 'utf8').trim();
      if (!tokenPattern.test(token)) {
        throw new TokenFileError('sync.errors.tokenFileInvalid', file, `${file} does not hold a sync token; enrol the device again.`);
      }
      return token;
    },
    set(token) {
      if (!tokenPattern.test(token)) throw new TypeError('Not a sync token');
      writePrivateFile(file, `${token}\n`);
    },
    clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
