// Methods for what a volunteer records and a coordinator looks after.
import { z } from 'zod';
import type { AuditEntry } from '../../records/audit.ts';
import type { Conversation, RecordedConversation } from '../../records/conversations.ts';
import type { FrequentChoices } from '../../records/frequent-choices.ts';
import type { EventRecord } from '../../records/event-admin.ts';
import type { DataChecksSummary, EventDetail, EventPage } from '../../records/event-list.ts';
import { auditEntities, eventListChecks, managedLists } from '../../../shared/vocabulary.ts';
import type { EventSummary, SessionTotals } from '../../records/events.ts';
import type { HelpContact, ReferenceData } from '../../records/reference.ts';
import type { ManagedItem } from '../../records/lists.ts';
import type { Site } from '../../records/sites.ts';
import type { RecordedVisit } from '../../records/visits.ts';
import type { Volunteer } from '../../records/volunteers.ts';
import { choiceField, code, id, laptopId, languageTag, method, none, personName, pickedId, textField } from '../schema-parts.ts';
import { limits } from '../../../shared/limits.ts';
import { newSecret } from './access.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.invalidDate' });
const instant = z.iso.datetime({ offset: true, error: 'errors.invalidDateTime' });
const authorityCode = z.string().regex(/^E09\d{6}$/, { error: 'errors.unknownAuthority' });
const role = z.enum(['volunteer', 'coordinator', 'lead'], { error: 'errors.chooseRole' });
const hours = z
  .number({ error: 'errors.enterHours' })
  .min(0, { error: 'errors.enterHours' })
  .max(limits.eventHours, { error: 'errors.enterHours' });
const visitPeople = (key: string) =>
  z.number({ error: key }).int({ error: key }).min(0, { error: key }).max(limits.visitPeople, { error: key });

const conversationChanges = {
  depth: code,
  topics: z.array(code).min(1, { error: 'errors.topicRequired' }).max(30),
  outcomes: z.array(code).max(30),
  ageBand: code,
  sex: code,
  ethnicity: code,
  language: code,
  safeguarding: z.boolean(),
  notes: z.string().max(limits.notesLength, { error: 'errors.notesTooLong' }),
  /** The volunteer confirmed that notes which look like personal details are not about the person. */
  personalDetailsConfirmed: z.boolean().optional(),
};

export const eventFilters = z
  .object({
    from: day.optional(),
    to: day.optional(),
    siteId: id.optional(),
    authorityCode: authorityCode.optional(),
    kind: code.optional(),
    volunteerId: id.optional(),
    laptopId: laptopId.optional(),
    flag: z.enum(eventListChecks).optional(),
    includeDeleted: z.boolean().optional(),
  })
  .strict();

export const schemas = {
  // A coordinator or lead is added with their PIN (or passphrase); a volunteer needs none.
  profileFields: z
    .object({ name: personName, role: z.enum(['volunteer', 'coordinator', 'lead']), language: languageTag, secret: newSecret.optional() })
    .strict()
    .superRefine((value, ctx) => {
      if (value.role !== 'volunteer' && value.secret === undefined) {
        ctx.addIssue({ code: 'custom', path: ['secret'], message: 'errors.access.pinNeededForRole' });
      }
    }),
  siteFields: z
    .object({
      name: textField('errors.enterSiteName', 'errors.siteNameTooLong'),
      authorityCode: z.string({ error: 'errors.unknownAuthority' }).regex(/^E09\d{6}$/, { error: 'errors.unknownAuthority' }),
      settingType: choiceField('errors.chooseSetting'),
    })
    .strict(),
  conversationFields: z.object({ eventId: id, ...conversationChanges }).strict(),
  conversationChanges: z.object(conversationChanges).strict(),
  eventFields: z
    .object({
      siteId: pickedId('errors.chooseSite'),
      kind: choiceField('errors.chooseKind'),
      startsAt: z.iso.datetime({ offset: true, error: 'errors.enterStart' }),
      endsAt: z.iso.datetime({ offset: true, error: 'errors.enterEnd' }).nullable(),
      notes: z.string().max(limits.notesLength, { error: 'errors.notesTooLong' }),
      volunteers: z
        .array(z.object({ volunteerId: pickedId('errors.unknownVolunteer'), hours }).strict())
        .max(50),
      personalDetailsConfirmed: z.boolean().optional(),
    })
    .strict(),
};

export const recordsMethods = {
  'reference.get': method('open', none).returns<ReferenceData>(),

  'profiles.list': method('volunteer', none).returns<Volunteer[]>(),
  'profiles.current': method('volunteer', none).returns<Volunteer | null>(),
  'profiles.create': method('coordinator', schemas.profileFields).returns<Volunteer>(),
  'profiles.switch': method('volunteer', z.object({ id }).strict()).returns<Volunteer>(),
  'profiles.setLanguage': method('volunteer', z.object({ language: languageTag }).strict()).returns<Volunteer>(),
  'volunteers.list': method('volunteer', z.object({ includeRetired: z.boolean().optional() }).strict()).returns<Volunteer[]>(),
  'volunteers.update': method(
    'coordinator',
    // A new PIN for a coordinator or lead (needed when a volunteer becomes one); none keeps theirs.
    z.object({ id, fields: z.object({ name: personName, role, retired: z.boolean(), secret: newSecret.optional() }).strict() }).strict(),
  ).returns<Volunteer>(),

  'sites.list': method('volunteer', z.object({ includeRetired: z.boolean().optional() }).strict()).returns<Site[]>(),
  'sites.create': method('volunteer', schemas.siteFields).returns<Site>(),
  'sites.update': method('coordinator', z.object({ id, fields: schemas.siteFields }).strict()).returns<Site>(),
  'sites.setRetired': method('coordinator', z.object({ id, retired: z.boolean() }).strict()).returns<Site>(),

  'sessions.today': method('volunteer', none).returns<EventSummary[]>(),
  'sessions.open': method('volunteer', z.object({ siteId: pickedId('errors.chooseSite'), kind: choiceField('errors.chooseKind') }).strict()).returns<EventSummary>(),
  'sessions.stale': method('volunteer', none).returns<EventSummary[]>(),
  'sessions.close': method('volunteer', z.object({ eventId: id, endsAt: instant.optional() }).strict()).returns<EventSummary>(),
  'sessions.leaveForCoordinator': method('volunteer', z.object({ eventId: id }).strict()).returns<EventSummary>(),
  'sessions.leaveAllForCoordinator': method('volunteer', none).returns<number>(),
  'sessions.totals': method('volunteer', z.object({ eventId: id }).strict()).returns<SessionTotals>(),

  'events.list': method('coordinator', z
      .object({
        filters: eventFilters,
        limit: z.number().int().min(1).max(200),
        after: z.object({ day, id }).strict().optional(),
      })
      .strict(),
  ).returns<EventPage>(),
  'events.dataChecks': method('coordinator', z.object({ filters: eventFilters }).strict()).returns<DataChecksSummary>(),
  'events.detail': method('coordinator', z.object({ id }).strict()).returns<EventDetail>(),
  'events.create': method('coordinator', schemas.eventFields).returns<EventRecord>(),
  'events.update': method('coordinator', z.object({ id, fields: schemas.eventFields }).strict()).returns<EventRecord>(),
  'events.addVisit': method(
    'coordinator',
    z.object({ eventId: id, adults: visitPeople('errors.enterAdults'), children: visitPeople('errors.enterChildren') }).strict(),
  ).returns<SessionTotals>(),
  'events.addConversation': method('coordinator', schemas.conversationFields).returns<SessionTotals>(),
  'events.setDeleted': method('coordinator', z.object({ id, deleted: z.boolean() }).strict()).returns<EventRecord>(),

  'visits.record': method('volunteer', z
      .object({
        eventId: id,
        adults: z.number().int().min(0).max(limits.visitPeople),
        children: z.number().int().min(0).max(limits.visitPeople),
      })
      .strict(),
  ).returns<RecordedVisit>(),
  'visits.setDeleted': method('volunteer', z.object({ id, deleted: z.boolean() }).strict()).returns<RecordedVisit>(),
  'visits.correct': method('coordinator', z
      .object({
        id,
        adults: visitPeople('errors.enterAdults'),
        children: visitPeople('errors.enterChildren'),
      })
      .strict(),
  ).returns<RecordedVisit>(),

  'conversations.record': method('volunteer', schemas.conversationFields).returns<RecordedConversation>(),
  'conversations.frequentChoices': method('volunteer', z.object({ eventId: id }).strict()).returns<FrequentChoices>(),
  'conversations.get': method('coordinator', z.object({ id }).strict()).returns<Conversation>(),
  'conversations.update': method('coordinator', z.object({ id, fields: schemas.conversationChanges }).strict()).returns<Conversation>(),
  'conversations.setDeleted': method('volunteer', z.object({ id, deleted: z.boolean() }).strict()).returns<RecordedConversation>(),

  'audit.trail': method('coordinator', z.object({ entity: z.enum(auditEntities), id: z.number().int().nonnegative() }).strict(),
  ).returns<AuditEntry[]>(),
  'lists.items': method('coordinator', none).returns<ManagedItem[]>(),
  'lists.setItemRetired': method('coordinator', z.object({ list: z.enum(managedLists), code, retired: z.boolean() }).strict()).returns<ManagedItem>(),
  'lists.helpContacts': method('coordinator', z.object({ includeRetired: z.boolean() }).strict()).returns<(HelpContact & { retired: boolean })[]>(),
  'lists.saveHelpContact': method('coordinator', z
      .object({
        id: id.nullable(),
        retired: z.boolean(),
        fields: z
          .object({
            name: textField('errors.enterContactName', 'errors.contactNameTooLong'),
            phone: z.string({ error: 'errors.invalidPhone' }).trim().min(1, { error: 'errors.invalidPhone' }).max(40, { error: 'errors.phoneTooLong' }).regex(/^[0-9 +()\-,a-zA-Z]+$/, { error: 'errors.invalidPhone' }),
            description: z.string().trim().max(500, { error: 'errors.descriptionTooLong' }),
            kind: z.enum(['crisis', 'local_service']),
          })
          .strict(),
      })
      .strict(),
  ).returns<HelpContact & { retired: boolean }>(),
  'audit.recent': method('coordinator', z.object({ limit: z.number().int().min(1).max(200), beforeId: id.optional() }).strict()).returns<
    AuditEntry[]
  >(),
} as const;

