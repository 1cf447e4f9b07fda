// A forgotten PIN, reset by whoever can open the database: `reset-pin` reads the new PIN from
// stdin or a file, never from an argument, applies the same rule as the app, and clears the
// wrong-PIN wait.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProfileSecret, prepareSecret, secondsToWait } from '../../main/access/profile-secrets.ts';
import { addProfile, setUpLaptop } from '../../main/access/profiles.ts';
import { openStore } from '../../main/db/store.ts';
import { DomainError } from '../../shared/errors.ts';
import { stopOnCleanup } from '../support/cleanup.ts';
import { manualClock, tempDir } from '../support/temp-store.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = tempDir('outreach-tally-reset-pin-');
const db = path.join(dir, 'laptop.db');
const OLD = '246810';
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = stopOnCleanup(spawn(process.execPath, ['main/cli.ts', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function unlocks(pin: string): Promise<boolean> {
  const { store } = await openStore(db);
  try {
    const id = store.sqlite.prepare(`SELECT id FROM volunteer WHERE name = 'Amina'`).pluck().get() as number;
    await checkProfileSecret(store, () => new Date(), id, pin);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  } finally {
    store.close();
  }
}

describe('cli reset-pin', () => {
  beforeAll(async () => {
    const { store } = await openStore(db);
    const clock = manualClock();
    setUpLaptop(store, clock, { name: 'Amina', role: 'coordinator', language: 'en-GB' }, await prepareSecret(OLD));
    addProfile(store, clock, { name: 'Sam', role: 'volunteer', language: 'en-GB' }, null);
    store.close();
    // Amina has forgotten it: five wrong tries and the laptop makes her wait.
    for (let i = 0; i < 5; i++) expect(await unlocks('975310')).toBe(false);
  });

  it('sets a new PIN read from stdin, clears the wait, and logs the reset', async () => {
    const result = await cli(['reset-pin', '--db', db, '--profile', 'amina'], '864213\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ profile: 'Amina', role: 'coordinator', pinReset: true });
    const { store } = await openStore(db);
    expect(secondsToWait(store, () => new Date(), 1)).toBe(0);
    expect(store.sqlite.prepare(`SELECT event FROM access_log ORDER BY id DESC LIMIT 1`).pluck().get()).toBe('pin_reset');
    store.close();
    expect(await unlocks('864213')).toBe(true);
    expect(await unlocks(OLD)).toBe(false);
  });

  it('reads it from the first line of a file', async () => {
    const file = path.join(dir, 'new-pin.txt');
    fs.writeFileSync(file, 'stall table passphrase\r\nignored\n', { mode: 0o600 });
    const result = await cli(['reset-pin', '--db', db, '--profile', 'Amina', '--pin-file', file]);
    expect(result.code).toBe(0);
    expect(await unlocks('stall table passphrase')).toBe(true);
  });

  // Five CLI processes, each starting Node and the store: a loaded machine needs longer than the default.
  it('never takes the PIN as an argument, refuses a weak one, a volunteer and an unknown name, and changes nothing', { timeout: 60_000 }, async () => {
    const before = fs.readFileSync(db);
    const asArgument = await cli(['reset-pin', '--db', db, '--profile', 'Amina', '--pin', '864213']);
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toMatch(/Unknown option '--pin'/);

    const weak = await cli(['reset-pin', '--db', db, '--profile', 'Amina'], '123456\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Choose a PIN that is not one digit repeated or a run such as 123456.');

    const volunteer = await cli(['reset-pin', '--db', db, '--profile', 'Sam'], '864213\n');
    expect(volunteer.code).toBe(1);
    expect(volunteer.stderr).toContain('Volunteers need no PIN');

    const nobody = await cli(['reset-pin', '--db', db, '--profile', 'Zed'], '864213\n');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('There is no profile called Zed. Coordinators and outreach leads: Amina.');

    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(await unlocks('stall table passphrase')).toBe(true);
  });
});
