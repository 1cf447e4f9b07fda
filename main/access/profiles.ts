// Profiles and their PINs together, one transaction per action: setting the laptop up, adding
// or changing a profile (a coordinator or lead always has a PIN; a volunteer never needs one),
// and the lock screen's "this is me".
import type { Store } from '../db/store.ts';
import type { Clock } from '../../shared/clock.ts';
import { DomainError, invalid, notFound } from '../../shared/errors.ts';
import {
  createVolunteer,
  findVolunteer,
  listVolunteers,
  requireCoordinator,
  switchVolunteer,
  updateVolunteer,
  type Role,
  type Volunteer,
} from '../records/volunteers.ts';
import { hasSecret, isLaptopProtected, logAccess, removeSecret, storeSecret, type PreparedSecret } from './profile-secrets.ts';

function refuseIfProtected(store: Store): void {
  // Set-up is for a laptop nobody protects yet; after that, PINs are a coordinator's business.
  if (isLaptopProtected(store)) throw new DomainError('conflict', 'errors.access.alreadySetUp');
}

/** First start (or the first coordinator action on an older file): a new protected profile. */
export function setUpLaptop(
  store: Store,
  clock: Clock,
  input: { name: string; role: 'coordinator' | 'lead'; language: string },
  secret: PreparedSecret,
): Volunteer {
  return store.transaction(() => {
    refuseIfProtected(store);
    const profile = createVolunteer(store, clock, input, { makeCurrent: true, setUp: true });
    storeSecret(store, clock, profile.id, secret);
    logAccess(store, clock, profile.id, 'set_up');
    return profile;
  });
}

/** An older file's coordinator or lead protects their existing profile. */
export function protectExistingProfile(store: Store, clock: Clock, id: number, secret: PreparedSecret): Volunteer {
  return store.transaction(() => {
    refuseIfProtected(store);
    const profile = findVolunteer(store, id);
    if (!profile || profile.retired) throw notFound('volunteer');
    if (profile.role === 'volunteer') throw new DomainError('forbidden', 'errors.access.volunteersNeedNoPin');
    storeSecret(store, clock, profile.id, secret);
    logAccess(store, clock, profile.id, 'set_up');
    switchVolunteer(store, profile.id);
    return profile;
  });
}

/** A coordinator adds a profile; it does not become the one recording. */
export function addProfile(
  store: Store,
  clock: Clock,
  input: { name: string; role: Role; language: string },
  secret: PreparedSecret | null,
): Volunteer {
  return store.transaction(() => {
    requireCoordinator(store);
    const profile = createVolunteer(store, clock, input, { makeCurrent: false });
    if (profile.role !== 'volunteer') {
      if (!secret) throw invalid('secret', 'errors.access.pinNeededForRole');
      storeSecret(store, clock, profile.id, secret);
      logAccess(store, clock, profile.id, 'pin_set');
    }
    return profile;
  });
}

export function changeProfile(
  store: Store,
  clock: Clock,
  id: number,
  fields: { name: string; role: Role; retired: boolean },
  secret: PreparedSecret | null,
): Volunteer {
  return store.transaction(() => {
    const profile = updateVolunteer(store, clock, id, fields);
    if (profile.role === 'volunteer') {
      removeSecret(store, id);
    } else if (secret) {
      storeSecret(store, clock, id, secret);
      logAccess(store, clock, id, 'pin_set');
    } else if (!hasSecret(store, id)) {
      throw invalid('fields.secret', 'errors.access.pinNeededForRole');
    }
    return profile;
  });
}

/** The lock screen: a volunteer picks their name. Coordinators and leads type their PIN instead. */
export function continueAsVolunteer(store: Store, clock: Clock, id: number): Volunteer {
  return store.transaction(() => {
    const profile = findVolunteer(store, id);
    if (!profile || profile.retired) throw notFound('volunteer');
    if (profile.role !== 'volunteer' && isLaptopProtected(store)) {
      throw new DomainError('unlock_required', 'errors.access.unlockRequired', { values: { name: profile.name } });
    }
    switchVolunteer(store, id);
    logAccess(store, clock, id, 'continued');
    return profile;
  });
}

/**
 * A forgotten PIN, reset by someone who can open the database file (the CLI's reset-pin): the
 * profile is named as it appears in the app; its wrong-PIN count starts again.
 */
export function resetProfileSecret(store: Store, clock: Clock, profileName: string, secret: PreparedSecret): Volunteer {
  return store.transaction(() => {
    const wanted = profileName.trim().toLocaleLowerCase('en-GB');
    const matches = listVolunteers(store).filter((v) => v.name.trim().toLocaleLowerCase('en-GB') === wanted);
    const protectable = listVolunteers(store).filter((v) => v.role !== 'volunteer').map((v) => v.name);
    if (matches.length === 0) {
      throw new DomainError('not_found', 'errors.access.noSuchProfile', { values: { name: profileName, names: protectable.join(', ') || '—' } });
    }
    if (matches.length > 1) throw new DomainError('conflict', 'errors.access.profileNameTwice', { values: { name: profileName } });
    const profile = matches[0]!;
    if (profile.role === 'volunteer') throw new DomainError('forbidden', 'errors.access.volunteersNeedNoPin');
    storeSecret(store, clock, profile.id, secret);
    logAccess(store, clock, profile.id, 'pin_reset');
    return profile;
  });
}
