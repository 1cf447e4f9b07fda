// The sync client against a real HTTP server on 127.0.0.1 that answers however each test
// tells it to: receipts, a wifi login page, 500s, 429s, 401s, 400s, silence, a dropped
// connection. After each, the outbox in SQLite must say exactly what happened.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../main/db/store.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { closeSession, openSession } from '../../main/records/events.ts';
import { createSite } from '../../main/records/sites.ts';
import { backoffDelayMs, parseEndpoint, retryAfterMs, sendPending, syncStatus } from '../../main/sync/client.ts';
import { enrol, syncOnce } from '../../main/sync/actions.ts';
import { resumeSync, saveEnrolment } from '../../main/sync/config.ts';
import { refreshOutbox, submissionLog, submissionPayload } from '../../main/sync/outbox.ts';
import { fileTokenStore, tokenFileFor, TokenFileError } from '../../main/sync/token-file.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

const TOKEN = 'u0Vq3mZ8yH2pX6cJ1tR9wK4nB7eL5aF0gD3sQ8vM2hY';

type Answer =
  | { kind: 'receipt'; status?: number; receiptStatus?: 'stored' | 'duplicate' | 'stale'; otherId?: boolean }
  | { kind: 'html' }
  | { kind: 'error'; status: number; error?: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'destroy' }
  | { kind: 'enrolment'; status?: number; body?: unknown };

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const answers: Answer[] = [];
let fallback: Answer = { kind: 'receipt' };
const received: Received[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ url: req.url ?? '', headers: req.headers, body });
      const answer = answers.shift() ?? fallback;
      // One request per connection: no keep-alive socket outlives a test to be reused by the next.
      res.setHeader('connection', 'close');
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(value));
      };
      switch (answer.kind) {
        case 'receipt': {
          const submission = JSON.parse(body) as { submissionId: string; period: string; revision: number };
          json(answer.status ?? 201, {
            submissionId: answer.otherId ? '6f1c2f7e-4b8a-4f3e-9d2a-1c5e7b9a0d42' : submission.submissionId,
            receiptId: `rcpt_${received.length}`,
            status: answer.receiptStatus ?? 'stored',
            period: submission.period,
            revision: submission.revision,
            receivedAt: '2026-11-20T10:00:00.000Z',
          });
          return;
        }
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Welcome to Library Wifi. Please log in.</body></html>');
          return;
        case 'error':
          json(answer.status, { error: answer.error ?? 'refused', reason: `answered ${answer.status} on purpose` }, answer.headers);
          return;
        case 'hang':
          return; // never answers; the client's timeout must end it
        case 'destroy':
          req.socket.destroy();
          return;
        case 'enrolment':
          json(answer.status ?? 201, answer.body ?? { enrolmentId: 'dev_k3m9q2x7w4p8r6t1', token: TOKEN });
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  answers.length = 0;
  fallback = { kind: 'receipt' };
  received.length = 0;
  server.closeAllConnections();
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A database with closed months August, September and October 2026, enrolled against the test server, outbox refreshed. */
async function outboxOfThree(endpoint = base): Promise<{ store: Store; file: string; dir: string; ids: string[] }> {
  const fresh = await freshStore();
  cleanups.push(() => {
    fresh.store.close();
    fs.rmSync(fresh.dir, { recursive: true, force: true });
  });
  const s = fresh.store;
  s.transaction(() => {
    for (const start of ['2026-08-10T10:00:00.000Z', '2026-09-10T10:00:00.000Z', '2026-10-10T10:00:00.000Z']) {
      const clock = manualClock(start);
      const site = createSite(s, clock, { name: 'Catford Library', authorityCode: 'E09000023', settingType: 'library' });
      const event = openSession(s, clock, { siteId: site.id, kind: 'popup_shop' });
      for (let i = 0; i < 9; i++) {
        clock.advance(60_000);
        recordConversation(s, clock, {
          eventId: event.id,
          depth: 'brief_contact',
          topics: ['screening_bowel'],
          outcomes: ['leaflet_given'],
          ageBand: 'age_60_74',
          sex: 'female',
          ethnicity: 'white_british',
          language: 'en',
          safeguarding: false,
          notes: '',
        });
      }
      closeSession(s, clock, event.id);
    }
  });
  saveEnrolment(s, { endpoint, enrolmentId: 'dev_client' });
  const ids = refreshOutbox(s, now()).map((c) => c.submissionId);
  expect(ids).toHaveLength(3);
  return { ...fresh, ids };
}

const NOW = '2026-11-20T10:00:00.000Z';
const now = () => manualClock(NOW);
const half = () => 0.5;
const options = { fetch: globalThis.fetch, token: TOKEN, random: half, timeoutMs: 5_000 };
const statusOf = (s: Store, id: string) => submissionLog(s).find((e) => e.submissionId === id)!;

describe('sendPending', () => {
  it('sends each pending submission once, as stored, with the bearer token, and keeps the receipts', async () => {
    const { store: s, ids } = await outboxOfThree();
    const result = await sendPending(s, now(), options);
    expect(result).toEqual({ sent: 3, rejected: 0, stopped: null, waitingUntil: null });
    expect(received.map((r) => r.url)).toEqual(['/v1/submissions', '/v1/submissions', '/v1/submissions']);
    received.forEach((request, i) => {
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.body).toBe(submissionPayload(s, ids[i]!)); // oldest period first, byte for byte
    });
    for (const id of ids) {
      expect(statusOf(s, id)).toMatchObject({ status: 'sent', attempts: 1, sentAt: NOW, receipt: { submissionId: id, status: 'stored' } });
    }
    expect(syncStatus(s)).toMatchObject({ state: 'idle', pending: 0, lastSentAt: NOW });
    // Nothing left: a second run sends nothing.
    expect(await sendPending(s, now(), options)).toMatchObject({ sent: 0 });
    expect(received).toHaveLength(3);
  });

  it('does not count a 200 login page as sent, backs off, and lets the other submissions through', async () => {
    const { store: s, ids } = await outboxOfThree();
    const clock = now();
    answers.push({ kind: 'html' });
    const first = await sendPending(s, clock, options);
    // Full jitter: random 0.5 of the 30 s base.
    expect(first).toEqual({ sent: 0, rejected: 0, stopped: null, waitingUntil: '2026-11-20T10:00:15.000Z' });
    expect(statusOf(s, ids[0]!)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-11-20T10:00:15.000Z' });
    expect(statusOf(s, ids[0]!).lastError).toMatch(/^sync\.errors\.notAReceipt/);
    expect(syncStatus(s)).toMatchObject({ state: 'waiting', pending: 3, lastError: { messageKey: 'sync.errors.notAReceipt' } });

    // Before its retry time the first waits; the others are not held up behind it.
    const second = await sendPending(s, clock, options);
    expect(second.sent).toBe(2);
    expect(statusOf(s, ids[0]!).status).toBe('pending');
    clock.advance(15_000);
    expect((await sendPending(s, clock, options)).sent).toBe(1);
    expect(statusOf(s, ids[0]!)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('does not count a receipt for another submission as sent', async () => {
    const { store: s, ids } = await outboxOfThree();
    answers.push({ kind: 'receipt', status: 200, otherId: true });
    await sendPending(s, now(), options);
    expect(statusOf(s, ids[0]!)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('backs off exponentially with full jitter on 500s, up to an hour', async () => {
    const { store: s, ids } = await outboxOfThree();
    const clock = now();
    fallback = { kind: 'error', status: 500, error: 'internal_error' };
    await sendPending(s, clock, options);
    expect(statusOf(s, ids[0]!)).toMatchObject({ attempts: 1, nextAttemptAt: '2026-11-20T10:00:15.000Z' });
    clock.advance(15_000);
    await sendPending(s, clock, options);
    expect(statusOf(s, ids[0]!)).toMatchObject({ attempts: 2, nextAttemptAt: '2026-11-20T10:00:45.000Z' }); // + 0.5 x 60 s
    expect(statusOf(s, ids[0]!).lastError).toMatch(/internal_error/);
    expect(backoffDelayMs(3, () => 1)).toBe(120_000);
    expect(backoffDelayMs(20, () => 0.999_999)).toBeLessThanOrEqual(3_600_000);
    expect(backoffDelayMs(20, () => 0)).toBe(0);
  });

  it('waits as long as a 429 Retry-After asks, for the whole queue', async () => {
    const { store: s, ids } = await outboxOfThree();
    const clock = now();
    answers.push({ kind: 'error', status: 429, error: 'rate_limited', headers: { 'retry-after': '120' } });
    const result = await sendPending(s, clock, options);
    expect(result.waitingUntil).toBe('2026-11-20T10:02:00.000Z');
    expect(statusOf(s, ids[0]!)).toMatchObject({ status: 'pending', nextAttemptAt: '2026-11-20T10:02:00.000Z' });
    clock.advance(60_000);
    expect(await sendPending(s, clock, options)).toMatchObject({ sent: 0, waitingUntil: '2026-11-20T10:02:00.000Z' });
    expect(received).toHaveLength(1); // nothing asked of the collector while it said wait
    clock.advance(60_000);
    expect((await sendPending(s, clock, options)).sent).toBe(3);
    expect(retryAfterMs('Fri, 20 Nov 2026 10:05:00 GMT', new Date(NOW))).toBe(300_000);
    expect(retryAfterMs('soon', new Date(NOW))).toBeNull();
  });

  it('clears a transient error once a send goes through, so the Sync screen does not show it stale', async () => {
    const { store: s } = await outboxOfThree();
    const clock = now();
    answers.push({ kind: 'error', status: 500, error: 'internal_error' });
    await sendPending(s, clock, options);
    expect(syncStatus(s).lastError).toMatchObject({ messageKey: 'sync.errors.serverError' });
    clock.advance(15_000);
    expect((await sendPending(s, clock, options)).sent).toBe(3);
    expect(syncStatus(s)).toMatchObject({ state: 'idle', lastError: null });
  });

  it('keeps a rejection as the last error after the others are sent: that submission is still set aside', async () => {
    const { store: s } = await outboxOfThree();
    answers.push({ kind: 'error', status: 400, error: 'invalid_submission' });
    expect(await sendPending(s, now(), options)).toMatchObject({ sent: 2, rejected: 1 });
    expect(syncStatus(s)).toMatchObject({ rejected: 1, lastError: { messageKey: 'sync.errors.rejected' } });
  });

  it('honours Retry-After on 503 too', async () => {
    const { store: s } = await outboxOfThree();
    answers.push({ kind: 'error', status: 503, error: 'unavailable', headers: { 'retry-after': '30' } });
    expect((await sendPending(s, now(), options)).waitingUntil).toBe('2026-11-20T10:00:30.000Z');
  });

  it('stops the queue on 401 with a reason the UI can show, until a person resumes it', async () => {
    const { store: s, ids } = await outboxOfThree();
    answers.push({ kind: 'error', status: 401, error: 'unauthorized' });
    const result = await sendPending(s, now(), options);
    expect(result.stopped).toMatchObject({ messageKey: 'sync.errors.unauthorised' });
    expect(syncStatus(s)).toMatchObject({ state: 'stopped', pending: 3, stopped: { messageKey: 'sync.errors.unauthorised' } });
    expect(statusOf(s, ids[0]!)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await sendPending(s, now(), options)).toMatchObject({ sent: 0, stopped: { messageKey: 'sync.errors.unauthorised' } });
    expect(received).toHaveLength(1);
    resumeSync(s);
    expect((await sendPending(s, now(), options)).sent).toBe(3);
  });

  it('stops on 403 as well', async () => {
    const { store: s } = await outboxOfThree();
    answers.push({ kind: 'error', status: 403, error: 'enrolment_mismatch' });
    expect((await sendPending(s, now(), options)).stopped).toMatchObject({ messageKey: 'sync.errors.forbidden' });
  });

  it('sets a refused submission aside with the reason and sends the others in the same run', async () => {
    const { store: s, ids } = await outboxOfThree();
    answers.push({ kind: 'error', status: 400, error: 'invalid_submission' });
    const result = await sendPending(s, now(), options);
    expect(result).toMatchObject({ sent: 2, rejected: 1, stopped: null });
    expect(statusOf(s, ids[0]!)).toMatchObject({ status: 'rejected', attempts: 1 });
    expect(statusOf(s, ids[0]!).lastError).toBe('400 invalid_submission: answered 400 on purpose');
    expect(syncStatus(s)).toMatchObject({ state: 'idle', pending: 0, rejected: 1 });
  });

  it('treats 413 and 422 the same way', async () => {
    const { store: s, ids } = await outboxOfThree();
    answers.push({ kind: 'error', status: 413, error: 'payload_too_large' }, { kind: 'error', status: 422, error: 'submission_id_reused' });
    expect(await sendPending(s, now(), options)).toMatchObject({ sent: 1, rejected: 2 });
    expect([statusOf(s, ids[0]!).status, statusOf(s, ids[1]!).status, statusOf(s, ids[2]!).status]).toEqual(['rejected', 'rejected', 'sent']);
  });

  it('counts a 409 with a stale receipt as done', async () => {
    const { store: s, ids } = await outboxOfThree();
    answers.push({ kind: 'receipt', status: 409, receiptStatus: 'stale' });
    expect((await sendPending(s, now(), options)).sent).toBe(3);
    expect(statusOf(s, ids[0]!)).toMatchObject({ status: 'sent', receipt: { status: 'stale' } });
  });

  it('gives up on a collector that does not answer within the timeout, and retries later', async () => {
    const { store: s, ids } = await outboxOfThree();
    answers.push({ kind: 'hang' });
    const started = Date.now();
    const result = await sendPending(s, now(), { ...options, timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.waitingUntil).toBe('2026-11-20T10:00:15.000Z');
    expect(statusOf(s, ids[0]!)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(statusOf(s, ids[0]!).lastError).toMatch(/^sync\.errors\.timeout/);
  });

  it('retries after the connection is dropped before an answer', async () => {
    const { store: s, ids } = await outboxOfThree();
    answers.push({ kind: 'destroy' });
    const result = await sendPending(s, now(), options);
    expect(result.waitingUntil).toBe('2026-11-20T10:00:15.000Z');
    expect(received[0]!.body).toBe(submissionPayload(s, ids[0]!));
    expect(statusOf(s, ids[0]!)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(statusOf(s, ids[0]!).lastError).toMatch(/^sync\.errors\.network/);
  });

  it('stops without sending anything to an endpoint that is not HTTPS', async () => {
    const { store: s } = await outboxOfThree('http://collector.example/');
    const result = await sendPending(s, now(), options);
    expect(result.stopped).toMatchObject({ messageKey: 'sync.errors.invalidEndpoint' });
    expect(received).toHaveLength(0);
    expect(() => parseEndpoint('ftp://collector.example/')).toThrow(/https/);
    expect(() => parseEndpoint('https://user:pw@collector.example/')).toThrow(/password/);
    expect(parseEndpoint('http://[::1]:8080/base').toString()).toBe('http://[::1]:8080/base/');
    expect(parseEndpoint('http://localhost:8080').toString()).toBe('http://localhost:8080/');
  });

  it('keeps its place across a restart', async () => {
    const { store: s, file, ids } = await outboxOfThree();
    fallback = { kind: 'error', status: 502 };
    await sendPending(s, now(), options);
    s.close();
    const { store: reopened } = await openStore(file);
    cleanups.push(() => reopened.close());
    expect(statusOf(reopened, ids[0]!)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-11-20T10:00:15.000Z' });
    fallback = { kind: 'receipt' };
    const later = manualClock('2026-11-20T10:01:00.000Z');
    expect((await sendPending(reopened, later, options)).sent).toBe(3);
    expect(submissionLog(reopened).every((e) => e.status === 'sent')).toBe(true);
  });
});

describe('enrol and syncOnce', () => {
  async function emptyDatabase(): Promise<string> {
    const fresh = await freshStore();
    fresh.store.close();
    cleanups.push(() => fs.rmSync(fresh.dir, { recursive: true, force: true }));
    return fresh.file;
  }

  it('enrols with a code, keeps the token in a 0600 file, and syncs until the outbox is empty', async () => {
    const { store: s, file } = await outboxOfThree('https://placeholder.example/');
    s.close();
    answers.push({ kind: 'enrolment' });
    expect(await enrol(file, base, ' K7QD-4M2X-9TBN-E5WR-H3JC ', globalThis.fetch)).toEqual({ enrolmentId: 'dev_k3m9q2x7w4p8r6t1' });
    expect(received[0]).toMatchObject({ url: '/v1/enrolments', body: '{"code":"K7QD-4M2X-9TBN-E5WR-H3JC"}' });
    expect(received[0]!.headers.authorization).toBeUndefined();
    if (process.platform !== 'win32') expect(fs.statSync(tokenFileFor(file)).mode & 0o777).toBe(0o600);
    expect(fileTokenStore(file).get()).toBe(TOKEN);
    // What was queued under the old enrolment will never be sent with the new token.
    const { store: reopened } = await openStore(file);
    expect(submissionLog(reopened).map((e) => e.status)).toEqual(['superseded', 'superseded', 'superseded']);
    reopened.close();

    const result = await syncOnce(file, globalThis.fetch, { clock: now(), random: half });
    // The new enrolment id changes every payload: each period goes again, under the new id.
    expect(result).toMatchObject({ sent: 3, pending: 0, rejected: 0, stopped: false, state: 'idle' });
    expect(received.slice(1).map((r) => (JSON.parse(r.body) as { enrolmentId: string; revision: number }))).toEqual([
      expect.objectContaining({ enrolmentId: 'dev_k3m9q2x7w4p8r6t1', revision: 2 }),
      expect.objectContaining({ enrolmentId: 'dev_k3m9q2x7w4p8r6t1', revision: 2 }),
      expect.objectContaining({ enrolmentId: 'dev_k3m9q2x7w4p8r6t1', revision: 2 }),
    ]);
    expect(received.slice(1).every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('refuses an enrolment answer that is not one, and a refused code, changing nothing', async () => {
    const file = await emptyDatabase();
    answers.push({ kind: 'enrolment', status: 200, body: { hello: 'wifi' } });
    await expect(enrol(file, base, 'K7QD-4M2X', globalThis.fetch)).rejects.toMatchObject({ messageKey: 'sync.errors.notAnEnrolment' });
    answers.push({ kind: 'error', status: 403, error: 'enrolment_code_used' });
    await expect(enrol(file, base, 'K7QD-4M2X', globalThis.fetch)).rejects.toMatchObject({ messageKey: 'sync.errors.enrolmentRefused' });
    await expect(enrol(file, 'http://collector.example/', 'K7QD', globalThis.fetch)).rejects.toMatchObject({ messageKey: 'sync.errors.invalidEndpoint' });
    expect(fs.existsSync(tokenFileFor(file))).toBe(false);
    const result = await syncOnce(file, globalThis.fetch, { clock: now() });
    expect(result).toMatchObject({ sent: 0, pending: 0, stopped: true, state: 'not_enrolled', problem: { messageKey: 'sync.errors.notEnrolled' } });
  });

  it('waits out a short Retry-After and carries on in the same run; longer ones are left to the next run', async () => {
    const { store: s, file } = await outboxOfThree();
    s.close();
    fileTokenStore(file).set(TOKEN);
    const clock = now();
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      clock.advance(ms);
    };
    answers.push({ kind: 'error', status: 429, error: 'rate_limited', headers: { 'retry-after': '2' } });
    const result = await syncOnce(file, globalThis.fetch, { clock, random: half, sleep });
    expect(result).toMatchObject({ sent: 3, pending: 0, stopped: false, problem: null });
    expect(waits).toEqual([2_000]);
    expect(received).toHaveLength(4);
  });

  it('does not wait beyond its budget, and stops waiting when aborted', async () => {
    const { store: s, file } = await outboxOfThree();
    s.close();
    fileTokenStore(file).set(TOKEN);
    answers.push({ kind: 'error', status: 429, error: 'rate_limited', headers: { 'retry-after': '61' } });
    const waits: number[] = [];
    const over = await syncOnce(file, globalThis.fetch, { clock: now(), sleep: async (ms) => void waits.push(ms) });
    expect(over).toMatchObject({ sent: 0, pending: 3, waitingUntil: '2026-11-20T10:01:01.000Z', problem: { messageKey: 'sync.errors.rateLimited' } });
    expect(waits).toEqual([]);

    // The real wait (a timer), cut short: quitting the app must not sit out a Retry-After.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const aborted = await syncOnce(file, globalThis.fetch, { clock: now(), signal: controller.signal, maxRetryAfterWaitMs: 120_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(aborted).toMatchObject({ sent: 0, pending: 3 });
    expect(received).toHaveLength(1);
  });

  it('refuses a token file others can read', async () => {
    if (process.platform === 'win32') return;
    const { store: s, file } = await outboxOfThree();
    s.close();
    fileTokenStore(file).set(TOKEN);
    fs.chmodSync(tokenFileFor(file), 0o644);
    expect(() => fileTokenStore(file).get()).toThrow(TokenFileError);
    expect(() => fileTokenStore(file).get()).toThrow(/chmod 600/);
    const result = await syncOnce(file, globalThis.fetch, { clock: now() });
    expect(result).toMatchObject({ sent: 0, pending: 3, stopped: true, problem: { messageKey: 'sync.errors.tokenFilePermissions' } });
    expect(received).toHaveLength(0);
    fs.chmodSync(tokenFileFor(file), 0o600);
    expect(await syncOnce(file, globalThis.fetch, { clock: now() })).toMatchObject({ sent: 3, pending: 0, stopped: false });
    fileTokenStore(file).clear();
    expect(fileTokenStore(file).get()).toBeNull();
    expect(path.basename(tokenFileFor(file))).toBe('outreach.db.sync-token');
  });
});
