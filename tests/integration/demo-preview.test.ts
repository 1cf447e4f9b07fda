// A newcomer's first ten minutes: `seed` with no --now writes records that run up to yesterday
// (so "This month" has data on any day but the 1st), and `npm run preview -- --demo` serves a
// freshly seeded demo database whose dates end today, on the port and in the folder asked for.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../main/db/store.ts';
import { addDays } from '../../shared/periods.ts';
import { londonDayOf } from '../../shared/clock.ts';
import { stopOnCleanup } from '../support/cleanup.ts';
import { tempDir } from '../support/temp-store.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = tempDir('outreach-tally-demo-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function lastRecordedDay(file: string): Promise<string> {
  const { store } = await openStore(file);
  try {
    return store.sqlite.prepare('SELECT max(local_day) FROM conversation').pluck().get() as string;
  } finally {
    store.close();
  }
}

describe('data that ends today', () => {
  it('seed without --now: the records run up to yesterday (London days)', async () => {
    const db = path.join(dir, 'seeded.db');
    const run = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, ['main/cli.ts', 'seed', '--db', db, '--conversations', '3000'], { cwd: root }, (error, stdout) =>
        resolve({ code: error ? -1 : 0, stdout }),
      ),
    );
    expect(run.code).toBe(0);
    const today = londonDayOf(new Date());
    const summary = JSON.parse(run.stdout);
    // Seeded as of today: its calendar's last day is yesterday, and the sessions are spread over it.
    expect(summary.now).toBe(`${today}T00:00:00.000Z`);
    expect(summary.lastDay <= addDays(today, -1)).toBe(true);
    expect(summary.lastDay >= addDays(today, -92)).toBe(true);
    expect(await lastRecordedDay(db)).toBe(summary.lastDay);
  }, 60_000);

  it('preview --demo serves a seeded database whose records end today, on PORT, in OUTREACH_PREVIEW_DIR', async () => {
    const data = path.join(dir, 'preview');
    const child = stopOnCleanup(spawn(process.execPath, ['main/harness/preview.ts', '--demo'], {
      cwd: root,
      env: { ...process.env, PORT: '0', OUTREACH_PREVIEW_DIR: data },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (found) resolve(found[1]!);
        });
        child.on('exit', (code) => reject(new Error(`preview exited with ${code}: ${out}`)));
      });
      expect(url).not.toContain(':5180/');
      const page = await fetch(url);
      expect(page.status).toBeLessThan(500);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(fs.existsSync(path.join(data, 'outreach-tally.db'))).toBe(false); // the usual data is left alone
    // Dense enough that the last week has records, and nothing after yesterday.
    const last = await lastRecordedDay(path.join(data, 'demo.db'));
    const today = londonDayOf(new Date());
    expect(last <= addDays(today, -1) && last >= addDays(today, -7), last).toBe(true);
  }, 180_000);
});
