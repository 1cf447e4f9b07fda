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

export function batchInserter(db: SqliteDatabase, table: string, columns: readonly string[]): BatchInserter {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statementFor = (rows: number): Statement =>
    db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${new Array(rows).fill(tuple).join(', ')}`);
  let full: Statement | undefined;
  let buffer: unknown[] = [];
  let rows = 0;
  return {
    add(...values) {
      for (const value of values) buffer.push(value);
      if (++rows === ROWS_PER_STATEMENT) {
        (full ??= statementFor(ROWS_PER_STATEMENT)).run(buffer);
        buffer = [];
        rows = 0;
      }
    },
    flush() {
      if (rows > 0) statementFor(rows).run(buffer);
      buffer = [];
      rows = 0;
    },
  };
}
