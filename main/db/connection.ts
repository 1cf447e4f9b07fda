// Opens the SQLite file with the pragmas user records need. This is the only module that
// constructs a database handle. The driver is better-sqlite3-multiple-ciphers: better-sqlite3's
// API on SQLite3 Multiple Ciphers, so the file, its WAL and its backups can be encrypted at
// rest. Without a key it opens ordinary SQLite files, exactly as better-sqlite3 does.
import fs from 'node:fs';
import Sqlite from 'better-sqlite3-multiple-ciphers';

// The same API as better-sqlite3 (the fork tracks it release for release), typed with
// better-sqlite3's definitions (see better-sqlite3-multiple-ciphers.d.ts).
export type SqliteDatabase = Sqlite.Database;

/**
 * The cipher, pinned rather than left to the library's default so that a future default
 * cannot silently change how files are written: ChaCha20-Poly1305 (sqleet's scheme, SQLite3
 * Multiple Ciphers' default and its longest-serving authenticated cipher). Measured here
 * (2 cores, no special hardware) against the alternatives the library offers:
 * - it is authenticated per page: tampering, a wrong key or a bad sector is detected, never
 *   read as garbage (wxSQLite3's aes256cbc opens in 2 ms but has no MAC, so it is out);
 * - opening costs ~30-40 ms (PBKDF2, 64,007 rounds) against ~220 ms for SQLCipher v4's
 *   256,000 rounds of PBKDF2-SHA512, which alone would eat most of the 300 ms start budget;
 *   32 reserved bytes per page against SQLCipher's 80;
 * - it is constant-time and fast in software, so volunteers' older laptops without AES-NI
 *   are neither slow nor exposed to cache-timing leaks. AEGIS (AES-based, ~35% cheaper per
 *   write with AES-NI) is newer in the library and depends on that hardware; a write costs
 *   ~0.2 ms more CPU than unencrypted with ChaCha20, next to a ~0.5-1 ms fsync.
 * The library's default KDF parameters are kept: the key is 32 random bytes, so stretching
 * adds nothing, but defaults let any SQLite3 Multiple Ciphers tool (e.g. SQLiteStudio) open
 * a file for data recovery with just `cipher=chacha20` and the hex key. Nothing but this app
 * reads the file, so SQLCipher's format compatibility buys nothing.
 */
export const DATABASE_CIPHER = 'chacha20';

/** Key length in bytes: a random 256-bit key, never a passphrase. */
export const DATABASE_KEY_BYTES = 32;

/** A database key: 32 random bytes. */
export type DatabaseKey = Buffer;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** The file cannot be read as it is: it is encrypted (no key was given), or the key is not its key. */
export class DatabaseKeyError extends Error {
  readonly messageKey: 'errors.database.keyRequired' | 'errors.database.wrongKey';
  readonly file: string;
  constructor(file: string, reason: 'keyRequired' | 'wrongKey', options?: ErrorOptions) {
    super(
      reason === 'keyRequired'
        ? `${file} is encrypted (or is not a database): it cannot be opened without its key.`
        : `${file} cannot be read with this key: it was encrypted with another key, or it is damaged.`,
      options,
    );
    this.messageKey = reason === 'keyRequired' ? 'errors.database.keyRequired' : 'errors.database.wrongKey';
    this.file = file;
  }
}

/** What the first bytes of a file say it is, without opening it with SQLite. */
export function databaseFileKind(file: string): 'missing' | 'empty' | 'plaintext' | 'encrypted-or-other' {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    if (read === 0) return 'empty';
    return read === header.length && header.equals(SQLITE_HEADER) ? 'plaintext' : 'encrypted-or-other';
  } finally {
    fs.closeSync(fd);
  }
}

export function assertDatabaseKey(key: DatabaseKey): void {
  if (!Buffer.isBuffer(key) || key.length !== DATABASE_KEY_BYTES) {
    throw new TypeError(`A database key is ${DATABASE_KEY_BYTES} bytes.`);
  }
}

/**
 * The statements that key a connection, in order; they must run before anything reads the
 * file. The cipher is chosen first (configuration only, it reads nothing), then the key in
 * its hex form: a raw 32-byte key, with no quoting or encoding questions (hex is [0-9a-f]).
 */
export function keyStatements(key: DatabaseKey): string[] {
  assertDatabaseKey(key);
  return [`cipher = '${DATABASE_CIPHER}'`, `hexkey = '${key.toString('hex')}'`];
}

/** The statements that encrypt an open plaintext file with `key` (it must not be in WAL mode). */
export function rekeyStatements(key: DatabaseKey): string[] {
  assertDatabaseKey(key);
  return [`cipher = '${DATABASE_CIPHER}'`, `hexrekey = '${key.toString('hex')}'`];
}

export interface OpenSqliteOptions {
  readonly?: boolean;
  /** Encrypts a new file with this key, or opens an encrypted one; undefined: a plain SQLite file. */
  key?: DatabaseKey | undefined;
  /**
   * 'wal' (the default) for the live database; 'delete' for files being prepared off-line
   * (a copy being encrypted, a backup being checked): one self-contained file, no -wal.
   */
  journalMode?: 'wal' | 'delete';
  /**
   * Runs on the connection once the file has been read and before anything is written to it
   * (the switch to WAL rewrites the header): throw to refuse the file, which is then untouched.
   */
  beforeWriting?: (db: SqliteDatabase) => void;
}

function isNotADatabase(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_NOTADB';
}

export function openSqlite(file: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  const readonly = options.readonly ?? false;
  const db = new Sqlite(file, { readonly, fileMustExist: readonly });
  try {
    if (options.key) for (const statement of keyStatements(options.key)) db.pragma(statement);
    // Reads page 1 now, so a missing or wrong key fails here, with a clear error, and not in
    // the middle of the first service call.
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if (!isNotADatabase(error)) throw error;
      throw new DatabaseKeyError(file, options.key ? 'wrongKey' : 'keyRequired', { cause: error });
    }
    // Writers wait rather than fail when the CLI and the app touch the file together.
    db.pragma('busy_timeout = 5000');
    options.beforeWriting?.(db);
    if (!readonly) {
      // WAL: readers never block the volunteer's writes, and a crash leaves a consistent file.
      // With a key the WAL is encrypted page by page too.
      db.pragma(`journal_mode = ${options.journalMode === 'delete' ? 'DELETE' : 'WAL'}`);
      // FULL (not NORMAL) in WAL mode: a committed record survives power loss, not just a
      // process crash. A tally tap is worth one fsync.
      db.pragma('synchronous = FULL');
      if (options.journalMode !== 'delete') {
        // The commit that crosses the checkpoint threshold copies the WAL into the file and
        // syncs it. Measured on the 1,000,000-conversation benchmark: at SQLite's default
        // (1,000 pages, every ~65 logged conversations) that commit took ~2.2 ms instead of
        // ~0.6, which set the p99 of a tap; at 4,000 pages one commit in ~270 takes ~3.5 ms,
        // less checkpoint time in all. Durability is unchanged: every commit is synced.
        db.pragma('wal_autocheckpoint = 4000');
        // A big import leaves a big WAL: cut it back once checkpointed.
        db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
      }
    }
    db.pragma('foreign_keys = ON');
    // Schema objects must not run application-defined SQL functions smuggled into a file.
    db.pragma('trusted_schema = OFF');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
