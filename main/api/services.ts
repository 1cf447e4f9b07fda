// Binds every contract method to the service that does the work, for one open database.
// Transport-agnostic: Electron IPC, the HTTP harness and tests all call through this.
import type { Store } from '../db/store.ts';
import type { Clock } from '../records/clock.ts';
import { createDispatcher, type DispatcherOptions, type Handlers } from './dispatcher.ts';
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
}

export function createHandlers(context: ServiceContext): Handlers {
  return {
    ...recordsHandlers(context),
    ...reportsHandlers(context),
    ...maintenanceHandlers(context),
    ...supportHandlers(context),
    ...updatesHandlers(context),
    ...syncHandlers(context),
    ...teamHandlers(context),
  };
}

export function createServiceDispatcher(context: ServiceContext, options?: DispatcherOptions) {
  return createDispatcher(createHandlers(context), options);
}
