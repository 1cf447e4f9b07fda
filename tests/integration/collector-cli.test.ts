// node server/cli.ts: issue a code, create a read token, serve, and stop cleanly on SIGTERM.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { backends, getJson, postJson, sampleSubmission, type TestDatabase } from '../../server/testing/fixtures.ts';
import { enrolmentResponseSchema } from '../../main/sync/protocol.ts';
import { totalsResponseSchema } from '../../server/wire.ts';
import { stopOnCleanup } from '../support/cleanup.ts';

const cli = path.join(import.meta.dirname, '../../server/cli.ts');
const run = promisify(execFile);

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { timeout: 15_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** `--db FILE` or `--database-url URL`, the URL pinned to the test's own schema. */
function storeArgs(database: TestDatabase): string[] {
  const { location } = database;
  if ('sqliteFile' in location) return ['--db', location.sqliteFile];
  const url = new URL(location.postgresUrl);
  url.searchParams.set('options', `-c search_path=${location.schema}`);
  return ['--database-url', url.toString()];
}

/** Starts `serve` on a port the OS picks; resolves with its URL once it says it is listening. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = stopOnCleanup(spawn(process.execPath, [cli, 'serve', ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 15_000);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${output}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe.each(backends)('collector CLI on $name', (backend) => {
  if (backend.skipReason) {
    it.skip(backend.skipReason, () => {});
    return;
  }

  let database: TestDatabase | undefined;
  let server: ChildProcess | undefined;
  afterEach(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
    server = undefined;
    await database?.dispose();
    database = undefined;
  });

  const freshDatabase = async () => {
    database = await backend.createDatabase();
    await (await database.openStore()).close(); // creates the file, or the schema, and migrates
    return storeArgs(database);
  };

  it('issues a code and a read token that a served collector accepts, then stops on SIGTERM', async () => {
    const store = await freshDatabase();

    const issued = await runCli(['enrol', ...store, '--org', 'Lewisham Cancer Awareness', '--valid-hours', '2']);
    const reader = await runCli(['reader', ...store, '--label', 'London coordinator']);

    expect(issued.code).toBe(0);
    const code = issued.stdout.trim();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(issued.stderr).toMatch(/single use, valid until/);
    expect(reader.code).toBe(0);
    const readToken = reader.stdout.trim();
    expect(readToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const running = await serve(store);
    server = running.child;
    expect(new URL(running.url).hostname).toBe('127.0.0.1');
    const enrolled = await postJson(running.url, '/v1/enrolments', { code });
    expect(enrolled.status).toBe(201);
    const device = enrolmentResponseSchema.parse(await enrolled.json());
    const submitted = await postJson(running.url, '/v1/submissions', sampleSubmission(device.enrolmentId), device.token);
    expect(submitted.status).toBe(201);
    const totals = await getJson(running.url, '/v1/totals?period=2026-10', readToken);
    expect(totals.status).toBe(200);
    expect(totalsResponseSchema.parse(await totals.json()).london?.conversations.sum).toBe(45);

    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);
  });
});

describe('collector CLI serve options', () => {
  const sqlite = backends.find((b) => b.name === 'sqlite')!;
  let database: TestDatabase | undefined;
  let server: ChildProcess | undefined;
  let socket: net.Socket | undefined;
  afterEach(async () => {
    socket?.destroy();
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
    await database?.dispose();
  });

  it('applies --trust-proxy, --device-bytes-per-day and --request-timeout-seconds', async () => {
    database = await sqlite.createDatabase();
    await (await database.openStore()).close();
    const store = storeArgs(database);
    const codes = await Promise.all([runCli(['enrol', ...store]), runCli(['enrol', ...store])]);
    const running = await serve([...store, '--trust-proxy', '127.0.0.1,::1', '--device-bytes-per-day', '1024', '--request-timeout-seconds', '1']);
    server = running.child;

    // The enrolment limit (burst 10 per address) keys on the address the proxy names.
    const attempt = (code: string, forwardedFor: string) =>
      fetch(new URL('/v1/enrolments', running.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ code }),
      });
    for (let i = 0; i < 10; i++) await (await attempt('ABCD-EFGH-JKMN-PQRS-TVWX', '203.0.113.1')).body?.cancel();
    expect((await attempt(codes[0]!.stdout.trim(), '203.0.113.1')).status).toBe(429);
    const enrolled = await attempt(codes[0]!.stdout.trim(), '203.0.113.2');
    expect(enrolled.status).toBe(201);
    const device = enrolmentResponseSchema.parse(await enrolled.json());

    // 1024 bytes a day: the first body (about 1.9 KB) passes it, the next is refused.
    const send = (period: string) => postJson(running.url, '/v1/submissions', sampleSubmission(device.enrolmentId, { period }), device.token);
    expect((await send('2026-09')).status).toBe(201);
    expect((await send('2026-10')).status).toBe(429);

    // A client that never finishes its headers is dropped after about a second.
    const { hostname, port } = new URL(running.url);
    socket = net.connect(Number(port), hostname);
    socket.on('error', () => {});
    socket.resume(); // read the 408 and the end of the connection, or 'close' never comes
    socket.write('POST /v1/submissions HTTP/1.1\r\nHost: collector\r\n');
    const closed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 8000);
      socket!.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    expect(closed).toBe(true);
  });
});

describe('collector CLI usage', () => {
  it('explains a mistake and exits 2', async () => {
    const unknown = await runCli(['launch']);
    const nowhere = await runCli(['enrol']);
    const badPort = await runCli(['serve', '--db', 'x.db', '--port', 'eighty']);
    const unknownFlag = await runCli(['reader', '--db', 'x.db', '--admin']);

    expect([unknown.code, nowhere.code, badPort.code, unknownFlag.code]).toEqual([2, 2, 2, 2]);
    expect(unknown.stderr).toMatch(/unknown command "launch"/);
    expect(nowhere.stderr).toMatch(/--db FILE \(SQLite\) or --database-url URL/);
    expect(badPort.stderr).toMatch(/--port must be a whole number/);
    expect(unknownFlag.stderr).toMatch(/--admin/);
  });

  it('prints usage for help', async () => {
    const help = await runCli(['help']);

    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/enrol/);
  });
});
