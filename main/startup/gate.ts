// The window is up before the database is: opening a big older file can mean a long update.
// Until the app's services are ready, the gate answers `startup.progress` itself (how far the
// update is) and holds every other call until it can pass it on, the same for IPC and HTTP.
import type { ApiResult } from '../api/contract.ts';
import type { Dispatch } from '../api/dispatcher.ts';
import type { MigrationProgress } from '../db/migrator.ts';
import { startupOpening, startupReady, type StartupProgress } from './progress.ts';

export interface StartupGate {
  /** The dispatcher to wire to the transport from the start. */
  dispatch: Dispatch;
  /** Where the database's opening reports its update's progress. */
  report: MigrationProgress;
  /** The services are ready: held calls go through, and from now on every call does. */
  open(services: Dispatch): void;
}

export function createStartupGate(): StartupGate {
  let progress: StartupProgress = startupOpening;
  let services: Dispatch | null = null;
  let release: (services: Dispatch) => void = () => {};
  const ready = new Promise<Dispatch>((resolve) => {
    release = resolve;
  });
  return {
    dispatch: async (method, input): Promise<ApiResult<unknown>> => {
      if (services) return services(method, input);
      if (method === 'startup.progress') return { ok: true, value: { ...progress } };
      return (await ready)(method, input);
    },
    report: (phase, done, total) => {
      progress = { state: 'starting', phase, done, total };
    },
    open: (dispatch) => {
      services = dispatch;
      progress = startupReady;
      release(dispatch);
    },
  };
}
