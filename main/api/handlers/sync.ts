// Handlers for sync. The token store and the network come from the host: safeStorage and
// Electron's net.fetch in the app, a 0600 file and Node's fetch in the harness.
import { DomainError, notFound } from '../../../shared/errors.ts';
import { requireCoordinator } from '../../records/volunteers.ts';
import { syncStatus, type FetchLike } from '../../sync/client.ts';
import { enrolOpenStore, syncOpenStore } from '../../sync/actions.ts';
import { readSyncConfig, resumeSync } from '../../sync/config.ts';
import { previewSubmission, submissionLog, submissionPayload } from '../../sync/outbox.ts';
import { closedPeriods } from '../../sync/closed-periods.ts';
import type { TokenStore } from '../../sync/token-file.ts';
import type { HandlersFor } from '../dispatcher.ts';
import type { syncMethods } from '../methods/sync.ts';
import type { ServiceContext } from '../services.ts';

export interface SyncServices {
  tokenStore: TokenStore;
  fetch: FetchLike;
  /** Told after an enrolment or a resume, so a host's timer can send at once. */
  onQueueChanged?(): void;
}

export function syncHandlers({ store, clock, sync }: ServiceContext): HandlersFor<typeof syncMethods> {
  const services = () => {
    if (!sync) throw new DomainError('unavailable', 'sync.errors.unavailableHere');
    return sync;
  };
  return {
    'sync.status': () => syncStatus(store),
    'sync.enrol': async ({ endpoint, code }) => {
      requireCoordinator(store);
      const { fetch, tokenStore, onQueueChanged } = services();
      const result = await enrolOpenStore(store, endpoint, code, fetch, tokenStore, { clock });
      onQueueChanged?.();
      return result;
    },
    'sync.sendNow': () => {
      const { fetch, tokenStore } = services();
      // The person is watching: answer now; the timer sends the rest after the collector's pause.
      return syncOpenStore(store, fetch, { clock, tokenStore, maxRetryAfterWaitMs: 0 });
    },
    'sync.resume': () => {
      requireCoordinator(store);
      resumeSync(store);
      sync?.onQueueChanged?.();
      return syncStatus(store);
    },
    'sync.periods': () => {
      const config = readSyncConfig(store);
      return closedPeriods(store, clock, { kind: config.periodKind, graceDays: config.graceDays }).reverse();
    },
    'sync.preview': ({ period }) => ({ json: previewSubmission(store, clock, period) }),
    'sync.log': () => submissionLog(store, { limit: 200 }),
    'sync.payload': ({ submissionId }) => {
      const json = submissionPayload(store, submissionId);
      if (json === null) throw notFound('submission');
      return { json };
    },
  };
}
