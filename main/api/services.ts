// Binds every contract method to the service that does the work, for one open database.
// Transport-agnostic: Electron IPC, the HTTP harness and tests all call through this.
import { sessionOf, type AccessSession, type LockTimes } from '../access/session.ts';
import type { Store } from '../db/store.ts';
import type { AppLogger } from '../logging/logger.ts';
import type { UpdateController } from '../updates/controller.ts';
import type { Clock } from '../../shared/clock.ts';
import { createDispatcher, type DispatcherOptions, type Handlers } from './dispatcher.ts';
import { accessHandlers } from './handlers/access.ts';
import { jobsHandlers } from './handlers/jobs.ts';
import { maintenanceHandlers } from './handlers/maintenance.ts';
import { recordsHandlers } from './handlers/records.ts';
import { reportsHandlers } from './handlers/reports.ts';
import { supportHandlers } from './handlers/support.ts';
import { syncHandlers, type SyncServices } from './handlers/sync.ts';
import { teamHandlers } from './handlers/team.ts';
import { updatesHandlers } from './handlers/updates.ts';

export interface ServiceContext {
  store: Store;
  clock: Clock;
  /** Where the host keeps the sync token and how it reaches the network; none: sync unavailable. */
  sync?: SyncServices;
  /** Who is at the laptop; one per window's dispatcher. Made here when not given. */
  access?: AccessSession;
  /** Shorter lock times for browser tests (the harness's options); the app uses the settings. */
  lockTimes?: Partial<LockTimes>;
  /** The shell's logger; none (the harness, the CLI): a file logger beside the database. */
  logger?: AppLogger;
  /** The app's version as the shell reports it, for the support export. */
  appVersion?: string;
  /** The shell's update controller once it is wired; none, or null: updates are unavailable. */
  updates?: () => UpdateController | null;
}

export function createHandlers(context: ServiceContext): Handlers {
  return {
    ...accessHandlers(context),
    ...recordsHandlers(context),
    ...reportsHandlers(context),
    ...maintenanceHandlers(context),
    ...supportHandlers(context),
    ...updatesHandlers(context),
    ...syncHandlers(context),
    ...teamHandlers(context),
    ...jobsHandlers(context),
  };
}

export function createServiceDispatcher(context: ServiceContext, options?: DispatcherOptions) {
  const session = sessionOf(context);
  return createDispatcher(createHandlers(context), (_method, access) => session.authorize(access), options);
}
