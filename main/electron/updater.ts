// electron-updater, wired: the generic-provider feed the organisation set when it built the
// installers (app-update.yml, from electron-builder.yml's `publish`), or the one its policy
// file names; the policy read and resolved by main/updates/policy.ts; the schedule and states
// run by main/updates/controller.ts. Only the wiring lives here.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { app, net } from 'electron';
import type * as ElectronUpdater from 'electron-updater';
import type { AppLogger } from '../logging/logger.ts';
import { createUpdateController, type UpdateController, type UpdaterPort } from '../updates/controller.ts';
import { electronUpdaterPort } from '../updates/electron-updater-port.ts';
import { feedUrlFromAppUpdateYml, policyLocations, readPolicyFile, resolveUpdatePolicy } from '../updates/policy.ts';
import { realTimers } from '../updates/schedule.ts';

// electron-updater defines `autoUpdater` with a getter Node's ESM loader cannot see as a named
// export, and creating it picks the platform's updater: load it only when updates are on.
const loadElectronUpdater = () => createRequire(import.meta.url)('electron-updater') as typeof ElectronUpdater;

const refusingPort: UpdaterPort = {
  check: () => Promise.reject(new Error('updates are turned off')),
  download: () => Promise.reject(new Error('updates are turned off')),
  install: () => {},
};

function builtInFeedUrl(): string | null {
  try {
    return feedUrlFromAppUpdateYml(fs.readFileSync(path.join(process.resourcesPath, 'app-update.yml'), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Starts checking for updates in a packaged app. In development (`npm start`) there is no
 * installer to update and the status stays 'unavailable'.
 */
export function startUpdates(logger: AppLogger): UpdateController | null {
  if (!app.isPackaged) return null;
  try {
    return wireUpdates(logger);
  } catch (error) {
    // Updates are a convenience: a failure here must never stop the app recording.
    logger.error('updates.startFailed', error);
    return null;
  }
}

function wireUpdates(logger: AppLogger): UpdateController {
  // An AppImage runs from a read-only mount: "beside the program" means beside the .AppImage file.
  const installDir = path.dirname(process.env.APPIMAGE ?? app.getPath('exe'));
  const readings = policyLocations({ platform: process.platform, installDir, env: process.env }).map((file) => readPolicyFile(file));
  const policy = resolveUpdatePolicy({ readings, builtInUrl: builtInFeedUrl() });
  if (!policy.enabled) {
    logger.info('updates.disabled', { reason: policy.reason, policyFiles: policy.sources.length });
    if (policy.problems.length > 0) logger.error('updates.policyInvalid', policy.problems.join('\n'));
  }
  let port = refusingPort;
  if (policy.enabled) {
    const { autoUpdater } = loadElectronUpdater();
    if (policy.url) autoUpdater.setFeedURL({ provider: 'generic', url: policy.url });
    port = electronUpdaterPort(autoUpdater, logger);
  }
  const controller = createUpdateController({
    port,
    policy,
    currentVersion: app.getVersion(),
    clock: () => new Date(),
    timers: realTimers,
    isOnline: () => net.isOnline(),
    logger,
  });
  controller.start();
  return controller;
}
