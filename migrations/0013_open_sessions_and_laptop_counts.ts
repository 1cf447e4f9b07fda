// Why: Today's stale-session check and the counts by laptop (Team screen, `stats`) read a small partial index, not every record.
// Frozen: plain SQL (docs/migrations.md, "Counting without reading every record").
import { sql, type Kysely } from 'kysely';

const statements = [
  // Sessions still open, by start: the few a laptop has (Today's live and stale sessions filter
  // on exactly this and order by starts_at), whatever the years of closed ones behind them.
  `CREATE INDEX event_open_by_start ON event (starts_at) WHERE ends_at IS NULL AND deleted_at IS NULL`,
  // The exceptions to "a live record of this laptop's own": deleted records and those merged from
  // other laptops. Counts by laptop are a table's count(*) (read from its b-tree's pages, not row by
  // row) less these, counted through the index; everyday records are not in it, so saving one
  // costs the index nothing.
  ...['event', 'visit', 'conversation'].map(
    (table) =>
      `CREATE INDEX ${table}_merged_or_deleted ON ${table} (recorded_on, deleted_at)
         WHERE recorded_on IS NOT NULL OR deleted_at IS NOT NULL`,
  ),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
