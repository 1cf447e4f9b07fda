// PINs as a coordinator's laptop keeps them: slow salted hashes with their parameters beside
// them, a growing wait after five wrong tries that a restart does not reset, and a log that
// never holds what was typed.
import { describe, expect, it } from 'vitest';
import { checkProfileSecret, prepareSecret, secondsToWait, storeSecret, waitAfterFailures } from '../../main/access/profile-secrets.ts';
import { setUpLaptop } from '../../main/access/profiles.ts';
import { currentScryptParams, hashSecret, needsRehash, parseScryptParams, verifySecret } from '../../main/access/secret-hash.ts';
import { secretProblem } from '../../main/api/methods/access.ts';
import type { Store } from '../../main/db/store.ts';
import { DomainError } from '../../shared/errors.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

const PIN = '246810';

async function failure(promise: Promise<unknown>): Promise<{ messageKey: string; values: Record<string, unknown>; fields: { messageKey: string; values?: Record<string, unknown> }[] }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

function accessLog(store: Store): string[] {
  return (store.sqlite.prepare('SELECT event FROM access_log ORDER BY id').all() as { event: string }[]).map((r) => r.event);
}

/** Every text and blob in the file, to prove a PIN is nowhere in it. */
function everything(store: Store): string {
  const tables = store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  return tables
    .map((t) =>
      JSON.stringify(store.sqlite.prepare(`SELECT * FROM "${t}"`).all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)),
    )
    .join('\n');
}

describe('hashing a PIN', () => {
  it('is salted, checks the right PIN only, and compares the whole derived key', async () => {
    const a = await hashSecret(PIN);
    const b = await hashSecret(PIN);
    expect(a.params).toEqual(currentScryptParams);
    expect(a.salt.length).toBe(16);
    expect(a.hash.length).toBe(currentScryptParams.keyLength);
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.hash.equals(b.hash)).toBe(false);
    expect(await verifySecret(PIN, a)).toBe(true);
    expect(await verifySecret('246811', a)).toBe(false);
    expect(await verifySecret(PIN, { ...a, hash: a.hash.subarray(0, 16) })).toBe(false);
  });

  it('keeps its parameters beside the hash, so they can be raised later', async () => {
    const weaker = { ...currentScryptParams, N: 2 ** 14 };
    const old = await hashSecret(PIN, weaker);
    expect(await verifySecret(PIN, old)).toBe(true);
    expect(needsRehash(weaker)).toBe(true);
    expect(needsRehash(currentScryptParams)).toBe(false);
    expect(parseScryptParams(JSON.stringify(currentScryptParams))).toEqual(currentScryptParams);
    expect(() => parseScryptParams(JSON.stringify({ ...currentScryptParams, N: 3000 }))).toThrow();
    expect(() => parseScryptParams(JSON.stringify({ ...currentScryptParams, N: 2 ** 30 }))).toThrow();
  });

  it('redoes a hash made with weaker parameters at the next unlock', async () => {
    const { store } = await freshStore({ withVolunteer: false });
    const clock = manualClock();
    const amina = setUpLaptop(store, clock, { name: 'Amina', role: 'coordinator', language: 'en-GB' }, await prepareSecret(PIN));
    const weak = { kind: 'pin' as const, hashed: await hashSecret(PIN, { ...currentScryptParams, N: 2 ** 14 }) };
    store.transaction(() => storeSecret(store, clock, amina.id, weak));
    await checkProfileSecret(store, clock, amina.id, PIN);
    const row = store.sqlite.prepare('SELECT params FROM profile_secret WHERE volunteer_id = ?').get(amina.id) as { params: string };
    expect(JSON.parse(row.params)).toEqual(currentScryptParams);
    await checkProfileSecret(store, clock, amina.id, PIN);
    store.close();
  });
});

describe('the PIN rule', () => {
  it('takes a PIN of 6+ digits or a passphrase of 8+ characters, and refuses the first PINs guessed', () => {
    expect(secretProblem('246810')).toBeNull();
    expect(secretProblem('river stall 7')).toBeNull();
    expect(secretProblem('ab12cd34')).toBeNull();
    expect(secretProblem('24681')).toBe('errors.access.pinTooShort');
    expect(secretProblem('')).toBe('errors.access.pinTooShort');
    expect(secretProblem('abc1234')).toBe('errors.access.passphraseTooShort');
    expect(secretProblem('        ')).toBe('errors.access.passphraseTooShort');
    for (const simple of ['000000', '111111', '123456', '654321', '890123', '1234567890']) {
      expect(secretProblem(simple), simple).toBe('errors.access.pinTooSimple');
    }
    expect(secretProblem('x'.repeat(129))).toBe('errors.access.secretTooLong');
  });
});

describe('wrong PINs', () => {
  it('five are free; then a growing wait, capped at 15 minutes', () => {
    expect([0, 4, 5, 6, 7, 8, 20].map(waitAfterFailures)).toEqual([0, 0, 30, 60, 120, 240, 900]);
  });

  it('are counted in the file, refused without comparing during the wait, logged, and cleared by the right PIN', async () => {
    const { store, file } = await freshStore({ withVolunteer: false });
    const clock = manualClock();
    const amina = setUpLaptop(store, clock, { name: 'Amina', role: 'coordinator', language: 'en-GB' }, await prepareSecret(PIN));
    for (let i = 1; i <= 4; i++) {
      expect((await failure(checkProfileSecret(store, clock, amina.id, '975310'))).fields[0]!.messageKey).toBe('errors.access.wrongPin');
    }
    const fifth = await failure(checkProfileSecret(store, clock, amina.id, '975310'));
    expect(fifth.fields[0]).toMatchObject({ messageKey: 'errors.access.wrongPinWait', values: { seconds: 30 } });

    // During the wait even the right PIN is refused, without being compared.
    clock.advance(10_000);
    expect(await failure(checkProfileSecret(store, clock, amina.id, PIN))).toMatchObject({
      messageKey: 'errors.access.tooManyAttempts',
      values: { seconds: 20 },
    });

    // A restart does not reset the count: it is in the file.
    store.close();
    const { store: reopened } = await (await import('../../main/db/store.ts')).openStore(file);
    expect(secondsToWait(reopened, clock, amina.id)).toBe(20);
    clock.advance(20_000);
    const sixth = await failure(checkProfileSecret(reopened, clock, amina.id, '975311'));
    expect(sixth.fields[0]).toMatchObject({ messageKey: 'errors.access.wrongPinWait', values: { seconds: 60 } });
    clock.advance(60_000);
    await expect(checkProfileSecret(reopened, clock, amina.id, PIN)).resolves.toMatchObject({ name: 'Amina' });
    expect(secondsToWait(reopened, clock, amina.id)).toBe(0);
    expect(reopened.sqlite.prepare('SELECT failed_attempts FROM profile_secret').pluck().get()).toBe(0);

    expect(accessLog(reopened)).toEqual(['set_up', ...Array(5).fill('unlock_failed'), 'unlock_refused', 'unlock_failed', 'unlocked']);
    const dump = everything(reopened);
    for (const typed of [PIN, '975310', '975311']) expect(dump).not.toContain(typed);
    reopened.close();
  });
});
