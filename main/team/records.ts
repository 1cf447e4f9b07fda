// The team forms of a database's records (payload.ts), read in a handful of queries: what this
// laptop hands over, and what the coordinator's laptop holds of another laptop's records.
import type { Store } from '../db/store.ts';
import {
  auditedEntities,
  dropNotesInPlace,
  type HandoverAudit,
  type HandoverConversation,
  type HandoverEvent,
  type HandoverSite,
  type HandoverVisit,
  type HandoverVolunteer,
} from './payload.ts';

/** A random (version 4) UUID per row, as migration 0011 wrote them. */
const UUID = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
  || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

/** Records made since migration 0011 get their stable id here, once (inside the caller's transaction). */
export function assignStableIds(store: Store): void {
  for (const table of ['site', 'volunteer', 'event', 'visit', 'conversation', 'audit']) {
    store.sqlite.prepare(`UPDATE ${table} SET uid = ${UUID} WHERE uid IS NULL`).run();
  }
}

export interface TeamRecords {
  volunteers: HandoverVolunteer[];
  sites: HandoverSite[];
  events: HandoverEvent[];
  visits: HandoverVisit[];
  conversations: HandoverConversation[];
  audit: HandoverAudit[];
  /** Local row id of each record, by kind and stable id. */
  ids: Record<'volunteers' | 'sites' | 'events' | 'visits' | 'conversations' | 'audit', Map<string, number>>;
}

const splitCodes = (codes: string | null): string[] => (codes ? codes.split(' ') : []);

/**
 * Visits and conversations are found through their session, whose origin they share (a merge
 * writes it; migration 0011 refuses new records at a merged session).
 * `origin` null: the records made on this laptop (with every site and volunteer, which are
 * shared); a laptop id: the records merged here from that laptop. `self` is this laptop's id,
 * written as the origin of its own sites and volunteers.
 */
export function teamRecords(store: Store, origin: string | null, self: string, options: { audit?: boolean } = {}): TeamRecords {
  const db = store.sqlite;
  const ids: TeamRecords['ids'] = {
    volunteers: new Map(),
    sites: new Map(),
    events: new Map(),
    visits: new Map(),
    conversations: new Map(),
    audit: new Map(),
  };
  const sharedWhere = origin === null ? 'true' : 'recorded_on IS ?';
  const sharedArgs = origin === null ? [] : [origin];
  // Another laptop's records are found through its sessions' index (event_by_origin): `IS ?` could
  // be NULL, so SQLite would scan every visit and conversation here (~0.4 s on 1,000,000 rows).
  const eventsOfOrigin = origin === null ? 'e.recorded_on IS NULL' : 'e.recorded_on = ?';
  const originArgs = origin === null ? [] : [origin];

  const volunteerRows = db
    .prepare(`SELECT id, uid, coalesce(recorded_on, ?) AS recordedOn, name, retired_at FROM volunteer WHERE ${sharedWhere} ORDER BY id`)
    .all(self, ...sharedArgs) as { id: number; uid: string; recordedOn: string; name: string; retired_at: string | null }[];
  const volunteerUid = new Map<number, string>();
  const volunteers = volunteerRows.map((row) => {
    ids.volunteers.set(row.uid, row.id);
    volunteerUid.set(row.id, row.uid);
    return { uid: row.uid, recordedOn: row.recordedOn, name: row.name, retired: row.retired_at !== null };
  });
  // Records may name volunteers and sites of any origin (all of them when reading this laptop's own).
  const allVolunteerUids = new Map(
    (db.prepare('SELECT id, uid FROM volunteer').raw(true).all() as [number, string][]).map(([id, uid]) => [id, uid]),
  );
  const uidOfVolunteer = (id: number | null) => (id === null ? null : (allVolunteerUids.get(id) ?? null));

  const sites = (
    db
      .prepare(
        `SELECT id, uid, coalesce(recorded_on, ?) AS recordedOn, name, authority_code AS authorityCode, setting_type AS settingType,
                created_at AS createdAt, updated_at AS updatedAt, retired_at AS retiredAt FROM site WHERE ${sharedWhere} ORDER BY id`,
      )
      .all(self, ...sharedArgs) as (HandoverSite & { id: number })[]
  ).map(({ id, ...site }) => {
    ids.sites.set(site.uid, id);
    return site;
  });

  const team = new Map<number, { volunteerUid: string; hours: number }[]>();
  for (const [eventId, volunteerId, hours] of db
    .prepare(
      `SELECT ev.event_id, ev.volunteer_id, ev.hours FROM event_volunteer ev JOIN event e ON e.id = ev.event_id
        WHERE ${eventsOfOrigin} ORDER BY ev.event_id, ev.volunteer_id`,
    )
    .raw(true)
    .all(...originArgs) as [number, number, number][]) {
    let list = team.get(eventId);
    if (!list) team.set(eventId, (list = []));
    list.push({ volunteerUid: allVolunteerUids.get(volunteerId)!, hours });
  }
  const events = (
    db
      .prepare(
        `SELECT e.id, e.uid, s.uid AS siteUid, e.kind, e.starts_at AS startsAt, e.ends_at AS endsAt, e.local_day AS localDay,
                e.created_by AS createdById, e.created_at AS createdAt, e.updated_at AS updatedAt, e.deleted_at AS deletedAt
           FROM event e JOIN site s ON s.id = e.site_id WHERE ${eventsOfOrigin} ORDER BY e.id`,
      )
      .all(...originArgs) as (Omit<HandoverEvent, 'createdBy' | 'volunteers'> & { id: number; createdById: number | null })[]
  ).map(({ id, createdById, ...event }) => {
    ids.events.set(event.uid, id);
    const volunteers = (team.get(id) ?? []).sort((a, b) => (a.volunteerUid < b.volunteerUid ? -1 : 1));
    return { ...event, createdBy: uidOfVolunteer(createdById), volunteers };
  });

  const visits = (
    db
      .prepare(
        `SELECT v.id, v.uid, e.uid AS eventUid, v.recorded_at AS recordedAt, v.local_day AS localDay, v.adults, v.children,
                v.recorded_by AS recordedById, v.deleted_at AS deletedAt
           FROM event e JOIN visit v ON v.event_id = e.id WHERE ${eventsOfOrigin} ORDER BY v.id`,
      )
      .all(...originArgs) as (Omit<HandoverVisit, 'recordedBy'> & { id: number; recordedById: number | null })[]
  ).map(({ id, recordedById, ...visit }) => {
    ids.visits.set(visit.uid, id);
    return { ...visit, recordedBy: uidOfVolunteer(recordedById) };
  });

  // Topics and outcomes from the conversation's code sets (migration 0007: sorted, space-separated).
  const conversationRows = db
    .prepare(
      `SELECT c.id, c.uid, e.uid, c.recorded_at, c.local_day, c.recorded_by, c.depth, t.codes, o.codes,
              c.age_band, c.sex, c.ethnicity, c.language, c.safeguarding, c.updated_at, c.deleted_at
         FROM event e JOIN conversation c ON c.event_id = e.id
         LEFT JOIN code_set t ON t.id = c.topic_set LEFT JOIN code_set o ON o.id = c.outcome_set
        WHERE ${eventsOfOrigin} ORDER BY c.id`,
    )
    .raw(true)
    .all(...originArgs) as [number, string, string, string, string, number | null, string, string | null, string | null, string, string, string, string, number, string, string | null][];
  const conversations: HandoverConversation[] = conversationRows.map(
    ([id, uid, eventUid, recordedAt, localDay, recordedBy, depth, topics, outcomes, ageBand, sex, ethnicity, language, safeguarding, updatedAt, deletedAt]) => {
      ids.conversations.set(uid, id);
      return {
        uid,
        eventUid,
        recordedAt,
        localDay,
        recordedBy: uidOfVolunteer(recordedBy),
        depth,
        topics: splitCodes(topics),
        outcomes: splitCodes(outcomes),
        ageBand,
        sex,
        ethnicity,
        language,
        safeguarding: safeguarding === 1,
        updatedAt,
        deletedAt,
      };
    },
  );

  // A merge compares records only: it skips reading (and parsing) the laptop's audit trail.
  if (options.audit === false) return { volunteers, sites, events, visits, conversations, audit: [], ids };
  const uidOf: Record<(typeof auditedEntities)[number], Map<number, string>> = {
    site: invert(ids.sites),
    volunteer: invert(ids.volunteers),
    event: invert(ids.events),
    visit: invert(ids.visits),
    conversation: invert(ids.conversations),
  };
  const audit: HandoverAudit[] = [];
  const auditRows = db
    .prepare(
      `SELECT id, uid, at, actor_id, entity, entity_id, action, before, after FROM audit
        WHERE recorded_on IS ? AND entity IN (${auditedEntities.map((e) => `'${e}'`).join(', ')}) ORDER BY id`,
    )
    .raw(true)
    .all(origin) as [number, string, string, number | null, HandoverAudit['entity'], number, HandoverAudit['action'], string | null, string | null][];
  for (const [id, uid, at, actorId, entity, entityId, action, before, after] of auditRows) {
    const entityUid = uidOf[entity].get(entityId);
    if (entityUid === undefined) continue; // a record this laptop does not hand over
    ids.audit.set(uid, id);
    audit.push({
      uid,
      at,
      actor: uidOfVolunteer(actorId),
      entity,
      entityUid,
      action,
      before: before === null ? null : (dropNotesInPlace(JSON.parse(before)) as Record<string, unknown>),
      after: after === null ? null : (dropNotesInPlace(JSON.parse(after)) as Record<string, unknown>),
    });
  }
  return { volunteers, sites, events, visits, conversations, audit, ids };
}

function invert(map: Map<string, number>): Map<number, string> {
  return new Map([...map].map(([uid, id]) => [id, uid]));
}
