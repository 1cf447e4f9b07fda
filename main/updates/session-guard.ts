// "Never interrupt a session in progress": a restart to update waits while a session is open.
// Open means started in the last 12 hours and not yet ended (or ending later); a session left
// open last week is a data-quality flag for a coordinator, not a reason never to update.
import type { Store } from '../db/store.ts';
import type { Clock } from '../../shared/clock.ts';

export const SESSION_GUARD_HOURS = 12;

export function sessionInProgress(store: Store, clock: Clock): boolean {
  const now = clock();
  const nowIso = now.toISOString();
  const since = new Date(now.getTime() - SESSION_GUARD_HOURS * 3_600_000).toISOString();
  const row = store.first(
    store.qb
      .selectFrom('event')
      .select('id')
      .where('deleted_at', 'is', null)
      .where('starts_at', '<=', nowIso)
      .where('starts_at', '>=', since)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', nowIso)]))
      .limit(1),
  );
  return row !== undefined;
}
