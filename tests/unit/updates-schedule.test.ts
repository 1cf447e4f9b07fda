// When the app looks for updates, and the states the banner shows, driven by a stand-in
// updater and timers the test moves by hand.
import { describe, expect, it } from 'vitest';
import { classifyUpdateError, createUpdateController, UpdateNotReadyError, type UpdaterPort } from '../../main/updates/controller.ts';
import type { EffectiveUpdatePolicy } from '../../main/updates/policy.ts';
import { nextCheckDelay, OFFLINE_RETRY_MS, START_DELAY_MS, type Timers } from '../../main/updates/schedule.ts';
import type { UpdateStatus } from '../../main/updates/status.ts';
import { manualClock } from '../support/temp-store.ts';

const HOUR = 3_600_000;
const on: EffectiveUpdatePolicy = { enabled: true, url: null, checkEveryHours: 4, sources: [] };

/** Timers that fire only when the test says so. */
function manualTimers(clock: ReturnType<typeof manualClock>) {
  let next = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers & { pendingDelays(): number[]; advance(ms: number): Promise<void> } = {
    setTimeout(callback, ms) {
      const id = next++;
      pending.set(id, { at: clock().getTime() + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    pendingDelays: () => [...pending.values()].map((t) => t.at - clock().getTime()),
    async advance(ms) {
      clock.advance(ms);
      for (const [id, timer] of [...pending]) {
        if (timer.at <= clock().getTime()) {
          pending.delete(id);
          timer.callback();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the check's promises settle
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
  return timers;
}

interface FakeFeed {
  offer: string | null;
  checkError?: unknown;
  downloadError?: unknown;
  checks: number;
  downloads: number;
  installs: number;
}

function fakePort(feed: FakeFeed): UpdaterPort {
  return {
    async check() {
      feed.checks += 1;
      if (feed.checkError) throw feed.checkError;
      return feed.offer ? { version: feed.offer } : null;
    },
    async download(onProgress) {
      feed.downloads += 1;
      onProgress(12.7);
      onProgress(60);
      if (feed.downloadError) throw feed.downloadError;
      onProgress(100);
    },
    install() {
      feed.installs += 1;
    },
  };
}

function setup(options: { policy?: EffectiveUpdatePolicy; offer?: string | null; online?: () => boolean } = {}) {
  const clock = manualClock('2026-11-20T09:00:00.000Z');
  const timers = manualTimers(clock);
  const feed: FakeFeed = { offer: options.offer ?? null, checks: 0, downloads: 0, installs: 0 };
  const seen: UpdateStatus['state'][] = [];
  const controller = createUpdateController({
    port: fakePort(feed),
    policy: options.policy ?? on,
    currentVersion: '1.1.0',
    clock,
    timers,
    isOnline: options.online ?? (() => true),
  });
  controller.onChange((status) => seen.push(status.state));
  return { clock, timers, feed, controller, seen };
}

describe('the schedule', () => {
  it('checks every few hours, sooner when offline, and backs off after failures up to the interval', () => {
    expect(nextCheckDelay({ outcome: 'up-to-date', checkEveryHours: 4 })).toBe(4 * HOUR);
    expect(nextCheckDelay({ outcome: 'offline', checkEveryHours: 4 })).toBe(OFFLINE_RETRY_MS);
    expect(nextCheckDelay({ outcome: 'offline', checkEveryHours: 4 })).toBeLessThan(HOUR);
    expect([1, 2, 3, 4, 5, 9].map((n) => nextCheckDelay({ outcome: 'error', checkEveryHours: 4, consecutiveErrors: n }) / 60_000)).toEqual([
      15, 30, 60, 120, 240, 240,
    ]);
  });
});

describe('the update controller', () => {
  it('checks shortly after start, then every few hours while current', async () => {
    const { timers, feed, controller } = setup();
    controller.start();
    expect(timers.pendingDelays()).toEqual([START_DELAY_MS]);
    expect(feed.checks).toBe(0); // start-up is not slowed by a network request
    await timers.advance(START_DELAY_MS);
    expect(feed.checks).toBe(1);
    expect(controller.status()).toEqual({ state: 'idle', currentVersion: '1.1.0', lastCheckedAt: '2026-11-20T09:00:30.000Z' });
    expect(timers.pendingDelays()).toEqual([4 * HOUR]);
    await timers.advance(4 * HOUR);
    expect(feed.checks).toBe(2);
  });

  it('downloads a newer version in the background, then waits to be asked', async () => {
    const { timers, feed, controller, seen } = setup({ offer: '1.2.0' });
    controller.start();
    await timers.advance(START_DELAY_MS);
    expect(seen).toEqual(['checking', 'downloading', 'downloading', 'downloading', 'downloading', 'ready']);
    expect(controller.status()).toEqual({ state: 'ready', currentVersion: '1.1.0', version: '1.2.0' });
    expect(feed.installs).toBe(0); // never installs on its own
    expect(timers.pendingDelays()).toEqual([]); // nothing more to check until it is installed
    controller.restart();
    expect(feed.installs).toBe(1);
  });

  it('reports download progress in whole percent', async () => {
    const { feed, controller } = setup({ offer: '1.2.0' });
    const percents: number[] = [];
    controller.onChange((s) => {
      if (s.state === 'downloading') percents.push(s.percent);
    });
    feed.downloadError = Object.assign(new Error('sha512 checksum mismatch'), { code: 'ERR_CHECKSUM_MISMATCH' });
    await controller.checkNow();
    expect(percents).toEqual([0, 12, 60]);
    expect(controller.status()).toMatchObject({ state: 'error', code: 'verification-failed' });
  });

  it('stays quiet and looks again in a quarter of an hour when offline, without a request', async () => {
    let online = false;
    const { timers, feed, controller, seen } = setup({ offer: '1.2.0', online: () => online });
    controller.start();
    await timers.advance(START_DELAY_MS);
    expect(feed.checks).toBe(0);
    expect(seen).toEqual([]);
    expect(controller.status().state).toBe('idle');
    expect(timers.pendingDelays()).toEqual([OFFLINE_RETRY_MS]);
    online = true;
    await timers.advance(OFFLINE_RETRY_MS);
    expect(controller.status().state).toBe('ready');
  });

  it('treats a lookup that fails for want of a network as offline, not as an error', async () => {
    const { timers, feed, controller } = setup();
    feed.checkError = Object.assign(new Error('getaddrinfo ENOTFOUND updates.example.org'), { code: 'ENOTFOUND' });
    await controller.checkNow();
    expect(controller.status()).toEqual({ state: 'idle', currentVersion: '1.1.0', lastCheckedAt: null });
    expect(timers.pendingDelays()).toEqual([OFFLINE_RETRY_MS]);
  });

  it('shows an error when the feed fails, retries with back-off, and recovers', async () => {
    const { timers, feed, controller } = setup();
    feed.checkError = Object.assign(new Error('Cannot find channel "latest.yml"'), { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' });
    await controller.checkNow();
    expect(controller.status()).toEqual({ state: 'error', currentVersion: '1.1.0', code: 'feed-invalid', nextCheckAt: '2026-11-20T09:15:00.000Z' });
    expect(timers.pendingDelays()).toEqual([15 * 60_000]);
    await timers.advance(15 * 60_000);
    expect(timers.pendingDelays()).toEqual([30 * 60_000]);
    feed.checkError = undefined;
    await timers.advance(30 * 60_000);
    expect(controller.status().state).toBe('idle');
    expect(timers.pendingDelays()).toEqual([4 * HOUR]);
  });

  it('never checks, downloads or installs when policy turned updates off', async () => {
    const { timers, feed, controller } = setup({ policy: { enabled: false, reason: 'policy', sources: ['/etc/outreach-tally/policy.json'], problems: [] }, offer: '9.0.0' });
    controller.start();
    expect(controller.status()).toEqual({ state: 'disabled', reason: 'policy' });
    expect(timers.pendingDelays()).toEqual([]);
    await controller.checkNow();
    await timers.advance(48 * HOUR);
    expect(feed).toMatchObject({ checks: 0, downloads: 0, installs: 0 });
    expect(() => controller.restart()).toThrow(UpdateNotReadyError);
  });

  it('runs one check at a time and restarts only when an update is ready', async () => {
    const { feed, controller } = setup();
    const [a, b] = [controller.checkNow(), controller.checkNow()];
    expect(a).toBe(b);
    await a;
    expect(feed.checks).toBe(1);
    expect(() => controller.restart()).toThrow(UpdateNotReadyError);
    expect(feed.installs).toBe(0);
  });

  it('stops: no further checks once stopped', async () => {
    const { timers, feed, controller } = setup();
    controller.start();
    controller.stop();
    await timers.advance(START_DELAY_MS);
    expect(feed.checks).toBe(0);
    expect(timers.pendingDelays()).toEqual([]);
  });
});

describe('classifying updater failures', () => {
  it.each([
    [{ code: 'ENOTFOUND' }, 'check', 'offline'],
    [new Error('net::ERR_INTERNET_DISCONNECTED'), 'check', 'offline'],
    [{ code: 'ECONNREFUSED' }, 'check', 'feed-unreachable'],
    [new Error('net::ERR_CONNECTION_TIMED_OUT'), 'download', 'download-failed'],
    [{ statusCode: 503 }, 'check', 'feed-unreachable'],
    [{ statusCode: 404 }, 'check', 'feed-invalid'],
    [{ code: 'ERR_UPDATER_INVALID_UPDATE_INFO' }, 'check', 'feed-invalid'],
    [{ code: 'ERR_UPDATER_INVALID_SIGNATURE' }, 'download', 'verification-failed'],
    [new Error('sha512 checksum mismatch, expected x, got y'), 'download', 'verification-failed'],
    [new Error('something else'), 'check', 'unknown'],
  ] as const)('%o while %s is %s', (error, phase, code) => {
    expect(classifyUpdateError(error, phase)).toBe(code);
  });
});
