// Paths that are not a database this app may change: another program's SQLite file, a file
// from a newer version, a database on read-only media, a missing file, a folder. Each is
// refused (or, read-only, read) with a translated message, and the file is left byte for byte.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli.ts';
import { openSqlite } from '../../main/db/connection.ts';
import { DatabaseFromNewerVersionError } from '../../main/db/migrator.ts';
import { DatabasePathError } from '../../main/db/open-checks.ts';
import { openStore } from '../../main/db/store.ts';
import { randomKey } from '../support/durability-fixtures.ts';
import { tempDir } from '../support/temp-store.ts';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) });
  return { code, out, err };
}

/** Every file under `dir` with its bytes, to prove nothing was written, created or removed. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full).toString('base64'));
    }
  };
  walk(dir);
  return files;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** Makes the folder and what is in it read-only as a locked USB stick is; false where this cannot be done. */
function makeReadOnlyMedia(dir: string): boolean {
  const entries = [dir, ...fs.readdirSync(dir).map((name) => path.join(dir, name))];
  if (process.getuid?.() !== 0) {
    for (const entry of entries) fs.chmodSync(entry, fs.statSync(entry).isDirectory() ? 0o555 : 0o444);
    cleanups.push(() => entries.forEach((entry) => fs.chmodSync(entry, 0o755)));
    return true;
  }
  // root ignores permission bits: the immutable attribute stops even root from writing.
  try {
    for (const entry of entries.reverse()) execFileSync('chattr', ['+i', entry], { stdio: 'ignore' });
  } catch {
    return false;
  } finally {
    cleanups.push(() => entries.forEach((entry) => execFileSync('chattr', ['-i', entry], { stdio: 'ignore' })));
  }
  return true;
}

async function seeded(dir: string, name = 'records.db'): Promise<string> {
  const file = path.join(dir, name);
  const run = await cli('seed', '--db', file, '--conversations', '200');
  expect(run.code, run.err).toBe(0);
  return file;
}

describe('a SQLite file that is not an Outreach Tally database', () => {
  it('is refused by stats and by opening with a key, and left byte for byte with nothing beside it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'collector.db');
    const other = openSqlite(file, { journalMode: 'delete' });
    other.exec(`CREATE TABLE submissions (id TEXT PRIMARY KEY, body TEXT); INSERT INTO submissions VALUES ('a', '{}')`);
    other.close();
    const before = snapshot(dir);

    const run = await cli('stats', '--db', file);
    expect(run.code).toBe(1);
    expect(run.err).toContain('is not an Outreach Tally database');
    expect(run.err).toContain('[errors.database.path.notOutreachTally]');
    await expect(openStore(file)).rejects.toMatchObject({ messageKey: 'errors.database.path.notOutreachTally' });
    // With a key the app would otherwise back it up and encrypt it first.
    await expect(openStore(file, { key: randomKey() })).rejects.toBeInstanceOf(DatabasePathError);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('a file from a newer version', () => {
  it('is refused before anything is written: no switch to WAL, no header rewrite, no encryption', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'future.db');
    (await openStore(file)).store.close();
    const raw = openSqlite(file);
    raw.prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`).run();
    // A newer version might keep its file in rollback-journal mode: the header says so (bytes 18-19 = 1).
    raw.pragma('journal_mode = DELETE');
    raw.close();
    expect(fs.readFileSync(file)[18]).toBe(1);
    const before = snapshot(dir);

    await expect(openStore(file)).rejects.toBeInstanceOf(DatabaseFromNewerVersionError);
    await expect(openStore(file, { key: randomKey() })).rejects.toBeInstanceOf(DatabaseFromNewerVersionError);
    const run = await cli('stats', '--db', file);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/newer version of Outreach Tally/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('a database on read-only media', () => {
  it('can be read by stats, export and sync-preview; a change is refused with a clear message; nothing is written', async (context) => {
    const dir = tempDir();
    const file = await seeded(dir);
    fs.rmSync(path.join(dir, 'backups'), { recursive: true, force: true });
    const expected = JSON.parse((await cli('stats', '--db', file)).out);
    // As the app leaves a file it closed cleanly: no -wal or -shm (a reader's are empty).
    for (const side of ['-wal', '-shm']) {
      if (fs.existsSync(file + side) && side === '-wal') expect(fs.statSync(file + side).size).toBe(0);
      fs.rmSync(file + side, { force: true });
    }
    if (!makeReadOnlyMedia(dir)) return context.skip('cannot make a folder read-only here (root without chattr)');
    const before = snapshot(dir);

    const stats = await cli('stats', '--db', file);
    expect(stats.err).toBe('');
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.out)).toEqual(expected);
    const out = path.join(tempDir(), 'summary.csv');
    const exported = await cli('export', '--db', file, '--month', '2026-09', '--format', 'csv', '--out', out);
    expect(exported.err).toBe('');
    expect(fs.statSync(out).size).toBeGreaterThan(0);
    const preview = await cli('sync-preview', '--db', file, '--period', '2026-09');
    expect(preview.err).toBe('');
    expect(JSON.parse(preview.out)).toMatchObject({ period: '2026-09' });

    const write = await cli('seed', '--db', file, '--conversations', '1', '--append');
    expect(write.code).toBe(1);
    expect(write.err).toContain('read-only');
    expect(write.err).not.toMatch(/SQLITE_|EROFS|EACCES|EPERM|attempt to write/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('paths that are not a database file', () => {
  it('a missing file, a folder, or a missing folder gets a translated message, not SQLite or Node text', async () => {
    const dir = tempDir();
    const missing = await cli('stats', '--db', path.join(dir, 'nothing-here.db'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('[errors.database.path.missing]');
    expect(fs.existsSync(path.join(dir, 'nothing-here.db'))).toBe(false);

    for (const command of [['stats'], ['seed', '--conversations', '1'], ['backup', '--out', path.join(dir, 'b.db')]]) {
      const folder = await cli(command[0]!, '--db', dir, ...command.slice(1));
      expect(folder.code, command.join(' ')).toBe(1);
      expect(folder.err, command.join(' ')).toContain('is a folder, not a database file');
      expect(folder.err, command.join(' ')).not.toMatch(/EISDIR|SQLITE_|unable to open/);
    }
    const noFolder = await cli('seed', '--db', path.join(dir, 'no', 'such', 'folder.db'), '--conversations', '1');
    expect(noFolder.code).toBe(1);
    expect(noFolder.err).toContain('[errors.database.path.folderMissing]');
  });
});
