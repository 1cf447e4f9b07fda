// The one bulk inserter (the seed, the import, the team merge): rows go to SQLite a hundred at
// a time through one prepared multi-row INSERT, because for small rows the cost of each call
// into SQLite, not SQLite's own work, dominates.
import type { Insertable } from 'kysely';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './connection.ts';
import type { Database } from './schema.ts';

const ROWS_PER_STATEMENT = 100;

export interface BatchInserter<Row = Record<string, unknown>> {
  /** One row's values, in the order of the columns. */
  add(...values: unknown[]): void;
  /** One row as an object: its values are taken in the order of the columns. */
  addRow(row: Row): void;
  /** Writes whatever is still buffered. */
  flush(): void;
  /** How many rows were added. */
  readonly added: number;
}

/**
 * `after`: an inserter whose buffered rows these rows refer to (a conversation's topics and
 * outcomes). It is flushed first, so the rows it triggers on already exist.
 */
export function batchInserter<K extends keyof Database & string>(
  db: SqliteDatabase,
  table: K,
  columns: readonly (keyof Database[K] & string)[],
  options: { after?: BatchInserter<never> } = {},
): BatchInserter<Insertable<Database[K]>> {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statements = new Map<number, Statement>();
  const statementFor = (rows: number): Statement => {
    let statement = statements.get(rows);
    if (!statement) {
      statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${new Array(rows).fill(tuple).join(', ')}`);
      statements.set(rows, statement);
    }
    return statement;
  };
  // One buffer for the whole run, filled in place: a new array per statement, grown value by
  // value, was a tenth of a merge's garbage.
  const width = columns.length;
  const buffer: unknown[] = new Array(ROWS_PER_STATEMENT * width).fill(null);
  let filled = 0;
  let rows = 0;
  let added = 0;
  const write = () => {
    if (rows === 0) return;
    options.after?.flush();
    statementFor(rows).run(rows === ROWS_PER_STATEMENT ? buffer : buffer.slice(0, filled));
    filled = 0;
    rows = 0;
  };
  const rowAdded = () => {
    added++;
    if (++rows === ROWS_PER_STATEMENT) write();
  };
  return {
    add(...values) {
      if (values.length !== width) throw new Error(`${table}: ${values.length} values for ${width} columns.`);
      for (let i = 0; i < width; i++) buffer[filled++] = values[i];
      rowAdded();
    },
    addRow(row) {
      const record = row as Record<string, unknown>;
      for (const column of columns) buffer[filled++] = record[column];
      rowAdded();
    },
    flush: write,
    get added() {
      return added;
    },
  };
}
