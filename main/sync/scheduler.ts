// When the app sends: shortly after start, then every few minutes while the machine is
// online, and at once when asked ("send now", a new enrolment). One run at a time; the
// outbox's own next-attempt times hold back anything still backing off, so an eager timer
// never hammers the collector.

export interface SyncSchedulerOptions {
  /** One pass: refresh the outbox and send what is due. */
  run(): Promise<unknown>;
  isOnline(): boolean;
  intervalMs?: number;
  firstRunAfterMs?: number;
  onError?(error: unknown): void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface SyncScheduler {
  /** Run soon (debounced), e.g. after "send now" or coming back online. */
  trigger(): void;
  stop(): void;
}

export function startSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const interval = options.intervalMs ?? 5 * 60_000;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  let timer: unknown = null;
  let running = false;
  let stopped = false;
  let again = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer !== null) clearTimer(timer);
    const handle = setTimer(() => void tick(), ms) as { unref?(): void };
    // The timer alone never keeps a process (the CLI, a test) alive.
    handle.unref?.();
    timer = handle;
  };

  const tick = async () => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    if (options.isOnline()) {
      running = true;
      try {
        await options.run();
      } catch (error) {
        options.onError?.(error);
      } finally {
        running = false;
      }
    }
    if (again) {
      again = false;
      schedule(0);
    } else {
      schedule(interval);
    }
  };

  schedule(options.firstRunAfterMs ?? 10_000);
  return {
    trigger: () => schedule(250),
    stop: () => {
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}
