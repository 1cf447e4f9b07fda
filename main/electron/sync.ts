// Sync in the app: the token in the OS secret store, requests through Chromium's network
// stack (net.fetch honours the system proxy, which NHS and council networks often need), and
// a timer that sends while the machine is online.
import path from 'node:path';
import { app, net, safeStorage } from 'electron';
import type { SyncServices } from '../api/handlers/sync.ts';
import type { Store } from '../db/store.ts';
import type { AppLogger } from '../logging/logger.ts';
import { systemClock } from '../../shared/clock.ts';
import { syncOpenStore } from '../sync/actions.ts';
import { startSyncScheduler } from '../sync/scheduler.ts';
import { safeStorageTokenStore, TOKEN_FILE_NAME } from './secrets.ts';

export function startSync(store: Store, logger: AppLogger): SyncServices {
  const tokenStore = safeStorageTokenStore({ file: path.join(app.getPath('userData'), TOKEN_FILE_NAME), cipher: safeStorage });
  const fetch: SyncServices['fetch'] = (url, init) => net.fetch(url, init);
  const scheduler = startSyncScheduler({
    // The timer comes back after a Retry-After pause itself; waiting inside a run would outlive a quit.
    run: () => syncOpenStore(store, fetch, { clock: systemClock, tokenStore, maxRetryAfterWaitMs: 0 }),
    isOnline: () => net.isOnline(),
    onError: (error) => logger.error('sync.run', error),
  });
  app.on('will-quit', () => scheduler.stop());
  return { tokenStore, fetch, onQueueChanged: () => scheduler.trigger() };
}
