// What every route handler is given: the store, the time, the limits.
import type { Clock } from '../../main/records/clock.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { CollectorStore } from '../store/store.ts';

export interface RouteContext {
  store: CollectorStore;
  clock: Clock;
  maxBodyBytes: number;
  /** Per device for submissions, per reader for totals. */
  callerLimiter: RateLimiter;
  /** Per remote address, for enrolment attempts (nobody is authenticated yet). */
  enrolmentLimiter: RateLimiter;
}
