// The one place where SQLite's failures of the file itself (disk full, read-only, I/O,
// locked, damaged) become errors a person can act on. Everything else a statement can throw
// (a constraint, a bug) is left alone: it is the code's problem, not the user's.
import { DomainError } from '../../shared/errors.ts';

export const databaseErrorKeys = {
  diskFull: 'errors.database.diskFull',
  readOnly: 'errors.database.readOnly',
  ioError: 'errors.database.ioError',
  busy: 'errors.database.busy',
  corrupt: 'errors.database.corrupt',
  unavailable: 'errors.database.unavailable',
} as const;

export type DatabaseProblem = keyof typeof databaseErrorKeys;

/** A failure of the database file; the transaction it happened in was rolled back. */
export class DatabaseError extends DomainError {
  readonly problem: DatabaseProblem;
  /** SQLite's extended code, e.g. SQLITE_IOERR_FSYNC, for logs; never shown as it is. */
  readonly sqliteCode: string;
  constructor(problem: DatabaseProblem, sqliteCode: string, cause: unknown) {
    super('unavailable', databaseErrorKeys[problem], {
      detail: `${sqliteCode}: ${cause instanceof Error ? cause.message : String(cause)}`,
    });
    this.problem = problem;
    this.sqliteCode = sqliteCode;
    this.cause = cause;
  }
}

function problemOf(code: string): DatabaseProblem | null {
  if (code === 'SQLITE_FULL') return 'diskFull';
  if (code.startsWith('SQLITE_READONLY')) return 'readOnly';
  if (code.startsWith('SQLITE_IOERR')) return 'ioError';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'unavailable';
  return null;
}

/** The error to throw in place of `error`: a DatabaseError for file-level failures, else `error` itself. */
export function asDatabaseError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  // Migration 0011: a session merged from another laptop takes no new records here.
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' && (error as Error).message === 'team_record_read_only') {
    return new DomainError('forbidden', 'team.errors.mergedSessionReadOnly');
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    const problem = problemOf(code);
    return problem ? new DatabaseError(problem, code, error) : error;
  }
  // better-sqlite3's message for a call on a closed handle: the store is being swapped
  // (a restore) or has been shut; the action can be tried again in a moment.
  if (error instanceof TypeError && /database connection is not open/.test(error.message)) {
    return new DatabaseError('unavailable', 'CLOSED', error);
  }
  return error;
}
