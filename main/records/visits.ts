// Pop-up shop footfall: one tap records a visit of some adults and children.
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, londonDayOf, type Clock } from './clock.ts';
import { DomainError, notFound } from './errors.ts';
import { assertMayChange } from './conversations.ts';
import { requireOpenEvent, sessionTotals, type SessionTotals } from './events.ts';
import { requireCurrentVolunteer } from './volunteers.ts';

export interface RecordedVisit {
  visitId: number;
  totals: SessionTotals;
}

/** One tap: validate, insert, audit, commit. The caller reads the new totals after it. */
export function recordVisit(
  store: Store,
  clock: Clock,
  input: { eventId: number; adults: number; children: number },
): { visitId: number } {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    requireOpenEvent(store, clock, input.eventId);
    if (input.adults + input.children === 0) {
      throw new DomainError('invalid_input', 'errors.invalidInput', {
        fields: [{ field: 'adults', messageKey: 'errors.visitNeedsPeople' }],
      });
    }
    const at = isoNow(clock);
    const row = {
      event_id: input.eventId,
      recorded_at: at,
      local_day: londonDayOf(at),
      adults: input.adults,
      children: input.children,
      recorded_by: actor.id,
    };
    const { lastInsertRowid: visitId } = store.run(store.qb.insertInto('visit').values(row));
    recordAudit(store, { at, actorId: actor.id, entity: 'visit', entityId: visitId, action: 'create', after: row });
    return { visitId };
  });
}

/** Soft delete (and its undo): the row stays, with the change in the audit trail. */
export function setVisitDeleted(store: Store, clock: Clock, visitId: number, deleted: boolean): RecordedVisit {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    const before = store.first(store.qb.selectFrom('visit').selectAll().where('id', '=', visitId));
    if (!before) throw notFound('visit');
    assertMayChange(actor, before.recorded_by);
    const at = isoNow(clock);
    if ((before.deleted_at !== null) !== deleted) {
      store.run(store.qb.updateTable('visit').set({ deleted_at: deleted ? at : null }).where('id', '=', visitId));
      recordAudit(store, {
        at,
        actorId: actor.id,
        entity: 'visit',
        entityId: visitId,
        action: deleted ? 'delete' : 'restore',
        before,
        after: { ...before, deleted_at: deleted ? at : null },
      });
    }
    return { visitId, totals: sessionTotals(store, before.event_id) };
  });
}
