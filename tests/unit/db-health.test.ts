// A damaged database is found (quick_check, or it will not open), kept aside under a
// timestamped name — never deleted or "repaired" — and replaced by the newest automatic
// backup that is itself sound, if the person agrees. Daily backups: one a day, the last 7.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { databaseFileKind, openSqlite } from '../../main/db/connection.ts';
import {
  checkIntegrity,
  checkIntegrityNow,
  listAutomaticBackups,
  openStoreWithRecovery,
  pruneDailyBackups,
  takeDailyBackup,
  watchDatabaseHealth,
  type RecoveryPrompt,
} from '../../main/db/health.ts';
import { backupsDirectoryOf } from '../../main/db/snapshot.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { conversationFields, openStallSession, overwriteBytes, randomKey } from '../support/durability-fixtures.ts';
import { manualClock, tempDir } from '../support/temp-store.ts';

const clock = manualClock('2026-11-20T10:00:00.000Z');
const conversations = (store: Store) => (store.sqlite.prepare('SELECT count(*) AS n FROM conversation').get() as { n: number }).n;

/** A database with `n` conversations, closed (its WAL folded into the file). */
async function databaseWith(n: number, key?: Buffer): Promise<{ file: string; dir: string; eventId: number }> {
  const dir = tempDir();
  const file = path.join(dir, 'outreach-tally.db');
  const { store } = await openStore(file, { key });
  const eventId = openStallSession(store, clock);
  for (let i = 0; i < n; i++) recordConversation(store, clock, conversationFields(eventId, `conversation ${i} `.repeat(20)));
  store.close();
  return { file, dir, eventId };
}

const pageSize = 4096;
/** Garbage over pages in the middle of the file: b-tree pages of the records, not the header. */
function damagePages(file: string): void {
  const pages = Math.floor(fs.statSync(file).size / pageSize);
  overwriteBytes(file, Math.floor(pages / 2) * pageSize, 3 * pageSize);
}

describe.each([
  ['unencrypted', undefined],
  ['encrypted', randomKey()],
])('the health of an %s database', (_label, key) => {
  it('passes a sound file and finds damage in the middle of one', async () => {
    const { file } = await databaseWith(300, key);
    expect(await checkIntegrity(file, { key })).toEqual({ ok: true, problems: [] });
    expect(await checkIntegrity(file, { key, level: 'full' })).toEqual({ ok: true, problems: [] });
    damagePages(file);
    const report = await checkIntegrity(file, { key });
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
  });

  it('at start-up: keeps a file that will not open aside and restores the newest sound backup', async () => {
    const { file, dir } = await databaseWith(20, key);
    const { store } = await openStore(file, { key });
    // Two daily backups; the newer one is itself damaged, so the older one is offered.
    clock.set('2026-11-18T12:00:00.000Z');
    const older = (await takeDailyBackup(store, { now: clock() }))!;
    recordConversation(store, clock, conversationFields(1));
    clock.set('2026-11-19T12:00:00.000Z');
    const newer = (await takeDailyBackup(store, { now: clock() }))!;
    store.close();
    fs.utimesSync(older, new Date('2026-11-18T12:00:00Z'), new Date('2026-11-18T12:00:00Z'));
    overwriteBytes(newer, 0, 100);
    overwriteBytes(file, 0, 100); // the header: the file cannot even be opened

    const prompts: RecoveryPrompt[] = [];
    const opened = await openStoreWithRecovery(file, {
      key,
      now: () => new Date('2026-11-20T09:30:00.000Z'),
      ask: async (prompt) => (prompts.push(prompt), 'recover'),
    });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.backup?.file).toBe(older);
    expect(prompts[0]!.problems[0]).toMatch(/cannot be (read|opened)|not a database/);
    expect(opened!.recovery!.setAside).toBe(path.join(dir, 'outreach-tally.damaged-2026-11-20T09-30-00-000Z.db'));
    expect(conversations(opened!.store)).toBe(20); // the older backup's records
    expect(opened!.store.encrypted).toBe(key !== undefined);
    opened!.store.close();
    expect(fs.existsSync(older)).toBe(true); // the backup itself is kept
    expect(databaseFileKind(file)).toBe(key ? 'encrypted-or-other' : 'plaintext');
  });

  it('at start-up: changes nothing if the person chooses to quit', async () => {
    const { file, dir } = await databaseWith(5, key);
    overwriteBytes(file, 0, 100);
    const bytes = fs.readFileSync(file);
    const opened = await openStoreWithRecovery(file, { key, ask: async () => 'quit' });
    expect(opened).toBeNull();
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['outreach-tally.db']);
  });

  it('while running: finds damage, asks, and recovers into the same store (empty if there is no backup)', async () => {
    const { file, dir } = await databaseWith(300, key);
    const { store } = await openStore(file, { key });
    damagePages(file); // as if the disk went bad under the running app
    const ask = vi.fn(async () => 'recover' as const);
    const onRecovered = vi.fn();
    const watch = watchDatabaseHealth(store, { ask, onRecovered, now: () => new Date('2026-11-20T11:00:00.000Z') });
    expect((await watch.checked).ok).toBe(false);
    watch.stop();
    expect(ask).toHaveBeenCalledWith(expect.objectContaining({ file, backup: null }));
    expect(onRecovered).toHaveBeenCalledWith({ setAside: path.join(dir, 'outreach-tally.damaged-2026-11-20T11-00-00-000Z.db'), restoredFrom: null });
    // The same Store object now holds a new, empty, sound database; services keep working.
    expect(conversations(store)).toBe(0);
    expect(checkIntegrityNow(store.sqlite)).toEqual({ ok: true, problems: [] });
    openStallSession(store, clock);
    store.close();
    // The damaged file is kept with whatever -wal and -shm it had.
    expect(fs.readdirSync(dir).filter((name) => !name.startsWith('outreach-tally.damaged-2026-11-20T11-00-00-000Z.db'))).toEqual([
      'outreach-tally.db',
    ]);
  });

  it('while running: takes one backup a day, encrypted like the database, and keeps the newest 7', async () => {
    const { file } = await databaseWith(3, key);
    const { store } = await openStore(file, { key });
    const watch = watchDatabaseHealth(store, { ask: async () => 'quit', now: () => new Date('2026-11-20T23:30:00.000Z') });
    expect((await watch.checked).ok).toBe(true);
    watch.stop();
    const today = path.join(backupsDirectoryOf(file), 'daily-2026-11-20.db');
    expect(fs.existsSync(today)).toBe(true);
    expect(databaseFileKind(today)).toBe(key ? 'encrypted-or-other' : 'plaintext');
    const copy = openSqlite(today, { key, readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM conversation').get()).toEqual({ n: 3 });
    copy.close();
    // 00:30 in London on 21 November (GMT) is a new day.
    expect(await takeDailyBackup(store, { now: new Date('2026-11-20T23:59:00.000Z') })).toBeNull();
    for (let day = 1; day <= 9; day++) {
      const now = new Date(Date.UTC(2026, 11, day, 12));
      expect(await takeDailyBackup(store, { now })).toMatch(/daily-2026-12-\d\d\.db$/);
    }
    const daily = listAutomaticBackups(file).filter((b) => b.kind === 'daily');
    expect(daily.map((b) => path.basename(b.file)).sort()).toEqual(
      ['03', '04', '05', '06', '07', '08', '09'].map((d) => `daily-2026-12-${d}.db`),
    );
    expect(pruneDailyBackups(file, 7)).toEqual([]);
    store.close();
  });
});
