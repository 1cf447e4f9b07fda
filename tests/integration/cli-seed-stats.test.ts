// The CLI as a user runs it: a real `node main/cli.ts` process on a real file, judged by its
// exit code, stdout and stderr.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../main/db/store.ts';
import { tempDir } from '../support/temp-store.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = tempDir('outreach-tally-cli-');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['main/cli.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('cli seed and stats', () => {
  const db = path.join(dir, 'seeded.db');

  it('seeds a new file and prints a one-line JSON summary', async () => {
    const run = await cli('seed', '--db', db, '--conversations', '2000', '--seed', '4');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!);
    expect(summary).toMatchObject({ db, seed: 4, conversations: 2000, sites: 33, volunteers: 5 });
    expect(summary.elapsedMs).toEqual(expect.any(Number));
  });

  it('prints the stats of that file as JSON', async () => {
    const run = await cli('stats', '--db', db);
    expect(run.code).toBe(0);
    const stats = JSON.parse(run.stdout);
    expect(stats.conversations.total + stats.deleted.conversations).toBe(2000);
    expect(stats.sites.total).toBe(33);
    expect(Object.keys(stats.conversations.byTopic).length).toBeGreaterThan(10);
  });

  it('refuses to seed over records without --append, and appends with it', async () => {
    const refused = await cli('seed', '--db', db, '--conversations', '100');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/already holds records.*--append/s);

    const appended = await cli('seed', '--db', db, '--conversations', '100', '--append');
    expect(appended.code).toBe(0);
    const stats = JSON.parse((await cli('stats', '--db', db)).stdout);
    expect(stats.conversations.total + stats.deleted.conversations).toBe(2100);
  });

  it('gives the same data for the same seed', async () => {
    const [a, b] = [path.join(dir, 'a.db'), path.join(dir, 'b.db')];
    await Promise.all([a, b].map((file) => cli('seed', '--db', file, '--conversations', '500', '--seed', '99')));
    const [statsA, statsB] = await Promise.all([cli('stats', '--db', a), cli('stats', '--db', b)]);
    expect(statsA.code).toBe(0);
    expect(statsB.stdout).toBe(statsA.stdout);
  });

  it('exits 2 with a pointer to --help on a wrong command line', async () => {
    const wrong = [
      [],
      ['frobnicate'],
      ['seed', '--db', path.join(dir, 'x.db')],
      ['seed', '--db', path.join(dir, 'x.db'), '--conversations', 'lots'],
      ['seed', '--db', path.join(dir, 'x.db'), '--conversations', '-5'],
      ['seed', '--db', path.join(dir, 'x.db'), '--conversations', '10', '--colour'],
      ['seed', '--db', path.join(dir, 'x.db'), '--conversations', '10', 'extra'],
      ['stats'],
    ];
    const runs = await Promise.all(wrong.map((args) => cli(...args)));
    runs.forEach((run, i) => {
      expect({ args: wrong[i], code: run.code }).toEqual({ args: wrong[i], code: 2 });
      expect(run.stderr).toMatch(/--help/);
    });
    expect(fs.existsSync(path.join(dir, 'x.db'))).toBe(false);
  });

  it('lists the commands with --help and describes one with <command> --help', async () => {
    const general = await cli('--help');
    expect(general.code).toBe(0);
    expect(general.stdout).toMatch(/^\s+seed\s/m);
    expect(general.stdout).toMatch(/^\s+stats\s/m);
    const seed = await cli('seed', '--help');
    expect(seed.code).toBe(0);
    expect(seed.stdout).toMatch(/--conversations N/);
    expect(seed.stdout).toMatch(/--append/);
  });

  it('exits 1 when there is no database to report on', async () => {
    const run = await cli('stats', '--db', path.join(dir, 'missing.db'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no database at .*missing\.db/);
    expect(fs.existsSync(path.join(dir, 'missing.db'))).toBe(false);
  });

  it('surfaces the refusal to open a database from a newer version, and leaves it alone', async () => {
    const future = path.join(dir, 'future.db');
    const { store } = await openStore(future);
    store.sqlite.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('9999_from_the_future', '2030-01-01T00:00:00.000Z');
    store.close();
    const before = fs.readFileSync(future);

    for (const args of [['stats', '--db', future], ['seed', '--db', future, '--conversations', '10']]) {
      const run = await cli(...args);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/newer version of Outreach Tally/);
      expect(run.stderr).toMatch(/9999_from_the_future/);
    }
    expect(fs.readFileSync(future).equals(before)).toBe(true);
  });
});
