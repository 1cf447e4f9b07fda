// Local row ids by stable id, looked up in bulk: one statement walks the uid index for a whole
// list (json_each), where a query per record cost a call into SQLite per record.
import type { SqliteDatabase } from '../db/connection.ts';

export type UidTable = 'volunteer' | 'site' | 'event' | 'visit' | 'conversation' | 'audit';

const bulk = new WeakMap<SqliteDatabase, Map<string, { all(json: string): unknown[] }>>();
const single = new WeakMap<SqliteDatabase, Map<string, { get(uid: string): unknown }>>();

function cached<T>(cache: WeakMap<SqliteDatabase, Map<string, T>>, db: SqliteDatabase, table: string, make: () => T): T {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(table);
  if (!statement) statements.set(table, (statement = make()));
  return statement;
}

/** The local id of each of `uids` held in `table` (those not held are absent from the map). */
export function idsByUid(db: SqliteDatabase, table: UidTable, uids: readonly string[]): Map<string, number> {
  if (uids.length === 0) return new Map();
  const statement = cached(bulk, db, table, () =>
    db.prepare(`SELECT uid, id FROM ${table} WHERE uid IN (SELECT value FROM json_each(?))`).raw(true),
  );
  return new Map(statement.all(JSON.stringify(uids)) as [string, number][]);
}

/** The local id of one record by its stable id (for the rare reference to a record outside the file). */
export function idByUid(db: SqliteDatabase, table: UidTable, uid: string): number | undefined {
  const statement = cached(single, db, table, () => db.prepare(`SELECT id FROM ${table} WHERE uid = ?`).pluck());
  return statement.get(uid) as number | undefined;
}
