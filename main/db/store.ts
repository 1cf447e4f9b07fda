// The store every service receives: the better-sqlite3 handle plus a compile-only Kysely.
// Services build typed queries with Kysely and run them synchronously on better-sqlite3 with
// cached prepared statements, so one user action is one synchronous transaction with no
// awaits inside it (nothing can interleave) and the hot path stays close to a bare INSERT.
//
// The Store is the app's handle on "its database", not on one connection: a restore closes
// the connection, swaps the files and reopens into the same object (`reopenAfter`), so every
// service that was given the store keeps working on the restored database.
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import type { RunResult, Statement } from 'better-sqlite3';
import { databaseFileKind, openSqlite, type DatabaseKey, type SqliteDatabase } from './connection.ts';
import { backupBeforeEncryption, encryptDatabaseFile, encryptPlaintextBackups } from './encryption.ts';
import { asDatabaseError } from './errors.ts';
import { migrateToLatest, pendingMigrations, type MigrationProgress, type MigrationResult } from './migrator.ts';
import { sweepLeftovers } from './leftovers.ts';
import { assertOurs, checkDatabasePath, databaseOwnership, DatabasePathError, isWritableDatabase } from './open-checks.ts';
import { openReadOnlyCopyIfNeeded } from './read-only.ts';
import { copiesOfMissingDatabase, MissingDatabaseError } from './restore-copies.ts';
import type { Database } from './schema.ts';

/** How a cached statement returns rows: as objects, as arrays of values, or the first value alone. */
export type RowShape = 'objects' | 'raw' | 'pluck';

/** A prepared statement from the store's cache; a failure of the file is thrown as a DatabaseError. */
export interface CachedStatement {
  run(...params: unknown[]): RunResult;
  get<R = unknown>(...params: unknown[]): R | undefined;
  all<R = unknown>(...params: unknown[]): R[];
}

export interface Store {
  readonly file: string;
  /** The open connection; after `reopenAfter` it is a new one, so read it at the time of use. */
  readonly sqlite: SqliteDatabase;
  readonly qb: Kysely<Database>;
  /** Whether the file is encrypted at rest (it was opened with a key). */
  readonly encrypted: boolean;
  all<R>(query: Compilable<R>): R[];
  first<R>(query: Compilable<R>): R | undefined;
  run(query: Compilable<unknown>): { changes: number; lastInsertRowid: number };
  /**
   * Raw SQL where a Kysely query costs more than SQLite's work (hot paths, wide reads),
   * prepared once per connection (the store's one statement cache, shared with Kysely's).
   */
  statement(sql: string, shape?: RowShape): CachedStatement;
  /**
   * Runs `read` in one deferred transaction (a snapshot that takes no write lock), or inside
   * the transaction already open; a failure of the file is thrown as a DatabaseError.
   */
  read<T>(read: () => T): T;
  /** A value kept for as long as this connection is open (what it holds is read from this file). */
  perConnection<T>(key: symbol, make: () => T): T;
  /**
   * Runs `fn` as one IMMEDIATE transaction; a failure of the file itself (disk full,
   * read-only, I/O error, locked, damaged) is thrown as a DatabaseError with a message key,
   * after everything `fn` wrote has been rolled back.
   */
  transaction<T>(fn: () => T): T;
  /**
   * Closes the connection, runs `swapFiles` while nothing has the file open, then opens
   * (encrypting, if it is a plain file and the store has a key) and migrates the file again
   * into this same Store. If opening fails the store stays closed (calls fail with
   * errors.database.unavailable) and the error is thrown; call again to recover.
   */
  reopenAfter<T>(swapFiles: () => T | Promise<T>): Promise<{ result: Awaited<T>; migration: MigrationResult }>;
  close(): void;
}

const queryBuilder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

// The key stays out of the Store object (nothing that logs or serialises a store can leak
// it); the modules of main/db that open companion files (backups, restores) ask for it here.
const keys = new WeakMap<Store, DatabaseKey>();

/** The key `store` was opened with, for opening its backups; undefined for an unencrypted store. */
export function databaseKeyOf(store: Store): DatabaseKey | undefined {
  return keys.get(store);
}

export function createStore(file: string, sqlite: SqliteDatabase, options: { key?: DatabaseKey | undefined } = {}): Store {
  let connection = sqlite;
  // One cache for every statement of this connection, Kysely's and raw SQL alike; emptied with
  // the connection (a restore opens a new one).
  // By shape, then SQL text: the text is a constant whose hash V8 keeps, so a lookup costs no
  // string building.
  type Entry = { statement: Statement; cached: CachedStatement };
  const statements: Record<RowShape, Map<string, Entry>> = { objects: new Map(), raw: new Map(), pluck: new Map() };
  const cachedStatement = (sql: string, shape: RowShape) => {
    const ofShape = statements[shape];
    let entry = ofShape.get(sql);
    if (!entry) {
      let statement: Statement;
      try {
        statement = connection.prepare(sql);
      } catch (error) {
        throw asDatabaseError(error);
      }
      if (shape === 'raw') statement.raw(true);
      else if (shape === 'pluck') statement.pluck();
      entry = { statement, cached: mappingErrors(statement) };
      ofShape.set(sql, entry);
    }
    return entry;
  };
  const prepare = (query: Compilable<unknown>) => {
    const compiled = query.compile();
    return { statement: cachedStatement(compiled.sql, 'objects').statement, parameters: compiled.parameters as unknown[] };
  };
  const memos = new Map<symbol, unknown>();
  const closeConnection = () => {
    for (const ofShape of Object.values(statements)) ofShape.clear();
    memos.clear();
    if (connection.open) connection.close();
  };
  const store: Store = {
    file,
    get sqlite() {
      return connection;
    },
    qb: queryBuilder,
    encrypted: options.key !== undefined,
    all<R>(query: Compilable<R>) {
      try {
        const { statement, parameters } = prepare(query);
        return statement.all(...parameters) as R[];
      } catch (error) {
        throw asDatabaseError(error);
      }
    },
    first<R>(query: Compilable<R>) {
      try {
        const { statement, parameters } = prepare(query);
        return statement.get(...parameters) as R | undefined;
      } catch (error) {
        throw asDatabaseError(error);
      }
    },
    run(query) {
      try {
        const { statement, parameters } = prepare(query);
        const result = statement.run(...parameters);
        return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
      } catch (error) {
        throw asDatabaseError(error);
      }
    },
    statement(sql, shape = 'objects') {
      return cachedStatement(sql, shape).cached;
    },
    read<T>(read: () => T): T {
      try {
        return connection.inTransaction ? read() : connection.transaction(read).deferred();
      } catch (error) {
        throw asDatabaseError(error);
      }
    },
    perConnection<T>(key: symbol, make: () => T): T {
      if (!memos.has(key)) memos.set(key, make());
      return memos.get(key) as T;
    },
    transaction<T>(fn: () => T): T {
      try {
        // IMMEDIATE: take the write lock up front so a concurrent writer waits (busy_timeout)
        // instead of failing half-way through a user action.
        return connection.transaction(fn).immediate();
      } catch (error) {
        // better-sqlite3 has rolled back by now (or SQLite did, on SQLITE_FULL / IOERR).
        throw asDatabaseError(error);
      }
    },
    async reopenAfter(swapFiles) {
      closeConnection();
      let result: Awaited<ReturnType<typeof swapFiles>>;
      try {
        result = await swapFiles();
      } catch (error) {
        // Nothing was swapped (or the swap undid itself): carry on with the file as it is.
        connection = (await openAndMigrate(file, options.key)).sqlite;
        throw error;
      }
      const opened = await openAndMigrate(file, options.key);
      connection = opened.sqlite;
      return { result, migration: opened.migration };
    },
    close: closeConnection,
  };
  if (options.key) keys.set(store, options.key);
  return store;
}

function mappingErrors(statement: Statement): CachedStatement {
  return {
    run(...params) {
      try {
        return statement.run(...params);
      } catch (error) {
        throw asDatabaseError(error);
      }
    },
    get<R>(...params: unknown[]) {
      try {
        return statement.get(...params) as R | undefined;
      } catch (error) {
        throw asDatabaseError(error);
      }
    },
    all<R>(...params: unknown[]) {
      try {
        return statement.all(...params) as R[];
      } catch (error) {
        throw asDatabaseError(error);
      }
    },
  };
}

export interface OpenStoreOptions {
  /**
   * The database key (32 random bytes): the file is encrypted with it — created encrypted,
   * opened with it, or, if it is an unencrypted file from before, encrypted in place first
   * (with its unencrypted backups). Undefined: an unencrypted file (most unit tests).
   */
  key?: DatabaseKey | undefined;
  /**
   * Open for reading only (stats, exports, a preview of sync): nothing is written to the file
   * or its folder — no journal-mode switch, no encryption, no migration — so a database on a
   * read-only USB stick or share can be read. An older file that needs migrating is refused.
   */
  readonly?: boolean;
  /** The file must already exist (commands that read or change records, not create them). */
  mustExist?: boolean;
  /** Told how far an update of an older file is (the app's start-up screen shows it). */
  onMigrationProgress?: MigrationProgress;
}

export interface OpenedStore {
  store: Store;
  migration: MigrationResult;
  /** The file was unencrypted and has just been encrypted with the key. */
  encryptedNow: boolean;
}

async function openAndMigrate(
  file: string,
  key: DatabaseKey | undefined,
  options: { mustExist?: boolean | undefined; onMigrationProgress?: MigrationProgress | undefined } = {},
): Promise<{ sqlite: SqliteDatabase; migration: MigrationResult; encryptedNow: boolean }> {
  const exists = checkDatabasePath(file, { mustExist: options.mustExist ?? false, readonly: false });
  if (!exists && file !== ':memory:') {
    // A restore or a crash took the file away but left a copy: offer it, never start empty over it.
    const copies = copiesOfMissingDatabase(file);
    if (copies.length > 0) throw new MissingDatabaseError(file, copies);
  }
  sweepLeftovers(file);
  // Before anything writes (WAL switch, encryption, migration): someone else's file, or a newer
  // version's, is refused and left exactly as it was.
  const refuseUnlessOurs = (sqlite: SqliteDatabase) => void databaseOwnership(sqlite, file);
  let encryptedNow = false;
  if (key && file !== ':memory:') {
    if (databaseFileKind(file) === 'plaintext') {
      assertOurs(file, undefined);
      backupBeforeEncryption(file);
      encryptDatabaseFile(file, key);
      encryptedNow = true;
    }
    // Also after a crash between the two steps: no backup stays readable without the key.
    encryptPlaintextBackups(file, key);
  }
  const sqlite = openSqlite(file, { key, ...(exists ? { beforeWriting: refuseUnlessOurs } : {}) });
  try {
    const migration = await migrateToLatest(sqlite, file, options.onMigrationProgress);
    return { sqlite, migration, encryptedNow };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** Opens for reading only; see OpenStoreOptions.readonly. */
function openReadOnly(file: string, key: DatabaseKey | undefined): OpenedStore {
  checkDatabasePath(file, { mustExist: true, readonly: true });
  // A plain file is read as it is, even with a key: encrypting it would be a write.
  const fileKey = databaseFileKind(file) === 'plaintext' ? undefined : key;
  const { sqlite, release } = openReadOnlyCopyIfNeeded(file, fileKey);
  try {
    if (databaseOwnership(sqlite, file) === 'empty') throw new DatabasePathError('notOutreachTally', file);
    if (pendingMigrations(sqlite).length > 0) throw new DatabasePathError('needsUpdate', file);
  } catch (error) {
    sqlite.close();
    release();
    throw error;
  }
  const store = createStore(file, sqlite, { key: fileKey });
  const close = store.close;
  store.close = () => {
    close();
    release();
  };
  return { store, migration: { applied: [], backupFile: null }, encryptedNow: false };
}

/** Opens (creating if needed) and migrates a database file; ready for services. */
export async function openStore(file: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  if (options.readonly) return openReadOnly(file, options.key);
  // A database on read-only media opens for reading; each change is then refused as
  // errors.database.readOnly, with nothing written (not even the switch to WAL).
  if (file !== ':memory:' && checkDatabasePath(file, { mustExist: options.mustExist ?? false, readonly: false }) && !isWritableDatabase(file)) {
    return openReadOnly(file, options.key);
  }
  const { sqlite, migration, encryptedNow } = await openAndMigrate(file, options.key, { mustExist: options.mustExist, onMigrationProgress: options.onMigrationProgress });
  return { store: createStore(file, sqlite, { key: options.key }), migration, encryptedNow };
}
