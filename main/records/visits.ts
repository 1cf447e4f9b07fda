// Pop-up shop footfall: one tap records a visit of some adults and children; a coordinator (or
// the volunteer who tapped) can correct the numbers later, with the change in the audit trail.
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, londonDayOf, type Clock } from '../../shared/clock.ts';
import { DomainError, notFound } from '../../shared/errors.ts';
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

/**
 * A correction of a tap's numbers (3 adults that were 2), also after the session has closed.
 * The tap keeps its time and recorder; the audit keeps what it said before.
 */
export function correctVisit(
  store: Store,
  clock: Clock,
  visitId: number,
  counts: { adults: number; children: number },
): RecordedVisit {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    const before = store.first(store.qb.selectFrom('visit').selectAll().where('id', '=', visitId));
    if (!before) throw notFound('visit');
    assertMayChange(actor, before.recorded_by);
    if (before.deleted_at !== null) throw new DomainError('conflict', 'errors.recordDeleted');
    if (counts.adults + counts.children === 0) {
      throw new DomainError('invalid_input', 'errors.invalidInput', {
        fields: [{ field: 'adults', messageKey: 'errors.visitNeedsPeople' }],
      });
    }
    if (before.adults !== counts.adults || before.children !== counts.children) {
      store.run(store.qb.updateTable('visit').set({ adults: counts.adults, children: counts.children }).where('id', '=', visitId));
      recordAudit(store, {
        at: isoNow(clock),
        actorId: actor.id,
        entity: 'visit',
        entityId: visitId,
        action: 'update',
        before,
        after: { ...before, adults: counts.adults, children: counts.children },
      });
    }
    return { visitId, totals: sessionTotals(store, before.event_id) };
  });
}
