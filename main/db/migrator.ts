// Brings a database file to the app's schema at start-up: refuses a file written by a newer
// version, takes a backup copy before changing an existing file, and runs all pending
// migrations in one transaction (SQLite has transactional DDL), so a failure changes nothing.
import path from 'node:path';
import { Kysely, SqliteAdapter, SqliteDialect } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { migrations } from '../../migrations/index.ts';
import type { SqliteDatabase } from './connection.ts';
import { fileStamp } from './files.ts';
import { backupsDirectoryOf, snapshotInto } from './snapshot.ts';

export class DatabaseFromNewerVersionError extends Error {
  readonly messageKey = 'errors.database.newerVersion';
  readonly unknownMigrations: string[];
  constructor(unknownMigrations: string[]) {
    super(
      `This database was written by a newer version of Outreach Tally (it has migrations ${unknownMigrations.join(', ')}). ` +
        'It has not been changed. Install the latest version to open it.',
    );
    this.unknownMigrations = unknownMigrations;
  }
}

export class MigrationFailedError extends Error {
  readonly messageKey = 'errors.database.migrationFailed';
}

// Kysely's SQLite adapter reports no transactional DDL, so its Migrator would run each
// migration bare and a failure half-way would leave a half-built schema. SQLite does roll
// back CREATE/ALTER inside a transaction; saying so makes the Migrator wrap the whole run in one.
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class MigrationDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export function createMigrator(db: SqliteDatabase): Migrator {
  return new Migrator({ db: new Kysely<unknown>({ dialect: new MigrationDialect({ database: db }) }), provider });
}

export function appliedMigrations(db: SqliteDatabase): string[] {
  const table = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`)
    .get();
  if (!table) return [];
  return (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

export function pendingMigrations(db: SqliteDatabase): string[] {
  const applied = new Set(appliedMigrations(db));
  return Object.keys(migrations).filter((name) => !applied.has(name));
}

export function assertNotFromNewerVersion(db: SqliteDatabase): void {
  const known = new Set(Object.keys(migrations));
  const unknown = appliedMigrations(db).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new DatabaseFromNewerVersionError(unknown);
}

export interface MigrationResult {
  applied: string[];
  backupFile: string | null;
}

export async function migrateToLatest(db: SqliteDatabase, dbFile: string): Promise<MigrationResult> {
  assertNotFromNewerVersion(db);
  const pending = pendingMigrations(db);
  if (pending.length === 0) return { applied: [], backupFile: null };

  let backupFile: string | null = null;
  if (appliedMigrations(db).length > 0 && dbFile !== ':memory:') {
    // An encrypted database's copy is encrypted with the same key (see snapshot.ts).
    backupFile = path.join(backupsDirectoryOf(dbFile), `${path.basename(dbFile, '.db')}-before-${pending[0]}-${fileStamp()}.db`);
    snapshotInto(db, backupFile);
  }

  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) {
    throw new MigrationFailedError(
      `Updating the database failed and nothing was changed${backupFile ? `; a copy was kept at ${backupFile}` : ''}: ${String(error)}`,
      { cause: error },
    );
  }
  return { applied: (results ?? []).map((r) => r.migrationName), backupFile };
}
