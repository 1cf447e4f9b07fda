// The sync actions a person starts: enrol the device, send what is due now. The app (Sync
// screen, scheduler), the harness and the CLI call the *OpenStore forms; the others open the file first.
import { openStore, type Store } from '../db/store.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/errors.ts';
import { endpointUrl, parseEndpoint, REQUEST_TIMEOUT_MS, sendPending, syncStatus, type FetchLike, type SyncState, type SyncStatus } from './client.ts';
import { readQueueState, saveEnrolment, type QueueProblem } from './config.ts';
import { outboxCounts, previewSubmission, refreshOutbox } from './outbox.ts';
import { enrolmentRequestSchema, enrolmentResponseSchema, errorBodySchema, periodId } from './protocol.ts';
import { fileTokenStore, TokenFileError, type TokenStore } from './token-file.ts';

export class SyncActionError extends DomainError {}

async function withStore<T>(dbFile: string, fn: (store: Store) => T | Promise<T>): Promise<T> {
  const { store } = await openStore(dbFile);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/**
 * The exact JSON that is (or would be) sent for a period: for a closed period of an enrolled
 * device, the outbox's body byte for byte; otherwise a draft (see previewSubmission).
 */
export async function syncPreview(dbFile: string, period: string, options: { clock?: Clock } = {}): Promise<string> {
  if (!periodId.safeParse(period).success) {
    throw new SyncActionError('invalid_input', 'sync.errors.invalidPeriod', {
      values: { period },
      detail: `"${period}" is not a period: use a month (2026-10) or an ISO week (2026-W43).`,
    });
  }
  return withStore(dbFile, (store) => previewSubmission(store, options.clock ?? systemClock, period));
}

export interface EnrolOptions {
  clock?: Clock;
  timeoutMs?: number;
  /** Where the token goes; the CLI's default is the 0600 file beside the database. */
  tokenStore?: TokenStore;
}

/**
 * Exchanges an enrolment code for this device's id and token (POST /v1/enrolments), keeps the
 * token in the token store and the endpoint and id in the database. A new enrolment lifts a
 * stopped queue; its id changes every payload, so each period is sent again under it.
 */
export async function enrol(dbFile: string, endpoint: string, code: string, fetch: FetchLike, options: EnrolOptions = {}): Promise<{ enrolmentId: string }> {
  const answer = await requestEnrolment(endpoint, code, fetch, options);
  (options.tokenStore ?? fileTokenStore(dbFile)).set(answer.token);
  await withStore(dbFile, (store) => saveEnrolment(store, { endpoint, enrolmentId: answer.enrolmentId }));
  return { enrolmentId: answer.enrolmentId };
}

/** The same, on a database the app already has open, with the app's token store. */
export async function enrolOpenStore(
  store: Store,
  endpoint: string,
  code: string,
  fetch: FetchLike,
  tokenStore: TokenStore,
  options: Omit<EnrolOptions, 'tokenStore'> = {},
): Promise<{ enrolmentId: string }> {
  const answer = await requestEnrolment(endpoint, code, fetch, options);
  tokenStore.set(answer.token);
  saveEnrolment(store, { endpoint, enrolmentId: answer.enrolmentId });
  return { enrolmentId: answer.enrolmentId };
}

/** POST /v1/enrolments: nothing is kept here; the callers keep the token and the id. */
async function requestEnrolment(
  endpoint: string,
  code: string,
  fetch: FetchLike,
  options: Pick<EnrolOptions, 'timeoutMs'>,
): Promise<{ enrolmentId: string; token: string }> {
  let url: string;
  try {
    parseEndpoint(endpoint);
    url = endpointUrl(endpoint, 'v1/enrolments');
  } catch (error) {
    throw new SyncActionError('invalid_input', 'sync.errors.invalidEndpoint', { detail: (error as Error).message });
  }
  const request = enrolmentRequestSchema.safeParse({ code: code.trim() });
  if (!request.success) {
    throw new SyncActionError('invalid_input', 'sync.errors.invalidEnrolmentCode', { detail: 'That enrolment code is empty or too long.' });
  }

  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request.data),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    throw new SyncActionError('unavailable', 'sync.errors.network', {
      detail: `Could not reach the collector at ${endpoint}: ${(error as Error).message}. Check the connection and try again.`,
    });
  }

  const body = (() => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  })();
  if (response.status >= 200 && response.status < 300) {
    const answer = enrolmentResponseSchema.safeParse(body);
    if (!answer.success) {
      throw new SyncActionError('unavailable', 'sync.errors.notAnEnrolment', {
        detail: `The answer from ${endpoint} is not an enrolment (a wifi login page?). Nothing was changed.`,
      });
    }
    return answer.data;
  }
  const refusal = errorBodySchema.safeParse(body);
  const reason = refusal.success ? refusal.data.reason : `HTTP ${response.status}`;
  if (response.status === 400 || response.status === 403) {
    throw new SyncActionError('forbidden', 'sync.errors.enrolmentRefused', {
      values: { reason },
      detail: `The collector refused the enrolment code: ${reason}`,
    });
  }
  if (response.status === 429) {
    throw new SyncActionError('unavailable', 'sync.errors.rateLimited', { detail: `Too many attempts: ${reason}. Wait a minute and try again.` });
  }
  throw new SyncActionError('unavailable', 'sync.errors.enrolmentFailed', { detail: `Enrolment failed (${reason}). Nothing was changed.` });
}

export interface SyncOnceOptions {
  clock?: Clock;
  random?: () => number;
  signal?: AbortSignal;
  timeoutMs?: number;
  tokenStore?: TokenStore;
  /**
   * How long one run may wait, in all, for the waits the collector asks for (429 or 503 with
   * Retry-After) before giving up until the next run. Default RETRY_AFTER_BUDGET_MS; 0 never waits.
   */
  maxRetryAfterWaitMs?: number;
  /** How to wait; tests pass one that also moves their clocks. Resolves early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A freshly enrolled device with years of closed months meets the collector's burst limit
 * (30) in its first run; the collector then asks for a second or so between sends. Waiting
 * that long, up to this much in all, lets one `sync --once` finish the job.
 */
export const RETRY_AFTER_BUDGET_MS = 60_000;

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    // Not unref'd: the CLI has nothing else keeping it alive while it waits.
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface SyncOnceResult {
  sent: number;
  /** Still in the outbox after this run: the CLI exits 0 only when this is 0 and not stopped. */
  pending: number;
  /** Refused by the collector in this run (set aside; see the log). */
  rejected: number;
  stopped: boolean;
  state: SyncState;
  /** Why it stopped, or the latest problem. */
  problem: QueueProblem | null;
  waitingUntil: string | null;
}

/**
 * Brings the outbox up to date and sends what is due, once, waiting out the short pauses the
 * collector asks for (Retry-After, up to maxRetryAfterWaitMs in all) rather than giving up on them.
 */
export async function syncOnce(dbFile: string, fetch: FetchLike, options: SyncOnceOptions = {}): Promise<SyncOnceResult> {
  return withStore(dbFile, (store) => syncOpenStore(store, fetch, { ...options, tokenStore: options.tokenStore ?? fileTokenStore(dbFile) }));
}

/** The same, on a database the app already has open ("send now", and the app's timer). */
export async function syncOpenStore(
  store: Store,
  fetch: FetchLike,
  options: SyncOnceOptions & { tokenStore: TokenStore },
): Promise<SyncOnceResult> {
  const clock = options.clock ?? systemClock;
  const finish = (partial: { sent: number; rejected: number; waitingUntil: string | null }, problem?: QueueProblem | null): SyncOnceResult => {
    const status: SyncStatus = syncStatus(store);
    const localProblem = problem ?? null;
    return {
      ...partial,
      pending: outboxCounts(store).pending,
      stopped: status.state === 'stopped' || status.state === 'not_enrolled' || localProblem !== null,
      state: status.state,
      problem: localProblem ?? status.stopped ?? (status.state === 'not_enrolled' ? notEnrolled(clock) : status.lastError),
    };
  };
  refreshOutbox(store, clock);
  let token: string | null;
  try {
    token = options.tokenStore.get();
  } catch (error) {
    if (!(error instanceof TokenFileError)) throw error;
    // A local problem with the CLI's token file, not the queue's: reported, not recorded.
    return finish({ sent: 0, rejected: 0, waitingUntil: null }, { messageKey: error.messageKey, detail: error.message, at: clock().toISOString() });
  }
  const sendOptions = {
    fetch,
    token,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const sleep = options.sleep ?? sleepFor;
  let budget = options.maxRetryAfterWaitMs ?? RETRY_AFTER_BUDGET_MS;
  const total = { sent: 0, rejected: 0, waitingUntil: null as string | null };
  for (;;) {
    const result = await sendPending(store, clock, sendOptions);
    total.sent += result.sent;
    total.rejected += result.rejected;
    total.waitingUntil = result.waitingUntil;
    if (result.stopped || result.waitingUntil === null || options.signal?.aborted) break;
    // Only a wait the collector asked for (Retry-After pauses the whole queue). A backoff after
    // a failure is left to the next run: waiting it out here would hammer a collector in trouble.
    if (readQueueState(store).pausedUntil !== result.waitingUntil) break;
    const waitMs = Math.max(0, Date.parse(result.waitingUntil) - clock().getTime());
    if (waitMs > budget) break;
    budget -= waitMs;
    await sleep(waitMs, options.signal);
  }
  return finish(total);
}

function notEnrolled(clock: Clock): QueueProblem {
  return { messageKey: 'sync.errors.notEnrolled', detail: 'This device is not enrolled: run the enrol command with the code from your coordinator.', at: clock().toISOString() };
}

/** After fixing what stopped the queue (a new token, the endpoint): try again on the next sync. */