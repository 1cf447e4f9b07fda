import { describe, expect, it } from 'vitest';
import { startSyncScheduler } from '../../main/sync/scheduler.ts';

function fakeTimers() {
  const timers: { fn: () => void; ms: number; id: number }[] = [];
  let next = 1;
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      const timer = { fn, ms, id: next++ };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer: unknown) => {
      const index = timers.indexOf(timer as (typeof timers)[number]);
      if (index >= 0) timers.splice(index, 1);
    },
    async fire() {
      const timer = timers.shift()!;
      timer.fn();
      await new Promise((resolve) => setImmediate(resolve));
      return timer.ms;
    },
  };
}

describe('when the app sends', () => {
  it('runs soon after start, then on an interval, only while online', async () => {
    const clock = fakeTimers();
    let online = false;
    let runs = 0;
    startSyncScheduler({ run: async () => void runs++, isOnline: () => online, intervalMs: 300_000, firstRunAfterMs: 10_000, ...clock });
    expect(await clock.fire()).toBe(10_000);
    expect(runs).toBe(0); // offline: nothing sent
    online = true;
    expect(clock.timers[0]!.ms).toBe(300_000);
    await clock.fire();
    expect(runs).toBe(1);
    expect(clock.timers).toHaveLength(1);
  });

  it('runs at once when triggered, and never two runs at the same time', async () => {
    const clock = fakeTimers();
    let release!: () => void;
    let runs = 0;
    const scheduler = startSyncScheduler({
      run: () => {
        runs++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      isOnline: () => true,
      ...clock,
    });
    scheduler.trigger();
    expect(clock.timers.map((t) => t.ms)).toEqual([250]);
    await clock.fire(); // first run starts and hangs
    scheduler.trigger();
    await clock.fire(); // asked again while running: noted, not started
    expect(runs).toBe(1);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.timers.map((t) => t.ms)).toEqual([0]); // the noted request runs next
    scheduler.stop();
    expect(clock.timers).toHaveLength(0);
  });

  it('keeps going after a failed run', async () => {
    const clock = fakeTimers();
    const errors: unknown[] = [];
    startSyncScheduler({ run: () => Promise.reject(new Error('down')), isOnline: () => true, onError: (e) => errors.push(e), ...clock });
    await clock.fire();
    expect(errors).toHaveLength(1);
    expect(clock.timers).toHaveLength(1);
  });
});
