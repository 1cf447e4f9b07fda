// POST /v1/submissions: every status code, idempotency, revisions, limits and concurrency.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { errorBodySchema, receiptSchema, type Receipt, type Submission } from '../../main/sync/protocol.ts';
import { createReadToken } from '../../server/admin.ts';
import type { CollectorOptions } from '../../server/collector.ts';
import { newBearerToken } from '../../server/secrets.ts';
import {
  backends,
  boroughFigures,
  enrolDevice,
  getJson,
  postJson,
  sampleSubmission,
  startCollector,
  type RunningCollector,
} from '../../server/testing/fixtures.ts';
import { totalsResponseSchema, type TotalsResponse } from '../../server/wire.ts';

describe.each(backends)('collector submissions on $name', (backend) => {
  if (backend.skipReason) {
    it.skip(backend.skipReason, () => {});
    return;
  }

  const running: RunningCollector[] = [];
  const start = async (options: Omit<CollectorOptions, 'store' | 'clock'> = {}) => {
    const collector = await startCollector(backend, options);
    running.push(collector);
    return collector;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((collector) => collector.stop()));
  });

  /** A collector with one enrolled device, and a way to submit as it. */
  const withDevice = async (options: Omit<CollectorOptions, 'store' | 'clock'> = {}) => {
    const c = await start(options);
    const device = await enrolDevice(c);
    const submit = (body: unknown) => postJson(c.url, '/v1/submissions', body, device.token);
    const totals = async (period = '2026-10'): Promise<TotalsResponse> => {
      const reader = await createReadToken(c.store, c.clock);
      const response = await getJson(c.url, `/v1/totals?period=${period}`, reader);
      expect(response.status).toBe(200);
      return totalsResponseSchema.parse(await response.json());
    };
    return { c, device, submit, totals };
  };

  const receipt = async (response: Response): Promise<Receipt> => receiptSchema.parse(await response.json());
  const refusal = async (response: Response) => errorBodySchema.parse(await response.json());

  describe('acknowledging', () => {
    it('stores a new submission: 201 with a receipt for that very submission', async () => {
      const { c, device, submit, totals } = await withDevice();
      const submission = sampleSubmission(device.enrolmentId);

      const response = await submit(submission);

      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await receipt(response)).toMatchObject({
        submissionId: submission.submissionId,
        status: 'stored',
        period: '2026-10',
        revision: 1,
        receivedAt: c.clock().toISOString(),
      });
      expect((await totals()).london?.conversations).toEqual({ sum: 45, suppressedCells: 0 });
    });

    it('stores a submission sent twice once, answering 200 duplicate with the same receipt', async () => {
      const { c, device, submit, totals } = await withDevice();
      const submission = sampleSubmission(device.enrolmentId);
      const first = await receipt(await submit(submission));
      c.clock.advance(60_000);

      const again = await submit(submission);

      expect(again.status).toBe(200);
      const second = await receipt(again);
      expect(second).toEqual({ ...first, status: 'duplicate' });
      expect((await totals()).london?.conversations.sum).toBe(45);
      expect(await c.store.latestSubmissions('2026-10')).toHaveLength(1);
    });

    it('recognises a resend whose keys come in another order', async () => {
      const { device, submit } = await withDevice();
      const submission = sampleSubmission(device.enrolmentId);
      await submit(submission);
      const reordered = Object.fromEntries(Object.entries(submission).reverse());

      expect((await submit(reordered)).status).toBe(200);
    });

    it('stores the same submission sent ten times at once exactly once', async () => {
      const { device, submit, totals } = await withDevice({
        rateLimit: { burst: 100, perMinute: 100 },
        deviceLimits: { requestsInFlight: 10 },
      });
      const submission = sampleSubmission(device.enrolmentId);

      const responses = await Promise.all(Array.from({ length: 10 }, () => submit(submission)));

      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      const receiptIds = new Set((await Promise.all(responses.map(receipt))).map((r) => r.receiptId));
      expect(receiptIds.size).toBe(1);
      expect((await totals()).london?.conversations.sum).toBe(45);
    });

    it('refuses a known submission id with different figures: 422, and keeps the first', async () => {
      const { device, submit, totals } = await withDevice();
      const submission = sampleSubmission(device.enrolmentId);
      await submit(submission);

      const changed = await submit({ ...submission, boroughs: [boroughFigures('E09000023', 2)] });

      expect(changed.status).toBe(422);
      expect((await refusal(changed)).error).toBe('submission_id_reused');
      expect((await totals()).london?.conversations.sum).toBe(45);
    });

    it('lets only one of two devices racing with the same submission id have it', async () => {
      const c = await start();
      const [a, b] = await Promise.all([enrolDevice(c), enrolDevice(c)]);
      const fromA = sampleSubmission(a!.enrolmentId);
      const fromB = { ...sampleSubmission(b!.enrolmentId), submissionId: fromA.submissionId };

      const statuses = await Promise.all([
        postJson(c.url, '/v1/submissions', fromA, a!.token).then((r) => r.status),
        postJson(c.url, '/v1/submissions', fromB, b!.token).then((r) => r.status),
      ]);

      expect(statuses.sort()).toEqual([201, 422]);
    });
  });

  describe('revisions', () => {
    it('replaces the held revision with a higher one', async () => {
      const { device, submit, totals } = await withDevice();
      await submit(sampleSubmission(device.enrolmentId, { revision: 1 }));

      const revised = await submit(
        sampleSubmission(device.enrolmentId, { revision: 2, boroughs: [boroughFigures('E09000023', 2)] }),
      );

      expect(revised.status).toBe(201);
      expect((await receipt(revised)).status).toBe('stored');
      const { london } = await totals();
      expect(london?.conversations.sum).toBe(90);
      expect(london?.devices).toBe(1);
    });

    it('acknowledges and ignores an older revision: 409 stale, the newer one still counts', async () => {
      const { device, submit, totals } = await withDevice();
      await submit(sampleSubmission(device.enrolmentId, { revision: 2, boroughs: [boroughFigures('E09000023', 2)] }));
      const older = sampleSubmission(device.enrolmentId, { revision: 1 });

      const response = await submit(older);

      expect(response.status).toBe(409);
      const stale = await receipt(response);
      expect(stale).toMatchObject({ submissionId: older.submissionId, status: 'stale', revision: 1 });
      expect((await totals()).london?.conversations.sum).toBe(90);

      const resent = await submit(older);
      expect(resent.status).toBe(409);
      expect(await receipt(resent)).toEqual(stale);
    });

    it('treats an equal revision with another submission id as stale', async () => {
      const { device, submit, totals } = await withDevice();
      await submit(sampleSubmission(device.enrolmentId, { revision: 3 }));

      const response = await submit(
        sampleSubmission(device.enrolmentId, { revision: 3, boroughs: [boroughFigures('E09000023', 2)] }),
      );

      expect(response.status).toBe(409);
      expect((await receipt(response)).status).toBe('stale');
      expect((await totals()).london?.conversations.sum).toBe(45);
    });

    it('keeps revisions of different periods apart', async () => {
      const { device, submit, totals } = await withDevice();
      await submit(sampleSubmission(device.enrolmentId, { period: '2026-10', revision: 5 }));

      const response = await submit(sampleSubmission(device.enrolmentId, { period: '2026-09', revision: 1 }));

      expect(response.status).toBe(201);
      expect((await totals('2026-09')).london?.conversations.sum).toBe(45);
    });

    it('ends on the highest revision when ten revisions of one period arrive at once', async () => {
      const { device, submit, totals } = await withDevice({
        rateLimit: { burst: 100, perMinute: 100 },
        deviceLimits: { requestsInFlight: 10 },
      });
      const revisions = Array.from({ length: 10 }, (_, i) =>
        sampleSubmission(device.enrolmentId, { revision: i + 1, boroughs: [boroughFigures('E09000023', i + 1)] }),
      );

      const statuses = await Promise.all(revisions.map(async (s) => (await submit(s)).status));

      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      expect((await totals()).london?.conversations.sum).toBe(450);
    });
  });

  describe('refusing', () => {
    it('answers 400 with the parser’s reason for malformed JSON', async () => {
      const { submit } = await withDevice();

      const response = await submit('{"schemaVersion": 2,');

      expect(response.status).toBe(400);
      const body = await refusal(response);
      expect(body.error).toBe('malformed_json');
      expect(body.reason).toMatch(/not valid JSON/);
    });

    it('answers 400 naming the field for a schema failure', async () => {
      const { device, submit } = await withDevice();
      const submission = sampleSubmission(device.enrolmentId);
      const broken = structuredClone(submission) as unknown as { boroughs: { byTopic: { cells: { count: unknown }[] } }[] };
      broken.boroughs[0]!.byTopic.cells[1]!.count = 'a few';

      const response = await submit(broken);

      expect(response.status).toBe(400);
      const body = await refusal(response);
      expect(body.error).toBe('invalid_submission');
      expect(body.reason).toContain('boroughs[0].byTopic.cells[1].count');
    });

    it('answers 400 for an unprotected count, a borough outside London or a borough twice', async () => {
      const { device, submit } = await withDevice();
      const small = sampleSubmission(device.enrolmentId) as Submission;
      small.boroughs[0]!.byTopic!.cells[0]!.count = 3;
      const outside = sampleSubmission(device.enrolmentId, { boroughs: [boroughFigures('E09999999')] });
      const twice = sampleSubmission(device.enrolmentId, { boroughs: [boroughFigures(), boroughFigures()] });

      const reasons = await Promise.all(
        [small, outside, twice].map(async (body) => {
          const response = await submit(body);
          expect(response.status).toBe(400);
          return (await refusal(response)).reason;
        }),
      );

      expect(reasons[0]).toMatch(/boroughs\[0\]\.byTopic\.cells\[0\]\.count: 3 is not a protected count/);
      expect(reasons[1]).toMatch(/not a London local authority/);
      expect(reasons[2]).toMatch(/appears more than once/);
    });

    it('answers 401 without a token, with a malformed one, and with one it never issued', async () => {
      const { c, device } = await withDevice();
      const body = sampleSubmission(device.enrolmentId);

      const responses = await Promise.all([
        postJson(c.url, '/v1/submissions', body),
        fetch(new URL('/v1/submissions', c.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Basic ${device.token}` },
          body: JSON.stringify(body),
        }),
        postJson(c.url, '/v1/submissions', body, newBearerToken()),
      ]);

      for (const response of responses) {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect((await refusal(response)).error).toBe('unauthorized');
      }
    });

    it('answers 401 to a read token: it cannot submit', async () => {
      const { c, device } = await withDevice();
      const reader = await createReadToken(c.store, c.clock);

      const response = await postJson(c.url, '/v1/submissions', sampleSubmission(device.enrolmentId), reader);

      expect(response.status).toBe(401);
    });

    it('answers 403 when the body names another device’s enrolment', async () => {
      const { c, submit } = await withDevice();
      const other = await enrolDevice(c);

      const response = await submit(sampleSubmission(other.enrolmentId));

      expect(response.status).toBe(403);
      expect((await refusal(response)).error).toBe('enrolment_mismatch');
    });

    it('answers 413 when the declared length is over the limit (default 4 MiB)', async () => {
      const { device, submit } = await withDevice();
      const padded = JSON.stringify(sampleSubmission(device.enrolmentId)).replace(/}$/, `, "pad": "${'x'.repeat(4 * 1024 * 1024)}"}`);

      const response = await submit(padded);

      expect(response.status).toBe(413);
      expect((await refusal(response)).error).toBe('payload_too_large');
    });

    it('answers 413 to a streamed body once it passes the limit, without reading the rest', async () => {
      const { c, device } = await withDevice({ maxBodyBytes: 64 * 1024 });
      const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        // Up to 4 MiB if nobody stops it; the collector should stop after about 64 KiB.
        pull(controller) {
          if (sent >= 64 * 1024 * 1024) controller.close();
          else {
            sent += chunk.byteLength;
            controller.enqueue(chunk);
          }
        },
      });

      const response = await fetch(new URL('/v1/submissions', c.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
        body,
        duplex: 'half',
      } as RequestInit);

      expect(response.status).toBe(413);
      expect(sent).toBeLessThan(32 * 1024 * 1024);
    });

    it('answers 415 unless the body is application/json', async () => {
      const { c, device } = await withDevice();

      const response = await fetch(new URL('/v1/submissions', c.url), {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${device.token}` },
        body: JSON.stringify(sampleSubmission(device.enrolmentId)),
      });

      expect(response.status).toBe(415);
      expect((await refusal(response)).reason).toMatch(/application\/json/);
    });

    it('answers 429 with Retry-After once a device outruns its bucket, and lets it in again later', async () => {
      const { c, device, submit } = await withDevice({ rateLimit: { burst: 3, perMinute: 6 } });
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let attempt = 0; attempt < 10 && !limited; attempt++) {
        const response = await submit(sampleSubmission(device.enrolmentId, { period: `2026-0${attempt + 1}` }));
        statuses.push(response.status);
        if (response.status === 429) limited = response;
      }

      expect(statuses).toEqual([201, 201, 201, 429]);
      expect((await refusal(limited!)).error).toBe('rate_limited');
      const retryAfter = Number(limited!.headers.get('retry-after'));
      expect(retryAfter).toBe(10);

      c.clock.advance(retryAfter * 1000);
      expect((await submit(sampleSubmission(device.enrolmentId, { period: '2026-08' }))).status).toBe(201);
    });

    it('limits each device on its own', async () => {
      const { c, device, submit } = await withDevice({ rateLimit: { burst: 1, perMinute: 1 } });
      const other = await enrolDevice(c);
      await submit(sampleSubmission(device.enrolmentId));

      const response = await postJson(c.url, '/v1/submissions', sampleSubmission(other.enrolmentId), other.token);

      expect(response.status).toBe(201);
    });
  });

  describe('serving', () => {
    it('stores 20 distinct submissions sent at once, from four devices', async () => {
      const c = await start({ rateLimit: { burst: 50, perMinute: 50 }, deviceLimits: { requestsInFlight: 5 } });
      const devices = await Promise.all(Array.from({ length: 4 }, () => enrolDevice(c)));
      const periods = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
      const sends = devices.flatMap((device) =>
        periods.map((period) => ({ device, submission: sampleSubmission(device.enrolmentId, { period }) })),
      );

      const responses = await Promise.all(
        sends.map(({ device, submission }) => postJson(c.url, '/v1/submissions', submission, device.token)),
      );

      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      for (const period of periods) {
        const held = await c.store.latestSubmissions(period);
        expect(held.map((s) => s.enrolmentId).sort()).toEqual(devices.map((d) => d.enrolmentId).sort());
      }
    });

    it('shrugs off a client that hangs up halfway through its body', async () => {
      const errors: unknown[] = [];
      const { c, device, submit } = await withDevice({ logError: (_message, error) => errors.push(error) });
      const { port, hostname } = new URL(c.url);
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect(Number(port), hostname, () => {
          socket.write(
            'POST /v1/submissions HTTP/1.1\r\nHost: collector\r\nContent-Type: application/json\r\n' +
              `Authorization: Bearer ${device.token}\r\nContent-Length: 5000\r\n\r\n{"schemaVersion": 2,`,
            () => setTimeout(() => socket.destroy(), 50),
          );
        });
        socket.on('close', () => resolve());
        socket.on('error', reject);
      });

      expect((await submit(sampleSubmission(device.enrolmentId))).status).toBe(201);
      expect(errors).toEqual([]);
    });

    it('answers /healthz, 404 for an unknown path and 405 for a wrong method', async () => {
      const c = await start();

      const health = await fetch(new URL('/healthz', c.url));
      const missing = await fetch(new URL('/v1/nothing', c.url));
      const wrongMethod = await fetch(new URL('/v1/submissions', c.url));

      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(missing.status).toBe(404);
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('POST');
    });
  });
});
