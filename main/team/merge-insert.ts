// A merge's new records. Sessions new to this laptop, with their live visits and conversations,
// are written in bulk with the report tallies' triggers paused and their work done here, as the
// spreadsheet import does (main/tallies/bulk.ts); the few others go through the triggers.
import { batchInserter } from '../db/bulk-insert.ts';
import type { SqliteDatabase } from '../db/connection.ts';
import type { Store } from '../db/store.ts';
import { pauseTallies, type PausedTallies } from '../tallies/bulk.ts';
import type { MergeIds } from './merge-ids.ts';
import type { Plan, Planned } from './merge-plan.ts';
import type { HandoverEvent } from './payload.ts';

export function insertNewRecords(store: Store, at: string, planned: Plan, ids: MergeIds): void {
  const db = store.sqlite;
  const origin = planned.header.laptopId;
  insertVolunteersAndSites(db, at, planned, ids);
  const tallies = pauseTallies(store);
  const liveNewEvents = insertNewEvents(db, planned, ids, origin, tallies);
  const bulk = <T extends { eventUid: string; deletedAt: string | null }>(p: Planned<T>) =>
    p.verdict === 'new' && p.record.deletedAt === null && liveNewEvents.has(p.record.eventUid);
  insertVisitsInBulk(db, planned.visits.filter(bulk), ids, origin, tallies);
  insertConversationsInBulk(db, planned.conversations.filter(bulk), ids, origin, tallies, liveNewEvents);
  tallies.catchUp();

  insertOthers(db, planned, ids, origin, (p) => p.verdict === 'new' && !bulk(p));
}

/** New volunteers and sites (a few): they arrive as plain volunteers, never coordinators here. */
function insertVolunteersAndSites(db: SqliteDatabase, at: string, planned: Plan, ids: MergeIds): void {
  const insertVolunteer = db.prepare(
    `INSERT INTO volunteer (name, role, language, created_at, retired_at, uid, recorded_on) VALUES (?, 'volunteer', 'en-GB', ?, ?, ?, ?)`,
  );
  for (const { record: v, verdict } of planned.volunteers) {
    if (verdict !== 'new') continue;
    ids.byKind.volunteers.set(v.uid, Number(insertVolunteer.run(v.name, at, v.retired ? at : null, v.uid, v.recordedOn).lastInsertRowid));
  }
  const insertSite = db.prepare(
    `INSERT INTO site (name, authority_code, setting_type, created_at, updated_at, retired_at, uid, recorded_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const { record: s, verdict } of planned.sites) {
    if (verdict !== 'new') continue;
    const id = insertSite.run(s.name, s.authorityCode, s.settingType, s.createdAt, s.updatedAt, s.retiredAt, s.uid, s.recordedOn).lastInsertRowid;
    ids.byKind.sites.set(s.uid, Number(id));
  }
}

const nextId = (db: SqliteDatabase, table: string) => db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${table}`).pluck().get() as number;

/** New sessions with explicit ids (their visits and conversations need no lookup); returns the live ones by uid. */
function insertNewEvents(db: SqliteDatabase, planned: Plan, ids: MergeIds, origin: string, tallies: PausedTallies): Map<string, HandoverEvent> {
  const live = new Map<string, HandoverEvent>();
  const events = batchInserter(db, 'event', [
    'id', 'site_id', 'kind', 'starts_at', 'ends_at', 'local_day', 'notes', 'created_by', 'created_at', 'updated_at', 'deleted_at', 'uid', 'recorded_on',
  ]);
  const team = batchInserter(db, 'event_volunteer', ['event_id', 'volunteer_id', 'hours'], { after: events });
  const first = nextId(db, 'event');
  let eventId = first;
  for (const { record: e, verdict } of planned.events) {
    if (verdict !== 'new') continue;
    ids.byKind.events.set(e.uid, eventId);
    if (e.deletedAt === null) live.set(e.uid, e);
    events.add(eventId, ids.site(e.siteUid), e.kind, e.startsAt, e.endsAt, e.localDay, '', ids.volunteer(e.createdBy), e.createdAt, e.updatedAt, e.deletedAt, e.uid, origin);
    for (const member of e.volunteers) team.add(eventId, ids.volunteer(member.volunteerUid), member.hours);
    eventId++;
  }
  events.flush();
  team.flush();
  if (eventId > first) tallies.eventsFrom(first);
  return live;
}

function insertVisitsInBulk(db: SqliteDatabase, visits: Plan['visits'], ids: MergeIds, origin: string, tallies: PausedTallies): void {
  const rows = batchInserter(db, 'visit', ['id', 'event_id', 'recorded_at', 'local_day', 'adults', 'children', 'recorded_by', 'deleted_at', 'uid', 'recorded_on']);
  let visitId = nextId(db, 'visit');
  const visitIds = ids.byKind.visits;
  for (const { record: v } of visits) {
    const event = ids.event(v.eventUid);
    visitIds.set(v.uid, visitId);
    rows.add(visitId++, event, v.recordedAt, v.localDay, v.adults, v.children, ids.volunteer(v.recordedBy), null, v.uid, origin);
    tallies.visit(v.localDay, event, v.adults, v.children);
  }
  rows.flush();
}

function insertConversationsInBulk(
  db: SqliteDatabase,
  conversations: Plan['conversations'],
  ids: MergeIds,
  origin: string,
  tallies: PausedTallies,
  liveNewEvents: Map<string, HandoverEvent>,
): void {
  const sets = tallies.sets;
  const rows = batchInserter(db, 'conversation', [
    'id', 'event_id', 'recorded_at', 'local_day', 'recorded_by', 'depth', 'age_band', 'sex', 'ethnicity', 'language', 'safeguarding', 'notes', 'updated_at',
    'deleted_at', 'topic_set', 'outcome_set', 'band_set', 'outcome_count', 'uid', 'recorded_on',
  ]);
  const topics = batchInserter(db, 'conversation_topic', ['conversation_id', 'topic'], { after: rows });
  const outcomes = batchInserter(db, 'conversation_outcome', ['conversation_id', 'outcome'], { after: rows });
  let conversationId = nextId(db, 'conversation');
  const conversationIds = ids.byKind.conversations;
  const bands = ['', '', '', ''];
  for (const { record: c } of conversations) {
    const event = ids.event(c.eventUid);
    conversationIds.set(c.uid, conversationId);
    bands[0] = c.ageBand;
    bands[1] = c.sex;
    bands[2] = c.ethnicity;
    bands[3] = c.language;
    rows.add(
      conversationId, event, c.recordedAt, c.localDay, ids.volunteer(c.recordedBy), c.depth, c.ageBand, c.sex, c.ethnicity, c.language, c.safeguarding ? 1 : 0, '',
      c.updatedAt, null, sets.ofSet(c.topics), sets.ofSet(c.outcomes), sets.ofSequence(bands), c.outcomes.length, c.uid, origin,
    );
    tallies.conversation(c.localDay, event, liveNewEvents.get(c.eventUid)!.kind, { age: c.ageBand, sex: c.sex, ethnicity: c.ethnicity, language: c.language }, c.topics, c.outcomes);
    for (const topic of c.topics) topics.add(conversationId, topic);
    for (const outcome of c.outcomes) outcomes.add(conversationId, outcome);
    conversationId++;
  }
  for (const inserter of [rows, topics, outcomes]) inserter.flush();
}

/** New visits and conversations at sessions already here, or deleted ones: through the triggers. */
function insertOthers(db: SqliteDatabase, planned: Plan, ids: MergeIds, origin: string, others: (p: Planned<{ eventUid: string; deletedAt: string | null }>) => boolean): void {
  const insertVisit = db.prepare(
    'INSERT INTO visit (event_id, recorded_at, local_day, adults, children, recorded_by, deleted_at, uid, recorded_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const p of planned.visits) {
    if (!others(p)) continue;
    const v = p.record;
    const id = insertVisit.run(ids.event(v.eventUid), v.recordedAt, v.localDay, v.adults, v.children, ids.volunteer(v.recordedBy), v.deletedAt, v.uid, origin);
    ids.byKind.visits.set(v.uid, Number(id.lastInsertRowid));
  }
  const insertConversation = db.prepare(
    `INSERT INTO conversation (event_id, recorded_at, local_day, recorded_by, depth, age_band, sex, ethnicity, language, safeguarding, notes, updated_at, deleted_at, uid, recorded_on)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`,
  );
  const writeCodes = codeWriter(db);
  for (const p of planned.conversations) {
    if (!others(p)) continue;
    const c = p.record;
    const id = Number(
      insertConversation.run(
        ids.event(c.eventUid), c.recordedAt, c.localDay, ids.volunteer(c.recordedBy), c.depth, c.ageBand, c.sex, c.ethnicity, c.language,
        c.safeguarding ? 1 : 0, c.updatedAt, c.deletedAt, c.uid, origin,
      ).lastInsertRowid,
    );
    ids.byKind.conversations.set(c.uid, id);
    writeCodes(id, c.topics, c.outcomes);
  }
}

/** Writes a conversation's topics and outcomes row by row (the triggers keep its code sets and tallies). */
export function codeWriter(db: SqliteDatabase): (conversationId: number, topics: readonly string[], outcomes: readonly string[]) => void {
  const insertTopic = db.prepare('INSERT INTO conversation_topic (conversation_id, topic) VALUES (?, ?)');
  const insertOutcome = db.prepare('INSERT INTO conversation_outcome (conversation_id, outcome) VALUES (?, ?)');
  return (conversationId, topics, outcomes) => {
    for (const topic of topics) insertTopic.run(conversationId, topic);
    for (const outcome of outcomes) insertOutcome.run(conversationId, outcome);
  };
}
