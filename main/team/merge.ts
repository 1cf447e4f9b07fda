// "Add a team member's records" on the coordinator's laptop (docs/handover-format.md, "Merging"):
// read a hand-over file, say what it holds, and merge it in one transaction, matching records by
// their stable id. Rules, in short: a file not newer than the last one merged from its laptop
// changes nothing; a record is changed only by files from the laptop that recorded it; when that
// laptop changed a record the coordinator had corrected here too, the recording laptop's version
// wins and the coordinator's is kept in the audit entry that says so.
import type { Statement } from 'better-sqlite3';
import type { Store } from '../db/store.ts';
import { recordAudit } from '../records/audit.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/errors.ts';
import { batchInserter } from '../db/bulk-insert.ts';
import { pauseTallies } from '../tallies/bulk.ts';
import { currentVolunteer, requireCoordinator } from '../records/volunteers.ts';
import { openHandoverFile, readHandoverHeader, type HandoverHeader } from './handover-file.ts';
import { laptopIdentity } from './laptop.ts';
import {
  contentHash,
  entityOfKind,
  recordKinds,
  type HandoverConversation,
  type HandoverEvent,
  type HandoverPayload,
  type HandoverSite,
  type HandoverVisit,
  type HandoverVolunteer,
  type RecordKind,
} from './payload.ts';
import { teamRecords, type TeamRecords } from './records.ts';

export interface MergeCounts {
  new: number;
  changed: number;
  conflicts: number;
  present: number;
}

export interface MergePreview {
  laptopId: string;
  laptopName: string;
  writtenAt: string;
  firstDay: string | null;
  lastDay: string | null;
  /** Not newer than the last file merged from this laptop: merging it changes nothing. */
  alreadyMerged: boolean;
  lastMergedWrittenAt: string | null;
  total: MergeCounts;
  byKind: Record<RecordKind | 'audit', MergeCounts>;
}

export interface MergeOutcome extends MergePreview {
  merged: boolean;
}

type Verdict = 'new' | 'changed' | 'conflict' | 'present';
interface Planned<T> {
  record: T;
  verdict: Verdict;
  hash: string;
  /** The local row (changed, conflict, present). */
  localId?: number;
  /** What this laptop held before (changed, conflict). */
  before?: object;
}

interface Plan {
  header: HandoverHeader;
  payload: HandoverPayload;
  alreadyMerged: boolean;
  lastMergedWrittenAt: string | null;
  volunteers: Planned<HandoverVolunteer>[];
  sites: Planned<HandoverSite>[];
  events: Planned<HandoverEvent>[];
  visits: Planned<HandoverVisit>[];
  conversations: Planned<HandoverConversation>[];
  newAudit: HandoverPayload['audit'];
  presentAudit: number;
}

const byUid = new WeakMap<object, Map<string, Statement>>();
/** The local id of the row of `table` with this stable id (one prepared statement per table). */
function idByUid(store: Store, table: string, uid: string): number | undefined {
  let statements = byUid.get(store.sqlite);
  if (!statements) byUid.set(store.sqlite, (statements = new Map()));
  let statement = statements.get(table);
  if (!statement) statements.set(table, (statement = store.sqlite.prepare(`SELECT id FROM ${table} WHERE uid = ?`).pluck()));
  return statement.get(uid) as number | undefined;
}

const emptyCounts = (): MergeCounts => ({ new: 0, changed: 0, conflicts: 0, present: 0 });

function setting(store: Store, key: string): string | undefined {
  return store.first(store.qb.selectFrom('setting').select('value').where('key', '=', key))?.value;
}

/** Checks the file against this laptop before anything is decrypted or written. */
function openForThisTeam(store: Store, bytes: Uint8Array, passphrase: string): { header: HandoverHeader; payload: HandoverPayload } {
  const { header } = readHandoverHeader(bytes);
  const teamId = setting(store, 'team_id');
  if (!teamId) throw new DomainError('conflict', 'team.errors.noTeam');
  if (header.teamId !== teamId) throw new DomainError('conflict', 'team.errors.otherTeam');
  if (header.laptopId === laptopIdentity(store).id) throw new DomainError('conflict', 'team.errors.ownFile');
  const known = store.first(store.qb.selectFrom('team_laptop').select('public_key').where('id', '=', header.laptopId));
  if (known && known.public_key !== header.publicKey) throw new DomainError('conflict', 'team.errors.laptopKeyChanged');
  const opened = openHandoverFile(bytes, passphrase);
  checkCodes(store, opened.payload);
  checkReferences(store, opened.payload);
  return opened;
}

/**
 * Every code must be in this laptop's reference lists. Retired codes are accepted (old records
 * keep them, as a correction here may); a code this laptop has never had is refused.
 */
function checkCodes(store: Store, payload: HandoverPayload): void {
  const known = new Set(
    (store.sqlite.prepare('SELECT list, code FROM reference_item').raw(true).all() as [string, string][]).map(([list, code]) => `${list} ${code}`),
  );
  const authorities = new Set(store.sqlite.prepare('SELECT code FROM authority').pluck().all() as string[]);
  const seen = new Set<string>();
  const need = (list: string, code: string) => {
    const key = `${list} ${code}`;
    if (seen.has(key)) return;
    seen.add(key);
    const ok = list === 'authority' ? authorities.has(code) : known.has(key);
    if (!ok) throw new DomainError('invalid_input', 'team.errors.unknownCode', { values: { list, code } });
  };
  for (const site of payload.sites) {
    need('authority', site.authorityCode);
    need('setting_type', site.settingType);
  }
  for (const event of payload.events) need('event_kind', event.kind);
  for (const c of payload.conversations) {
    need('depth', c.depth);
    for (const topic of c.topics) need('topic', topic);
    for (const outcome of c.outcomes) need('outcome', outcome);
    need('age', c.ageBand);
    need('sex', c.sex);
    need('ethnicity', c.ethnicity);
    need('language', c.language);
  }
}

/** Every stable id a record names is in the file (or, for sites and volunteers, already here). */
function checkReferences(store: Store, payload: HandoverPayload): void {
  const damaged = () => new DomainError('invalid_input', 'team.errors.damagedFile');
  const exists = (table: 'site' | 'volunteer', uid: string) => idByUid(store, table, uid) !== undefined;
  const volunteers = new Set(payload.volunteers.map((v) => v.uid));
  const sites = new Set(payload.sites.map((s) => s.uid));
  const events = new Set(payload.events.map((e) => e.uid));
  const volunteer = (uid: string | null) => {
    if (uid !== null && !volunteers.has(uid) && !exists('volunteer', uid)) throw damaged();
  };
  for (const event of payload.events) {
    if (!sites.has(event.siteUid) && !exists('site', event.siteUid)) throw damaged();
    volunteer(event.createdBy);
    for (const member of event.volunteers) volunteer(member.volunteerUid);
  }
  for (const record of [...payload.visits, ...payload.conversations]) {
    if (!events.has(record.eventUid)) throw damaged();
    volunteer(record.recordedBy);
  }
  for (const c of payload.conversations) {
    if (new Set(c.topics).size !== c.topics.length || new Set(c.outcomes).size !== c.outcomes.length) throw damaged();
  }
  for (const kind of recordKinds) {
    const uids = new Set(payload[kind].map((r) => r.uid));
    if (uids.size !== payload[kind].length) throw damaged();
  }
}

function plan(store: Store, header: HandoverHeader, payload: HandoverPayload): Plan {
  const origin = header.laptopId;
  const self = laptopIdentity(store).id;
  const last = store.first(store.qb.selectFrom('team_laptop').select('last_written_at').where('id', '=', origin));
  const lastMergedWrittenAt = last?.last_written_at ?? null;
  const alreadyMerged = lastMergedWrittenAt !== null && header.writtenAt <= lastMergedWrittenAt;
  if (alreadyMerged) {
    // Nothing of it will be written: no need to tell its records apart.
    const none = { volunteers: [], sites: [], events: [], visits: [], conversations: [], newAudit: [], presentAudit: 0 };
    return { header, payload, alreadyMerged, lastMergedWrittenAt, ...none };
  }
  const local = teamRecords(store, origin, self);
  const received = new Map<string, string>();
  for (const row of store.sqlite.prepare('SELECT entity, uid, content_hash FROM team_record').raw(true).all() as [string, string, string][]) {
    received.set(`${row[0]} ${row[1]}`, row[2]);
  }
  const anywhere = (table: string, uid: string) => idByUid(store, table, uid);

  const classify = <T extends { uid: string }>(kind: RecordKind, records: T[], recordedOn: (r: T) => string): Planned<T>[] => {
    const entity = entityOfKind[kind];
    const forms = new Map((local[kind] as { uid: string }[]).map((form) => [form.uid, form]));
    const hashOf = contentHash[kind] as unknown as (record: T) => string;
    return records.map((record) => {
      const hash = hashOf(record);
      const localId = local.ids[kind].get(record.uid);
      if (recordedOn(record) !== origin || localId === undefined) {
        // Not this laptop's to change (a shared site or volunteer of another laptop), or new.
        const elsewhere = anywhere(entity, record.uid);
        if (elsewhere !== undefined) return { record, verdict: 'present', hash, localId: elsewhere };
        return { record, verdict: 'new', hash };
      }
      const before = forms.get(record.uid)!;
      const receivedHash = received.get(`${entity} ${record.uid}`);
      if (hash === receivedHash) return { record, verdict: 'present', hash, localId };
      const localHash = hashOf(before as T);
      if (localHash === hash) return { record, verdict: 'present', hash, localId };
      // Changed on its laptop since the last merge; also corrected here? Then it is a conflict.
      const verdict: Verdict = receivedHash === undefined || localHash === receivedHash ? 'changed' : 'conflict';
      return { record, verdict, hash, localId, before };
    });
  };
  const presentAudit = new Set(
    payload.audit.filter((entry) => anywhere('audit', entry.uid) !== undefined).map((entry) => entry.uid),
  );
  return {
    header,
    payload,
    alreadyMerged,
    lastMergedWrittenAt,
    volunteers: classify('volunteers', payload.volunteers, (v) => v.recordedOn),
    sites: classify('sites', payload.sites, (s) => s.recordedOn),
    events: classify('events', payload.events, () => origin),
    visits: classify('visits', payload.visits, () => origin),
    conversations: classify('conversations', payload.conversations, () => origin),
    newAudit: payload.audit.filter((entry) => !presentAudit.has(entry.uid)),
    presentAudit: presentAudit.size,
  };
}

function previewOf(planned: Plan): MergePreview {
  const byKind = Object.fromEntries([...recordKinds, 'audit'].map((kind) => [kind, emptyCounts()])) as MergePreview['byKind'];
  const total = emptyCounts();
  if (!planned.alreadyMerged) {
    for (const kind of recordKinds) {
      for (const { verdict } of planned[kind]) {
        const key = verdict === 'conflict' ? 'conflicts' : verdict;
        byKind[kind][key] += 1;
        total[key] += 1;
      }
    }
    byKind.audit.new = planned.newAudit.length;
    byKind.audit.present = planned.presentAudit;
  }
  const days = planned.payload.events.map((e) => e.localDay).sort();
  return {
    laptopId: planned.header.laptopId,
    laptopName: planned.header.laptopName,
    writtenAt: planned.header.writtenAt,
    firstDay: days[0] ?? null,
    lastDay: days.at(-1) ?? null,
    alreadyMerged: planned.alreadyMerged,
    lastMergedWrittenAt: planned.lastMergedWrittenAt,
    total,
    byKind,
  };
}

/** What merging the file would do, without changing anything. */
export function previewHandover(store: Store, bytes: Uint8Array, passphrase: string): MergePreview {
  const { header, payload } = openForThisTeam(store, bytes, passphrase);
  return store.sqlite.transaction(() => previewOf(plan(store, header, payload))).deferred();
}

/** Merges the file in one transaction; the app requires a coordinator, the command line runs as the file's owner. */
export function mergeHandover(
  store: Store,
  clock: Clock,
  bytes: Uint8Array,
  passphrase: string,
  options: { requireCoordinator: boolean },
): MergeOutcome {
  const actor = options.requireCoordinator ? requireCoordinator(store) : currentVolunteer(store);
  const { header, payload } = openForThisTeam(store, bytes, passphrase);
  const previousCacheSize = Number(store.sqlite.pragma('cache_size', { simple: true }));
  store.sqlite.pragma('cache_size = -65536');
  try {
    return store.transaction(() => {
      // Planned under the write lock, so what is written is what was counted.
      const planned = plan(store, header, payload);
      const preview = previewOf(planned);
      if (planned.alreadyMerged) return { ...preview, merged: false };
      writeMerge(store, isoNow(clock), actor?.id ?? null, planned, preview);
      return { ...preview, merged: true };
    });
  } finally {
    store.sqlite.pragma(`cache_size = ${previousCacheSize}`);
  }
}

/** Local ids of every record the merge refers to, by stable id, filled in as rows are written. */
type IdMaps = Record<RecordKind, Map<string, number>>;

function writeMerge(store: Store, at: string, actorId: number | null, planned: Plan, preview: MergePreview): void {
  const db = store.sqlite;
  const origin = planned.header.laptopId;
  const ids: IdMaps = { volunteers: new Map(), sites: new Map(), events: new Map(), visits: new Map(), conversations: new Map() };
  for (const kind of recordKinds) for (const p of planned[kind]) if (p.localId !== undefined) ids[kind].set(p.record.uid, p.localId);
  const volunteerId = (uid: string | null) => (uid === null ? null : (ids.volunteers.get(uid) ?? lookup('volunteer', uid)));
  const lookup = (table: string, uid: string) => idByUid(store, table, uid)!;
  const nextId = (table: string) => (db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${table}`).pluck().get() as number);

  db.pragma('defer_foreign_keys = ON');

  // 1. New volunteers and sites (few): they arrive as plain volunteers, never coordinators here.
  const insertVolunteer = db.prepare(
    `INSERT INTO volunteer (name, role, language, created_at, retired_at, uid, recorded_on) VALUES (?, 'volunteer', 'en-GB', ?, ?, ?, ?)`,
  );
  for (const p of planned.volunteers.filter((p) => p.verdict === 'new')) {
    const v = p.record;
    ids.volunteers.set(v.uid, Number(insertVolunteer.run(v.name, at, v.retired ? at : null, v.uid, v.recordedOn).lastInsertRowid));
  }
  const insertSite = db.prepare(
    `INSERT INTO site (name, authority_code, setting_type, created_at, updated_at, retired_at, uid, recorded_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of planned.sites.filter((p) => p.verdict === 'new')) {
    const s = p.record;
    ids.sites.set(s.uid, Number(insertSite.run(s.name, s.authorityCode, s.settingType, s.createdAt, s.updatedAt, s.retiredAt, s.uid, s.recordedOn).lastInsertRowid));
  }
  const siteId = (uid: string) => ids.sites.get(uid) ?? lookup('site', uid);

  // 2. New events and what was recorded at them, in bulk with the report tallies' triggers
  // paused and their work done here, as the import does (main/tallies/bulk.ts).
  const tallies = pauseTallies(store);
  const sets = tallies.sets;
  const newEvents = planned.events.filter((p) => p.verdict === 'new');
  const liveNewEvents = new Map<string, HandoverEvent>();
  const events = batchInserter(db, 'event', [
    'id', 'site_id', 'kind', 'starts_at', 'ends_at', 'local_day', 'notes', 'created_by', 'created_at', 'updated_at', 'deleted_at', 'uid', 'recorded_on',
  ]);
  const team = batchInserter(db, 'event_volunteer', ['event_id', 'volunteer_id', 'hours'], { after: events });
  let eventId = nextId('event');
  const firstNewEvent = eventId;
  for (const { record: e } of newEvents) {
    ids.events.set(e.uid, eventId);
    if (e.deletedAt === null) liveNewEvents.set(e.uid, e);
    events.add(eventId, siteId(e.siteUid), e.kind, e.startsAt, e.endsAt, e.localDay, '', volunteerId(e.createdBy), e.createdAt, e.updatedAt, e.deletedAt, e.uid, origin);
    for (const member of e.volunteers) team.add(eventId, volunteerId(member.volunteerUid), member.hours);
    eventId++;
  }
  events.flush();
  team.flush();
  if (newEvents.length > 0) tallies.eventsFrom(firstNewEvent);
  const bulk = <T extends { eventUid: string; deletedAt: string | null }>(p: Planned<T>) =>
    p.verdict === 'new' && p.record.deletedAt === null && liveNewEvents.has(p.record.eventUid);
  const visits = batchInserter(db, 'visit', ['id', 'event_id', 'recorded_at', 'local_day', 'adults', 'children', 'recorded_by', 'deleted_at', 'uid', 'recorded_on']);
  let visitId = nextId('visit');
  for (const p of planned.visits.filter(bulk)) {
    const v = p.record;
    const event = ids.events.get(v.eventUid)!;
    ids.visits.set(v.uid, visitId);
    visits.add(visitId++, event, v.recordedAt, v.localDay, v.adults, v.children, volunteerId(v.recordedBy), null, v.uid, origin);
    tallies.visit(v.localDay, event, v.adults, v.children);
  }
  visits.flush();
  const conversations = batchInserter(db, 'conversation', [
    'id', 'event_id', 'recorded_at', 'local_day', 'recorded_by', 'depth', 'age_band', 'sex', 'ethnicity', 'language', 'safeguarding', 'notes', 'updated_at',
    'deleted_at', 'topic_set', 'outcome_set', 'band_set', 'outcome_count', 'uid', 'recorded_on',
  ]);
  const topics = batchInserter(db, 'conversation_topic', ['conversation_id', 'topic'], { after: conversations });
  const outcomes = batchInserter(db, 'conversation_outcome', ['conversation_id', 'outcome'], { after: conversations });
  let conversationId = nextId('conversation');
  for (const p of planned.conversations.filter(bulk)) {
    const c = p.record;
    const event = ids.events.get(c.eventUid)!;
    ids.conversations.set(c.uid, conversationId);
    conversations.add(
      conversationId, event, c.recordedAt, c.localDay, volunteerId(c.recordedBy), c.depth, c.ageBand, c.sex, c.ethnicity, c.language, c.safeguarding ? 1 : 0, '',
      c.updatedAt, null, sets.ofSet(c.topics), sets.ofSet(c.outcomes), sets.ofSequence([c.ageBand, c.sex, c.ethnicity, c.language]), c.outcomes.length, c.uid, origin,
    );
    tallies.conversation(c.localDay, event, liveNewEvents.get(c.eventUid)!.kind, { age: c.ageBand, sex: c.sex, ethnicity: c.ethnicity, language: c.language }, c.topics, c.outcomes);
    for (const topic of c.topics) topics.add(conversationId, topic);
    for (const outcome of c.outcomes) outcomes.add(conversationId, outcome);
    conversationId++;
  }
  for (const inserter of [conversations, topics, outcomes]) inserter.flush();
  tallies.catchUp();

  // 3. The rest (a few records at most, usually): through the triggers, which keep the tallies.
  const audited = (kind: RecordKind, p: Planned<object>, localId: number) =>
    recordAudit(store, {
      at,
      actorId,
      entity: entityOfKind[kind],
      entityId: localId,
      action: 'update',
      before: p.before ?? null,
      after: { ...p.record, handover: { laptopId: origin, laptopName: planned.header.laptopName, writtenAt: planned.header.writtenAt, conflict: p.verdict === 'conflict' } },
    });
  const replaced = <T>(list: Planned<T>[]) => list.filter((p) => p.verdict === 'changed' || p.verdict === 'conflict');
  for (const p of replaced(planned.volunteers)) {
    const v = p.record;
    db.prepare('UPDATE volunteer SET name = ?, retired_at = CASE WHEN ? THEN coalesce(retired_at, ?) END WHERE id = ?').run(v.name, v.retired ? 1 : 0, at, p.localId);
    audited('volunteers', p, p.localId!);
  }
  for (const p of replaced(planned.sites)) {
    const s = p.record;
    db.prepare('UPDATE site SET name = ?, authority_code = ?, setting_type = ?, created_at = ?, updated_at = ?, retired_at = ? WHERE id = ?').run(
      s.name, s.authorityCode, s.settingType, s.createdAt, s.updatedAt, s.retiredAt, p.localId,
    );
    audited('sites', p, p.localId!);
  }
  for (const p of replaced(planned.events)) {
    const e = p.record;
    db.prepare(
      `UPDATE event SET site_id = ?, kind = ?, starts_at = ?, ends_at = ?, local_day = ?, created_by = ?, created_at = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
    ).run(siteId(e.siteUid), e.kind, e.startsAt, e.endsAt, e.localDay, volunteerId(e.createdBy), e.createdAt, e.updatedAt, e.deletedAt, p.localId);
    db.prepare('DELETE FROM event_volunteer WHERE event_id = ?').run(p.localId);
    const insertMember = db.prepare('INSERT INTO event_volunteer (event_id, volunteer_id, hours) VALUES (?, ?, ?)');
    for (const member of e.volunteers) insertMember.run(p.localId, volunteerId(member.volunteerUid), member.hours);
    audited('events', p, p.localId!);
  }
  const insertVisit = db.prepare(
    'INSERT INTO visit (event_id, recorded_at, local_day, adults, children, recorded_by, deleted_at, uid, recorded_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const p of planned.visits.filter((p) => p.verdict === 'new' && !bulk(p))) {
    const v = p.record;
    const row = [ids.events.get(v.eventUid)!, v.recordedAt, v.localDay, v.adults, v.children, volunteerId(v.recordedBy), v.deletedAt];
    ids.visits.set(v.uid, Number(insertVisit.run(...row, v.uid, origin).lastInsertRowid));
  }
  for (const p of replaced(planned.visits)) {
    const v = p.record;
    db.prepare('UPDATE visit SET event_id = ?, recorded_at = ?, local_day = ?, adults = ?, children = ?, recorded_by = ?, deleted_at = ? WHERE id = ?').run(
      ids.events.get(v.eventUid)!, v.recordedAt, v.localDay, v.adults, v.children, volunteerId(v.recordedBy), v.deletedAt, p.localId,
    );
    audited('visits', p, p.localId!);
  }
  const insertConversation = db.prepare(
    `INSERT INTO conversation (event_id, recorded_at, local_day, recorded_by, depth, age_band, sex, ethnicity, language, safeguarding, notes, updated_at, deleted_at, uid, recorded_on)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`,
  );
  const insertTopic = db.prepare('INSERT INTO conversation_topic (conversation_id, topic) VALUES (?, ?)');
  const insertOutcome = db.prepare('INSERT INTO conversation_outcome (conversation_id, outcome) VALUES (?, ?)');
  const writeCodes = (id: number, c: HandoverConversation) => {
    for (const topic of c.topics) insertTopic.run(id, topic);
    for (const outcome of c.outcomes) insertOutcome.run(id, outcome);
  };
  for (const p of planned.conversations.filter((p) => p.verdict === 'new' && !bulk(p))) {
    const c = p.record;
    const id = Number(
      insertConversation.run(
        ids.events.get(c.eventUid)!, c.recordedAt, c.localDay, volunteerId(c.recordedBy), c.depth, c.ageBand, c.sex, c.ethnicity, c.language,
        c.safeguarding ? 1 : 0, c.updatedAt, c.deletedAt, c.uid, origin,
      ).lastInsertRowid,
    );
    ids.conversations.set(c.uid, id);
    writeCodes(id, c);
  }
  for (const p of replaced(planned.conversations)) {
    const c = p.record;
    db.prepare(
      `UPDATE conversation SET event_id = ?, recorded_at = ?, local_day = ?, recorded_by = ?, depth = ?, age_band = ?, sex = ?, ethnicity = ?, language = ?,
              safeguarding = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
    ).run(
      ids.events.get(c.eventUid)!, c.recordedAt, c.localDay, volunteerId(c.recordedBy), c.depth, c.ageBand, c.sex, c.ethnicity, c.language,
      c.safeguarding ? 1 : 0, c.updatedAt, c.deletedAt, p.localId,
    );
    db.prepare('DELETE FROM conversation_topic WHERE conversation_id = ?').run(p.localId);
    db.prepare('DELETE FROM conversation_outcome WHERE conversation_id = ?').run(p.localId);
    writeCodes(p.localId!, c);
    audited('conversations', p, p.localId!);
  }

  // 4. The laptop's own audit trail (notes already left out by the laptop), under this laptop's ids.
  const audit = batchInserter(db, 'audit', ['at', 'actor_id', 'entity', 'entity_id', 'action', 'before', 'after', 'uid', 'recorded_on']);
  const kindOf = { site: 'sites', volunteer: 'volunteers', event: 'events', visit: 'visits', conversation: 'conversations' } as const;
  for (const entry of planned.newAudit) {
    const entityId = ids[kindOf[entry.entity]].get(entry.entityUid) ?? lookup(entry.entity, entry.entityUid);
    audit.add(
      entry.at, volunteerId(entry.actor), entry.entity, entityId, entry.action,
      entry.before === null ? null : JSON.stringify(entry.before), entry.after === null ? null : JSON.stringify(entry.after), entry.uid, origin,
    );
  }
  audit.flush();

  // 5. What each record was as its laptop handed it over, and the file itself.
  const received = batchInserter(db, 'team_record', ['entity', 'uid', 'content_hash']);
  const rows: [string, string, string][] = [];
  for (const kind of recordKinds) {
    for (const p of planned[kind] as Planned<{ uid: string; recordedOn?: string }>[]) {
      if (p.verdict === 'present' || (p.record.recordedOn ?? origin) !== origin) continue;
      rows.push([entityOfKind[kind], p.record.uid, p.hash]);
    }
  }
  // In key order: appended to the index's B-tree rather than scattered through it.
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  db.prepare(`DELETE FROM team_record WHERE (entity, uid) IN (SELECT value ->> '$[0]', value ->> '$[1]' FROM json_each(?))`).run(
    JSON.stringify(recordKinds.flatMap((kind) => planned[kind].filter((p) => p.verdict === 'changed' || p.verdict === 'conflict').map((p) => [entityOfKind[kind], p.record.uid]))),
  );
  for (const row of rows) received.add(...row);
  received.flush();
  db.prepare(
    `INSERT INTO team_laptop (id, name, public_key, last_written_at, last_merged_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, last_written_at = excluded.last_written_at, last_merged_at = excluded.last_merged_at`,
  ).run(origin, planned.header.laptopName, planned.header.publicKey, planned.header.writtenAt, at);
  recordAudit(store, {
    at,
    actorId,
    entity: 'handover',
    action: 'create',
    after: { laptopId: origin, laptopName: preview.laptopName, writtenAt: preview.writtenAt, firstDay: preview.firstDay, lastDay: preview.lastDay, ...preview.total },
  });
}

export type { TeamRecords };
