// The PINs of coordinator and lead profiles: set, checked (slowly, with a growing wait after
// repeated failures, kept in the file so a restart does not reset it) and logged. The log says
// who and when, never what was typed.
import type { Store } from '../db/store.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { DomainError, invalid } from '../../shared/errors.ts';
import { findVolunteer, type Volunteer } from '../records/volunteers.ts';
import { hashSecret, needsRehash, parseScryptParams, verifySecret, type SecretHash } from './secret-hash.ts';

export type AccessEvent = 'set_up' | 'unlocked' | 'unlock_failed' | 'unlock_refused' | 'continued' | 'locked' | 'pin_set' | 'pin_reset';

/** Five tries free; then a wait of 30 s, doubling with each further failure, at most 15 minutes. */
export const lockout = { freeAttempts: 5, firstWaitSeconds: 30, maxWaitSeconds: 15 * 60 } as const;

export function waitAfterFailures(failures: number): number {
  if (failures < lockout.freeAttempts) return 0;
  return Math.min(lockout.firstWaitSeconds * 2 ** (failures - lockout.freeAttempts), lockout.maxWaitSeconds);
}

export function logAccess(store: Store, clock: Clock, volunteerId: number | null, event: AccessEvent): void {
  store.run(store.qb.insertInto('access_log').values({ at: isoNow(clock), volunteer_id: volunteerId, event }));
}

export function secretKindOf(secret: string): 'pin' | 'passphrase' {
  return /^\d+$/.test(secret) ? 'pin' : 'passphrase';
}

/** A PIN already hashed (outside the transaction: scrypt is slow and async) is stored here. */
export interface PreparedSecret {
  kind: 'pin' | 'passphrase';
  hashed: SecretHash;
}

export async function prepareSecret(secret: string): Promise<PreparedSecret> {
  return { kind: secretKindOf(secret), hashed: await hashSecret(secret) };
}

/** Inside the caller's transaction: replaces the profile's PIN and clears its failures. */
export function storeSecret(store: Store, clock: Clock, volunteerId: number, secret: PreparedSecret): void {
  const row = {
    kind: secret.kind,
    algorithm: secret.hashed.algorithm,
    params: JSON.stringify(secret.hashed.params),
    salt: secret.hashed.salt,
    hash: secret.hashed.hash,
    set_at: isoNow(clock),
    failed_attempts: 0,
    last_failed_at: null,
  };
  store.run(
    store.qb
      .insertInto('profile_secret')
      .values({ volunteer_id: volunteerId, ...row })
      .onConflict((oc) => oc.column('volunteer_id').doUpdateSet(row)),
  );
}

export function removeSecret(store: Store, volunteerId: number): void {
  store.run(store.qb.deleteFrom('profile_secret').where('volunteer_id', '=', volunteerId));
}

export function hasSecret(store: Store, volunteerId: number): boolean {
  return store.first(store.qb.selectFrom('profile_secret').select('volunteer_id').where('volunteer_id', '=', volunteerId)) !== undefined;
}

// Asked before every call the lock guards: raw SQL from the store's statement cache.
const PROTECTED = `SELECT 1 FROM profile_secret s JOIN volunteer v ON v.id = s.volunteer_id
       WHERE v.role IN ('coordinator', 'lead') AND v.retired_at IS NULL LIMIT 1`;

/** Whether a coordinator or lead in service has a PIN: until then the laptop is not protected. */
export function isLaptopProtected(store: Store): boolean {
  return store.statement(PROTECTED).get() !== undefined;
}

/** Seconds still to wait before this profile may try again (0: it may). */
export function secondsToWait(store: Store, clock: Clock, volunteerId: number): number {
  const row = store.first(
    store.qb.selectFrom('profile_secret').select(['failed_attempts', 'last_failed_at']).where('volunteer_id', '=', volunteerId),
  );
  if (!row?.last_failed_at) return 0;
  const until = Date.parse(row.last_failed_at) + waitAfterFailures(row.failed_attempts) * 1000;
  return Math.max(0, Math.ceil((until - clock().getTime()) / 1000));
}

/**
 * Checks a typed PIN for a coordinator or lead profile. A wrong one counts against the profile
 * and is refused with the wait that now applies; during a wait nothing is even compared.
 */
export async function checkProfileSecret(store: Store, clock: Clock, volunteerId: number, secret: string): Promise<Volunteer> {
  const volunteer = findVolunteer(store, volunteerId);
  if (!volunteer || volunteer.retired) throw new DomainError('not_found', 'errors.notFound', { values: { what: 'volunteer' } });
  const row = store.first(store.qb.selectFrom('profile_secret').selectAll().where('volunteer_id', '=', volunteerId));
  if (!row || volunteer.role === 'volunteer') {
    throw new DomainError('forbidden', 'errors.access.noPinYet', { values: { name: volunteer.name } });
  }
  const wait = secondsToWait(store, clock, volunteerId);
  if (wait > 0) {
    store.transaction(() => logAccess(store, clock, volunteerId, 'unlock_refused'));
    throw new DomainError('forbidden', 'errors.access.tooManyAttempts', { values: { seconds: wait } });
  }
  const stored: SecretHash = { algorithm: 'scrypt', params: parseScryptParams(row.params), salt: row.salt, hash: row.hash };
  if (!(await verifySecret(secret, stored))) {
    const failures = row.failed_attempts + 1;
    store.transaction(() => {
      store.run(
        store.qb.updateTable('profile_secret').set({ failed_attempts: failures, last_failed_at: isoNow(clock) }).where('volunteer_id', '=', volunteerId),
      );
      logAccess(store, clock, volunteerId, 'unlock_failed');
    });
    const seconds = waitAfterFailures(failures);
    throw seconds > 0 ? invalid('secret', 'errors.access.wrongPinWait', { seconds }) : invalid('secret', 'errors.access.wrongPin');
  }
  // Hashed with weaker parameters than today's: redo it now that the PIN is known.
  const rehashed = needsRehash(stored.params) ? await prepareSecret(secret) : null;
  store.transaction(() => {
    if (rehashed) storeSecret(store, clock, volunteerId, rehashed);
    else store.run(store.qb.updateTable('profile_secret').set({ failed_attempts: 0, last_failed_at: null }).where('volunteer_id', '=', volunteerId));
    logAccess(store, clock, volunteerId, 'unlocked');
  });
  return volunteer;
}

export interface AccessLogEntry {
  id: number;
  at: string;
  volunteerId: number | null;
  name: string | null;
  event: AccessEvent;
}

/** The newest entries first: who unlocked, who failed, whose PIN changed, and when. */
export function recentAccessLog(store: Store, limit: number): AccessLogEntry[] {
  return store
    .all(
      store.qb
        .selectFrom('access_log as l')
        .leftJoin('volunteer as v', 'v.id', 'l.volunteer_id')
        .select(['l.id', 'l.at', 'l.volunteer_id', 'v.name', 'l.event'])
        .orderBy('l.id', 'desc')
        .limit(limit),
    )
    .map((row) => ({ id: row.id, at: row.at, volunteerId: row.volunteer_id, name: row.name, event: row.event as AccessEvent }));
}
