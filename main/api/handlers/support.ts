// Handlers for support: the log files as one redacted text download. The logger comes from the
// shell through the context (electron-log in the app); the harness and CLI log to `logs/`
// beside the database.
import { bundleLogs } from '../../logging/export.ts';
import { createFileLogger, logDirFor } from '../../logging/file-logger.ts';
import type { AppLogger } from '../../logging/logger.ts';
import type { HandlersFor } from '../dispatcher.ts';
import type { supportMethods } from '../methods/support.ts';
import type { ServiceContext } from '../services.ts';

export function supportHandlers(context: ServiceContext): HandlersFor<typeof supportMethods> {
  let fallback: AppLogger | null = null;
  const logger = () => context.logger ?? (fallback ??= createFileLogger({ dir: logDirFor(context.store.file) }));
  return {
    'support.exportLogs': () => {
      const bundle = bundleLogs(logger().files(), { now: context.clock(), appVersion: context.appVersion });
      logger().info('support.logsExported', { files: bundle.files.length });
      return bundle;
    },
  };
}
