// When to look for updates next. At start (after a short pause so start-up stays quick), then
// every few hours; sooner after a failure, backing off; and while offline, a cheap local check
// every quarter hour rather than a request that cannot succeed.

export const START_DELAY_MS = 30_000;
export const OFFLINE_RETRY_MS = 15 * 60_000;
export const FIRST_ERROR_RETRY_MS = 15 * 60_000;

export type CheckOutcome = 'up-to-date' | 'offline' | 'error';

export interface ScheduleInput {
  outcome: CheckOutcome;
  checkEveryHours: number;
  /** Failures in a row, counting this one (for 'error'). */
  consecutiveErrors?: number;
}

export function nextCheckDelay({ outcome, checkEveryHours, consecutiveErrors = 1 }: ScheduleInput): number {
  const interval = checkEveryHours * 3_600_000;
  switch (outcome) {
    case 'up-to-date':
      return interval;
    case 'offline':
      return Math.min(OFFLINE_RETRY_MS, interval);
    case 'error':
      return Math.min(interval, FIRST_ERROR_RETRY_MS * 2 ** Math.max(0, Math.min(consecutiveErrors - 1, 16)));
  }
}

/** Timers, injected so tests move time by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.(); // a pending update check never keeps the process alive
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
