// Buffered multi-row INSERTs for the import: rows go to SQLite a hundred at a time through one
// prepared statement, because for small rows the cost of each call into SQLite, not SQLite's
// own work, dominates (the same technique as the synthetic seed).
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../db/connection.ts';

const ROWS_PER_STATEMENT = 100;

export interface BatchInserter {
  add(...values: unknown[]): void;
  /** Writes whatever is still buffered. */
  flush(): void;
}

/**
 * `after`: a table whose buffered rows these rows refer to (a conversation's topics and
 * outcomes). It is flushed first, so the rows it triggers on (outcome counts) already exist.
 */
export function batchInserter(db: SqliteDatabase, table: string, columns: readonly string[], options: { after?: BatchInserter } = {}): BatchInserter {
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
  let buffer: unknown[] = [];
  let rows = 0;
  const write = () => {
    if (rows === 0) return;
    options.after?.flush();
    statementFor(rows).run(buffer);
    buffer = [];
    rows = 0;
  };
  return {
    add(...values) {
      for (const value of values) buffer.push(value);
      if (++rows === ROWS_PER_STATEMENT) write();
    },
    flush: write,
  };
}
