// A coordinator entering a past event (from a paper sheet, or a session recorded late) adds its
// visitors and conversations to it after it has ended. They are dated at the event's start, so
// they count in the event's day and month, and each is audited as it is added.
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, londonDayOf, type Clock } from '../../shared/clock.ts';
import { assertConversationCodes, confirmedNotes, conversationColumns, fieldsOf, writeCodes, type ConversationInput } from './conversations.ts';
import { DomainError, notFound } from '../../shared/errors.ts';
import { findEvent, sessionTotals, type EventSummary, type SessionTotals } from './events.ts';
import { requireCoordinator } from './volunteers.ts';

function requireLiveEvent(store: Store, eventId: number): EventSummary {
  const event = findEvent(store, eventId);
  if (!event) throw notFound('event');
  if (event.deleted) throw new DomainError('conflict', 'errors.recordDeleted');
  return event;
}

export function addVisitToEvent(store: Store, clock: Clock, input: { eventId: number; adults: number; children: number }): SessionTotals {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const event = requireLiveEvent(store, input.eventId);
    if (input.adults + input.children === 0) {
      throw new DomainError('invalid_input', 'errors.invalidInput', { fields: [{ field: 'adults', messageKey: 'errors.visitNeedsPeople' }] });
    }
    const row = {
      event_id: event.id,
      recorded_at: event.startsAt,
      local_day: londonDayOf(event.startsAt),
      adults: input.adults,
      children: input.children,
      recorded_by: actor.id,
    };
    const { lastInsertRowid: visitId } = store.run(store.qb.insertInto('visit').values(row));
    recordAudit(store, { at: isoNow(clock), actorId: actor.id, entity: 'visit', entityId: visitId, action: 'create', after: row });
    return sessionTotals(store, event.id);
  });
}

export function addConversationToEvent(store: Store, clock: Clock, input: ConversationInput): SessionTotals {
  const confirmed = confirmedNotes(input);
  const fields = fieldsOf(input);
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const event = requireLiveEvent(store, fields.eventId);
    assertConversationCodes(store, fields);
    const at = isoNow(clock);
    const { lastInsertRowid: conversationId } = store.run(
      store.qb.insertInto('conversation').values({
        event_id: event.id,
        recorded_at: event.startsAt,
        local_day: londonDayOf(event.startsAt),
        recorded_by: actor.id,
        ...conversationColumns(fields),
        updated_at: at,
      }),
    );
    writeCodes(store, conversationId, fields);
    recordAudit(store, {
      at,
      actorId: actor.id,
      entity: 'conversation',
      entityId: conversationId,
      action: 'create',
      after: { ...fields, recordedAt: event.startsAt, recordedBy: actor.id, ...(confirmed && { personalDetailsConfirmed: confirmed }) },
    });
    return sessionTotals(store, event.id);
  });
}
