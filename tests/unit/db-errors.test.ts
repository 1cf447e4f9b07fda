// When the disk is full, the file is read-only or locked, the person gets a message they can
// act on (a message key), and the action leaves nothing half-written: its whole transaction
// is rolled back, so trying again after fixing the cause records it exactly once.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { openSqlite } from '../../main/db/connection.ts';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { DatabaseError, asDatabaseError } from '../../main/db/errors.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';
import { exactCounts } from '../../main/sync/aggregate.ts';
import { unlockedForCurrentProfile } from '../support/access.ts';
import { conversationFields, openStallSession, randomKey } from '../support/durability-fixtures.ts';
import { freshStore, manualClock, tempDir } from '../support/temp-store.ts';

const clock = manualClock();
const tables = ['conversation', 'conversation_topic', 'conversation_outcome', 'audit'];
const counts = (store: Store) =>
  Object.fromEntries(tables.map((t) => [t, (store.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/**
 * Makes a file read-only for this process. chmod is enough for a normal user; root ignores
 * permission bits, so there the file is also made immutable (chattr +i), if the file system
 * and capabilities allow. Returns false if neither works.
 */
function makeReadOnly(file: string): boolean {
  fs.chmodSync(file, 0o444);
  cleanups.push(() => fs.chmodSync(file, 0o644));
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
  } catch {
    return false;
  }
  cleanups.unshift(() => execFileSync('chattr', ['-i', file], { stdio: 'ignore' }));
  return true;
}

describe.each([
  ['an unencrypted database', undefined],
  ['an encrypted database', randomKey()],
])('file-level failures on %s', (_label, key) => {
  it('reports a full disk, rolls the whole action back, and takes the same input once there is room', async () => {
    const { store } = await openStore(path.join(tempDir(), 'full.db'), { key });
    const eventId = openStallSession(store, clock);
    const long = 'Talked through the bowel screening kit step by step. '.repeat(30);
    // A disk with room for one more page: the next few conversations fill it.
    store.sqlite.pragma(`max_page_count = ${Number(store.sqlite.pragma('page_count', { simple: true })) + 1}`);
    let error: unknown;
    let before = counts(store);
    for (let i = 0; i < 50 && !error; i++) {
      before = counts(store);
      try {
        recordConversation(store, clock, conversationFields(eventId, long));
      } catch (caught) {
        error = caught;
      }
    }
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: 'unavailable', messageKey: 'errors.database.diskFull', sqliteCode: 'SQLITE_FULL' });
    expect(counts(store)).toEqual(before); // no conversation without its topics, no audit entry without its record
    expect(store.sqlite.inTransaction).toBe(false);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');

    store.sqlite.pragma('max_page_count = 1073741823'); // room again
    recordConversation(store, clock, conversationFields(eventId, long));
    expect(counts(store).conversation).toBe(before.conversation! + 1);
    store.close();
  });

  it('reports a read-only database through the api, and writes nothing', async (context) => {
    const file = path.join(tempDir(), 'read-only.db');
    const setup = await openStore(file, { key });
    const eventId = openStallSession(setup.store, clock);
    setup.store.close();
    const bytes = fs.readFileSync(file);
    if (!makeReadOnly(file)) return context.skip('running as root where chattr +i is not allowed: cannot make a file read-only');

    // It still opens — records can be read — but every change is refused with a clear message.
    const { store } = await openStore(file, { key });
    const dispatch = createServiceDispatcher({ store, clock });
    const result = await dispatch('conversations.record', conversationFields(eventId, 'kept in the form'));
    expect(result).toEqual({
      ok: false,
      error: { code: 'unavailable', messageKey: 'errors.database.readOnly', values: {}, fields: [] },
    });
    expect(await dispatch('sessions.today', {})).toMatchObject({ ok: true });
    store.close();
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('reports a database another program keeps locked', async () => {
    const file = path.join(tempDir(), 'locked.db');
    const { store } = await openStore(file, { key });
    const eventId = openStallSession(store, clock);
    const other = openSqlite(file, { key });
    other.exec('BEGIN IMMEDIATE');
    store.sqlite.pragma('busy_timeout = 50'); // the app waits 5 s; the test need not
    const before = counts(store);
    const error = thrown(() => recordConversation(store, clock, conversationFields(eventId)));
    expect(error).toMatchObject({ messageKey: 'errors.database.busy', code: 'unavailable' });
    other.exec('ROLLBACK');
    other.close();
    expect(counts(store)).toEqual(before);
    store.close();
  });
});

describe('a full disk during a read', () => {
  // A read can need room too: SQLite sorts and groups through temporary files, and a full disk
  // fails the statement with SQLITE_FULL. The fault is raised inside SQLite's own execution of
  // the reports' statements (their sum() replaced by one that fails as the disk would), so it
  // reaches the service exactly as SQLite's error does.
  const fillDisk = (store: Store) =>
    store.sqlite.aggregate('sum', {
      start: 0,
      step: (_total: number, _value: number) => {
        throw new Sqlite.SqliteError('database or disk is full', 'SQLITE_FULL');
      },
    });

  it('is the same message on the dashboard as everywhere else, not an internal error', async () => {
    const { store, dir } = await freshStore();
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    seedSyntheticData(store, { conversations: 300, seed: 3, append: true });
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store, clock }));
    const october = { from: '2026-10-01', to: '2026-10-31' };
    expect(await dispatch('reports.dashboard', { filters: october, granularity: 'week' })).toMatchObject({ ok: true });

    fillDisk(store);
    expect(await dispatch('reports.dashboard', { filters: october, granularity: 'week' })).toEqual({
      ok: false,
      error: { code: 'unavailable', messageKey: 'errors.database.diskFull', values: {}, fields: [] },
    });
    expect(thrown(() => dashboardFigures(store, october, 'month'))).toMatchObject({ messageKey: 'errors.database.diskFull', sqliteCode: 'SQLITE_FULL' });
    // The sync aggregation reads the same tallies (a month with visitors, summed by SQLite).
    const month = store.sqlite.prepare('SELECT substr(max(local_day), 1, 7) FROM visit WHERE deleted_at IS NULL').pluck().get() as string;
    expect(thrown(() => exactCounts(store, month))).toMatchObject({ messageKey: 'errors.database.diskFull' });
    expect(store.sqlite.inTransaction).toBe(false);
    store.close();
  });
});

describe('asDatabaseError', () => {
  const sqliteError = (code: string) => Object.assign(new Error(code), { code });

  it('maps the failures of the file itself, and only those', () => {
    expect(asDatabaseError(sqliteError('SQLITE_IOERR_FSYNC'))).toMatchObject({ messageKey: 'errors.database.ioError' });
    expect(asDatabaseError(sqliteError('SQLITE_READONLY_DBMOVED'))).toMatchObject({ messageKey: 'errors.database.readOnly' });
    expect(asDatabaseError(sqliteError('SQLITE_BUSY_SNAPSHOT'))).toMatchObject({ messageKey: 'errors.database.busy' });
    expect(asDatabaseError(sqliteError('SQLITE_CORRUPT_INDEX'))).toMatchObject({ messageKey: 'errors.database.corrupt' });
    expect(asDatabaseError(new TypeError('The database connection is not open'))).toMatchObject({
      messageKey: 'errors.database.unavailable',
    });
    const constraint = sqliteError('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(asDatabaseError(constraint)).toBe(constraint); // a bug, not the user's problem: stays internal
  });
});
