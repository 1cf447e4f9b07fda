// Handlers for the lock: set-up, unlock, "this is me", lock, and the lock's timings. Unlock
// attempts run one at a time, so two quick tries cannot both slip under the wrong-PIN limit.
import { checkProfileSecret, logAccess, prepareSecret, recentAccessLog } from '../../access/profile-secrets.ts';
import { continueAsVolunteer, protectExistingProfile, setUpLaptop } from '../../access/profiles.ts';
import { sessionOf, writeLockSettings } from '../../access/session.ts';
import { switchVolunteer, currentVolunteer } from '../../records/volunteers.ts';
import type { HandlersFor } from '../dispatcher.ts';
import type { accessMethods } from '../methods/access.ts';
import type { ServiceContext } from '../services.ts';

export function accessHandlers(context: ServiceContext): HandlersFor<typeof accessMethods> {
  const { store, clock } = context;
  const session = sessionOf(context);
  let unlocking: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const next = unlocking.then(work, work);
    unlocking = next.catch(() => undefined);
    return next;
  };
  return {
    'access.status': () => session.status(),
    'access.setUp': async ({ secret, ...profile }) => {
      const created = setUpLaptop(store, clock, profile, await prepareSecret(secret));
      session.openFor(created.id, { elevated: true });
      return created;
    },
    'access.protectProfile': async ({ id, secret }) => {
      const profile = protectExistingProfile(store, clock, id, await prepareSecret(secret));
      session.openFor(profile.id, { elevated: true });
      return profile;
    },
    'access.unlock': ({ id, secret }) =>
      oneAtATime(async () => {
        const profile = await checkProfileSecret(store, clock, id, secret);
        store.transaction(() => switchVolunteer(store, profile.id));
        session.openFor(profile.id, { elevated: true });
        return profile;
      }),
    'access.continueAs': ({ id }) => {
      const profile = continueAsVolunteer(store, clock, id);
      session.openFor(profile.id, { elevated: false });
      return profile;
    },
    'access.lock': () => {
      if (!session.isLocked()) {
        const current = currentVolunteer(store);
        store.transaction(() => logAccess(store, clock, current?.id ?? null, 'locked'));
      }
      session.lock();
      return { locked: session.isLocked() };
    },
    'access.log': ({ limit }) => recentAccessLog(store, limit),
    'access.updateSettings': (settings) => {
      store.transaction(() => writeLockSettings(store, settings));
      return session.status();
    },
  };
}
