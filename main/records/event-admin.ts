// A coordinator's changes to events: entering a past event, correcting its times, site, kind,
// notes and the volunteers present with their hours, and deleting (softly) or restoring it.
import type { PersonalDetailKind } from '../../shared/personal-details.ts';
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { confirmedPersonalDetails } from './notes-check.ts';
import { isoNow, londonDayOf, type Clock } from '../../shared/clock.ts';
import { DomainError, invalid, notFound } from '../../shared/errors.ts';
import { HOUR_MS, limits } from '../../shared/limits.ts';
import { findEvent, type EventSummary } from './events.ts';
import { assertCodes } from './reference.ts';
import { findSite, requireActiveSite } from './sites.ts';
import { findVolunteer, requireCoordinator } from './volunteers.ts';

export interface EventFields {
  siteId: number;
  kind: string;
  startsAt: string;
  endsAt: string | null;
  notes: string;
  volunteers: { volunteerId: number; hours: number }[];
  /** The coordinator confirmed that notes which look like personal details are not about anyone. */
  personalDetailsConfirmed?: boolean | undefined;
}

export interface EventVolunteer {
  volunteerId: number;
  name: string;
  hours: number;
}

export interface EventRecord extends EventSummary {
  volunteers: EventVolunteer[];
}

export function eventVolunteers(store: Store, eventId: number): EventVolunteer[] {
  return store
    .all(
      store.qb
        .selectFrom('event_volunteer')
        .innerJoin('volunteer', 'volunteer.id', 'event_volunteer.volunteer_id')
        .select(['event_volunteer.volunteer_id', 'volunteer.name', 'event_volunteer.hours'])
        .where('event_volunteer.event_id', '=', eventId)
        .orderBy('volunteer.name'),
    )
    .map((r) => ({ volunteerId: r.volunteer_id, name: r.name, hours: r.hours }));
}

export function findEventRecord(store: Store, eventId: number): EventRecord | undefined {
  const event = findEvent(store, eventId);
  return event ? { ...event, volunteers: eventVolunteers(store, eventId) } : undefined;
}

function assertEventFields(store: Store, fields: EventFields, previousSiteId: number | null): void {
  // An event may stay at a site that has since been retired, but not move to one.
  if (fields.siteId !== previousSiteId) requireActiveSite(store, fields.siteId);
  else if (!findSite(store, fields.siteId)) throw notFound('site');
  assertCodes(store, 'event_kind', 'kind', [fields.kind]);
  if (fields.endsAt !== null && Date.parse(fields.endsAt) < Date.parse(fields.startsAt)) {
    throw invalid('endsAt', 'errors.endBeforeStart');
  }
  if (fields.endsAt !== null && Date.parse(fields.endsAt) - Date.parse(fields.startsAt) > limits.eventHours * HOUR_MS) {
    throw invalid('endsAt', 'errors.eventTooLong');
  }
  const seen = new Set<number>();
  fields.volunteers.forEach((v, index) => {
    const volunteer = findVolunteer(store, v.volunteerId);
    if (!volunteer) throw invalid(`volunteers.${index}.volunteerId`, 'errors.unknownVolunteer');
    if (seen.has(v.volunteerId)) throw invalid(`volunteers.${index}.volunteerId`, 'errors.duplicateVolunteer');
    seen.add(v.volunteerId);
    if (!(v.hours >= 0 && v.hours <= limits.eventHours)) throw invalid(`volunteers.${index}.hours`, 'errors.enterHours', { max: limits.eventHours });
  });
}

function writeVolunteers(store: Store, eventId: number, volunteers: EventFields['volunteers']): void {
  store.run(store.qb.deleteFrom('event_volunteer').where('event_id', '=', eventId));
  for (const v of volunteers) {
    store.run(store.qb.insertInto('event_volunteer').values({ event_id: eventId, volunteer_id: v.volunteerId, hours: v.hours }));
  }
}

export function createEvent(store: Store, clock: Clock, fields: EventFields): EventRecord {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    assertEventFields(store, fields, null);
    const confirmed = confirmedPersonalDetails(fields.notes, fields.personalDetailsConfirmed);
    const at = isoNow(clock);
    const { lastInsertRowid: id } = store.run(
      store.qb.insertInto('event').values({
        site_id: fields.siteId,
        kind: fields.kind,
        starts_at: fields.startsAt,
        ends_at: fields.endsAt,
        local_day: londonDayOf(fields.startsAt),
        notes: fields.notes,
        created_by: actor.id,
        created_at: at,
        updated_at: at,
      }),
    );
    writeVolunteers(store, id, fields.volunteers);
    const after = findEventRecord(store, id)!;
    recordAudit(store, { at, actorId: actor.id, entity: 'event', entityId: id, action: 'create', after: withConfirmation(after, confirmed) });
    return after;
  });
}

export function updateEvent(store: Store, clock: Clock, eventId: number, fields: EventFields): EventRecord {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const before = findEventRecord(store, eventId);
    if (!before) throw notFound('event');
    if (before.deleted) throw new DomainError('conflict', 'errors.recordDeleted');
    assertEventFields(store, fields, before.siteId);
    const confirmed = fields.notes === before.notes ? undefined : confirmedPersonalDetails(fields.notes, fields.personalDetailsConfirmed);
    const at = isoNow(clock);
    store.run(
      store.qb
        .updateTable('event')
        .set({
          site_id: fields.siteId,
          kind: fields.kind,
          starts_at: fields.startsAt,
          ends_at: fields.endsAt,
          local_day: londonDayOf(fields.startsAt),
          notes: fields.notes,
          updated_at: at,
        })
        .where('id', '=', eventId),
    );
    writeVolunteers(store, eventId, fields.volunteers);
    const after = findEventRecord(store, eventId)!;
    recordAudit(store, { at, actorId: actor.id, entity: 'event', entityId: eventId, action: 'update', before, after: withConfirmation(after, confirmed) });
    return after;
  });
}

/** The audit entry says when notes that looked personal were confirmed, and what they looked like. */
function withConfirmation(after: EventRecord, confirmed: PersonalDetailKind[] | undefined): object {
  return confirmed ? { ...after, personalDetailsConfirmed: confirmed } : after;
}

/** Deleting an event hides it and everything recorded at it; restoring brings all back. */
export function setEventDeleted(store: Store, clock: Clock, eventId: number, deleted: boolean): EventRecord {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const before = findEventRecord(store, eventId);
    if (!before) throw notFound('event');
    if (before.deleted === deleted) return before;
    const at = isoNow(clock);
    store.run(store.qb.updateTable('event').set({ deleted_at: deleted ? at : null, updated_at: at }).where('id', '=', eventId));
    const after = findEventRecord(store, eventId)!;
    recordAudit(store, {
      at,
      actorId: actor.id,
      entity: 'event',
      entityId: eventId,
      action: deleted ? 'delete' : 'restore',
      before,
      after,
    });
    return after;
  });
}
