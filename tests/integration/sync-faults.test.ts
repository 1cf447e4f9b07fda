// Issue 4: the sync client against the REAL collector (each backend), over real HTTP on
// 127.0.0.1, through a small proxy written here that makes the network misbehave: the
// collector down then up, 500s, an answer that never comes, the connection dropped after the
// collector stored the submission, a request delivered twice, a late copy of an old request,
// and `sync --once` killed with SIGKILL while it waits for its answer. After every one, each
// period is stored exactly once at the collector, at the device's latest revision, and every
// submission in the device's outbox is done, holding the collector's own receipt for it.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../main/db/connection.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { recordConversation, setConversationDeleted } from '../../main/records/conversations.ts';
import { closeSession, openSession } from '../../main/records/events.ts';
import { createSite } from '../../main/records/sites.ts';
import { recordVisit } from '../../main/records/visits.ts';
import { syncStatus } from '../../main/sync/client.ts';
import { syncOpenStore, type SyncOnceOptions, type SyncOnceResult } from '../../main/sync/actions.ts';
import { saveEnrolment, updateSyncSettings } from '../../main/sync/config.ts';
import { submissionLog, submissionPayload, type OutboxEntry } from '../../main/sync/outbox.ts';
import { submissionSchema, type Submission } from '../../main/sync/protocol.ts';
import { fileTokenStore, type TokenStore } from '../../main/sync/token-file.ts';
import { createReadToken } from '../../server/admin.ts';
import type { CollectorOptions } from '../../server/collector.ts';
import { backends, enrolDevice, getJson, startCollector, type RunningCollector } from '../../server/testing/fixtures.ts';
import { totalsResponseSchema } from '../../server/wire.ts';
import { stopOnCleanup } from '../support/cleanup.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

const cli = path.resolve(import.meta.dirname, '../../main/cli.ts');
const execFileAsync = promisify(execFile);

// --- the proxy ----------------------------------------------------------------------------

/** What the proxy does with one submission (other requests are always forwarded). */
type Fault =
  | 'forward'
  /** Answers 500 itself; the collector never sees it. */
  | 'fail500'
  /** Keeps the request and never answers; `deliverHeld` can hand it to the collector later. */
  | 'hang'
  /** Forwards it, and once the collector has answered (stored it), cuts the client's connection. */
  | 'dropAfterStore'
  /** Forwards it twice at once; the client gets the second copy's answer. */
  | 'twice'
  /** Forwards it and keeps the collector's answer from the client for as long as the test likes. */
  | 'holdAnswer';

interface Seen {
  fault: Fault;
  body: string;
  /** What the collector answered, for each copy it was given. */
  collectorStatuses: number[];
}

interface Forwarded {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

interface FaultProxy {
  url: string;
  /** The faults for the next submissions, one each; after them, forward. */
  plan(...faults: Fault[]): void;
  seen: Seen[];
  /** The collector is down: nothing listens on the port, so connections are refused. */
  refuse(): Promise<void>;
  /** The collector is back, on the same port. */
  accept(): Promise<void>;
  /** A late packet: gives the collector the requests 'hang' kept; their answers go nowhere. */
  deliverHeld(): Promise<number[]>;
  close(): Promise<void>;
}

async function startProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const faults: Fault[] = [];
  const seen: Seen[] = [];
  const held: { path: string; headers: http.OutgoingHttpHeaders; body: Buffer; record: Seen }[] = [];

  const forward = (pathname: string, headers: http.OutgoingHttpHeaders, body: Buffer): Promise<Forwarded> =>
    new Promise((resolve, reject) => {
      // agent: false and Connection: close: no pooled socket outlives the test.
      const request = http.request(
        { host: upstream.hostname, port: upstream.port, method: 'POST', path: pathname, headers: { ...headers, connection: 'close' }, agent: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  const answer = (res: http.ServerResponse, forwarded: Forwarded) => {
    const headers: http.OutgoingHttpHeaders = { 'content-type': forwarded.headers['content-type'] ?? 'application/json' };
    if (forwarded.headers['retry-after']) headers['retry-after'] = forwarded.headers['retry-after'];
    res.writeHead(forwarded.status, headers);
    res.end(forwarded.body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const pathname = req.url ?? '/';
      const headers: http.OutgoingHttpHeaders = {};
      for (const name of ['authorization', 'content-type', 'accept']) if (req.headers[name]) headers[name] = req.headers[name];
      headers['content-length'] = body.length;
      const fault: Fault = pathname === '/v1/submissions' ? (faults.shift() ?? 'forward') : 'forward';
      const record: Seen = { fault, body: body.toString('utf8'), collectorStatuses: [] };
      if (pathname === '/v1/submissions') seen.push(record);
      const once = async (): Promise<Forwarded> => {
        const forwarded = await forward(pathname, headers, body);
        record.collectorStatuses.push(forwarded.status);
        return forwarded;
      };
      const run = async () => {
        switch (fault) {
          case 'forward':
            return answer(res, await once());
          case 'fail500':
            res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
            res.end(JSON.stringify({ error: 'internal_error', reason: 'the proxy failed on purpose' }));
            return;
          case 'hang':
            held.push({ path: pathname, headers, body, record });
            return;
          case 'dropAfterStore':
            await once();
            req.socket.destroy();
            return;
          case 'twice': {
            const answers = await Promise.all([once(), once()]);
            return answer(res, answers[1]!);
          }
          case 'holdAnswer':
            await once();
            return; // the answer is never passed on; the connection dies with the client or at close
        }
      };
      run().catch(() => req.socket.destroy());
    });
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      // Pooled keep-alive sockets would otherwise still reach a "down" collector.
      server.closeAllConnections();
    });

  await listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    plan: (...next) => void faults.push(...next),
    seen,
    refuse: stopListening,
    accept: () => listen(port),
    async deliverHeld() {
      const statuses: number[] = [];
      for (const request of held.splice(0)) {
        const { status } = await forward(request.path, request.headers, request.body);
        request.record.collectorStatuses.push(status);
        statuses.push(status);
      }
      return statuses;
    },
    close: stopListening,
  };
}

// --- a device -----------------------------------------------------------------------------

const CLOSED_MONTHS = ['2026-08', '2026-09', '2026-10'];
// Long enough for a busy 2-core machine to answer on 127.0.0.1, short enough to wait out.
const TIMEOUT_MS = 1_000;
const half = () => 0.5;

interface Device {
  store: Store;
  file: string;
  clock: ReturnType<typeof manualClock>;
  tokens: TokenStore;
  enrolmentId: string;
  token: string;
}

/** A pop-up shop session: `conversations` conversations and a family's visit. */
function session(store: Store, start: string, conversations: number, authorityCode = 'E09000023') {
  const clock = manualClock(start);
  store.transaction(() => {
    const site = createSite(store, clock, { name: 'Catford Library', authorityCode, settingType: 'library' });
    const event = openSession(store, clock, { siteId: site.id, kind: 'popup_shop' });
    recordVisit(store, clock, { eventId: event.id, adults: 2, children: 1 });
    for (let i = 0; i < conversations; i++) {
      clock.advance(60_000);
      recordConversation(store, clock, {
        eventId: event.id,
        depth: i % 3 === 0 ? 'meaningful_discussion' : 'brief_contact',
        topics: i % 2 === 0 ? ['screening_bowel'] : ['screening_bowel', 'smoking'],
        outcomes: ['leaflet_given'],
        ageBand: 'age_60_74',
        sex: i % 2 === 0 ? 'female' : 'male',
        ethnicity: 'white_british',
        language: 'en',
        safeguarding: false,
        notes: '',
      });
    }
    clock.advance(3_600_000);
    closeSession(store, clock, event.id);
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A device database with three closed months of records, enrolled with the collector and pointed at `endpoint`. */
async function deviceFor(collector: RunningCollector, endpoint: string): Promise<Device> {
  const fresh = await freshStore();
  const device: Device = { ...fresh, clock: manualClock('2026-11-20T10:00:00.000Z'), tokens: fileTokenStore(fresh.file), enrolmentId: '', token: '' };
  cleanups.push(() => {
    device.store.close();
    fs.rmSync(fresh.dir, { recursive: true, force: true });
  });
  CLOSED_MONTHS.forEach((month, i) => session(fresh.store, `${month}-1${i}T10:00:00.000Z`, 9 + 2 * i));
  const { enrolmentId, token } = await enrolDevice(collector);
  Object.assign(device, { enrolmentId, token });
  device.tokens.set(token); // the 0600 file the CLI reads too
  saveEnrolment(fresh.store, { endpoint, enrolmentId });
  return device; // the same object the cleanup closes, so a reopened store is closed too
}

/** One pass, as the app's timer or `sync --once` makes it. */
function syncPass(device: Device, options: Partial<SyncOnceOptions> = {}): Promise<SyncOnceResult> {
  return syncOpenStore(device.store, fetch, { clock: device.clock, tokenStore: device.tokens, random: half, timeoutMs: TIMEOUT_MS, ...options });
}

/** Passes until nothing is pending, the device's clock moved to each retry time in between. */
async function syncUntilDrained(device: Device, maxPasses = 8): Promise<SyncOnceResult[]> {
  const results: SyncOnceResult[] = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    const result = await syncPass(device);
    results.push(result);
    if (result.pending === 0) return results;
    if (result.waitingUntil) device.clock.set(result.waitingUntil);
  }
  throw new Error(`still pending after ${maxPasses} passes: ${JSON.stringify(results.at(-1))}`);
}

const entryOf = (device: Device, period: string, revision = 1): OutboxEntry =>
  submissionLog(device.store).find((e) => e.period === period && e.revision === revision)!;

// --- what the collector holds ---------------------------------------------------------------

interface CollectorRow {
  submission_id: string;
  receipt_id: string;
  period: string;
  revision: number;
  status: 'stored' | 'stale';
}

/** Every row of the collector's submissions table, read from its database directly. */
async function collectorRows(collector: RunningCollector): Promise<CollectorRow[]> {
  const sql = 'SELECT submission_id, receipt_id, period, revision, status FROM submissions ORDER BY period, revision';
  const location = collector.database.location;
  if ('sqliteFile' in location) {
    const db = openSqlite(location.sqliteFile, { readonly: true });
    try {
      return db.prepare(sql).all() as CollectorRow[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location.postgresUrl });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${location.schema}"`);
    return (await client.query<CollectorRow>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * The promise. At the collector: no revision of a period twice, nothing the device did
 * not send, and per period exactly one held revision, the device's latest, byte for byte, in
 * the totals a coordinator reads. On the device: every submission sent (or superseded before it
 * was sent, if `superseded` lists it), each with the collector's own receipt for it.
 */
async function expectEachPeriodOnce(collector: RunningCollector, device: Device, options: { superseded?: string[] } = {}): Promise<void> {
  const log = submissionLog(device.store);
  const rows = await collectorRows(collector);
  expect(new Set(rows.map((r) => `${r.period} r${r.revision}`)).size, 'a revision stored twice').toBe(rows.length);
  for (const row of rows) expect(log.map((e) => e.submissionId)).toContain(row.submission_id);

  for (const entry of log) {
    if (options.superseded?.includes(entry.submissionId)) {
      expect(entry.status).toBe('superseded');
      continue;
    }
    const row = rows.find((r) => r.submission_id === entry.submissionId);
    expect(entry.status, `${entry.period} r${entry.revision}`).toBe('sent');
    expect(row, `${entry.period} r${entry.revision} at the collector`).toBeDefined();
    // The device keeps the receipt the collector issued (a duplicate answer repeats the original).
    expect(entry.receipt).toMatchObject({ submissionId: entry.submissionId, receiptId: row!.receipt_id, revision: entry.revision });
    expect(row!.status === 'stale' ? ['stale'] : ['stored', 'duplicate']).toContain(entry.receipt!.status);
  }

  const reader = await createReadToken(collector.store, collector.clock);
  for (const period of [...new Set(log.map((e) => e.period))]) {
    // Readers are rate-limited like devices; a test's small limit must not refuse this check.
    collector.clock.advance(3_600_000);
    const latest = log.filter((e) => e.period === period).sort((a, b) => b.revision - a.revision)[0]!;
    expect(latest.status).toBe('sent');
    const sent: Submission = submissionSchema.parse(JSON.parse(submissionPayload(device.store, latest.submissionId)!));
    expect(await collector.store.latestSubmissions(period)).toEqual([sent]);
    const response = await getJson(collector.url, `/v1/totals?period=${period}`, reader);
    expect(response.status).toBe(200);
    const totals = totalsResponseSchema.parse(await response.json());
    expect(totals.boroughs.map((b) => [b.authorityCode, b.devices, b.conversations])).toEqual(
      sent.boroughs.map((b) => [
        b.authorityCode,
        1,
        b.conversations === 'suppressed' ? { sum: 0, suppressedCells: 1 } : { sum: b.conversations, suppressedCells: 0 },
      ]),
    );
  }
}

// --- the faults, on each backend --------------------------------------------------------------

describe.each(backends)('sync faults against the collector on $name', (backend) => {
  if (backend.skipReason) {
    it.skip(backend.skipReason, () => {});
    return;
  }

  /** A collector, a proxy in front of it, and a device that sends through the proxy. */
  const setUp = async (options: Omit<CollectorOptions, 'store' | 'clock'> = {}) => {
    const collector = await startCollector(backend, options);
    cleanups.push(() => collector.stop());
    const proxy = await startProxy(collector.url);
    cleanups.push(() => proxy.close());
    const device = await deviceFor(collector, proxy.url);
    return { collector, proxy, device };
  };

  it('collector down, then up: nothing is lost, each month is stored once, and the error clears', async () => {
    const { collector, proxy, device } = await setUp();
    await proxy.refuse();
    for (let pass = 0; pass < 2; pass++) {
      const down = await syncPass(device);
      expect(down).toMatchObject({ sent: 0, pending: 3, problem: { messageKey: 'sync.errors.network' } });
      expect(down.problem!.detail).toMatch(/ECONNREFUSED/);
      device.clock.set(down.waitingUntil!);
    }
    expect(syncStatus(device.store).lastError).toMatchObject({ messageKey: 'sync.errors.network' });
    expect(await collectorRows(collector)).toEqual([]);

    await proxy.accept();
    const up = await syncPass(device);
    // The error was about the outage: once sends go through it is no longer shown or printed.
    expect(up).toMatchObject({ sent: 3, pending: 0, stopped: false, problem: null });
    expect(syncStatus(device.store)).toMatchObject({ state: 'idle', lastError: null });
    expect(entryOf(device, '2026-08')).toMatchObject({ attempts: 3, lastError: null });
    await expectEachPeriodOnce(collector, device);
  });

  it('500s for the first three requests: backs off, then sends each month once', async () => {
    const { collector, proxy, device } = await setUp();
    proxy.plan('fail500', 'fail500', 'fail500');
    const results = await syncUntilDrained(device);
    expect(results.map((r) => r.sent)).toEqual([0, 0, 0, 3]);
    expect(results[0]!.problem).toMatchObject({ messageKey: 'sync.errors.serverError' });
    // Full-jitter backoff (random 0.5): 15 s, then 30 s, then 60 s.
    expect(results.slice(0, 3).map((r) => r.waitingUntil)).toEqual([
      '2026-11-20T10:00:15.000Z',
      '2026-11-20T10:00:45.000Z',
      '2026-11-20T10:01:45.000Z',
    ]);
    expect(entryOf(device, '2026-08').attempts).toBe(4);
    expect(proxy.seen.map((s) => s.collectorStatuses)).toEqual([[], [], [], [201], [201], [201]]);
    await expectEachPeriodOnce(collector, device);
  });

  it('an answer that never comes: times out, and a late copy reaching the collector is not counted twice', async () => {
    const { collector, proxy, device } = await setUp();
    proxy.plan('hang');
    const started = Date.now();
    const first = await syncPass(device);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_000);
    expect(first).toMatchObject({ sent: 0, pending: 3, problem: { messageKey: 'sync.errors.timeout' } });
    // The request the device gave up on arrives after all: the collector stores it...
    expect(await proxy.deliverHeld()).toEqual([201]);
    device.clock.set(first.waitingUntil!);
    // ...and the device's retry of the same submission is a duplicate, with that receipt.
    expect(await syncPass(device)).toMatchObject({ sent: 3, pending: 0, problem: null });
    expect(entryOf(device, '2026-08').receipt).toMatchObject({ status: 'duplicate' });
    await expectEachPeriodOnce(collector, device);
  });

  it('the connection dropped after the collector stored it: the retry is a duplicate, stored once', async () => {
    const { collector, proxy, device } = await setUp();
    // August: stored, answer lost; its retry; September; October: stored, answer lost; its retry.
    proxy.plan('dropAfterStore', 'forward', 'forward', 'dropAfterStore');
    const results = await syncUntilDrained(device);
    expect(results.map((r) => [r.sent, r.pending])).toEqual([
      [0, 3],
      [2, 1],
      [1, 0],
    ]);
    expect(results[0]!.problem).toMatchObject({ messageKey: 'sync.errors.network' });
    expect(proxy.seen.map((s) => [JSON.parse(s.body).period, s.collectorStatuses])).toEqual([
      ['2026-08', [201]],
      ['2026-08', [200]],
      ['2026-09', [201]],
      ['2026-10', [201]],
      ['2026-10', [200]],
    ]);
    expect(entryOf(device, '2026-10')).toMatchObject({ attempts: 2, receipt: { status: 'duplicate' } });
    await expectEachPeriodOnce(collector, device);
  });

  it('every request delivered twice at once: each month is stored once', async () => {
    const { collector, proxy, device } = await setUp();
    proxy.plan('twice', 'twice', 'twice');
    expect(await syncPass(device)).toMatchObject({ sent: 3, pending: 0, problem: null });
    // One copy stored, the other answered as a duplicate, whichever the collector decided first.
    expect(proxy.seen.map((s) => [...s.collectorStatuses].sort())).toEqual([
      [200, 201],
      [200, 201],
      [200, 201],
    ]);
    await expectEachPeriodOnce(collector, device);
  });

  it('a late change: revision 2 replaces revision 1, even when its answer is lost and revision 1 is resent', async () => {
    const { collector, proxy, device } = await setUp();
    expect(await syncPass(device)).toMatchObject({ sent: 3 });
    const revision1 = entryOf(device, '2026-10');

    session(device.store, '2026-10-22T10:00:00.000Z', 8, 'E09000030'); // entered late, in Tower Hamlets
    proxy.plan('dropAfterStore');
    const lost = await syncPass(device);
    expect(lost).toMatchObject({ sent: 0, pending: 1 });
    expect(entryOf(device, '2026-10', 2)).toMatchObject({ status: 'pending' });
    expect((await collector.store.latestSubmissions('2026-10')).map((s) => s.revision)).toEqual([2]);

    // A copy of revision 1 turning up now (a retry from another run, a slow network) changes nothing.
    const again = await fetch(`${collector.url}/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
      body: submissionPayload(device.store, revision1.submissionId)!,
    });
    expect(again.status).toBe(200);
    expect((await collector.store.latestSubmissions('2026-10')).map((s) => s.revision)).toEqual([2]);

    device.clock.set(lost.waitingUntil!);
    expect(await syncPass(device)).toMatchObject({ sent: 1, pending: 0, problem: null });
    expect(entryOf(device, '2026-10', 2).receipt).toMatchObject({ status: 'duplicate' });
    await expectEachPeriodOnce(collector, device);
    const held = await collector.store.latestSubmissions('2026-10');
    expect(held[0]!.boroughs.map((b) => b.authorityCode)).toEqual(['E09000023', 'E09000030']);
    // Eight conversations are enough to send; the session's 3 visitors are not, so Tower
    // Hamlets' activity waits, and Lewisham is exactly as revision 1 had it.
    const before = submissionSchema.parse(JSON.parse(submissionPayload(device.store, revision1.submissionId)!));
    expect(held[0]!.boroughs[0]).toEqual(before.boroughs[0]);
    expect(held[0]!.boroughs[1]).toMatchObject({ authorityCode: 'E09000030', activity: [], conversations: 10 });
    expect(syncStatus(device.store).held).toEqual([
      { period: '2026-10', changes: [{ authorityCode: 'E09000030', part: 'visitors', changed: 3, needed: 8 }] },
    ]);
  });

  it('revision 1 lost in flight may have arrived, so revision 2 does not supersede it: both go, in order', async () => {
    const { collector, proxy, device } = await setUp();
    proxy.plan('forward', 'forward', 'hang');
    const first = await syncPass(device);
    expect(first).toMatchObject({ sent: 2, pending: 1, problem: { messageKey: 'sync.errors.timeout' } });

    session(device.store, '2026-10-22T10:00:00.000Z', 8, 'E09000030');
    device.clock.set(first.waitingUntil!);
    // Revision 2 was measured against revision 1 (the collector may hold it): 1 goes first, then 2.
    expect(await syncPass(device)).toMatchObject({ sent: 2, pending: 0, problem: null });
    expect(proxy.seen.slice(3).map((s) => [JSON.parse(s.body).revision, s.collectorStatuses])).toEqual([
      [1, [201]],
      [2, [201]],
    ]);
    // The request that hung reaches the collector at last: the same submission, a duplicate.
    expect(await proxy.deliverHeld()).toEqual([200]);
    await expectEachPeriodOnce(collector, device);
    expect((await collectorRows(collector)).filter((r) => r.period === '2026-10').map((r) => [r.revision, r.status])).toEqual([
      [1, 'stored'],
      [2, 'stored'],
    ]);
    expect((await collector.store.latestSubmissions('2026-10')).map((s) => s.revision)).toEqual([2]);
  });

  it('revision 2 stored before a retry of revision 1: the late revision 1 is stale and changes nothing', async () => {
    const { collector, proxy, device } = await setUp();
    proxy.plan('forward', 'forward', 'hang');
    const first = await syncPass(device);
    expect(first).toMatchObject({ sent: 2, pending: 1, problem: { messageKey: 'sync.errors.timeout' } });
    const revision1 = entryOf(device, '2026-10');

    session(device.store, '2026-10-22T10:00:00.000Z', 8, 'E09000030');
    // Revision 2 is due at once; revision 1 waits for its retry time.
    expect(await syncPass(device)).toMatchObject({ sent: 1, pending: 1 });
    expect(entryOf(device, '2026-10', 2).receipt).toMatchObject({ status: 'stored' });
    expect(entryOf(device, '2026-10', 1)).toMatchObject({ status: 'pending', attempts: 1 });

    // The old request reaches the collector after its replacement: acknowledged, ignored.
    expect(await proxy.deliverHeld()).toEqual([409]);
    device.clock.set(first.waitingUntil!);
    expect(await syncPass(device)).toMatchObject({ sent: 1, pending: 0, problem: null });
    expect(entryOf(device, '2026-10', 1)).toMatchObject({ submissionId: revision1.submissionId, status: 'sent', receipt: { status: 'stale' } });
    await expectEachPeriodOnce(collector, device);
    expect((await collectorRows(collector)).filter((r) => r.period === '2026-10').map((r) => [r.revision, r.status])).toEqual([
      [1, 'stale'],
      [2, 'stored'],
    ]);
  });

  it('a late change too small to send is held on the device; the collector keeps revision 1', async () => {
    const { collector, device } = await setUp();
    expect(await syncPass(device)).toMatchObject({ sent: 3 });
    const revision1 = entryOf(device, '2026-10');
    const one = device.store.sqlite.prepare(`SELECT id FROM conversation WHERE local_day LIKE '2026-10-%' LIMIT 1`).pluck().get() as number;
    setConversationDeleted(device.store, device.clock, one, true);
    expect(await syncPass(device)).toMatchObject({ sent: 0, pending: 0, problem: null });
    expect(syncStatus(device.store).held).toEqual([
      { period: '2026-10', changes: [{ authorityCode: 'E09000023', part: 'conversations', changed: 1, needed: 8 }] },
    ]);
    expect((await collector.store.latestSubmissions('2026-10')).map((s) => s.submissionId)).toEqual([revision1.submissionId]);
    await expectEachPeriodOnce(collector, device);
  });

  it('a refusal to publish a period at a second grain (409) sets that submission aside; the others go on', async () => {
    const { collector, proxy, device } = await setUp();
    expect(await syncPass(device)).toMatchObject({ sent: 3, pending: 0 });
    // The same enrolment on a second database (a restored copy) cutting ISO weeks: week 42
    // shares days with October, which the collector already holds as a month; week 46 does not.
    const fresh = await freshStore();
    const copy: Device = { ...fresh, clock: manualClock('2026-11-20T10:00:00.000Z'), tokens: fileTokenStore(fresh.file), enrolmentId: device.enrolmentId, token: device.token };
    cleanups.push(() => {
      copy.store.close();
      fs.rmSync(fresh.dir, { recursive: true, force: true });
    });
    session(copy.store, '2026-10-13T10:00:00.000Z', 9);
    session(copy.store, '2026-11-10T10:00:00.000Z', 9);
    copy.tokens.set(device.token);
    saveEnrolment(copy.store, { endpoint: proxy.url, enrolmentId: device.enrolmentId });
    updateSyncSettings(copy.store, { periodKind: 'week' });
    expect(await syncPass(copy)).toMatchObject({ sent: 1, rejected: 1, pending: 0, stopped: false });
    expect(submissionLog(copy.store).map((e) => [e.period, e.status]).sort()).toEqual([
      ['2026-W42', 'rejected'],
      ['2026-W46', 'sent'],
    ]);
    expect(submissionLog(copy.store).find((e) => e.period === '2026-W42')!.lastError).toMatch(/409 .*period_grain_conflict/);
    expect(syncStatus(copy.store).lastError).toMatchObject({ messageKey: 'sync.errors.rejected' });
    // The collector still holds October as the month the first database sent, and nothing of week 42.
    expect((await collector.store.latestSubmissions('2026-10')).map((s) => s.period)).toEqual(['2026-10']);
    expect(await collector.store.latestSubmissions('2026-W42')).toEqual([]);
  });

  it('sync --once killed (SIGKILL) while it waits for an answer, twice, then run again', { timeout: 40_000 }, async () => {
    const { collector, proxy, device } = await setUp();
    device.store.close(); // the CLI owns the file now
    const reopen = async () => {
      device.store = (await openStore(device.file)).store;
    };

    const env = { ...process.env };
    delete env.OUTREACH_DB_KEY; // an unencrypted test file
    /** Runs the CLI until `killWhen` says so, then SIGKILLs it. */
    const runUntilKilled = (killWhen: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const child = stopOnCleanup(spawn(process.execPath, [cli, 'sync', '--db', device.file, '--once'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const poll = setInterval(() => {
          if (killWhen()) child.kill('SIGKILL');
        }, 10);
        const cap = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('exit', (code, signal) => {
          clearInterval(poll);
          clearTimeout(cap);
          if (signal === 'SIGKILL' && killWhen()) resolve();
          else reject(new Error(`the CLI ended with ${code ?? signal} before the kill: ${stderr}`));
        });
      });

    // 1. August goes through; September reaches the collector, which stores it, but the answer
    //    is held back, and the process dies waiting for it.
    proxy.plan('forward', 'holdAnswer');
    await runUntilKilled(() => proxy.seen[1]?.collectorStatuses[0] === 201);
    await reopen();
    expect(submissionLog(device.store).map((e) => [e.period, e.status, e.attempts, e.receipt?.status ?? null]).sort()).toEqual([
      ['2026-08', 'sent', 1, 'stored'],
      ['2026-09', 'pending', 0, null], // stored at the collector, but the device never heard
      ['2026-10', 'pending', 0, null],
    ]);
    device.store.close();

    // 2. Restarted: September again (a duplicate), then October hangs on its way and the
    //    process dies again. The dead process's request then reaches the collector late.
    proxy.plan('forward', 'hang');
    await runUntilKilled(() => proxy.seen.length === 4);
    expect(await proxy.deliverHeld()).toEqual([201]);

    // 3. Restarted once more, on a quiet network: it finishes, and exits 0.
    const { stdout } = await execFileAsync(process.execPath, [cli, 'sync', '--db', device.file, '--once'], { env, timeout: 20_000 });
    expect(JSON.parse(stdout)).toMatchObject({ sent: 1, pending: 0, stopped: false, problem: null });
    expect(proxy.seen.map((s) => [JSON.parse(s.body).period, s.collectorStatuses])).toEqual([
      ['2026-08', [201]],
      ['2026-09', [201]],
      ['2026-09', [200]],
      ['2026-10', [201]],
      ['2026-10', [200]],
    ]);
    await reopen();
    await expectEachPeriodOnce(collector, device);
  });

  it('a burst limit: one run waits as a short Retry-After asks and carries on, within its budget', async () => {
    // One submission at once, then one a second: the collector answers 429 with Retry-After: 1.
    const { collector, device } = await setUp({ rateLimit: { burst: 1, perMinute: 60 } });
    const waits: number[] = [];
    // Waiting moves both clocks (the collector's bucket refills on its own clock), not the test's time.
    const sleep = async (ms: number) => {
      waits.push(ms);
      collector.clock.advance(ms);
      device.clock.advance(ms);
    };
    expect(await syncPass(device, { sleep })).toMatchObject({ sent: 3, pending: 0, stopped: false, problem: null });
    expect(waits).toEqual([1_000, 1_000]);
    await expectEachPeriodOnce(collector, device);
  });

  it('a Retry-After longer than the budget is left to the next run, not waited out', async () => {
    // One submission at once, then one every two minutes: Retry-After: 120.
    const { collector, device } = await setUp({ rateLimit: { burst: 1, perMinute: 0.5 } });
    const waits: number[] = [];
    const first = await syncPass(device, { sleep: async (ms) => void waits.push(ms) });
    expect(first).toMatchObject({ sent: 1, pending: 2, problem: { messageKey: 'sync.errors.rateLimited' } });
    expect(first.waitingUntil).toBe('2026-11-20T10:02:00.000Z');
    expect(waits).toEqual([]);

    // With a budget that covers it, the same run would have waited and finished.
    const sleep = async (ms: number) => {
      waits.push(ms);
      collector.clock.advance(ms);
      device.clock.advance(ms);
    };
    expect(await syncPass(device, { sleep, maxRetryAfterWaitMs: 300_000 })).toMatchObject({ sent: 2, pending: 0, problem: null });
    expect(waits).toEqual([120_000, 120_000]);
    await expectEachPeriodOnce(collector, device);
  });
});
