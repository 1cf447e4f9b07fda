// The one list of what the renderer may ask of the main process: each method's name, a zod
// schema for its input, and the type of its output. Main validates every call against it,
// the preload exposes exactly these names, and the renderer gets its types from here.
// Keep this file free of Node imports: the renderer and preload import it.
import { z } from 'zod';
import type { Conversation, RecordedConversation } from '../records/conversations.ts';
import type { EventSummary, SessionTotals } from '../records/events.ts';
import type { ReferenceData } from '../records/reference.ts';
import type { Site } from '../records/sites.ts';
import type { RecordedVisit } from '../records/visits.ts';
import type { Volunteer } from '../records/volunteers.ts';
import type { AuditEntry } from '../records/audit.ts';

/** Limits shared by the forms and the service, so both say the same thing. */
export const limits = {
  nameLength: 120,
  notesLength: 2000,
  visitPeople: 50,
} as const;

const id = z.number().int().positive();
const code = z.string().min(1).max(64).regex(/^[a-z0-9_]+$/, { error: 'errors.invalidCode' });
const name = z.string().trim().min(1, { error: 'errors.required' }).max(limits.nameLength, { error: 'errors.tooLong' });
const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, { error: 'errors.invalidLanguage' });
const none = z.object({}).strict();

export const schemas = {
  profileFields: z.object({ name, role: z.enum(['volunteer', 'coordinator', 'lead']), language: languageTag }).strict(),
  siteFields: z
    .object({ name, authorityCode: z.string().regex(/^E09\d{6}$/, { error: 'errors.unknownAuthority' }), settingType: code })
    .strict(),
  conversationFields: z
    .object({
      eventId: id,
      depth: code,
      topics: z.array(code).min(1, { error: 'errors.topicRequired' }).max(30),
      outcomes: z.array(code).max(30),
      ageBand: code,
      sex: code,
      ethnicity: code,
      language: code,
      safeguarding: z.boolean(),
      notes: z.string().max(limits.notesLength, { error: 'errors.tooLong' }),
    })
    .strict(),
};

interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the output type to the renderer; never read at run time. */
  output?: O;
}

function method<I extends z.ZodType>(input: I) {
  return { returns: <O>(): MethodSpec<I, O> => ({ input }) };
}

export const contract = {
  'reference.get': method(none).returns<ReferenceData>(),

  'profiles.list': method(none).returns<Volunteer[]>(),
  'profiles.current': method(none).returns<Volunteer | null>(),
  'profiles.create': method(schemas.profileFields).returns<Volunteer>(),
  'profiles.switch': method(z.object({ id }).strict()).returns<Volunteer>(),
  'profiles.setLanguage': method(z.object({ language: languageTag }).strict()).returns<Volunteer>(),

  'sites.list': method(z.object({ includeRetired: z.boolean().optional() }).strict()).returns<Site[]>(),
  'sites.create': method(schemas.siteFields).returns<Site>(),
  'sites.update': method(z.object({ id, fields: schemas.siteFields }).strict()).returns<Site>(),
  'sites.setRetired': method(z.object({ id, retired: z.boolean() }).strict()).returns<Site>(),

  'sessions.today': method(none).returns<EventSummary[]>(),
  'sessions.open': method(z.object({ siteId: id, kind: code }).strict()).returns<EventSummary>(),
  'sessions.close': method(z.object({ eventId: id }).strict()).returns<EventSummary>(),
  'sessions.totals': method(z.object({ eventId: id }).strict()).returns<SessionTotals>(),

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

  'conversations.record': method(schemas.conversationFields).returns<RecordedConversation>(),
  'conversations.get': method(z.object({ id }).strict()).returns<Conversation>(),
  'conversations.setDeleted': method(z.object({ id, deleted: z.boolean() }).strict()).returns<RecordedConversation>(),

  'audit.recent': method(z.object({ limit: z.number().int().min(1).max(200), beforeId: id.optional() }).strict()).returns<
    AuditEntry[]
  >(),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Exclude<Contract[M]['output'], undefined>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;

export const methodNames = Object.keys(contract) as MethodName[];

/** What crosses IPC or HTTP: a plain value, never a thrown object (Electron drops its fields). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorPayload };

export interface ApiErrorPayload {
  code: 'invalid_input' | 'not_found' | 'conflict' | 'forbidden' | 'unavailable' | 'internal' | 'unknown_method';
  messageKey: string;
  values: Record<string, string | number>;
  fields: { field: string; messageKey: string; values?: Record<string, string | number> }[];
}

/** The shape the preload puts on window and the harness client imitates. */
export type OutreachApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<ApiResult<MethodOutput<M>>>;
};
