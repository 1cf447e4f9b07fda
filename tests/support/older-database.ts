// A database file from before a migration, holding a seed's records: the seed writes today's
// schema, so it is seeded into a current file and its record tables copied over, column by
// column that the older schema has (as a writer of that time would have left them).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite } from '../../main/db/connection.ts';
import { createMigrator } from '../../main/db/migrator.ts';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData, type SeedOptions } from '../../main/records/seed.ts';

const RECORD_TABLES = ['volunteer', 'site', 'event', 'event_volunteer', 'visit', 'conversation', 'conversation_topic', 'conversation_outcome'];

export async function olderSeededDatabase(file: string, migration: string, seed: SeedOptions): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'outreach-tally-older-'));
  try {
    const seededFile = path.join(scratch, 'seeded.db');
    const { store } = await openStore(seededFile);
    seedSyntheticData(store, seed);
    store.close();
    const raw = openSqlite(file);
    try {
      const { error } = await createMigrator(raw).migrateTo(migration);
      if (error) throw error;
      raw.exec(`ATTACH DATABASE '${seededFile.replaceAll("'", "''")}' AS seeded`);
      raw.transaction(() => {
        raw.pragma('defer_foreign_keys = ON');
        for (const table of RECORD_TABLES) {
          const columns = (raw.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).join(', ');
          raw.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM seeded.${table}`);
        }
      })();
      raw.exec('DETACH DATABASE seeded');
    } finally {
      raw.close();
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
