// The process's logger, set once by whichever shell starts the app (Electron's main.ts), so
// services built by createHandlers (whose context is the database and clock) can reach it
// without every transport having to pass it along. Nothing set: callers fall back to a file
// logger beside the database (the harness and CLI).
import type { AppLogger } from './logger.ts';

let current: { logger: AppLogger; appVersion: string | null } | null = null;

export function setAppLogger(logger: AppLogger | null, info: { appVersion?: string } = {}): void {
  current = logger ? { logger, appVersion: info.appVersion ?? null } : null;
}

export function appLogger(): AppLogger | null {
  return current?.logger ?? null;
}

/** The app's version, as the shell reported it with its logger (for the support export). */
export function appVersion(): string | null {
  return current?.appVersion ?? null;
}
