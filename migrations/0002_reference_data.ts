// Seeds the reference lists: items carry a stable code (what records store and what sync sends)
// and an i18next key for their label. Frozen in time: the rows are the ones resources/reference
// held when this migration was written, kept beside it, inserted as they are, untyped.
import type { Kysely } from 'kysely';
import seed from './0002_reference_data-2026-11-25.json' with { type: 'json' };

// Parents before children (authority_icb refers to authority); help_contact ids follow this order.
const TABLES = ['authority', 'authority_icb', 'reference_item', 'help_contact'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its day, not the app's types
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    const rows: readonly object[] = seed.tables[table];
    // SQLite caps bound parameters per statement; insert in slices.
    for (let i = 0; i < rows.length; i += 100) await db.insertInto(table).values(rows.slice(i, i + 100)).execute();
  }
}
