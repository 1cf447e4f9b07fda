// For tests about something else than the lock: the store's current profile is the one at the
// unlocked laptop and, if it is a coordinator or lead, has a PIN (TEST_PIN) that was just typed.
import { hasSecret, prepareSecret, storeSecret } from '../../main/access/profile-secrets.ts';
import { AccessSession, type LockTimes } from '../../main/access/session.ts';
import type { ServiceContext } from '../../main/api/services.ts';
import { currentVolunteer } from '../../main/records/volunteers.ts';

/** A PIN that passes the rules (six digits, not a run or a repeat). */
export const TEST_PIN = '246810';

export async function unlockedForCurrentProfile<C extends ServiceContext>(
  context: C,
  lockTimes: Partial<LockTimes> = {},
): Promise<C & { access: AccessSession }> {
  const { store, clock } = context;
  const current = currentVolunteer(store);
  const coordinator = current !== null && current.role !== 'volunteer';
  if (coordinator && !hasSecret(store, current.id)) {
    const secret = await prepareSecret(TEST_PIN);
    store.transaction(() => storeSecret(store, clock, current.id, secret));
  }
  const access = new AccessSession(store, clock, lockTimes);
  if (current) access.openFor(current.id, { elevated: coordinator });
  return { ...context, access };
}
