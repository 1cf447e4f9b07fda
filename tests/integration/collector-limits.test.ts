// One client cannot exhaust the collector (issue 15): deep nesting refused before parsing,
// per-device requests in flight and bytes per day, header and request timeouts that hold, a
// connection cap, enrolment limits per client address (through a trusted proxy) and in all,
// and totals computed once per period until a new revision lands.
import { execFile } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorBodySchema } from '../../main/sync/protocol.ts';
import { createReadToken } from '../../server/admin.ts';
import { clientAddressResolver, trustedProxyList } from '../../server/client-address.ts';
import type { CollectorOptions } from '../../server/collector.ts';
import { nestsDeeperThan } from '../../server/http-io.ts';
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
import { totalsResponseSchema } from '../../server/wire.ts';

const sqlite = backends.find((b) => b.name === 'sqlite')!;
const running: RunningCollector[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(running.splice(0).map((collector) => collector.stop()));
});

const start = async (options: Omit<CollectorOptions, 'store' | 'clock'> = {}) => {
  const c = await startCollector(sqlite, options, '2026-12-07T12:00:00.000Z');
  running.push(c);
  return c;
};
const refusal = async (response: Response) => errorBodySchema.parse(await response.json());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw connection to the collector, closed by the test's clean-up. */
function connect(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.on('error', () => {}); // a reset by the server is what some tests wait for
    socket.resume(); // read what the server sends (a 408), so that its closing is seen
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** Resolves true when the server closes the socket within `ms`, false if it is still open. */
function closedWithin(socket: net.Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed || socket.readableEnded) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('nesting', () => {
  it('refuses a 4 MB body nested 2,000,000 deep before parsing it, ten at once, while /healthz answers', async () => {
    const c = await start({ deviceLimits: { requestsInFlight: 10 }, rateLimit: { burst: 100, perMinute: 100 } });
    const device = await enrolDevice(c);
    const deep = '['.repeat(2_000_000) + ']'.repeat(2_000_000);

    const answers = Array.from({ length: 10 }, () => postJson(c.url, '/v1/submissions', deep, device.token));
    const health = await fetch(new URL('/healthz', c.url));
    const responses = await Promise.all(answers);

    expect(health.status).toBe(200);
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(await refusal(response)).toEqual({
        error: 'malformed_json',
        reason: 'the body nests objects or arrays more than 16 deep',
      });
    }
  });

  it('counts depth outside strings only', () => {
    const depth = (text: string, max: number) => nestsDeeperThan(Buffer.from(text), max);
    expect(depth('{"a":[[1]]}', 3)).toBe(false);
    expect(depth('{"a":[[[1]]]}', 3)).toBe(true);
    expect(depth('{"a":"[[[[[[[[\\"[[[[{{{{"}', 1)).toBe(false);
    expect(depth('{"a":"\\\\"}', 1)).toBe(false);
    expect(depth('{"a":"\\\\",  "b": [[1]]}', 2)).toBe(true);
  });
});

describe('per device', () => {
  /** Starts a submission whose body never finishes: it stays in flight until the socket goes. */
  const startUnfinished = async (url: string, token: string) => {
    const socket = await connect(url);
    socket.write(
      'POST /v1/submissions HTTP/1.1\r\nHost: collector\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${token}\r\nContent-Length: 5000\r\n\r\n{"schemaVersion": 2,`,
    );
    return socket;
  };

  it('refuses a third request of one device while two are in flight (429 too_many_in_flight), not another device’s', async () => {
    const c = await start({ deviceLimits: { requestsInFlight: 2 } });
    const device = await enrolDevice(c);
    const other = await enrolDevice(c);
    const held = [await startUnfinished(c.url, device.token), await startUnfinished(c.url, device.token)];

    let answer: Response | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      answer = await postJson(c.url, '/v1/submissions', sampleSubmission(device.enrolmentId, { period: `2026-0${(attempt % 9) + 1}` }), device.token);
      if (answer.status === 429) break;
      await sleep(20);
    }

    expect(answer!.status).toBe(429);
    expect(answer!.headers.get('retry-after')).toBe('1');
    expect((await refusal(answer!)).error).toBe('too_many_in_flight');
    expect((await postJson(c.url, '/v1/submissions', sampleSubmission(other.enrolmentId), other.token)).status).toBe(201);

    for (const socket of held) socket.destroy();
    let after: Response | undefined;
    for (let attempt = 0; attempt < 50 && after?.status !== 201; attempt++) {
      if (attempt > 0) await sleep(20);
      after = await postJson(c.url, '/v1/submissions', sampleSubmission(device.enrolmentId, { period: '2026-10' }), device.token);
    }
    expect(after!.status).toBe(201);
  });

  it('refuses a device’s bodies past its bytes for the UTC day until midnight, and not another device’s', async () => {
    const c = await start({ deviceLimits: { bytesPerDay: 3800 } });
    const device = await enrolDevice(c);
    const other = await enrolDevice(c);
    const send = (period: string, as = device) => postJson(c.url, '/v1/submissions', sampleSubmission(as.enrolmentId, { period }), as.token);
    // Two bodies reach the allowance; the third is refused.
    const size = JSON.stringify(sampleSubmission(device.enrolmentId)).length;
    expect(size * 2).toBeGreaterThanOrEqual(3800);
    expect(size).toBeLessThan(3800);

    expect((await send('2026-07')).status).toBe(201);
    expect((await send('2026-08')).status).toBe(201);
    const over = await send('2026-09');

    expect(over.status).toBe(429);
    expect((await refusal(over)).error).toBe('daily_bytes_exceeded');
    expect(over.headers.get('retry-after')).toBe(String(12 * 3600)); // noon to midnight UTC
    expect((await send('2026-09', other)).status).toBe(201);
    c.clock.advance(12 * 3600 * 1000);
    expect((await send('2026-09')).status).toBe(201);
  });
});

describe('slow clients and many connections', () => {
  it('drops a client that starts its headers and goes quiet once the request timeout passes', async () => {
    const c = await start({ requestTimeoutMs: 1000 });
    const socket = await connect(c.url);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.write('POST /v1/submissions HTTP/1.1\r\nHost: collector\r\n');

    expect(await closedWithin(socket, 8000)).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('drops a client that sends its headers a byte at a time once the request timeout passes', async () => {
    const c = await start({ requestTimeoutMs: 1000 });
    const socket = await connect(c.url);
    const request = 'POST /v1/submissions HTTP/1.1\r\nHost: collector\r\nX-Padding: ' + 'x'.repeat(200);
    let sent = 0;
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(request[sent++ % request.length]!);
    }, 100);
    try {
      expect(await closedWithin(socket, 8000)).toBe(true);
    } finally {
      clearInterval(drip);
    }
  });

  it('drops a client whose body trickles in past the request timeout', async () => {
    const c = await start({ requestTimeoutMs: 1000 });
    const device = await enrolDevice(c);
    const socket = await connect(c.url);
    socket.write(
      'POST /v1/submissions HTTP/1.1\r\nHost: collector\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${device.token}\r\nContent-Length: 100000\r\n\r\n`,
    );
    const drip = setInterval(() => !socket.destroyed && socket.write(' '), 100);
    try {
      expect(await closedWithin(socket, 8000)).toBe(true);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes connections past the cap at once and keeps the ones it has', async () => {
    const c = await start({ maxConnections: 2 });
    const kept = [await connect(c.url), await connect(c.url)];
    await sleep(50);

    const third = await connect(c.url);

    expect(await closedWithin(third, 2000)).toBe(true);
    expect(kept.some((socket) => socket.destroyed)).toBe(false);
    for (const socket of kept) socket.destroy();
    await sleep(50);
    expect((await fetch(new URL('/healthz', c.url))).status).toBe(200);
  });
});

describe('enrolment limits behind a proxy', () => {
  const attempt = (url: string, forwardedFor?: string) =>
    fetch(new URL('/v1/enrolments', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify({ code: 'ABCD-EFGH-JKMN-PQRS-TVWX' }),
    }).then(async (response) => {
      await response.body?.cancel();
      return response.status;
    });
  const perAddress = { burst: 2, perMinute: 1 };

  it('with --trust-proxy, limits each client the proxy names, not the proxy', async () => {
    const c = await start({ trustProxy: ['127.0.0.1', '::1'], enrolmentRateLimit: perAddress });

    expect([await attempt(c.url, '203.0.113.1'), await attempt(c.url, '203.0.113.1'), await attempt(c.url, '203.0.113.1')]).toEqual([403, 403, 429]);
    // Another client behind the same proxy is not blocked by the first.
    expect(await attempt(c.url, '203.0.113.2')).toBe(403);
    // Addresses the client wrote itself, left of the proxy's entry, change nothing.
    expect(await attempt(c.url, '198.51.100.7, 203.0.113.1')).toBe(429);
  });

  it('ignores X-Forwarded-For from anyone not trusted', async () => {
    const untrusted = await start({ enrolmentRateLimit: perAddress });
    const otherProxy = await start({ trustProxy: ['10.0.0.0/8'], enrolmentRateLimit: perAddress });
    for (const c of [untrusted, otherProxy]) {
      expect([await attempt(c.url, '203.0.113.1'), await attempt(c.url, '203.0.113.2'), await attempt(c.url, '203.0.113.3')]).toEqual([403, 403, 429]);
    }
  });

  it('limits all enrolment attempts together, whatever addresses they come from', async () => {
    const c = await start({ trustProxy: ['127.0.0.1', '::1'], enrolmentGlobalRateLimit: { burst: 3, perMinute: 1 } });

    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push(await attempt(c.url, `203.0.113.${i}`));

    expect(statuses).toEqual([403, 403, 403, 429]);
  });

  it('reads the rightmost untrusted address, IPv4 on IPv6 sockets included, and refuses a bad proxy list', () => {
    const request = (remoteAddress: string, forwardedFor?: string) =>
      ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;
    const behind = clientAddressResolver(['10.0.0.0/8', 'fd00::/8']);

    expect(behind(request('::ffff:10.1.2.3', '192.0.2.1, 10.9.9.9'))).toBe('192.0.2.1');
    expect(behind(request('fd00::5', '2001:db8::1'))).toBe('2001:db8::1');
    expect(behind(request('10.1.2.3', 'not-an-address'))).toBe('10.1.2.3');
    expect(behind(request('10.1.2.3'))).toBe('10.1.2.3');
    expect(behind(request('192.0.2.50', '10.0.0.1'))).toBe('192.0.2.50');
    expect(clientAddressResolver()(request('::ffff:192.0.2.9', '10.0.0.1'))).toBe('192.0.2.9');
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/2', '']) expect(() => trustedProxyList([bad]), bad).toThrow(RangeError);
  });

  it('refuses a bad --trust-proxy at the command line', async () => {
    const cli = path.join(import.meta.dirname, '../../server/cli.ts');
    const failed = await promisify(execFile)(process.execPath, [cli, 'serve', '--db', '/nonexistent/x.db', '--trust-proxy', '10.0.0.1,nonsense']).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/--trust-proxy: not an IP address or CIDR range: "nonsense"/);
  });
});

describe('totals cache', () => {
  it('sums a period once, and again only after a new revision is stored', async () => {
    const c = await start();
    const device = await enrolDevice(c);
    const reader = await createReadToken(c.store, c.clock);
    const send = (revision: number, scale: number) =>
      postJson(c.url, '/v1/submissions', sampleSubmission(device.enrolmentId, { revision, boroughs: [boroughFigures('E09000023', scale)] }), device.token);
    const conversations = async (query = 'period=2026-10') =>
      totalsResponseSchema.parse(await (await getJson(c.url, `/v1/totals?${query}`, reader)).json()).boroughs[0]?.conversations.sum;
    expect((await send(1, 1)).status).toBe(201);
    const reads = vi.spyOn(c.store, 'latestSubmissions');

    expect(await conversations()).toBe(45);
    expect(await conversations()).toBe(45);
    expect(await conversations('period=2026-10&borough=E09000023')).toBe(45);
    expect(reads).toHaveBeenCalledTimes(1);

    expect((await send(2, 2)).status).toBe(201);
    expect(await conversations()).toBe(90);
    expect(reads).toHaveBeenCalledTimes(2);
  });
});
