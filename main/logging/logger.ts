// The one logging interface the main process uses. Callers name an event (`api.failed`) and
// give code-like fields (`method`, `code`); an error adds its class, code and stack. Nothing
// else is accepted, so record content has no way in. Two implementations: electron-log in the
// app (electron-log.ts) and a plain file in the data folder for the harness and tests
// (file-logger.ts). Both rotate at a size limit and can list their files for a support export.
import { describeError, redact, safeFields, type LogFieldValue } from './redact.ts';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, LogFieldValue>;

export interface AppLogger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, error?: unknown, fields?: LogFields): void;
  /** The log files that exist, oldest first, for a support export. */
  files(): string[];
}

/** Rotate at 1 MiB: the current file plus one archived file is all that is ever kept. */
export const DEFAULT_MAX_LOG_BYTES = 1024 * 1024;

const eventPattern = /^[a-z][a-zA-Z0-9_.:-]{0,79}$/;

/** One entry's text (without timestamp or level), already reduced to what a log may hold. */
export function formatEntry(event: string, fields: LogFields = {}, error?: unknown): string {
  const name = eventPattern.test(event) ? event : 'event.unnamed';
  const pairs = Object.entries(safeFields(fields)).map(([key, value]) => `${key}=${value}`);
  const head = [name, ...pairs].join(' ');
  return redact(error === undefined ? head : `${head}\n${describeError(error)}`, { maxLength: 8000 });
}
