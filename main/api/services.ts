// Binds every contract method to the service that does the work, for one open database.
// Transport-agnostic: Electron IPC, the HTTP harness and tests all call through this.
import type { Store } from '../db/store.ts';
import type { Clock } from '../records/clock.ts';
import { createDispatcher, type DispatcherOptions, type Handlers } from './dispatcher.ts';
import { recordsHandlers } from './handlers/records.ts';

export interface ServiceContext {
  store: Store;
  clock: Clock;
}

export function createHandlers(context: ServiceContext): Handlers {
  return {
    ...recordsHandlers(context),
  };
}

export function createServiceDispatcher(context: ServiceContext, options?: DispatcherOptions) {
  return createDispatcher(createHandlers(context), options);
}
