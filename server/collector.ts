// The reference collector: a plain node:http server with four routes (docs/sync-protocol.md).
// It speaks HTTP; in a deployment, TLS is terminated in front of it (a reverse proxy).
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../shared/clock.ts';
import { HttpProblem, problemReply, sendJson, type Reply } from './http-io.ts';
import { clientAddressResolver } from './client-address.ts';
import { createDeviceGate, defaultDeviceLimits, type DeviceLimits } from './device-limits.ts';
import { createRateLimiter, defaultRateLimit, type RateLimit } from './rate-limit.ts';
import type { RouteContext } from './routes/context.ts';
import { enrolDevice } from './routes/enrolments.ts';
import { receiveSubmission } from './routes/submissions.ts';
import { readTotals } from './routes/totals.ts';
import type { CollectorStore } from './store/store.ts';
import { createTotalsCache } from './totals-cache.ts';

export interface CollectorOptions {
  store: CollectorStore;
  /** Per device (submissions) and per reader (totals). */
  rateLimit?: RateLimit;
  /** Per client address, for enrolment attempts. */
  enrolmentRateLimit?: RateLimit;
  /** All enrolment attempts together. */
  enrolmentGlobalRateLimit?: RateLimit;
  /** Largest submission body accepted; default 4 MiB (a busy month for all 33 boroughs is over 1 MiB). */
  maxBodyBytes?: number;
  /** Per device: requests in flight, body bytes per UTC day. */
  deviceLimits?: Partial<DeviceLimits>;
  /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; default none. */
  trustProxy?: readonly string[];
  /** Headers, and the whole request, must have arrived within this; default 30 s. */
  requestTimeoutMs?: number;
  /** Open connections at most; past it new ones are closed at once. Default 1024. */
  maxConnections?: number;
  clock?: Clock;
  /** Where unexpected errors are reported; default stderr. */
  logError?: (message: string, error: unknown) => void;
}

export interface Collector {
  /** Port 0 lets the OS pick; the answer says which one it picked. */
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops accepting, lets requests in flight finish, then resolves. Leaves the store open. */
  close(): Promise<void>;
}

export const defaultMaxBodyBytes = 4 * 1024 * 1024;
export const defaultEnrolmentRateLimit: RateLimit = { burst: 10, perMinute: 10 };
export const defaultEnrolmentGlobalRateLimit: RateLimit = { burst: 60, perMinute: 60 };
// A request that has not finished arriving by then is dropped (slow clients hold sockets).
export const defaultRequestTimeoutMs = 30_000;
export const defaultMaxConnections = 1024;
// How long close() waits for requests in flight before cutting their connections.
const closeGraceMs = 5_000;

type Handler = (context: RouteContext, req: IncomingMessage, url: URL) => Promise<Reply>;

const routes: Record<string, Partial<Record<string, Handler>>> = {
  '/v1/enrolments': { POST: enrolDevice },
  '/v1/submissions': { POST: receiveSubmission },
  '/v1/totals': { GET: readTotals },
  '/healthz': {
    GET: async (context) => {
      await context.store.ping();
      return { status: 200, body: { status: 'ok' } };
    },
  },
};

export function createCollector(options: CollectorOptions): Collector {
  const clock = options.clock ?? systemClock;
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new RangeError(`maxBodyBytes must be a positive integer`);
  const context: RouteContext = {
    store: options.store,
    clock,
    maxBodyBytes,
    callerLimiter: createRateLimiter(options.rateLimit ?? defaultRateLimit, clock),
    enrolmentLimiter: createRateLimiter(options.enrolmentRateLimit ?? defaultEnrolmentRateLimit, clock),
    enrolmentGlobalLimiter: createRateLimiter(options.enrolmentGlobalRateLimit ?? defaultEnrolmentGlobalRateLimit, clock),
    deviceGate: createDeviceGate({ ...defaultDeviceLimits, ...options.deviceLimits }, clock),
    clientAddressOf: clientAddressResolver(options.trustProxy),
    totalsCache: createTotalsCache(options.store),
  };
  const requestTimeout = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  if (!Number.isInteger(requestTimeout) || requestTimeout < 1) throw new RangeError('requestTimeoutMs must be a positive integer');
  const logError = options.logError ?? ((message, error) => console.error(`collector: ${message}`, error));

  const server = http.createServer(
    {
      // Node checks these only every connectionsCheckingInterval (30 s by default), which let
      // slow clients hang on for up to twice the timeout.
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(1000, requestTimeout),
    },
    async (req, res) => {
      let reply: Reply;
      try {
        const url = new URL(req.url ?? '/', 'http://collector.invalid');
        const methods = routes[url.pathname];
        if (!methods) throw new HttpProblem(404, 'not_found', `no such endpoint: ${url.pathname}`);
        const handler = methods[req.method ?? ''];
        if (!handler) {
          const allowed = Object.keys(methods).join(', ');
          throw new HttpProblem(405, 'method_not_allowed', `${url.pathname} accepts ${allowed}`, { allow: allowed });
        }
        reply = await handler(context, req, url);
      } catch (error) {
        if (error instanceof HttpProblem) {
          reply = problemReply(error);
        } else {
          logError(`${req.method} ${req.url} failed`, error);
          reply = problemReply(new HttpProblem(500, 'internal_error', 'the collector failed to handle this request; try again later'));
        }
      }
      if (!res.headersSent && !res.destroyed) sendJson(res, reply);
    },
  );
  server.maxConnections = options.maxConnections ?? defaultMaxConnections;

  return {
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ port: address.port, url: `http://${shownHost}:${address.port}` });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        const cutOff = setTimeout(() => server.closeAllConnections(), closeGraceMs);
        cutOff.unref();
        server.close((error) => {
          clearTimeout(cutOff);
          if (error) reject(error);
          else resolve();
        });
        // Keep-alive connections with no request in flight would otherwise hold close() open.
        server.closeIdleConnections();
      });
    },
  };
}
