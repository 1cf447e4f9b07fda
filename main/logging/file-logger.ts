// A plain-Node logger for the harness, the CLI and tests: the same interface and the same
// rotation as the app's electron-log setup (main.log, archived to main.old.log past the size
// limit), written to a `logs/` folder beside the database.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_LOG_BYTES, formatEntry, type AppLogger, type LogFields, type LogLevel } from './logger.ts';

export interface FileLoggerOptions {
  dir: string;
  fileName?: string;
  maxBytes?: number;
  now?: () => Date;
  /** Also echo each entry to stderr (development). */
  echo?: boolean;
}

export function archivedName(file: string): string {
  const parsed = path.parse(file);
  return path.join(parsed.dir, `${parsed.name}.old${parsed.ext}`);
}

/** The folder the harness and CLI log to for a database file. */
export function logDirFor(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'logs');
}

export function createFileLogger(options: FileLoggerOptions): AppLogger {
  const file = path.join(options.dir, options.fileName ?? 'main.log');
  const old = archivedName(file);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  const now = options.now ?? (() => new Date());

  const write = (level: LogLevel, text: string) => {
    const line = `[${now().toISOString()}] [${level}] ${text}\n`;
    if (options.echo) process.stderr.write(line);
    try {
      fs.mkdirSync(options.dir, { recursive: true });
      let size = 0;
      try {
        size = fs.statSync(file).size;
      } catch {
        // no file yet
      }
      if (maxBytes > 0 && size > 0 && size + Buffer.byteLength(line) > maxBytes) fs.renameSync(file, old);
      fs.appendFileSync(file, line, { mode: 0o600 });
    } catch {
      // Logging must never take the app down; a full or read-only disk loses log lines only.
    }
  };

  return {
    info: (event: string, fields?: LogFields) => write('info', formatEntry(event, fields)),
    warn: (event: string, fields?: LogFields) => write('warn', formatEntry(event, fields)),
    error: (event: string, error?: unknown, fields?: LogFields) => write('error', formatEntry(event, fields, error)),
    files: () => [old, file].filter((f) => fs.existsSync(f)),
  };
}
