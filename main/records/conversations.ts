// Conversations about cancer and mental health. No field identifies the person spoken to:
// bands are coarse, and notes stay on this device (sync never reads them).
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, londonDayOf, type Clock } from './clock.ts';
import { DomainError, notFound } from './errors.ts';
import { requireOpenEvent, sessionTotals, type SessionTotals } from './events.ts';
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
function assertConversationCodes(store: Store, fields: ConversationFields, existing?: Conversation): void {
  const fresh = (codes: string[], kept: string[] = []) => codes.filter((c) => !kept.includes(c));
  assertCodes(store, 'depth', 'depth', fresh([fields.depth], existing && [existing.depth]));
  assertCodes(store, 'topic', 'topics', fresh(fields.topics, existing?.topics));
  assertCodes(store, 'outcome', 'outcomes', fresh(fields.outcomes, existing?.outcomes));
  assertCodes(store, 'age', 'ageBand', fresh([fields.ageBand], existing && [existing.ageBand]));
  assertCodes(store, 'sex', 'sex', fresh([fields.sex], existing && [existing.sex]));
  assertCodes(store, 'ethnicity', 'ethnicity', fresh([fields.ethnicity], existing && [existing.ethnicity]));
  assertCodes(store, 'language', 'language', fresh([fields.language], existing && [existing.language]));
}

function writeCodes(store: Store, conversationId: number, fields: ConversationFields): void {
  for (const topic of new Set(fields.topics)) {
    store.run(store.qb.insertInto('conversation_topic').values({ conversation_id: conversationId, topic }));
  }
  for (const outcome of new Set(fields.outcomes)) {
    store.run(store.qb.insertInto('conversation_outcome').values({ conversation_id: conversationId, outcome }));
  }
}

/**
 * The volunteer's hot path: validate, insert, audit, commit. The running totals the screen
 * shows are read after the commit (sessionTotals), outside the write lock.
 */
export function recordConversation(store: Store, clock: Clock, fields: ConversationFields): { conversationId: number } {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    requireOpenEvent(store, clock, fields.eventId);
    assertConversationCodes(store, fields);
    const at = isoNow(clock);
    const { lastInsertRowid: conversationId } = store.run(
      store.qb.insertInto('conversation').values({
        event_id: fields.eventId,
        recorded_at: at,
        local_day: londonDayOf(at),
        recorded_by: actor.id,
        depth: fields.depth,
        age_band: fields.ageBand,
        sex: fields.sex,
        ethnicity: fields.ethnicity,
        language: fields.language,
        safeguarding: fields.safeguarding ? 1 : 0,
        notes: fields.notes,
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
      after: { ...fields, recordedAt: at, recordedBy: actor.id },
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

export type ConversationChanges = Omit<ConversationFields, 'eventId'>;

/** A coordinator's correction: every field but the event, with before/after in the audit. */
export function updateConversation(store: Store, clock: Clock, conversationId: number, changes: ConversationChanges): Conversation {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const before = findConversation(store, conversationId);
    if (!before) throw notFound('conversation');
    if (before.deleted) throw new DomainError('conflict', 'errors.recordDeleted');
    const fields: ConversationFields = { ...changes, eventId: before.eventId };
    assertConversationCodes(store, fields, before);
    const at = isoNow(clock);
    store.run(
      store.qb
        .updateTable('conversation')
        .set({
          depth: fields.depth,
          age_band: fields.ageBand,
          sex: fields.sex,
          ethnicity: fields.ethnicity,
          language: fields.language,
          safeguarding: fields.safeguarding ? 1 : 0,
          notes: fields.notes,
          updated_at: at,
        })
        .where('id', '=', conversationId),
    );
    store.run(store.qb.deleteFrom('conversation_topic').where('conversation_id', '=', conversationId));
    store.run(store.qb.deleteFrom('conversation_outcome').where('conversation_id', '=', conversationId));
    writeCodes(store, conversationId, fields);
    const after = findConversation(store, conversationId)!;
    recordAudit(store, { at, actorId: actor.id, entity: 'conversation', entityId: conversationId, action: 'update', before, after });
    return after;
  });
}
