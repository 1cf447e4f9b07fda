// Who is calling: a device (submissions) or a reader (totals), each by a bearer token that the
// collector knows only as a SHA-256 digest.
import type { IncomingMessage } from 'node:http';
import { HttpProblem } from './http-io.ts';
import type { RateLimiter } from './rate-limit.ts';
import { bearerTokenPattern, sameDigest, sha256Hex } from './secrets.ts';
import type { CollectorStore, Device, Reader } from './store/store.ts';

const challenge = 'Bearer realm="outreach-tally-collector"';

function presentedTokenDigest(req: IncomingMessage, kind: string): string {
  const header = req.headers.authorization;
  if (!header) {
    throw new HttpProblem(401, 'unauthorized', `send Authorization: Bearer <${kind} token>`, {
      'www-authenticate': challenge,
    });
  }
  const token = /^Bearer +(\S+)$/i.exec(header)?.[1];
  if (!token || !bearerTokenPattern.test(token)) {
    throw new HttpProblem(401, 'unauthorized', `the Authorization header is not "Bearer <${kind} token>"`, {
      'www-authenticate': `${challenge}, error="invalid_request"`,
    });
  }
  return sha256Hex(token);
}

function unrecognised(kind: string, whatToDo: string): HttpProblem {
  return new HttpProblem(401, 'unauthorized', `the ${kind} token is not recognised; ${whatToDo}`, {
    'www-authenticate': `${challenge}, error="invalid_token"`,
  });
}

export async function authenticateDevice(store: CollectorStore, req: IncomingMessage): Promise<Device> {
  const digest = presentedTokenDigest(req, 'device');
  const device = await store.deviceByToken(digest);
  if (!device || !sameDigest(device.tokenSha256, digest)) {
    throw unrecognised('device', 'enrol the device again with a new code from your coordinator');
  }
  return device;
}

export async function authenticateReader(store: CollectorStore, req: IncomingMessage): Promise<Reader> {
  const digest = presentedTokenDigest(req, 'read');
  const reader = await store.readerByToken(digest);
  if (!reader || !sameDigest(reader.tokenSha256, digest)) {
    throw unrecognised('read', 'ask the collector administrator for a read token');
  }
  return reader;
}

export function spendRateToken(limiter: RateLimiter, key: string): void {
  const decision = limiter.take(key);
  if (!decision.allowed) {
    throw new HttpProblem(429, 'rate_limited', `too many requests; try again in ${decision.retryAfterSeconds} s`, {
      'retry-after': String(decision.retryAfterSeconds),
    });
  }
}
