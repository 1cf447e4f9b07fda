// Sends the outbox to the collector, one submission at a time (PRODUCT.md, "The sync
// protocol"; docs/sync-protocol.md, "Status codes"). Every outcome is written to SQLite before
// the next send, so a crash or restart picks up exactly where it stopped.
//
// How each answer is treated:
//   2xx with a receipt for this very submission   -> sent (a 200 login page is not a receipt)
//   409 with a receipt for it (status 'stale')     -> sent: the collector holds newer figures
//   400, 413, 422                                   -> rejected: set aside with the reason; the others go on
//   401, 403, 404, 405, 415, bad endpoint URL       -> stop the queue until a person acts
//   429, 503 with Retry-After                       -> wait as long as asked (the whole queue)
//   3xx, other 5xx, 408, non-receipt 2xx, timeout,
//   network error                                   -> retry later: exponential backoff, full jitter
import { isoNow, type Clock } from '../../shared/clock.ts';
import type { Store } from '../db/store.ts';
import {
  clearQueueError,
  enrolmentOf,
  noteQueueError,
  REJECTED_KEY,
  pauseQueue,
  readQueueState,
  readSyncConfig,
  stopQueue,
  type QueueProblem,
} from './config.ts';
import { heldChanges, markRejected, markRetry, markSent, nextDueSubmission, outboxCounts } from './outbox.ts';
import type { HeldChange } from './revisions.ts';
import { errorBodySchema, receiptSchema, type Receipt } from './protocol.ts';
import { syncQb } from './tables.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 3_600_000;
export const REQUEST_TIMEOUT_MS = 15_000;
/** A Retry-After beyond this is treated as this: a misconfigured proxy must not park the queue for weeks. */
const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

export class SyncEndpointError extends Error {
  readonly messageKey = 'sync.errors.invalidEndpoint';
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The collector's base URL, checked: HTTPS, or plain HTTP only to this machine (a collector
 * under test, or a local tunnel). No credentials in the URL, no query or fragment.
 */
export function parseEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new SyncEndpointError(`The sync endpoint "${endpoint}" is not a URL.`);
  }
  const local = loopbackHosts.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new SyncEndpointError(`The sync endpoint must use https:// (plain http:// only to this computer), not "${endpoint}".`);
  }
  if (url.username || url.password) throw new SyncEndpointError('The sync endpoint must not contain a user name or password.');
  if (url.search || url.hash) throw new SyncEndpointError('The sync endpoint must not contain a query (?) or fragment (#).');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** `${endpoint}/v1/...`, keeping any path prefix the endpoint has. */
export function endpointUrl(endpoint: string, route: string): string {
  return new URL(route, parseEndpoint(endpoint)).toString();
}

/**
 * Full-jitter exponential backoff (a random wait between 0 and base x 2^(attempt-1), capped):
 * spreads the retries of many devices after a collector outage instead of synchronising them.
 */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    ms = at - now.getTime();
  }
  return Math.min(Math.max(ms, 1000), RETRY_AFTER_CAP_MS);
}

export interface SendOptions {
  fetch: FetchLike;
  /** The device token (safeStorage in Electron, the token file for the CLI). */
  token: string | null;
  /** Aborts the run (app quitting); the submission in flight stays pending, no attempt counted. */
  signal?: AbortSignal;
  /** For backoff jitter; tests pass a fixed one. */
  random?: () => number;
  timeoutMs?: number;
  /** Upper bound on submissions sent in one run. */
  maxSubmissions?: number;
}

export interface SendResult {
  sent: number;
  rejected: number;
  /** Why the queue is stopped, if it is (now or from before). */
  stopped: QueueProblem | null;
  /** When the next retry is due, if something is waiting for one. */
  waitingUntil: string | null;
}

type Outcome =
  | { kind: 'sent'; receipt: Receipt }
  | { kind: 'rejected'; reason: string }
  | { kind: 'stop'; messageKey: string; detail: string }
  | { kind: 'retry'; messageKey: string; detail: string; afterMs?: number; queueWide?: boolean }
  | { kind: 'aborted' };

async function readBody(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function reasonFrom(status: number, text: string): string {
  const body = errorBodySchema.safeParse(parseJson(text));
  return body.success ? `${status} ${body.data.error}: ${body.data.reason}` : `${status} ${text.slice(0, 200)}`;
}

/** A receipt for this very submission (id, period and revision), or null. */
function receiptFor(text: string, submission: { id: string; period: string; revision: number }): Receipt | null {
  const parsed = receiptSchema.safeParse(parseJson(text));
  if (!parsed.success) return null;
  const receipt = parsed.data;
  const matches = receipt.submissionId === submission.id && receipt.period === submission.period && receipt.revision === submission.revision;
  return matches ? receipt : null;
}

async function classify(
  response: Response,
  submission: { id: string; period: string; revision: number },
  now: Date,
): Promise<Outcome> {
  const status = response.status;
  const text = await readBody(response);
  if (status >= 200 && status < 300) {
    const receipt = receiptFor(text, submission);
    if (receipt) return { kind: 'sent', receipt };
    // A venue's wifi login page, a proxy's error page: the collector never saw it.
    return { kind: 'retry', messageKey: 'sync.errors.notAReceipt', detail: `${status} answer that is not a receipt for this submission` };
  }
  if (status === 409) {
    const receipt = receiptFor(text, submission);
    if (receipt) return { kind: 'sent', receipt };
    return { kind: 'rejected', reason: reasonFrom(status, text) };
  }
  if (status === 400 || status === 413 || status === 422) return { kind: 'rejected', reason: reasonFrom(status, text) };
  if (status === 401) return { kind: 'stop', messageKey: 'sync.errors.unauthorised', detail: reasonFrom(status, text) };
  if (status === 403) return { kind: 'stop', messageKey: 'sync.errors.forbidden', detail: reasonFrom(status, text) };
  if (status === 404 || status === 405) return { kind: 'stop', messageKey: 'sync.errors.endpointNotFound', detail: reasonFrom(status, text) };
  if (status === 415) return { kind: 'stop', messageKey: 'sync.errors.clientRefused', detail: reasonFrom(status, text) };
  if (status === 429 || status === 503) {
    const afterMs = retryAfterMs(response.headers.get('retry-after'), now);
    return {
      kind: 'retry',
      messageKey: status === 429 ? 'sync.errors.rateLimited' : 'sync.errors.unavailable',
      detail: reasonFrom(status, text),
      ...(afterMs !== null ? { afterMs, queueWide: true } : {}),
    };
  }
  if (status >= 400 && status < 500 && status !== 408) return { kind: 'rejected', reason: reasonFrom(status, text) };
  return { kind: 'retry', messageKey: 'sync.errors.serverError', detail: reasonFrom(status, text) };
}

async function post(
  options: SendOptions,
  url: string,
  token: string,
  submission: { id: string; payload: string; period: string; revision: number },
  now: Date,
): Promise<Outcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: submission.payload,
      // A redirect is a captive portal or a misconfiguration; following it would also carry the token elsewhere.
      redirect: 'manual',
      signal,
    });
    return await classify(response, submission, now);
  } catch (error) {
    if (options.signal?.aborted) return { kind: 'aborted' };
    if (timeout.aborted) return { kind: 'retry', messageKey: 'sync.errors.timeout', detail: 'no answer in time' };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'retry', messageKey: 'sync.errors.network', detail: cause?.code ?? cause?.message ?? String(error) };
  }
}

const inFlight = new WeakSet<object>();

/**
 * Sends due pending submissions, oldest period first, one at a time, until the outbox has
 * nothing due, the queue stops or waits, or `maxSubmissions` were tried. Never throws for a
 * network or collector problem: the outcome is in the outbox and in the result.
 */
export async function sendPending(store: Store, clock: Clock, options: SendOptions): Promise<SendResult> {
  const result: SendResult = { sent: 0, rejected: 0, stopped: null, waitingUntil: null };
  const state = readQueueState(store);
  if (state.stopped) return { ...result, stopped: state.stopped };
  const enrolment = enrolmentOf(readSyncConfig(store));
  if (!enrolment) return result;
  if (state.pausedUntil) {
    if (state.pausedUntil > isoNow(clock)) return { ...result, waitingUntil: state.pausedUntil };
    pauseQueue(store, null); // the wait the collector asked for is over
  }

  const stop = (messageKey: string, detail: string): SendResult => {
    stopQueue(store, clock, messageKey, detail);
    return { ...result, stopped: readQueueState(store).stopped };
  };
  let url: string;
  try {
    url = endpointUrl(enrolment.endpoint, 'v1/submissions');
  } catch (error) {
    return stop('sync.errors.invalidEndpoint', (error as Error).message);
  }
  if (!options.token) return stop('sync.errors.noToken', 'This device has no sync token: enrol it again.');

  // Two overlapping runs on one database (a timer and a button) would send the same submission
  // twice; the collector would store it once, but there is no need to ask it.
  if (inFlight.has(store)) return result;
  inFlight.add(store);
  try {
    const random = options.random ?? Math.random;
    const limit = options.maxSubmissions ?? Number.POSITIVE_INFINITY;
    for (let tried = 0; tried < limit; tried++) {
      const now = clock();
      // Only this enrolment's: its token could not send another's (saveEnrolment supersedes them).
      const submission = nextDueSubmission(store, now.toISOString(), enrolment.enrolmentId);
      if (!submission) break;
      const outcome = await post(options, url, options.token, submission, now);
      const at = isoNow(clock);
      switch (outcome.kind) {
        case 'aborted':
          return result;
        case 'sent':
          store.transaction(() => {
            markSent(store, submission.id, outcome.receipt, at);
            clearQueueError(store);
          });
          result.sent += 1;
          break;
        case 'rejected':
          markRejected(store, submission.id, outcome.reason);
          noteQueueError(store, clock, REJECTED_KEY, `${submission.period} revision ${submission.revision}: ${outcome.reason}`);
          result.rejected += 1;
          break;
        case 'stop':
          return stop(outcome.messageKey, outcome.detail);
        case 'retry': {
          const delay = outcome.afterMs ?? backoffDelayMs(submission.attempts + 1, random);
          const next = new Date(clock().getTime() + delay).toISOString();
          store.transaction(() => {
            markRetry(store, submission.id, `${outcome.messageKey}: ${outcome.detail}`, next);
            noteQueueError(store, clock, outcome.messageKey, outcome.detail);
            if (outcome.queueWide) pauseQueue(store, next);
          });
          // The collector or the network is in trouble: the next submission would fare no
          // better now. It gets its turn on the next run (this one backs off meanwhile).
          return { ...result, waitingUntil: next };
        }
      }
    }
    return result;
  } finally {
    inFlight.delete(store);
  }
}

export type SyncState = 'not_enrolled' | 'idle' | 'waiting' | 'stopped';

export interface SyncStatus {
  state: SyncState;
  /** Submissions waiting to be sent. */
  pending: number;
  /** Submissions the collector refused, set aside (see the log). */
  rejected: number;
  lastSentAt: string | null;
  /** The latest problem, for the UI to show by its messageKey. */
  lastError: QueueProblem | null;
  /** When stopped: what stopped it. */
  stopped: QueueProblem | null;
  /** When the next retry is due, if the queue is backing off. */
  nextAttemptAt: string | null;
  endpoint: string | null;
  enrolmentId: string | null;
  /** Late changes to sent periods, waiting until they are large enough to send (revisions.ts). */
  held: { period: string; changes: HeldChange[] }[];
}

/**
 * What the sync panel shows. not_enrolled: no endpoint or enrolment; stopped: waiting for a
 * person (see `stopped`); waiting: submissions are pending; idle: nothing left to send.
 */
export function syncStatus(store: Store): SyncStatus {
  const config = readSyncConfig(store);
  const queue = readQueueState(store);
  const counts = outboxCounts(store);
  const lastSent = store.first(
    syncQb(store).selectFrom('sync_submission').select((eb) => eb.fn.max('sent_at').as('at')).where('status', '=', 'sent'),
  );
  const nextAttempt = store.first(
    syncQb(store)
      .selectFrom('sync_submission')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'pending'),
  );
  const enrolled = enrolmentOf(config) !== null;
  const state: SyncState = !enrolled ? 'not_enrolled' : queue.stopped ? 'stopped' : counts.pending > 0 ? 'waiting' : 'idle';
  const pausedUntil = queue.pausedUntil;
  const backoff = nextAttempt?.at ?? null;
  return {
    state,
    pending: counts.pending,
    rejected: counts.rejected,
    lastSentAt: lastSent?.at ?? null,
    lastError: queue.lastError,
    stopped: queue.stopped,
    nextAttemptAt: counts.pending > 0 ? ([pausedUntil, backoff].filter((at): at is string => at !== null).sort().at(-1) ?? null) : null,
    endpoint: config.endpoint,
    enrolmentId: config.enrolmentId,
    held: heldChanges(store),
  };
}
