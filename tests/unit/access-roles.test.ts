// Roles enforced where the records are, not in the page: every method of the contract is
// called in every state a shared laptop can be in, and each refusal is typed, carries a message
// key and changes nothing. Generated over the contract, so a new method cannot skip its role.
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { prepareSecret } from '../../main/access/profile-secrets.ts';
import { addProfile, setUpLaptop } from '../../main/access/profiles.ts';
import { AccessSession } from '../../main/access/session.ts';
import { contract, methodNames, type MethodName } from '../../main/api/contract.ts';
import type { Dispatch } from '../../main/api/dispatcher.ts';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { openSqlite } from '../../main/db/connection.ts';
import { createMigrator } from '../../main/db/migrator.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { createVolunteer, switchVolunteer, type Volunteer } from '../../main/records/volunteers.ts';
import { freshStore, manualClock, tempDir } from '../support/temp-store.ts';

const PIN = '246810';
const accessCodes = ['locked', 'unlock_required', 'setup_required', 'forbidden'];

/** The methods anyone may call, locked or not. A new one must be added here on purpose. */
// startup.progress: the start-up screen shows before anyone can sign in; it tells only how far
// the database update has got.
const openMethods = ['reference.get', 'access.status', 'access.setUp', 'access.protectProfile', 'access.unlock', 'access.continueAs', 'access.lock', 'startup.progress'];
const byLevel = (level: string) => methodNames.filter((m) => contract[m].access === level);

function snapshot(store: Store): string {
  const tables = store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  return JSON.stringify(tables.map((t) => [t, store.sqlite.prepare(`SELECT * FROM "${t}"`).all()]));
}

describe('every method declares who may call it', () => {
  it('as open, volunteer or coordinator; only the lock screen\'s methods are open', () => {
    for (const method of methodNames) expect(['open', 'volunteer', 'coordinator'], method).toContain(contract[method].access);
    expect(byLevel('open').sort()).toEqual([...openMethods].sort());
    // What a volunteer uses at a stall; everything else is a coordinator's.
    expect(byLevel('volunteer')).toEqual(expect.arrayContaining(['sessions.open', 'visits.record', 'conversations.record', 'sites.create', 'sites.list', 'sync.status']));
    expect(byLevel('coordinator')).toEqual(expect.arrayContaining(['sites.update', 'sites.setRetired', 'profiles.create', 'volunteers.update', 'events.detail', 'reports.export', 'maintenance.restore', 'access.updateSettings']));
  });
});

describe('on a protected laptop', () => {
  let store: Store;
  let clock: ReturnType<typeof manualClock>;
  let coordinator: Volunteer;
  let volunteer: Volunteer;
  let session: AccessSession;
  let dispatch: Dispatch;

  beforeEach(async () => {
    ({ store } = await freshStore({ withVolunteer: false }));
    clock = manualClock();
    coordinator = setUpLaptop(store, clock, { name: 'Amina', role: 'coordinator', language: 'en-GB' }, await prepareSecret(PIN));
    volunteer = addProfile(store, clock, { name: 'Sam', role: 'volunteer', language: 'en-GB' }, null);
    session = new AccessSession(store, clock, { unlockSeconds: 300 });
    dispatch = createServiceDispatcher({ store, clock, access: session });
  });

  async function expectRefused(methods: MethodName[], code: string, messageKey: string) {
    const before = snapshot(store);
    for (const method of methods) {
      const result = await dispatch(method, {});
      expect(result, method).toEqual({ ok: false, error: expect.objectContaining({ code, messageKey, fields: [] }) });
    }
    expect(snapshot(store)).toEqual(before);
  }

  it('starts locked: every method but the open ones says so and changes nothing', async () => {
    expect(session.isLocked()).toBe(true);
    await expectRefused([...byLevel('volunteer'), ...byLevel('coordinator')], 'locked', 'errors.access.locked');
  });

  it('a volunteer who picked their name may record, but every coordinator method is refused', async () => {
    expect(await dispatch('access.continueAs', { id: volunteer.id })).toMatchObject({ ok: true });
    await expectRefused(byLevel('coordinator'), 'forbidden', 'errors.coordinatorsOnly');
    for (const method of byLevel('volunteer')) {
      const result = await dispatch(method, {});
      if (!result.ok) expect(accessCodes, method).not.toContain(result.error.code);
    }
  });

  it('a coordinator who is recording needs their PIN again once it has not been used for the unlock time', async () => {
    expect(await dispatch('access.unlock', { id: coordinator.id, secret: PIN })).toMatchObject({ ok: true });
    // Each coordinator action keeps the PIN good for the next five minutes...
    for (let i = 0; i < 3; i++) {
      clock.advance(240_000);
      expect(await dispatch('events.dataChecks', { filters: {} })).toMatchObject({ ok: true });
    }
    // ...and five minutes without one ask for it again, for every coordinator method.
    clock.advance(300_001);
    await expectRefused(byLevel('coordinator'), 'unlock_required', 'errors.access.unlockRequired');
    expect((await dispatch('sessions.today', {})).ok).toBe(true); // still recording
    expect(await dispatch('access.unlock', { id: coordinator.id, secret: PIN })).toMatchObject({ ok: true });
    for (const method of byLevel('coordinator')) {
      const result = await dispatch(method, {});
      if (!result.ok) expect(accessCodes, method).not.toContain(result.error.code);
    }
  });

  it('a volunteer cannot become a coordinator without the PIN, nor switch to one', async () => {
    expect(await dispatch('access.continueAs', { id: coordinator.id })).toMatchObject({ ok: false, error: { code: 'unlock_required' } });
    expect(await dispatch('access.continueAs', { id: volunteer.id })).toMatchObject({ ok: true });
    expect(await dispatch('profiles.switch', { id: coordinator.id })).toMatchObject({ ok: false, error: { code: 'unlock_required' } });
    expect(await dispatch('access.unlock', { id: coordinator.id, secret: '975310' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ field: 'secret', messageKey: 'errors.access.wrongPin' }] },
    });
    expect(await dispatch('access.setUp', { name: 'Mallory', role: 'lead', secret: '975310', language: 'en-GB' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', messageKey: 'errors.access.alreadySetUp' },
    });
    expect(await dispatch('profiles.current', {})).toMatchObject({ ok: true, value: { id: volunteer.id } });
  });

  it('a coordinator or lead is added only with a PIN; a volunteer needs none', async () => {
    await dispatch('access.unlock', { id: coordinator.id, secret: PIN });
    expect(await dispatch('profiles.create', { name: 'Lee', role: 'lead', language: 'en-GB' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ field: 'secret', messageKey: 'errors.access.pinNeededForRole' }] },
    });
    expect(await dispatch('profiles.create', { name: 'Lee', role: 'lead', language: 'en-GB', secret: '975310' })).toMatchObject({ ok: true });
    expect(await dispatch('profiles.create', { name: 'Jo', role: 'volunteer', language: 'en-GB' })).toMatchObject({ ok: true });
    // Adding someone does not hand them the laptop.
    expect(await dispatch('profiles.current', {})).toMatchObject({ ok: true, value: { id: coordinator.id } });
    // Promoting a volunteer needs a PIN for them; demoting removes it.
    expect(await dispatch('volunteers.update', { id: volunteer.id, fields: { name: 'Sam', role: 'coordinator', retired: false } })).toMatchObject({
      ok: false,
      error: { fields: [{ field: 'fields.secret', messageKey: 'errors.access.pinNeededForRole' }] },
    });
    expect(store.sqlite.prepare(`SELECT role FROM volunteer WHERE id = ?`).pluck().get(volunteer.id)).toBe('volunteer');
    await dispatch('volunteers.update', { id: volunteer.id, fields: { name: 'Sam', role: 'coordinator', retired: false, secret: '975310' } });
    expect(store.sqlite.prepare(`SELECT count(*) FROM profile_secret WHERE volunteer_id = ?`).pluck().get(volunteer.id)).toBe(1);
    await dispatch('volunteers.update', { id: volunteer.id, fields: { name: 'Sam', role: 'volunteer', retired: false } });
    expect(store.sqlite.prepare(`SELECT count(*) FROM profile_secret WHERE volunteer_id = ?`).pluck().get(volunteer.id)).toBe(0);
  });

  it('a coordinator changes the lock\'s times within their limits; the defaults are 10 and 5 minutes', async () => {
    const plain = new AccessSession(store, clock);
    expect(plain.times()).toEqual({ idleLockSeconds: 600, unlockSeconds: 300 });
    await dispatch('access.unlock', { id: coordinator.id, secret: PIN });
    expect(await dispatch('access.updateSettings', { idleLockMinutes: 0, unlockMinutes: 61 })).toMatchObject({
      ok: false,
      error: {
        fields: [
          { field: 'idleLockMinutes', messageKey: 'errors.access.idleLockMinutesRange' },
          { field: 'unlockMinutes', messageKey: 'errors.access.unlockMinutesRange' },
        ],
      },
    });
    expect(await dispatch('access.updateSettings', { idleLockMinutes: 3, unlockMinutes: 2 })).toMatchObject({
      ok: true,
      value: { settings: { idleLockMinutes: 3, unlockMinutes: 2 } },
    });
    expect(plain.times()).toEqual({ idleLockSeconds: 180, unlockSeconds: 120 });
  });

  it('locking takes effect at once and is logged', async () => {
    await dispatch('access.unlock', { id: coordinator.id, secret: PIN });
    expect(await dispatch('access.lock', {})).toEqual({ ok: true, value: { locked: true } });
    await expectRefused(['sessions.today', 'events.list'], 'locked', 'errors.access.locked');
    const status = await dispatch('access.status', {});
    expect(status).toMatchObject({ ok: true, value: { locked: true, profile: null, unlockedUntil: null } });
    expect(store.sqlite.prepare('SELECT event FROM access_log ORDER BY id').pluck().all()).toEqual(['set_up', 'unlocked', 'locked']);
  });
});

describe('a laptop with no PIN yet', () => {
  it('at first start, set-up makes a coordinator or lead, never a volunteer, and unlocks it', async () => {
    const { store } = await freshStore({ withVolunteer: false });
    const dispatch = createServiceDispatcher({ store, clock: manualClock() });
    expect(await dispatch('access.setUp', { name: 'Amina', role: 'volunteer', secret: PIN, language: 'en-GB' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await dispatch('access.setUp', { name: 'Amina', role: 'lead', secret: '123456', language: 'en-GB' })).toMatchObject({
      ok: false,
      error: { fields: [{ field: 'secret', messageKey: 'errors.access.pinTooSimple' }] },
    });
    expect(store.sqlite.prepare('SELECT count(*) FROM volunteer').pluck().get()).toBe(0);
    expect(await dispatch('access.setUp', { name: 'Amina', role: 'lead', secret: PIN, language: 'en-GB' })).toMatchObject({ ok: true });
    expect(await dispatch('events.dataChecks', { filters: {} })).toMatchObject({ ok: true });
    store.close();
  });

  it('an older file (before migration 0008) records as before; its first coordinator action asks for a PIN', async () => {
    const file = path.join(tempDir(), 'older.db');
    const raw = openSqlite(file);
    expect((await createMigrator(raw).migrateTo('0007_report_tallies')).error).toBeUndefined();
    raw.close();
    // Made when anyone could pick any role: a volunteer went first, then a coordinator.
    const { store: before } = await openStore(file);
    const clock = manualClock();
    const sam = createVolunteer(before, clock, { name: 'Sam', role: 'volunteer', language: 'en-GB' });
    const amina = createVolunteer(before, clock, { name: 'Amina', role: 'coordinator', language: 'en-GB' }, { setUp: true });
    switchVolunteer(before, sam.id);
    expect(before.sqlite.prepare(`SELECT value FROM setting WHERE key = 'access.idle_lock_minutes'`).pluck().get()).toBe('10');
    before.close();

    const { store } = await openStore(file);
    const dispatch = createServiceDispatcher({ store, clock });
    expect((await dispatch('sessions.today', {})).ok).toBe(true);
    expect(await dispatch('access.status', {})).toMatchObject({ ok: true, value: { protected: false, locked: false, profile: { id: sam.id } } });
    // The volunteer is not locked out of a coordinator: a coordinator profile is protected now.
    expect(await dispatch('profiles.switch', { id: amina.id })).toMatchObject({ ok: true });
    const unchanged = snapshot(store);
    expect(await dispatch('events.list', { filters: {}, limit: 10 })).toMatchObject({ ok: false, error: { code: 'setup_required' } });
    expect(snapshot(store)).toEqual(unchanged);
    expect(await dispatch('access.protectProfile', { id: amina.id, secret: PIN })).toMatchObject({ ok: true });
    expect(await dispatch('events.list', { filters: {}, limit: 10 })).toMatchObject({ ok: true });
    expect(await dispatch('access.protectProfile', { id: amina.id, secret: '975310' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    store.close();
  });
});
