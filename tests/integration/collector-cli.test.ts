// node server/cli.ts: issue a code, create a read token, serve, and stop cleanly on SIGTERM.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { backends, getJson, postJson, sampleSubmission, type TestDatabase } from '../../server/testing/fixtures.ts';
import { enrolmentResponseSchema } from '../../main/sync/protocol.ts';
import { totalsResponseSchema } from '../../server/wire.ts';

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
  const child = spawn(process.execPath, [cli, 'serve', ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
