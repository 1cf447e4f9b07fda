// Serves the built renderer and the same dispatcher over HTTP on 127.0.0.1, so browser tests
// and `npm run preview` exercise the real handlers, validation and SQLite file with no
// Electron. Only the transport differs: a per-run random token stands in for the IPC
// sender check, and the Host header is pinned to defeat DNS rebinding. For development and
// tests only: any program of the same user can reach 127.0.0.1.
//
// The token is never in an unauthenticated response (any local user of a shared computer can
// GET /): it travels in the fragment of the URL printed to whoever started the harness
// (`openUrl`), which browsers never send, and the page moves it into sessionStorage.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { LockTimes } from '../access/session.ts';
import { CONTENT_SECURITY_POLICY } from '../api/content-security-policy.ts';
import { createServiceDispatcher } from '../api/services.ts';
import { createStartupGate } from '../startup/gate.ts';
import type { DatabaseKey } from '../db/connection.ts';
import { openStore, type Store } from '../db/store.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { createFileLogger, logDirFor } from '../logging/file-logger.ts';
import { fileTokenStore } from '../sync/token-file.ts';

export const TOKEN_HEADER = 'x-outreach-token';
/** The fragment parameter of `openUrl` that carries the token (renderer/src/api.ts reads it). */
export const HARNESS_TOKEN_PARAM = 'harness-token';
// Large enough for a database restore or a 100,000-row import; the harness is local and token-protected.
const MAX_BODY_BYTES = 256 * 1024 * 1024;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface HarnessOptions {
  dbFile: string;
  /** The database key (from OUTREACH_DB_KEY in serve.ts / preview.ts); undefined: unencrypted. */
  dbKey?: DatabaseKey | undefined;
  rendererDir: string;
  port?: number;
  clock?: Clock;
  /**
   * Browser tests only (serve.ts --test-faults): `POST /test/read-only` with `{"on": true}`
   * makes the open database refuse writes as a read-only file does (PRAGMA query_only, so
   * SQLite itself answers SQLITE_READONLY), to prove what a person sees and keeps then.
   */
  testFaults?: boolean;
  /** Browser tests only: a lock after seconds, not minutes (serve.ts --idle-lock-seconds). */
  lockTimes?: Partial<LockTimes>;
  /**
   * Called with the address to open as soon as the server listens, before the database is open
   * (and updated): the page then shows the start-up screen, as the app's window does.
   */
  onListening?: (openUrl: string) => void;
}

export interface Harness {
  /** The server's base address, with no token. */
  url: string;
  /** The address to open in a browser: the base address with the token in its fragment. */
  openUrl: string;
  token: string;
  store: Store;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The path with its percent-escapes decoded, or null when one is malformed (a 400, not a crash). */
function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  // As the app's log does, in `logs/` beside the database: what support.exportLogs hands over.
  const log = createFileLogger({ dir: logDirFor(options.dbFile) });
  // The server listens from the start; calls wait at the gate until the database is open.
  const gate = createStartupGate();
  const dispatch = gate.dispatch;
  let store: Store | null = null;
  const token = crypto.randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const indexHtml = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  let allowedHosts: Set<string> = new Set();

  const server = http.createServer(async (req, res) => {
    try {
      if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'Misdirected request', 'text/plain');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const pathname = decodedPath(url.pathname);
      if (pathname === null) return send(res, 400, 'Malformed percent-escape in the path', 'text/plain');
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain');
        if (!sameToken(req.headers[TOKEN_HEADER] as string | undefined, token)) {
          return send(res, 401, JSON.stringify({ error: 'bad token' }), 'application/json');
        }
        const body = await readBody(req);
        if (body === null) return send(res, 413, JSON.stringify({ error: 'too large' }), 'application/json');
        let input: unknown;
        try {
          input = body.length === 0 ? {} : JSON.parse(body);
        } catch {
          return send(res, 400, JSON.stringify({ error: 'malformed JSON' }), 'application/json');
        }
        const result = await dispatch(pathname.slice('/api/'.length), input);
        return send(res, 200, JSON.stringify(result), 'application/json');
      }
      if (options.testFaults && url.pathname === '/test/read-only' && req.method === 'POST') {
        if (!sameToken(req.headers[TOKEN_HEADER] as string | undefined, token)) return send(res, 401, 'bad token', 'text/plain');
        const { on } = JSON.parse((await readBody(req)) ?? '{}') as { on?: unknown };
        store?.sqlite.pragma(`query_only = ${on === true ? 1 : 0}`);
        return send(res, 204, '', 'text/plain');
      }
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed', 'text/plain');
      if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, indexHtml, contentTypes['.html']!);
      const file = path.resolve(rendererDir, `.${pathname}`);
      if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        return send(res, 404, 'Not found', 'text/plain');
      }
      return send(res, 200, fs.readFileSync(file), contentTypes[path.extname(file)] ?? 'application/octet-stream');
    } catch (error) {
      console.error('[harness] request failed:', error);
      if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain');
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const openUrl = `http://127.0.0.1:${port}/#${HARNESS_TOKEN_PARAM}=${token}`;
  options.onListening?.(openUrl);
  try {
    ({ store } = await openStore(options.dbFile, { key: options.dbKey, onMigrationProgress: gate.report }));
  } catch (error) {
    server.closeAllConnections();
    server.close();
    throw error;
  }
  const opened = store;
  gate.open(
    createServiceDispatcher(
      {
        store: opened,
        clock: options.clock ?? systemClock,
        // As the CLI does: the token in a 0600 file beside the database, Node's own fetch.
        sync: { tokenStore: fileTokenStore(options.dbFile), fetch: (url, init) => fetch(url, init) },
        ...(options.lockTimes ? { lockTimes: options.lockTimes } : {}),
      },
      {
        onInternalError: (method, error) => {
          console.error(`[harness] ${method} failed:`, error);
          log.error('api.failed', error, { method });
        },
        onRefused: (method, refusal) => log.warn('api.refused', { method, code: refusal.code, fields: refusal.fields.join(' ') }),
      },
    ),
  );
  return {
    url: `http://127.0.0.1:${port}/`,
    openUrl,
    token,
    store: opened,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          opened.close();
          resolve();
        });
      }),
  };
}
