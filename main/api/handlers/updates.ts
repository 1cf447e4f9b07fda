// Handlers for the update banner. The controller comes from the Electron shell through the
// context; with none (the harness, tests, a development run) updates are 'unavailable' and the
// banner shows nothing.
import { DomainError } from '../../../shared/errors.ts';
import { sessionInProgress } from '../../updates/session-guard.ts';
import type { UpdateStatus } from '../../updates/status.ts';
import type { HandlersFor } from '../dispatcher.ts';
import type { updatesMethods } from '../methods/updates.ts';
import type { ServiceContext } from '../services.ts';

export function updatesHandlers(context: ServiceContext): HandlersFor<typeof updatesMethods> {
  const controller = () => context.updates?.() ?? null;
  return {
    'updates.status': () => {
      const status: UpdateStatus = controller()?.status() ?? { state: 'unavailable' };
      return { ...status, sessionOpen: status.state === 'ready' && sessionInProgress(context.store, context.clock) };
    },
    'updates.restart': () => {
      const updates = controller();
      if (!updates || updates.status().state !== 'ready') throw new DomainError('conflict', 'updates.errors.notReady');
      // Never interrupt a session in progress: the update waits until it is closed.
      if (sessionInProgress(context.store, context.clock)) throw new DomainError('conflict', 'updates.errors.sessionOpen');
      updates.restart();
      return { restarting: true };
    },
  };
}
