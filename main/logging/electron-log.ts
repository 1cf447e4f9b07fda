// The app's logger: electron-log writing main.log in the OS log folder, rotated to main.old.log
// past 1 MiB. Its Node build is used, not `electron-log/main`: the main build registers IPC
// handlers any page could call and can inject a preload into sessions, and the app needs
// neither (the renderer never logs through the main process). A hook redacts every line, so
// even text that reaches electron-log some other way holds no record content or token.
import fs from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import { archivedName } from './file-logger.ts';
import { DEFAULT_MAX_LOG_BYTES, formatEntry, type AppLogger, type LogFields } from './logger.ts';
import { redact } from './redact.ts';

export interface ElectronLogOptions {
  /** Full path of the current log file, e.g. `<logs>/main.log`. */
  file: string;
  maxBytes?: number;
  /** Echo to the console too (development builds). */
  console?: boolean;
  /** Log uncaught exceptions and unhandled rejections (the app; not tests). */
  catchErrors?: boolean;
  /** Distinct instances for tests; the app uses one. */
  logId?: string;
}

export function createElectronLogLogger(options: ElectronLogOptions): AppLogger {
  const log = electronLog.create({ logId: options.logId ?? 'outreach-tally' });
  const file = path.resolve(options.file);
  const old = archivedName(file);

  // Named here so electron-log never has to find a package.json (it throws if it cannot).
  log.transports.file.setAppName('Outreach Tally');
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.maxSize = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  log.transports.file.level = 'info';
  log.transports.file.format = '[{iso}] [{level}] {text}';
  log.transports.file.archiveLogFn = (current) => {
    // Keep exactly one archive: replace the previous one.
    fs.rmSync(old, { force: true });
    fs.renameSync(current.path, old);
  };
  log.transports.console.level = options.console ? 'info' : false;
  // Nothing leaves the machine and nothing goes to a renderer.
  for (const name of ['remote', 'ipc'] as const) {
    const transport = log.transports[name];
    if (transport) transport.level = false;
  }
  log.hooks.push((message) => ({
    ...message,
    data: message.data.map((part: unknown) => (typeof part === 'string' ? redact(part) : '[redacted value]')),
  }));

  const logger: AppLogger = {
    info: (event: string, fields?: LogFields) => log.info(formatEntry(event, fields)),
    warn: (event: string, fields?: LogFields) => log.warn(formatEntry(event, fields)),
    error: (event: string, error?: unknown, fields?: LogFields) => log.error(formatEntry(event, fields, error)),
    files: () => [old, file].filter((f) => fs.existsSync(f)),
  };

  if (options.catchErrors) {
    log.errorHandler.startCatching({
      showDialog: false,
      onError: ({ error, errorName }) => {
        logger.error(errorName === 'Unhandled' ? 'process.uncaughtException' : 'process.unhandledRejection', error);
        return false; // already logged, redacted, above
      },
    });
  }
  return logger;
}
