// The edge of the collector: reading a bounded JSON body, answering in JSON, and the one
// error shape every refusal uses ({error, reason}: a stable code and a sentence for a person).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

/** A refusal: thrown by handlers, answered by the collector as `{error, reason}`. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, reason: string, headers: Record<string, string> = {}) {
    super(reason);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function sendJson(res: ServerResponse, reply: Reply): void {
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...reply.headers,
  });
  res.end(payload);
}

export function problemReply(problem: HttpProblem): Reply {
  return { status: problem.status, body: { error: problem.code, reason: problem.message }, headers: { ...problem.headers } };
}

function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [mediaType, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return mediaType === 'application/json' && (charset === undefined || charset === 'utf-8');
}

function tooLarge(maxBytes: number, detail: string): HttpProblem {
  // Connection: close, because the rest of an oversized body is not read: the socket ends
  // after this answer instead of being drained for the next request.
  return new HttpProblem(413, 'payload_too_large', `${detail}; the limit is ${maxBytes} bytes`, { connection: 'close' });
}

/** Reads the raw body, refusing early (before reading it all) once it passes `maxBytes`. */
function readBoundedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.reject(tooLarge(maxBytes, `the body is ${declared} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        req.pause();
        reject(tooLarge(maxBytes, `the body is over ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    // The client hung up mid-body: nobody is left to answer, and it is not the collector's fault.
    const onGone = () => {
      stop();
      reject(new HttpProblem(400, 'incomplete_body', 'the connection closed before the body was complete'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Deeper than any body the protocol has (a submission's cells are at depth 6). */
export const maxJsonDepth = 16;

/**
 * Does the JSON text open more than `maxDepth` objects or arrays inside one another? One pass
 * over the bytes, outside strings, so that a body nested millions deep is refused without
 * building the millions of objects JSON.parse would (or overflowing its stack).
 */
export function nestsDeeperThan(raw: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (inString) {
      if (byte === 0x5c) i++; // a backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** Counts the body's bytes, whatever becomes of it (a device's daily allowance). */
export type BodyMeter = (bytes: number) => void;

/** The body parsed as JSON: 415 unless it says application/json, 413 over the limit, 400 if not JSON or too deep. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number, meter?: BodyMeter): Promise<unknown> {
  const contentType = req.headers['content-type'];
  if (!isJsonMediaType(contentType)) {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      `send the body as application/json (UTF-8); this request said ${contentType ? `"${contentType}"` : 'nothing'}`,
    );
  }
  const raw = await readBoundedBody(req, maxBytes);
  meter?.(raw.length);
  if (nestsDeeperThan(raw, maxJsonDepth)) {
    throw new HttpProblem(400, 'malformed_json', `the body nests objects or arrays more than ${maxJsonDepth} deep`);
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new HttpProblem(400, 'malformed_json', 'the body is not valid UTF-8');
  }
  if (text.trim() === '') throw new HttpProblem(400, 'malformed_json', 'the body is empty; expected a JSON object');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(400, 'malformed_json', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** A schema failure as one line a developer can act on: the first few issues with their paths. */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const shown = error.issues.slice(0, limit).map((issue) => `${pathOf(issue.path) || '(body)'}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
