// The reference collector: a plain node:http server with four routes (docs/sync-protocol.md).
// It speaks HTTP; in a deployment, TLS is terminated in front of it (a reverse proxy).
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../main/records/clock.ts';
import { HttpProblem, problemReply, sendJson, type Reply } from './http-io.ts';
import { createRateLimiter, defaultRateLimit, type RateLimit } from './rate-limit.ts';
import type { RouteContext } from './routes/context.ts';
import { enrolDevice } from './routes/enrolments.ts';
import { receiveSubmission } from './routes/submissions.ts';
import { readTotals } from './routes/totals.ts';
import type { CollectorStore } from './store/store.ts';

export interface CollectorOptions {
  store: CollectorStore;
  /** Per device (submissions) and per reader (totals). */
  rateLimit?: RateLimit;
  /** Per remote address, for enrolment attempts. */
  enrolmentRateLimit?: RateLimit;
  /** Largest submission body accepted; default 4 MiB (a busy month for all 33 boroughs is over 1 MiB). */
  maxBodyBytes?: number;
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
const defaultEnrolmentRateLimit: RateLimit = { burst: 10, perMinute: 10 };
// A request that has not finished arriving by then is dropped (slow-body clients hold sockets).
const requestTimeoutMs = 30_000;
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
  };
  const logError = options.logError ?? ((message, error) => console.error(`collector: ${message}`, error));

  const server = http.createServer(async (req, res) => {
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
  });
  server.requestTimeout = requestTimeoutMs;

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
