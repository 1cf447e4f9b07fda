// Methods for what a volunteer records and a coordinator looks after.
import { z } from 'zod';
import type { AuditEntry } from '../../records/audit.ts';
import type { Conversation, RecordedConversation } from '../../records/conversations.ts';
import type { EventRecord } from '../../records/event-admin.ts';
import type { DataQualitySummary, EventDetail, EventPage } from '../../records/event-list.ts';
import { dataQualityFlags, managedLists } from '../../records/vocabulary.ts';
import type { EventSummary, SessionTotals } from '../../records/events.ts';
import type { HelpContact, ReferenceData } from '../../records/reference.ts';
import type { ManagedItem } from '../../records/lists.ts';
import type { Site } from '../../records/sites.ts';
import type { RecordedVisit } from '../../records/visits.ts';
import type { Volunteer } from '../../records/volunteers.ts';
import { code, id, languageTag, limits, method, name, none } from '../schema-parts.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.invalidDate' });
const instant = z.iso.datetime({ offset: true, error: 'errors.invalidDateTime' });
const authorityCode = z.string().regex(/^E09\d{6}$/, { error: 'errors.unknownAuthority' });
const role = z.enum(['volunteer', 'coordinator', 'lead']);

const conversationChanges = {
  depth: code,
  topics: z.array(code).min(1, { error: 'errors.topicRequired' }).max(30),
  outcomes: z.array(code).max(30),
  ageBand: code,
  sex: code,
  ethnicity: code,
  language: code,
  safeguarding: z.boolean(),
  notes: z.string().max(limits.notesLength, { error: 'errors.tooLong' }),
};

export const eventFilters = z
  .object({
    from: day.optional(),
    to: day.optional(),
    siteId: id.optional(),
    authorityCode: authorityCode.optional(),
    kind: code.optional(),
    volunteerId: id.optional(),
    laptopId: z.string().min(1).max(64).optional(),
    flag: z.enum(dataQualityFlags).optional(),
    includeDeleted: z.boolean().optional(),
  })
  .strict();

export const schemas = {
  profileFields: z.object({ name, role: z.enum(['volunteer', 'coordinator', 'lead']), language: languageTag }).strict(),
  siteFields: z
    .object({ name, authorityCode: z.string().regex(/^E09\d{6}$/, { error: 'errors.unknownAuthority' }), settingType: code })
    .strict(),
  conversationFields: z.object({ eventId: id, ...conversationChanges }).strict(),
  conversationChanges: z.object(conversationChanges).strict(),
  eventFields: z
    .object({
      siteId: id,
      kind: code,
      startsAt: instant,
      endsAt: instant.nullable(),
      notes: z.string().max(limits.notesLength, { error: 'errors.tooLong' }),
      volunteers: z
        .array(
          z
            .object({
              volunteerId: id,
              hours: z.number().min(0, { error: 'errors.hoursOutOfRange' }).max(24, { error: 'errors.hoursOutOfRange' }),
            })
            .strict(),
        )
        .max(50),
    })
    .strict(),
};

export const recordsMethods = {
  'reference.get': method(none).returns<ReferenceData>(),

  'profiles.list': method(none).returns<Volunteer[]>(),
  'profiles.current': method(none).returns<Volunteer | null>(),
  'profiles.create': method(schemas.profileFields).returns<Volunteer>(),
  'profiles.switch': method(z.object({ id }).strict()).returns<Volunteer>(),
  'profiles.setLanguage': method(z.object({ language: languageTag }).strict()).returns<Volunteer>(),
  'volunteers.list': method(z.object({ includeRetired: z.boolean().optional() }).strict()).returns<Volunteer[]>(),
  'volunteers.update': method(z.object({ id, fields: z.object({ name, role, retired: z.boolean() }).strict() }).strict()).returns<Volunteer>(),

  'sites.list': method(z.object({ includeRetired: z.boolean().optional() }).strict()).returns<Site[]>(),
  'sites.create': method(schemas.siteFields).returns<Site>(),
  'sites.update': method(z.object({ id, fields: schemas.siteFields }).strict()).returns<Site>(),
  'sites.setRetired': method(z.object({ id, retired: z.boolean() }).strict()).returns<Site>(),

  'sessions.today': method(none).returns<EventSummary[]>(),
  'sessions.open': method(z.object({ siteId: id, kind: code }).strict()).returns<EventSummary>(),
  'sessions.close': method(z.object({ eventId: id }).strict()).returns<EventSummary>(),
  'sessions.totals': method(z.object({ eventId: id }).strict()).returns<SessionTotals>(),

  'events.list': method(
    z
      .object({
        filters: eventFilters,
        limit: z.number().int().min(1).max(200),
        after: z.object({ day, id }).strict().optional(),
      })
      .strict(),
  ).returns<EventPage>(),
  'events.dataQuality': method(z.object({ filters: eventFilters }).strict()).returns<DataQualitySummary>(),
  'events.detail': method(z.object({ id }).strict()).returns<EventDetail>(),
  'events.create': method(schemas.eventFields).returns<EventRecord>(),
  'events.update': method(z.object({ id, fields: schemas.eventFields }).strict()).returns<EventRecord>(),
  'events.setDeleted': method(z.object({ id, deleted: z.boolean() }).strict()).returns<EventRecord>(),

  'visits.record': method(
    z
      .object({
        eventId: id,
        adults: z.number().int().min(0).max(limits.visitPeople),
        children: z.number().int().min(0).max(limits.visitPeople),
      })
      .strict(),
  ).returns<RecordedVisit>(),
  'visits.setDeleted': method(z.object({ id, deleted: z.boolean() }).strict()).returns<RecordedVisit>(),
  'visits.correct': method(
    z
      .object({
        id,
        adults: z.number().int().min(0).max(limits.visitPeople),
        children: z.number().int().min(0).max(limits.visitPeople),
      })
      .strict(),
  ).returns<RecordedVisit>(),

  'conversations.record': method(schemas.conversationFields).returns<RecordedConversation>(),
  'conversations.get': method(z.object({ id }).strict()).returns<Conversation>(),
  'conversations.update': method(z.object({ id, fields: schemas.conversationChanges }).strict()).returns<Conversation>(),
  'conversations.setDeleted': method(z.object({ id, deleted: z.boolean() }).strict()).returns<RecordedConversation>(),

  'audit.trail': method(
    z.object({ entity: z.enum(['site', 'event', 'visit', 'conversation', 'volunteer', 'help_contact', 'reference_item']), id: z.number().int().nonnegative() }).strict(),
  ).returns<AuditEntry[]>(),
  'lists.items': method(none).returns<ManagedItem[]>(),
  'lists.setItemRetired': method(z.object({ list: z.enum(managedLists), code, retired: z.boolean() }).strict()).returns<ManagedItem>(),
  'lists.helpContacts': method(z.object({ includeRetired: z.boolean() }).strict()).returns<(HelpContact & { retired: boolean })[]>(),
  'lists.saveHelpContact': method(
    z
      .object({
        id: id.nullable(),
        retired: z.boolean(),
        fields: z
          .object({
            name,
            phone: z.string().trim().min(1, { error: 'errors.required' }).max(40, { error: 'errors.tooLong' }).regex(/^[0-9 +()\-,a-zA-Z]+$/, { error: 'errors.invalidPhone' }),
            description: z.string().trim().max(500, { error: 'errors.tooLong' }),
            kind: z.enum(['crisis', 'local_service']),
          })
          .strict(),
      })
      .strict(),
  ).returns<HelpContact & { retired: boolean }>(),
  'audit.recent': method(z.object({ limit: z.number().int().min(1).max(200), beforeId: id.optional() }).strict()).returns<
    AuditEntry[]
  >(),
} as const;

