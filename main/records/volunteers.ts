// Local volunteer profiles on a shared laptop. They name who recorded what (for the audit
// trail and the coordinator's review); they never leave the device.
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { DomainError, notFound } from '../../shared/errors.ts';

export type Role = 'volunteer' | 'coordinator' | 'lead';

export interface Volunteer {
  id: number;
  name: string;
  role: Role;
  language: string;
  retired: boolean;
}

const CURRENT = 'current_volunteer_id';

function toVolunteer(row: { id: number; name: string; role: string; language: string; retired_at: string | null }): Volunteer {
  return { id: row.id, name: row.name, role: row.role as Role, language: row.language, retired: row.retired_at !== null };
}

export function listVolunteers(store: Store, includeRetired = false): Volunteer[] {
  let query = store.qb.selectFrom('volunteer').select(['id', 'name', 'role', 'language', 'retired_at']).orderBy('name');
  if (!includeRetired) query = query.where('retired_at', 'is', null);
  return store.all(query).map(toVolunteer);
}

export function findVolunteer(store: Store, id: number): Volunteer | undefined {
  const row = store.first(
    store.qb.selectFrom('volunteer').select(['id', 'name', 'role', 'language', 'retired_at']).where('id', '=', id),
  );
  return row ? toVolunteer(row) : undefined;
}

export function currentVolunteer(store: Store): Volunteer | null {
  const setting = store.first(store.qb.selectFrom('setting').select('value').where('key', '=', CURRENT));
  if (!setting) return null;
  const volunteer = findVolunteer(store, Number(setting.value));
  return volunteer && !volunteer.retired ? volunteer : null;
}

/** The profile records are attributed to; every recording action needs one. */
export function requireCurrentVolunteer(store: Store): Volunteer {
  const volunteer = currentVolunteer(store);
  if (!volunteer) throw new DomainError('forbidden', 'errors.noProfile');
  return volunteer;
}

/** Managing sites, events, volunteers and lists is for coordinators and outreach leads. */
export function requireCoordinator(store: Store): Volunteer {
  const volunteer = requireCurrentVolunteer(store);
  if (volunteer.role === 'volunteer') throw new DomainError('forbidden', 'errors.coordinatorsOnly');
  return volunteer;
}

function setCurrent(store: Store, id: number): void {
  store.run(
    store.qb
      .insertInto('setting')
      .values({ key: CURRENT, value: String(id) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(id) })),
  );
}

export function createVolunteer(
  store: Store,
  clock: Clock,
  input: { name: string; role: Role; language: string },
  options: {
    /** Whether the new profile becomes the one recording (the default, as for a laptop's first). */
    makeCurrent?: boolean;
    /** The laptop's set-up: whoever is at it makes the first protected profile. */
    setUp?: boolean;
  } = {},
): Volunteer {
  return store.transaction(() => {
    const at = isoNow(clock);
    const actor = currentVolunteer(store);
    // Only coordinators add coordinators, except when a laptop nobody protects yet is set up.
    if (!options.setUp && actor?.role === 'volunteer' && input.role !== 'volunteer') {
      throw new DomainError('forbidden', 'errors.coordinatorsOnly');
    }
    const { lastInsertRowid: id } = store.run(
      store.qb.insertInto('volunteer').values({ name: input.name, role: input.role, language: input.language, created_at: at }),
    );
    recordAudit(store, { at, actorId: actor?.id ?? id, entity: 'volunteer', entityId: id, action: 'create', after: input });
    if (options.makeCurrent ?? true) setCurrent(store, id);
    return { id, ...input, retired: false };
  });
}

export function switchVolunteer(store: Store, id: number): Volunteer {
  return store.transaction(() => {
    const volunteer = findVolunteer(store, id);
    if (!volunteer || volunteer.retired) throw notFound('volunteer');
    setCurrent(store, id);
    return volunteer;
  });
}

export function setVolunteerLanguage(store: Store, language: string): Volunteer {
  return store.transaction(() => {
    const volunteer = requireCurrentVolunteer(store);
    store.run(store.qb.updateTable('volunteer').set({ language }).where('id', '=', volunteer.id));
    return { ...volunteer, language };
  });
}

export function updateVolunteer(
  store: Store,
  clock: Clock,
  id: number,
  fields: { name: string; role: Role; retired: boolean },
): Volunteer {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const before = findVolunteer(store, id);
    if (!before) throw notFound('volunteer');
    if (id === actor.id && (fields.retired || fields.role === 'volunteer')) {
      // Nobody locks themselves out of managing the laptop.
      throw new DomainError('conflict', 'errors.cannotDemoteYourself');
    }
    const at = isoNow(clock);
    const { retired_at: retiredAt } = store.first(store.qb.selectFrom('volunteer').select('retired_at').where('id', '=', id))!;
    store.run(
      store.qb
        .updateTable('volunteer')
        .set({ name: fields.name, role: fields.role, retired_at: fields.retired ? (retiredAt ?? at) : null })
        .where('id', '=', id),
    );
    const after = findVolunteer(store, id)!;
    recordAudit(store, { at, actorId: actor.id, entity: 'volunteer', entityId: id, action: 'update', before, after });
    return after;
  });
}
