// Brings a database file to the app's schema at start-up: refuses a file written by a newer
// version, takes a backup copy before changing an existing file, and runs all pending
// migrations in one transaction (SQLite has transactional DDL), so a failure changes nothing.
import path from 'node:path';
import { Kysely, SqliteAdapter, SqliteDialect, type KyselyPlugin } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { migrations } from '../../migrations/index.ts';
import { openSqlite, type SqliteDatabase } from './connection.ts';
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

/**
 * The migrations, each told to call `afterStatement` once a statement of its own has run
 * (Kysely hands every query's result through its plugins; the Migrator's own bookkeeping
 * queries do not go through these).
 */
function providerOf(afterStatement?: (migration: string) => Promise<void> | void): MigrationProvider {
  if (!afterStatement) return { getMigrations: async () => migrations };
  const counted = Object.fromEntries(
    Object.entries(migrations).map(([name, migration]): [string, Migration] => {
      const plugin: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          await afterStatement(name);
          return args.result;
        },
      };
      return [name, { up: (db) => migration.up(db.withPlugin(plugin)) }];
    }),
  );
  return { getMigrations: async () => counted };
}

export function createMigrator(db: SqliteDatabase, afterStatement?: (migration: string) => Promise<void> | void): Migrator {
  return new Migrator({ db: new Kysely<unknown>({ dialect: new MigrationDialect({ database: db }) }), provider: providerOf(afterStatement) });
}

let statementCounts: Map<string, number> | undefined;

/**
 * How many statements each migration runs: counted once by running them all on an empty
 * database in memory (they run the same statements whatever the data), so an update's
 * progress has a known total before it starts.
 */
async function migrationStatementCounts(): Promise<Map<string, number>> {
  if (statementCounts) return statementCounts;
  const counts = new Map<string, number>();
  const scratch = openSqlite(':memory:');
  try {
    const { error } = await createMigrator(scratch, (name) => void counts.set(name, (counts.get(name) ?? 0) + 1)).migrateToLatest();
    if (error) throw error;
  } finally {
    scratch.close();
  }
  statementCounts = counts;
  return counts;
}

/**
 * Told how far a start-up's update is: `backup` (the copy kept first), then `updating`, one
 * step per statement of the pending migrations.
 */
export type MigrationProgress = (phase: 'backup' | 'updating', done: number, total: number) => void;

/** Told how many of the pending migrations' statements have run, out of how many. */
export type MigrationSteps = (done: number, total: number) => void;

/** Lets the event loop answer (a window asking how far the update is) between steps. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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

export async function migrateToLatest(db: SqliteDatabase, dbFile: string, onProgress?: MigrationProgress): Promise<MigrationResult> {
  assertNotFromNewerVersion(db);
  const pending = pendingMigrations(db);
  if (pending.length === 0) return { applied: [], backupFile: null };

  let backupFile: string | null = null;
  if (appliedMigrations(db).length > 0 && dbFile !== ':memory:') {
    // An encrypted database's copy is encrypted with the same key (see snapshot.ts).
    backupFile = path.join(backupsDirectoryOf(dbFile), `${path.basename(dbFile, '.db')}-before-${pending[0]}-${fileStamp()}.db`);
    if (onProgress) {
      onProgress('backup', 0, 1);
      await nextTurn();
    }
    snapshotInto(db, backupFile);
    onProgress?.('backup', 1, 1);
  }

  const { error, applied } = await applyPendingMigrations(db, onProgress && ((done, total) => onProgress('updating', done, total)));
  if (error) {
    throw new MigrationFailedError(
      `Updating the database failed and nothing was changed${backupFile ? `; a copy was kept at ${backupFile}` : ''}: ${String(error)}`,
      { cause: error },
    );
  }
  return { applied, backupFile };
}

/**
 * Runs the file's pending migrations in one transaction. With `onStep`, tells it 0 of the
 * total first, then each statement as it runs (the total counted beforehand), and lets the
 * event loop go between statements: the start-up's update and a restore's update of an older
 * backup report the same steps. Gives back the migrator's error rather than throwing it.
 */
export async function applyPendingMigrations(db: SqliteDatabase, onStep?: MigrationSteps): Promise<{ error: unknown; applied: string[] }> {
  let afterStatement: (() => Promise<void>) | undefined;
  if (onStep) {
    const counts = await migrationStatementCounts();
    const total = pendingMigrations(db).reduce((sum, name) => sum + (counts.get(name) ?? 0), 0);
    let done = 0;
    onStep(0, total);
    afterStatement = async () => {
      done = Math.min(done + 1, total);
      onStep(done, total);
      await nextTurn();
    };
  }
  const { error, results } = await createMigrator(db, afterStatement).migrateToLatest();
  // One transaction: on an error nothing was applied.
  return { error, applied: error ? [] : (results ?? []).map((r) => r.migrationName) };
}
