// The update state machine, in plain Node with everything outside it injected: the updater
// (electron-updater in the app, through electron-updater-port.ts), the clock, the timers and
// whether the machine is online. It checks on a schedule, downloads in the background as soon
// as a newer version is found, and then waits: installing needs the volunteer's yes (the
// banner asks, and the handler refuses while a session is open) or the app quitting.
//
//   idle ──check──▶ checking ──newer──▶ downloading ──verified──▶ ready ──restart()──▶ (install)
//     ▲                │  └──current──▶ idle                │
//     └──── retry ◀── error ◀───────────────────────────────┘
//
// Being offline is normal for this app (a stall with no wifi), so it is not an error: the
// banner stays quiet and the next look is a quarter of an hour away.
import type { AppLogger } from '../logging/logger.ts';
import type { EffectiveUpdatePolicy } from './policy.ts';
import { nextCheckDelay, START_DELAY_MS, type CheckOutcome, type Timers } from './schedule.ts';
import type { UpdateErrorCode, UpdateStatus } from './status.ts';

export interface UpdaterPort {
  /** Reads the feed; resolves with the newer version on offer, or null when this one is current. */
  check(): Promise<{ version: string } | null>;
  /** Downloads and verifies the version the last check found. */
  download(onProgress: (percent: number) => void): Promise<void>;
  /** Quits, installs the downloaded version and starts it. */
  install(): void;
}

export interface UpdateControllerOptions {
  port: UpdaterPort;
  policy: EffectiveUpdatePolicy;
  currentVersion: string;
  clock: () => Date;
  timers: Timers;
  isOnline: () => boolean;
  logger?: Pick<AppLogger, 'info' | 'error'>;
  startDelayMs?: number;
}

export interface UpdateController {
  status(): UpdateStatus;
  /** Schedules the first check (a no-op when policy turned updates off). */
  start(): void;
  /** Checks now (or joins the check under way); resolves with the status after it. */
  checkNow(): Promise<UpdateStatus>;
  /** Installs the downloaded update. Throws unless one is ready. */
  restart(): void;
  stop(): void;
  onChange(listener: (status: UpdateStatus) => void): () => void;
}

export class UpdateNotReadyError extends Error {
  constructor() {
    super('No downloaded update is ready to install');
  }
}

const offlineCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH']);
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ESOCKETTIMEDOUT']);
const feedCodes = new Set([
  'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
  'ERR_UPDATER_INVALID_UPDATE_INFO',
  'ERR_UPDATER_NO_PUBLISHED_VERSIONS',
  'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
  'ERR_UPDATER_INVALID_VERSION',
  'ERR_UPDATER_NO_FILES_PROVIDED',
]);
const verificationCodes = new Set(['ERR_CHECKSUM_MISMATCH', 'ERR_UPDATER_INVALID_SIGNATURE']);

/** What went wrong, in the few kinds the banner distinguishes. */
export function classifyUpdateError(error: unknown, phase: 'check' | 'download'): UpdateErrorCode {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  const status = Number((error as { statusCode?: unknown } | null)?.statusCode ?? NaN);
  if (verificationCodes.has(code) || /sha512 checksum mismatch|signature/i.test(message)) return 'verification-failed';
  if (offlineCodes.has(code) || /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NETWORK_CHANGED|ADDRESS_UNREACHABLE|NETWORK_ACCESS_DENIED)/.test(message)) {
    return 'offline';
  }
  if (feedCodes.has(code) || (status >= 400 && status < 500)) return 'feed-invalid';
  if (unreachableCodes.has(code) || status >= 500 || /net::ERR_/.test(message)) {
    return phase === 'download' ? 'download-failed' : 'feed-unreachable';
  }
  return phase === 'download' ? 'download-failed' : 'unknown';
}

function describeVersion(version: string): string {
  return /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(version) ? version : 'unknown';
}

export function createUpdateController(options: UpdateControllerOptions): UpdateController {
  const { port, policy, currentVersion, clock, timers, isOnline, logger } = options;
  let status: UpdateStatus = policy.enabled
    ? { state: 'idle', currentVersion, lastCheckedAt: null }
    : { state: 'disabled', reason: policy.reason };
  let timer: unknown = null;
  let running: Promise<UpdateStatus> | null = null;
  let consecutiveErrors = 0;
  let stopped = false;
  const listeners = new Set<(status: UpdateStatus) => void>();

  const set = (next: UpdateStatus) => {
    status = next;
    for (const listener of listeners) listener(status);
  };

  const schedule = (ms: number) => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (stopped || !policy.enabled) return;
    timer = timers.setTimeout(() => {
      timer = null;
      void checkNow();
    }, ms);
  };

  const scheduleAfter = (outcome: CheckOutcome) => {
    if (!policy.enabled) return;
    schedule(nextCheckDelay({ outcome, checkEveryHours: policy.checkEveryHours, consecutiveErrors }));
  };

  const lastCheckedAt = () => (status.state === 'idle' ? status.lastCheckedAt : null);

  const fail = (error: unknown, phase: 'check' | 'download', previousCheck: string | null) => {
    const code = classifyUpdateError(error, phase);
    if (code === 'offline') {
      logger?.info('updates.offline', { phase });
      set({ state: 'idle', currentVersion, lastCheckedAt: previousCheck });
      scheduleAfter('offline');
      return;
    }
    consecutiveErrors += 1;
    logger?.error('updates.failed', error, { phase, code });
    const delay = nextCheckDelay({ outcome: 'error', checkEveryHours: policy.enabled ? policy.checkEveryHours : 1, consecutiveErrors });
    set({ state: 'error', currentVersion, code, nextCheckAt: new Date(clock().getTime() + delay).toISOString() });
    scheduleAfter('error');
  };

  const run = async (): Promise<UpdateStatus> => {
    if (!policy.enabled || stopped) return status;
    if (status.state === 'downloading' || status.state === 'ready') return status;
    const previousCheck = lastCheckedAt();
    if (!isOnline()) {
      scheduleAfter('offline');
      return status;
    }
    set({ state: 'checking', currentVersion });
    let offer: { version: string } | null;
    try {
      offer = await port.check();
    } catch (error) {
      fail(error, 'check', previousCheck);
      return status;
    }
    if (offer === null) {
      consecutiveErrors = 0;
      logger?.info('updates.current', { version: describeVersion(currentVersion) });
      set({ state: 'idle', currentVersion, lastCheckedAt: clock().toISOString() });
      scheduleAfter('up-to-date');
      return status;
    }
    const version = describeVersion(offer.version);
    logger?.info('updates.found', { version });
    set({ state: 'downloading', currentVersion, version, percent: 0 });
    try {
      await port.download((percent) => {
        if (status.state !== 'downloading') return;
        const rounded = Math.max(0, Math.min(100, Math.floor(percent)));
        if (rounded !== status.percent) set({ ...status, percent: rounded });
      });
    } catch (error) {
      fail(error, 'download', previousCheck);
      return status;
    }
    consecutiveErrors = 0;
    logger?.info('updates.ready', { version });
    set({ state: 'ready', currentVersion, version });
    return status; // nothing more to check until this one is installed
  };

  const checkNow = (): Promise<UpdateStatus> => {
    if (running) return running;
    if (timer !== null) {
      timers.clearTimeout(timer);
      timer = null;
    }
    running = run().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    status: () => status,
    start() {
      if (!policy.enabled || stopped) return;
      schedule(options.startDelayMs ?? START_DELAY_MS);
    },
    checkNow,
    restart() {
      if (status.state !== 'ready') throw new UpdateNotReadyError();
      logger?.info('updates.install', { version: status.version });
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      port.install();
    },
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
