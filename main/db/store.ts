// The store every service receives: the better-sqlite3 handle plus a compile-only Kysely.
// Services build typed queries with Kysely and run them synchronously on better-sqlite3 with
// cached prepared statements, so one user action is one synchronous transaction with no
// awaits inside it (nothing can interleave) and the hot path stays close to a bare INSERT.
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import type { Statement } from 'better-sqlite3';
import { openSqlite, type SqliteDatabase } from './connection.ts';
import { migrateToLatest, type MigrationResult } from './migrator.ts';
import type { Database } from './schema.ts';

export interface Store {
  readonly file: string;
  readonly sqlite: SqliteDatabase;
  readonly qb: Kysely<Database>;
  all<R>(query: Compilable<R>): R[];
  first<R>(query: Compilable<R>): R | undefined;
  run(query: Compilable<unknown>): { changes: number; lastInsertRowid: number };
  transaction<T>(fn: () => T): T;
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

export function createStore(file: string, sqlite: SqliteDatabase): Store {
  const statements = new Map<string, Statement>();
  const prepare = (query: Compilable<unknown>) => {
    const compiled = query.compile();
    let statement = statements.get(compiled.sql);
    if (!statement) {
      statement = sqlite.prepare(compiled.sql);
      statements.set(compiled.sql, statement);
    }
    return { statement, parameters: compiled.parameters as unknown[] };
  };
  return {
    file,
    sqlite,
    qb: queryBuilder,
    all<R>(query: Compilable<R>) {
      const { statement, parameters } = prepare(query);
      return statement.all(...parameters) as R[];
    },
    first<R>(query: Compilable<R>) {
      const { statement, parameters } = prepare(query);
      return statement.get(...parameters) as R | undefined;
    },
    run(query) {
      const { statement, parameters } = prepare(query);
      const result = statement.run(...parameters);
      return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
    },
    transaction<T>(fn: () => T): T {
      // IMMEDIATE: take the write lock up front so a concurrent writer waits (busy_timeout)
      // instead of failing half-way through a user action.
      return sqlite.transaction(fn).immediate();
    },
    close() {
      statements.clear();
      if (sqlite.open) sqlite.close();
    },
  };
}

export interface OpenedStore {
  store: Store;
  migration: MigrationResult;
}

/** Opens (creating if needed) and migrates a database file; ready for services. */
export async function openStore(file: string): Promise<OpenedStore> {
  const sqlite = openSqlite(file);
  try {
    const migration = await migrateToLatest(sqlite, file);
    return { store: createStore(file, sqlite), migration };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
