import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { auditTrailOf } from '../../main/records/audit.ts';
import { findConversation, recordConversation, setConversationDeleted, type ConversationFields } from '../../main/records/conversations.ts';
import { DomainError } from '../../shared/errors.ts';
import { closeSession, openSession, sessionTotals, todaysSessions } from '../../main/records/events.ts';
import { createSite, setSiteRetired, updateSite } from '../../main/records/sites.ts';
import { recordVisit, setVisitDeleted } from '../../main/records/visits.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

const count = (store: Store, table: string) => (store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function conversation(eventId: number, overrides: Partial<ConversationFields> = {}): ConversationFields {
  return {
    eventId,
    depth: 'meaningful_discussion',
    topics: ['screening_bowel', 'mh_stress_anxiety'],
    outcomes: ['leaflet_given'],
    ageBand: 'age_60_74',
    sex: 'female',
    ethnicity: 'bangladeshi',
    language: 'bn',
    safeguarding: false,
    notes: '',
    ...overrides,
  };
}

function expectDomainError(fn: () => unknown, messageKey: string, field?: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const domain = error as DomainError;
    if (field) expect(domain.fields.map((f) => [f.field, f.messageKey])).toContainEqual([field, messageKey]);
    else expect(domain.messageKey).toBe(messageKey);
    return;
  }
  throw new Error(`expected ${messageKey}`);
}

describe('recording a stall session', () => {
  let store: Store;
  const clock = manualClock('2026-11-20T10:00:00.000Z');

  beforeEach(async () => {
    ({ store } = await freshStore());
    clock.set('2026-11-20T10:00:00.000Z');
  });

  it('adds a site, opens a session, tallies visitors and logs a conversation', () => {
    const site = createSite(store, clock, { name: 'Lewisham Library', authorityCode: 'E09000023', settingType: 'library' });
    const event = openSession(store, clock, { siteId: site.id, kind: 'popup_shop' });
    expect(event).toMatchObject({ siteName: 'Lewisham Library', authorityCode: 'E09000023', endsAt: null });
    expect(todaysSessions(store, clock).map((s) => s.id)).toEqual([event.id]);

    recordVisit(store, clock, { eventId: event.id, adults: 1, children: 0 });
    recordVisit(store, clock, { eventId: event.id, adults: 2, children: 1 });
    expect(sessionTotals(store, event.id)).toMatchObject({ adults: 3, children: 1, conversations: 0 });

    const logged = recordConversation(store, clock, conversation(event.id));
    const totals = sessionTotals(store, event.id);
    expect(totals.conversations).toBe(1);
    expect(totals.byTopic).toEqual([
      { topic: 'mh_stress_anxiety', count: 1 },
      { topic: 'screening_bowel', count: 1 },
    ]);
    const saved = findConversation(store, logged.conversationId)!;
    expect(saved).toMatchObject({ topics: ['mh_stress_anxiety', 'screening_bowel'], outcomes: ['leaflet_given'], language: 'bn' });
    const [entry] = auditTrailOf(store, 'conversation', logged.conversationId);
    expect(entry).toMatchObject({ action: 'create', actorName: 'Test Volunteer' });
  });

  it('keeps the London day, not the UTC one, on records made after midnight in summer', () => {
    clock.set('2026-07-01T23:30:00.000Z'); // 00:30 on 2 July in London (BST)
    const site = createSite(store, clock, { name: 'Night stall', authorityCode: 'E09000033', settingType: 'other' });
    const event = openSession(store, clock, { siteId: site.id, kind: 'street_outreach' });
    const row = store.sqlite.prepare('SELECT local_day FROM event WHERE id = ?').get(event.id) as { local_day: string };
    expect(row.local_day).toBe('2026-07-02');
  });

  it('refuses an unknown topic code and writes nothing', () => {
    const site = createSite(store, clock, { name: 'Market', authorityCode: 'E09000025', settingType: 'market_high_street' });
    const event = openSession(store, clock, { siteId: site.id, kind: 'community_stall' });
    const auditBefore = count(store, 'audit');
    expectDomainError(() => recordConversation(store, clock, conversation(event.id, { topics: ['screening_bowel', 'astrology'] })), 'errors.unknownCode', 'topics.1');
    expect(count(store, 'conversation')).toBe(0);
    expect(count(store, 'conversation_topic')).toBe(0);
    expect(count(store, 'audit')).toBe(auditBefore);
  });

  it('refuses an unknown borough for a site', () => {
    expectDomainError(
      () => createSite(store, clock, { name: 'Outside London', authorityCode: 'E09000099', settingType: 'library' }),
      'errors.unknownAuthority',
      'authorityCode',
    );
    expect(count(store, 'site')).toBe(0);
  });

  it('refuses records for a closed session and sessions at a retired site', () => {
    const site = createSite(store, clock, { name: 'Mosque hall', authorityCode: 'E09000030', settingType: 'place_of_worship' });
    const event = openSession(store, clock, { siteId: site.id, kind: 'faith_setting_session' });
    clock.advance(90 * 60_000);
    const closed = closeSession(store, clock, event.id);
    expect(closed.endsAt).not.toBeNull();
    const hours = store.sqlite.prepare('SELECT hours FROM event_volunteer WHERE event_id = ?').get(event.id) as { hours: number };
    expect(hours.hours).toBe(1.5);
    clock.advance(1000);
    expectDomainError(() => recordVisit(store, clock, { eventId: event.id, adults: 1, children: 0 }), 'errors.eventClosed');
    expectDomainError(() => recordConversation(store, clock, conversation(event.id)), 'errors.eventClosed');
    expect(count(store, 'visit')).toBe(0);

    setSiteRetired(store, clock, site.id, true);
    expectDomainError(() => openSession(store, clock, { siteId: site.id, kind: 'popup_shop' }), 'errors.siteRetired');
  });

  it('undoes a visit and a conversation softly, with the change in the audit trail', () => {
    const site = createSite(store, clock, { name: 'Library', authorityCode: 'E09000001', settingType: 'library' });
    const event = openSession(store, clock, { siteId: site.id, kind: 'popup_shop' });
    const visit = recordVisit(store, clock, { eventId: event.id, adults: 3, children: 0 });
    const talk = recordConversation(store, clock, conversation(event.id));

    expect(setVisitDeleted(store, clock, visit.visitId, true).totals.adults).toBe(0);
    expect(setConversationDeleted(store, clock, talk.conversationId, true).totals.conversations).toBe(0);
    expect(count(store, 'visit')).toBe(1); // still there, marked deleted
    expect(setConversationDeleted(store, clock, talk.conversationId, false).totals.conversations).toBe(1);
    expect(auditTrailOf(store, 'conversation', talk.conversationId).map((e) => e.action)).toEqual(['create', 'delete', 'restore']);
    const deleteEntry = auditTrailOf(store, 'visit', visit.visitId)[1]!;
    expect(deleteEntry.before).toMatchObject({ adults: 3, deleted_at: null });
    expect(deleteEntry.after).toMatchObject({ adults: 3 });
    expect(deleteEntry.after!.deleted_at).not.toBeNull();
  });

  it('audits a site edit with its values before and after', () => {
    const site = createSite(store, clock, { name: 'Libary', authorityCode: 'E09000001', settingType: 'library' });
    updateSite(store, clock, site.id, { name: 'Library', authorityCode: 'E09000001', settingType: 'library' });
    const [, update] = auditTrailOf(store, 'site', site.id);
    expect(update).toMatchObject({ action: 'update', before: { name: 'Libary' }, after: { name: 'Library' } });
  });

  it('needs a recording profile', async () => {
    const { store: empty } = await freshStore({ withVolunteer: false });
    expectDomainError(() => createSite(empty, clock, { name: 'X', authorityCode: 'E09000001', settingType: 'library' }), 'errors.noProfile');
  });

  it('keeps session totals to the session', () => {
    const site = createSite(store, clock, { name: 'Two stalls', authorityCode: 'E09000012', settingType: 'market_high_street' });
    const a = openSession(store, clock, { siteId: site.id, kind: 'community_stall' });
    const b = openSession(store, clock, { siteId: site.id, kind: 'community_stall' });
    recordVisit(store, clock, { eventId: a.id, adults: 2, children: 0 });
    recordVisit(store, clock, { eventId: b.id, adults: 5, children: 0 });
    expect(sessionTotals(store, a.id).adults).toBe(2);
    expect(sessionTotals(store, b.id).adults).toBe(5);
  });
});
