// Conversations about cancer and mental health. No field identifies the person spoken to:
// bands are coarse, and notes stay on this device (sync never reads them).
import type { PersonalDetailKind } from '../../shared/personal-details.ts';
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, londonDayOf, type Clock } from '../../shared/clock.ts';
import { DomainError, notFound } from '../../shared/errors.ts';
import { requireOpenEvent, sessionTotals, staleBefore, type SessionTotals } from './events.ts';
import { confirmedPersonalDetails } from './notes-check.ts';
import { assertCodes } from './reference.ts';
import { requireCoordinator, requireCurrentVolunteer, type Volunteer } from './volunteers.ts';

export interface ConversationFields {
  eventId: number;
  depth: string;
  topics: string[];
  outcomes: string[];
  ageBand: string;
  sex: string;
  ethnicity: string;
  language: string;
  safeguarding: boolean;
  notes: string;
}

/** What the form sends: the fields, and whether notes that look personal were confirmed. */
export type ConversationInput = ConversationFields & { personalDetailsConfirmed?: boolean | undefined };

export interface Conversation extends ConversationFields {
  id: number;
  recordedAt: string;
  recordedBy: number | null;
  deleted: boolean;
}

export interface RecordedConversation {
  conversationId: number;
  totals: SessionTotals;
}

/** Volunteers may undo their own records; coordinators and leads may change any. */
export function assertMayChange(actor: Volunteer, recordedBy: number | null): void {
  if (actor.role === 'volunteer' && recordedBy !== actor.id) throw new DomainError('forbidden', 'errors.coordinatorsOnly');
}

/** Codes must be on offer; a correction may keep codes the record already had but that have since been retired. */
export function assertConversationCodes(store: Store, fields: ConversationFields, existing?: Conversation): void {
  const fresh = (codes: string[], kept: string[] = []) => codes.filter((c) => !kept.includes(c));
  assertCodes(store, 'depth', 'depth', fresh([fields.depth], existing && [existing.depth]));
  assertCodes(store, 'topic', 'topics', fresh(fields.topics, existing?.topics));
  assertCodes(store, 'outcome', 'outcomes', fresh(fields.outcomes, existing?.outcomes));
  assertCodes(store, 'age', 'ageBand', fresh([fields.ageBand], existing && [existing.ageBand]));
  assertCodes(store, 'sex', 'sex', fresh([fields.sex], existing && [existing.sex]));
  assertCodes(store, 'ethnicity', 'ethnicity', fresh([fields.ethnicity], existing && [existing.ethnicity]));
  assertCodes(store, 'language', 'language', fresh([fields.language], existing && [existing.language]));
}

/** Notes that look like they identify the person need the volunteer's deliberate confirmation. */
export function confirmedNotes(input: ConversationInput): PersonalDetailKind[] | undefined {
  return confirmedPersonalDetails(input.notes, input.personalDetailsConfirmed);
}

export function fieldsOf(input: ConversationInput): ConversationFields {
  const { personalDetailsConfirmed: _confirmed, ...fields } = input;
  return fields;
}

/** The conversation row's own columns, as a coordinator's insert or correction writes them. */
export function conversationColumns(fields: ConversationFields) {
  return {
    depth: fields.depth,
    age_band: fields.ageBand,
    sex: fields.sex,
    ethnicity: fields.ethnicity,
    language: fields.language,
    safeguarding: fields.safeguarding ? 1 : 0,
    notes: fields.notes,
  };
}

export function writeCodes(store: Store, conversationId: number, fields: ConversationFields): void {
  for (const topic of new Set(fields.topics)) {
    store.run(store.qb.insertInto('conversation_topic').values({ conversation_id: conversationId, topic }));
  }
  for (const outcome of new Set(fields.outcomes)) {
    store.run(store.qb.insertInto('conversation_outcome').values({ conversation_id: conversationId, outcome }));
  }
}

/**
 * The hot path's statements, from the store's cache. Plain SQL, not Kysely: building and
 * compiling the eight queries of one logged conversation cost ~0.3 ms of CPU, as much as
 * SQLite's own work for it.
 */
const hotPath = {
  /** The current profile's id, if it names a volunteer who is not retired. */
  actor: `SELECT v.id FROM setting s JOIN volunteer v ON v.id = s.value WHERE s.key = 'current_volunteer_id' AND v.retired_at IS NULL`,
  /** 1 if the event exists, is not deleted, has not ended by the given instant and is not open since an earlier day. */
  openEvent: `SELECT 1 FROM event e JOIN site s ON s.id = e.site_id WHERE e.id = ? AND e.deleted_at IS NULL AND ((e.ends_at IS NULL AND (e.local_day >= ? OR e.starts_at >= ?)) OR e.ends_at > ?)`,
  insert: `INSERT INTO conversation (event_id, recorded_at, local_day, recorded_by, depth, age_band, sex, ethnicity, language, safeguarding, notes, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  topic: 'INSERT INTO conversation_topic (conversation_id, topic) VALUES (?, ?)',
  outcome: 'INSERT INTO conversation_outcome (conversation_id, outcome) VALUES (?, ?)',
} as const;

// London's day of the last instant logged: London is UTC or UTC+1, so every instant of one UTC
// hour falls on the same London day, and Intl formatting (~20 µs) runs once an hour.
let lastHour = '';
let lastDay = '';
function londonDayOfInstant(at: string): string {
  const hour = at.slice(0, 13);
  if (hour !== lastHour) {
    lastDay = londonDayOf(at);
    lastHour = hour;
  }
  return lastDay;
}

/**
 * The volunteer's hot path: validate, insert, audit, commit. The running totals the screen
 * shows are read after the commit (sessionTotals), outside the write lock.
 */
export function recordConversation(store: Store, clock: Clock, input: ConversationInput): { conversationId: number } {
  const confirmed = confirmedNotes(input);
  const fields = fieldsOf(input);
  return store.transaction(() => {
    const at = isoNow(clock);
    // The same checks as requireCurrentVolunteer and requireOpenEvent, as two prepared
    // lookups; if either fails, the service's own check runs and throws the error to show.
    const actorId = store.statement(hotPath.actor, 'pluck').get<number>() ?? requireCurrentVolunteer(store).id;
    const today = londonDayOfInstant(at);
    if (store.statement(hotPath.openEvent, 'pluck').get(fields.eventId, today, staleBefore(at), at) === undefined) requireOpenEvent(store, clock, fields.eventId);
    assertConversationCodes(store, fields);
    const conversationId = Number(
      store.statement(hotPath.insert).run(
        fields.eventId,
        at,
        today,
        actorId,
        fields.depth,
        fields.ageBand,
        fields.sex,
        fields.ethnicity,
        fields.language,
        fields.safeguarding ? 1 : 0,
        fields.notes,
        at,
      ).lastInsertRowid,
    );
    const topic = store.statement(hotPath.topic);
    const outcome = store.statement(hotPath.outcome);
    for (const code of new Set(fields.topics)) topic.run(conversationId, code);
    for (const code of new Set(fields.outcomes)) outcome.run(conversationId, code);
    recordAudit(store, {
      at,
      actorId,
      entity: 'conversation',
      entityId: conversationId,
      action: 'create',
      after: { ...fields, recordedAt: at, recordedBy: actorId, ...(confirmed && { personalDetailsConfirmed: confirmed }) },
    });
    return { conversationId };
  });
}

export function findConversation(store: Store, id: number): Conversation | undefined {
  const row = store.first(store.qb.selectFrom('conversation').selectAll().where('id', '=', id));
  if (!row) return undefined;
  const topics = store
    .all(store.qb.selectFrom('conversation_topic').select('topic').where('conversation_id', '=', id).orderBy('topic'))
    .map((r) => r.topic);
  const outcomes = store
    .all(store.qb.selectFrom('conversation_outcome').select('outcome').where('conversation_id', '=', id).orderBy('outcome'))
    .map((r) => r.outcome);
  return {
    id: row.id,
    eventId: row.event_id,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    depth: row.depth,
    topics,
    outcomes,
    ageBand: row.age_band,
    sex: row.sex,
    ethnicity: row.ethnicity,
    language: row.language,
    safeguarding: row.safeguarding === 1,
    notes: row.notes,
    deleted: row.deleted_at !== null,
  };
}

export function setConversationDeleted(
  store: Store,
  clock: Clock,
  conversationId: number,
  deleted: boolean,
): RecordedConversation {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    const before = findConversation(store, conversationId);
    if (!before) throw notFound('conversation');
    assertMayChange(actor, before.recordedBy);
    if (before.deleted !== deleted) {
      const at = isoNow(clock);
      store.run(
        store.qb.updateTable('conversation').set({ deleted_at: deleted ? at : null, updated_at: at }).where('id', '=', conversationId),
      );
      recordAudit(store, {
        at,
        actorId: actor.id,
        entity: 'conversation',
        entityId: conversationId,
        action: deleted ? 'delete' : 'restore',
        before,
        after: { ...before, deleted },
      });
    }
    return { conversationId, totals: sessionTotals(store, before.eventId) };
  });
}

export type ConversationChanges = Omit<ConversationInput, 'eventId'>;

/** A coordinator's correction: every field but the event, with before/after in the audit. */
export function updateConversation(store: Store, clock: Clock, conversationId: number, changes: ConversationChanges): Conversation {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const before = findConversation(store, conversationId);
    if (!before) throw notFound('conversation');
    if (before.deleted) throw new DomainError('conflict', 'errors.recordDeleted');
    const confirmed = changes.notes === before.notes ? undefined : confirmedNotes({ ...changes, eventId: before.eventId });
    const fields: ConversationFields = fieldsOf({ ...changes, eventId: before.eventId });
    assertConversationCodes(store, fields, before);
    const at = isoNow(clock);
    store.run(
      store.qb
        .updateTable('conversation')
        .set({ ...conversationColumns(fields), updated_at: at })
        .where('id', '=', conversationId),
    );
    store.run(store.qb.deleteFrom('conversation_topic').where('conversation_id', '=', conversationId));
    store.run(store.qb.deleteFrom('conversation_outcome').where('conversation_id', '=', conversationId));
    writeCodes(store, conversationId, fields);
    const after = findConversation(store, conversationId)!;
    recordAudit(store, {
      at,
      actorId: actor.id,
      entity: 'conversation',
      entityId: conversationId,
      action: 'update',
      before,
      after: confirmed ? { ...after, personalDetailsConfirmed: confirmed } : after,
    });
    return after;
  });
}
