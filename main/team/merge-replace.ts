// A merge's changed records: a record corrected on its own laptop since its last hand-over
// replaces the version here, through the triggers (which keep the tallies), each with an audit
// entry saying so (merge-audit.ts), a conflict included.
import type { SqliteDatabase } from '../db/connection.ts';
import type { MergeIds } from './merge-ids.ts';
import { codeWriter } from './merge-insert.ts';
import type { Plan, Planned } from './merge-plan.ts';
import type { ReplacementAudit } from './merge-audit.ts';

const replaced = <T>(list: Planned<T>[]) => list.filter((p) => p.verdict === 'changed' || p.verdict === 'conflict');

export function replaceChangedRecords(db: SqliteDatabase, at: string, planned: Plan, ids: MergeIds, audited: ReplacementAudit): void {
  const volunteers = replaced(planned.volunteers);
  if (volunteers.length > 0) {
    const update = db.prepare('UPDATE volunteer SET name = ?, retired_at = CASE WHEN ? THEN coalesce(retired_at, ?) END WHERE id = ?');
    for (const p of volunteers) {
      update.run(p.record.name, p.record.retired ? 1 : 0, at, p.localId);
      audited('volunteers', p);
    }
  }
  const sites = replaced(planned.sites);
  if (sites.length > 0) {
    const update = db.prepare('UPDATE site SET name = ?, authority_code = ?, setting_type = ?, created_at = ?, updated_at = ?, retired_at = ? WHERE id = ?');
    for (const p of sites) {
      const s = p.record;
      update.run(s.name, s.authorityCode, s.settingType, s.createdAt, s.updatedAt, s.retiredAt, p.localId);
      audited('sites', p);
    }
  }
  const events = replaced(planned.events);
  if (events.length > 0) {
    const update = db.prepare(
      `UPDATE event SET site_id = ?, kind = ?, starts_at = ?, ends_at = ?, local_day = ?, created_by = ?, created_at = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
    );
    const clearTeam = db.prepare('DELETE FROM event_volunteer WHERE event_id = ?');
    const insertMember = db.prepare('INSERT INTO event_volunteer (event_id, volunteer_id, hours) VALUES (?, ?, ?)');
    for (const p of events) {
      const e = p.record;
      update.run(ids.site(e.siteUid), e.kind, e.startsAt, e.endsAt, e.localDay, ids.volunteer(e.createdBy), e.createdAt, e.updatedAt, e.deletedAt, p.localId);
      clearTeam.run(p.localId);
      for (const member of e.volunteers) insertMember.run(p.localId, ids.volunteer(member.volunteerUid), member.hours);
      audited('events', p);
    }
  }
  const visits = replaced(planned.visits);
  if (visits.length > 0) {
    const update = db.prepare('UPDATE visit SET event_id = ?, recorded_at = ?, local_day = ?, adults = ?, children = ?, recorded_by = ?, deleted_at = ? WHERE id = ?');
    for (const p of visits) {
      const v = p.record;
      update.run(ids.event(v.eventUid), v.recordedAt, v.localDay, v.adults, v.children, ids.volunteer(v.recordedBy), v.deletedAt, p.localId);
      audited('visits', p);
    }
  }
  const conversations = replaced(planned.conversations);
  if (conversations.length > 0) {
    const update = db.prepare(
      `UPDATE conversation SET event_id = ?, recorded_at = ?, local_day = ?, recorded_by = ?, depth = ?, age_band = ?, sex = ?, ethnicity = ?, language = ?,
              safeguarding = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
    );
    const clearTopics = db.prepare('DELETE FROM conversation_topic WHERE conversation_id = ?');
    const clearOutcomes = db.prepare('DELETE FROM conversation_outcome WHERE conversation_id = ?');
    const writeCodes = codeWriter(db);
    for (const p of conversations) {
      const c = p.record;
      update.run(
        ids.event(c.eventUid), c.recordedAt, c.localDay, ids.volunteer(c.recordedBy), c.depth, c.ageBand, c.sex, c.ethnicity, c.language,
        c.safeguarding ? 1 : 0, c.updatedAt, c.deletedAt, p.localId,
      );
      clearTopics.run(p.localId);
      clearOutcomes.run(p.localId);
      writeCodes(p.localId!, c.topics, c.outcomes);
      audited('conversations', p);
    }
  }
}
