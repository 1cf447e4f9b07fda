// Handlers for support: the log files as one redacted text download. The logger comes from the
// shell (electron-log in the app); the harness and CLI log to `logs/` beside the database.
import { appLogger, appVersion } from '../../logging/current.ts';
import { bundleLogs } from '../../logging/export.ts';
import { createFileLogger, logDirFor } from '../../logging/file-logger.ts';
import type { AppLogger } from '../../logging/logger.ts';
import type { HandlersFor } from '../dispatcher.ts';
import type { supportMethods } from '../methods/support.ts';
import type { ServiceContext } from '../services.ts';

export interface SupportDependencies {
  /** Defaults to the shell's logger, else a file logger beside the database. */
  logger?: () => AppLogger;
  appVersion?: string;
}

export function supportHandlers(context: ServiceContext, deps: SupportDependencies = {}): HandlersFor<typeof supportMethods> {
  let fallback: AppLogger | null = null;
  const logger =
    deps.logger ??
    (() => appLogger() ?? (fallback ??= createFileLogger({ dir: logDirFor(context.store.file) })));
  return {
    'support.exportLogs': () => {
      const bundle = bundleLogs(logger().files(), { now: context.clock(), appVersion: deps.appVersion ?? appVersion() ?? undefined });
      logger().info('support.logsExported', { files: bundle.files.length });
      return bundle;
    },
  };
}
