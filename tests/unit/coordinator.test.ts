// What a coordinator looks after: events and their corrections, the list and its flags,
// volunteer profiles, and who may change what.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { auditTrailOf } from '../../main/records/audit.ts';
import { recordConversation, updateConversation, setConversationDeleted } from '../../main/records/conversations.ts';
import { DomainError } from '../../shared/errors.ts';
import { createEvent, setEventDeleted, updateEvent, type EventFields } from '../../main/records/event-admin.ts';
import { dataChecksSummary, eventDetail, listEvents } from '../../main/records/event-list.ts';
import { closeSession, leaveSessionForCoordinator, openSession } from '../../main/records/events.ts';
import { createSite, setSiteRetired } from '../../main/records/sites.ts';
import { recordVisit } from '../../main/records/visits.ts';
import { createVolunteer, switchVolunteer, updateVolunteer } from '../../main/records/volunteers.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

const count = (store: Store, sql: string) => (store.sqlite.prepare(sql).get() as { n: number }).n;

function rejects(fn: () => unknown, key: string, field?: string) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    if (field) expect(e.fields).toContainEqual(expect.objectContaining({ field, messageKey: key }));
    else expect(e.messageKey).toBe(key);
    return;
  }
  throw new Error(`expected ${key}`);
}

const talk = (eventId: number, outcomes: string[] = ['information_given']) => ({
  eventId, depth: 'brief_contact', topics: ['smoking'], outcomes, ageBand: 'not_recorded', sex: 'not_recorded',
  ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: '',
});

describe('coordinating events', () => {
  let store: Store;
  const clock = manualClock('2026-11-20T10:00:00.000Z');
  let siteId: number;
  let me: number;
  beforeEach(async () => {
    ({ store } = await freshStore());
    clock.set('2026-11-20T10:00:00.000Z');
    me = (store.sqlite.prepare('SELECT id FROM volunteer').get() as { id: number }).id;
    siteId = createSite(store, clock, { name: 'Peckham Library', authorityCode: 'E09000028', settingType: 'library' }).id;
  });

  const past = (overrides: Partial<EventFields> = {}): EventFields => ({
    siteId, kind: 'talk_workshop', startsAt: '2026-10-03T09:00:00.000Z', endsAt: '2026-10-03T12:00:00.000Z', notes: '',
    volunteers: [{ volunteerId: me, hours: 3 }], ...overrides,
  });

  it('enters a past event and corrects it, with before and after in the audit trail', () => {
    const event = createEvent(store, clock, past());
    expect(event.volunteers).toEqual([{ volunteerId: me, name: 'Test Volunteer', hours: 3 }]);
    const updated = updateEvent(store, clock, event.id, past({ endsAt: '2026-10-03T13:30:00.000Z', volunteers: [{ volunteerId: me, hours: 4.5 }] }));
    expect(updated.endsAt).toBe('2026-10-03T13:30:00.000Z');
    const [, update] = auditTrailOf(store, 'event', event.id);
    expect(update).toMatchObject({ action: 'update', before: { volunteers: [{ hours: 3 }] }, after: { volunteers: [{ hours: 4.5 }] } });
  });

  it('refuses an end before the start, hours out of range and a retired site, writing nothing', () => {
    const events = count(store, 'SELECT count(*) AS n FROM event');
    rejects(() => createEvent(store, clock, past({ endsAt: '2026-10-03T08:00:00.000Z' })), 'errors.endBeforeStart', 'endsAt');
    rejects(() => createEvent(store, clock, past({ volunteers: [{ volunteerId: me, hours: 25 }] })), 'errors.enterHours', 'volunteers.0.hours');
    setSiteRetired(store, clock, siteId, true);
    rejects(() => createEvent(store, clock, past()), 'errors.siteRetired');
    expect(count(store, 'SELECT count(*) AS n FROM event')).toBe(events);
    expect(count(store, 'SELECT count(*) AS n FROM event_volunteer')).toBe(0);
  });

  it('lists events newest first with totals, filters and key-based pages', () => {
    for (let day = 1; day <= 5; day++) {
      createEvent(store, clock, past({ startsAt: `2026-10-0${day}T09:00:00.000Z`, endsAt: `2026-10-0${day}T10:00:00.000Z` }));
    }
    const other = createSite(store, clock, { name: 'Brixton Market', authorityCode: 'E09000022', settingType: 'market_high_street' });
    createEvent(store, clock, past({ siteId: other.id, kind: 'community_stall', startsAt: '2026-10-09T09:00:00.000Z', endsAt: null }));

    const first = listEvents(store, clock, {}, { limit: 4 });
    expect(first.rows.map((r) => r.startsAt.slice(0, 10))).toEqual(['2026-10-09', '2026-10-05', '2026-10-04', '2026-10-03']);
    const second = listEvents(store, clock, {}, { limit: 4, after: first.next! });
    expect(second.rows.map((r) => r.startsAt.slice(0, 10))).toEqual(['2026-10-02', '2026-10-01']);
    expect(second.next).toBeNull();

    expect(listEvents(store, clock, { authorityCode: 'E09000022' }, { limit: 10 }).rows).toHaveLength(1);
    expect(listEvents(store, clock, { kind: 'talk_workshop', from: '2026-10-02', to: '2026-10-04' }, { limit: 10 }).rows).toHaveLength(3);
    expect(listEvents(store, clock, { volunteerId: me }, { limit: 10 }).rows).toHaveLength(6);
  });

  it('flags the data-quality problems a coordinator should fix', () => {
    const leftOpen = createEvent(store, clock, past({ startsAt: '2026-11-18T09:00:00.000Z', endsAt: null }));
    // A session open since an earlier day must be closed or left for a coordinator before a new one opens.
    rejects(() => openSession(store, clock, { siteId, kind: 'popup_shop' }), 'errors.staleSessionFirst');
    leaveSessionForCoordinator(store, clock, leftOpen.id);
    const quiet = openSession(store, clock, { siteId, kind: 'popup_shop' });
    recordVisit(store, clock, { eventId: quiet.id, adults: 2, children: 0 });
    const missing = openSession(store, clock, { siteId, kind: 'popup_shop' });
    recordConversation(store, clock, talk(missing.id, []));

    expect(dataChecksSummary(store, clock, {})).toEqual({
      left_open: 1,
      no_end_time: 3,
      visitors_no_conversations: 1,
      conversations: 1,
      conversationsWithoutOutcome: 1,
    });
    const flagged = listEvents(store, clock, { flag: 'left_open' }, { limit: 10 });
    expect(flagged.rows.map((r) => r.id)).toEqual([leftOpen.id]);
    expect(flagged.rows[0]!.flags).toEqual(['left_open', 'no_end_time']);
    expect(listEvents(store, clock, { flag: 'visitors_no_conversations' }, { limit: 10 }).rows.map((r) => r.id)).toEqual([quiet.id]);
  });

  it('reports conversations with no outcome as a share, not as a flag on their event (outcomes are optional)', () => {
    const event = openSession(store, clock, { siteId, kind: 'popup_shop' });
    recordConversation(store, clock, talk(event.id, []));
    recordConversation(store, clock, talk(event.id));
    recordConversation(store, clock, talk(event.id));
    recordConversation(store, clock, talk(event.id));
    closeSession(store, clock, event.id);

    const [row] = listEvents(store, clock, {}, { limit: 10 }).rows;
    expect(row!.flags).toEqual([]);
    const summary = dataChecksSummary(store, clock, {});
    expect(summary).toMatchObject({ conversations: 4, conversationsWithoutOutcome: 1 });
    expect(summary).not.toHaveProperty('conversations_without_outcome');
    // Still a way to find them: the list narrowed to events with such a conversation.
    expect(listEvents(store, clock, { flag: 'conversations_without_outcome' }, { limit: 10 }).rows.map((r) => r.id)).toEqual([event.id]);
  });

  it('edits a conversation, and a deleted event hides from the list until restored', () => {
    const event = openSession(store, clock, { siteId, kind: 'popup_shop' });
    const { conversationId } = recordConversation(store, clock, talk(event.id));
    const edited = updateConversation(store, clock, conversationId, { ...talk(event.id), topics: ['alcohol', 'smoking'], notes: 'corrected' });
    expect(edited.topics).toEqual(['alcohol', 'smoking']);
    rejects(() => updateConversation(store, clock, conversationId, { ...talk(event.id), topics: ['nonsense'] }), 'errors.unknownCode', 'topics.0');

    setEventDeleted(store, clock, event.id, true);
    expect(listEvents(store, clock, {}, { limit: 10 }).rows).toHaveLength(0);
    expect(listEvents(store, clock, { includeDeleted: true }, { limit: 10 }).rows[0]!.deleted).toBe(true);
    setEventDeleted(store, clock, event.id, false);
    const detail = eventDetail(store, event.id);
    expect(detail.conversations.map((c) => c.notes)).toEqual(['corrected']);
  });
});

describe('who may change what', () => {
  it('lets a volunteer record and undo their own, but not change others\u2019 records or manage the laptop', async () => {
    const { store } = await freshStore();
    const clock = manualClock();
    const coordinator = (store.sqlite.prepare('SELECT id FROM volunteer').get() as { id: number }).id;
    const site = createSite(store, clock, { name: 'Hall', authorityCode: 'E09000001', settingType: 'community_centre' });
    const event = openSession(store, clock, { siteId: site.id, kind: 'popup_shop' });
    const theirs = recordConversation(store, clock, talk(event.id));

    const volunteer = createVolunteer(store, clock, { name: 'Jo', role: 'volunteer', language: 'en-GB' });
    const mine = recordConversation(store, clock, talk(event.id));
    expect(setConversationDeleted(store, clock, mine.conversationId, true).totals.conversations).toBe(1);
    rejects(() => setConversationDeleted(store, clock, theirs.conversationId, true), 'errors.coordinatorsOnly');
    rejects(() => setSiteRetired(store, clock, site.id, true), 'errors.coordinatorsOnly');
    rejects(() => createVolunteer(store, clock, { name: 'Boss', role: 'coordinator', language: 'en-GB' }), 'errors.coordinatorsOnly');

    switchVolunteer(store, coordinator);
    rejects(() => updateVolunteer(store, clock, coordinator, { name: 'Me', role: 'volunteer', retired: false }), 'errors.cannotDemoteYourself');
    expect(updateVolunteer(store, clock, volunteer.id, { name: 'Jo', role: 'volunteer', retired: true }).retired).toBe(true);
  });
});
