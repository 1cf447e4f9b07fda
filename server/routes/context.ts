// What every route handler is given: the store, the time, the limits.
import type { Clock } from '../../shared/clock.ts';
import type { ClientAddressOf } from '../client-address.ts';
import type { DeviceGate } from '../device-limits.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { CollectorStore } from '../store/store.ts';
import type { TotalsCache } from '../totals-cache.ts';

export interface RouteContext {
  store: CollectorStore;
  clock: Clock;
  maxBodyBytes: number;
  /** Per device for submissions, per reader for totals. */
  callerLimiter: RateLimiter;
  /** Per client address, for enrolment attempts (nobody is authenticated yet). */
  enrolmentLimiter: RateLimiter;
  /** All enrolment attempts together, whatever address they claim. */
  enrolmentGlobalLimiter: RateLimiter;
  /** Requests in flight and bytes per day, per device. */
  deviceGate: DeviceGate;
  /** The client's address: the socket's, or a trusted proxy's X-Forwarded-For. */
  clientAddressOf: ClientAddressOf;
  totalsCache: TotalsCache;
}
