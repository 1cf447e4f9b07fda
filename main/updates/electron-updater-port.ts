// electron-updater behind the controller's port. Plain Node (electron-updater only loads
// Electron when it installs or makes a request through Electron's net), so the integration
// tests drive a real electron-updater AppUpdater against a local feed through this same code.
import type { AppUpdater, Logger, ProgressInfo } from 'electron-updater';
import type { AppLogger } from '../logging/logger.ts';
import type { UpdaterPort } from './controller.ts';

/**
 * Configures the updater for the controller: it decides when to download (at once, in the
 * background) and never installs without being asked, except when the app quits anyway.
 */
export function electronUpdaterPort(updater: AppUpdater, logger?: Pick<AppLogger, 'error'>): UpdaterPort {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  updater.fullChangelog = false;
  // electron-updater's own messages are free text; only its warnings and errors are kept,
  // redacted by the logger like everything else.
  const library: Logger = {
    info: () => {},
    debug: () => {},
    warn: (message?: unknown) => logger?.error('updates.library.warning', String(message)),
    error: (message?: unknown) => logger?.error('updates.library.error', message instanceof Error ? message : String(message)),
  };
  updater.logger = library;
  // An 'error' event with no listener would be thrown; failures reach the controller as rejections.
  updater.on('error', () => {});

  return {
    async check() {
      const result = await updater.checkForUpdates();
      if (!result || !result.isUpdateAvailable) return null;
      return { version: result.updateInfo.version };
    },
    async download(onProgress) {
      const listener = (progress: ProgressInfo) => onProgress(progress.percent);
      updater.on('download-progress', listener);
      try {
        await updater.downloadUpdate();
      } finally {
        updater.off('download-progress', listener);
      }
    },
    install() {
      // Silent (no installer wizard: the volunteer already said yes) and start the new version.
      updater.quitAndInstall(true, true);
    },
  };
}
