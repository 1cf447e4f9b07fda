// Picks the store a deployment asked for: a PostgreSQL URL if given, else the SQLite file.
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { CollectorStore } from './store.ts';

export type StoreLocation = { sqliteFile: string } | { postgresUrl: string; schema?: string };

export async function openCollectorStore(location: StoreLocation): Promise<CollectorStore> {
  if ('postgresUrl' in location) {
    return openPostgresStore({ connectionString: location.postgresUrl, ...(location.schema ? { schema: location.schema } : {}) });
  }
  return openSqliteStore(location.sqliteFile);
}
