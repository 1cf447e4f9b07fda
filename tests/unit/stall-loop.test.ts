// The stall loop's services (issue 12): sessions left open since an earlier day, notes that look
// like personal details, the most used choices, and visitors and conversations on past events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Store } from '../../main/db/store.ts';
import { auditTrailOf } from '../../main/records/audit.ts';
import { recordConversation, updateConversation } from '../../main/records/conversations.ts';
import { DomainError } from '../../shared/errors.ts';
import { createEvent, updateEvent } from '../../main/records/event-admin.ts';
import { dataChecksSummary } from '../../main/records/event-list.ts';
import { closeSession, findEvent, leaveAllStaleSessionsForCoordinator, leaveSessionForCoordinator, openSession, sessionTotals, staleSessions, todaysSessions } from '../../main/records/events.ts';
import { frequentChoices } from '../../main/records/frequent-choices.ts';
import { addConversationToEvent, addVisitToEvent } from '../../main/records/past-records.ts';
import { createSite } from '../../main/records/sites.ts';
import { recordVisit } from '../../main/records/visits.ts';
import { createVolunteer, switchVolunteer } from '../../main/records/volunteers.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

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

const talk = (eventId: number, overrides: Partial<{ topics: string[]; outcomes: string[]; notes: string; personalDetailsConfirmed: boolean }> = {}) => ({
  eventId, depth: 'brief_contact', topics: ['smoking'], outcomes: ['information_given'], ageBand: 'not_recorded', sex: 'not_recorded',
  ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: '', ...overrides,
});

describe('the stall loop', () => {
  let store: Store;
  let dir: string;
  const clock = manualClock();
  let siteId: number;
  beforeEach(async () => {
    ({ store, dir } = await freshStore());
    clock.set('2026-01-17T10:00:00.000Z');
    siteId = createSite(store, clock, { name: 'Deptford Market', authorityCode: 'E09000023', settingType: 'market_high_street' }).id;
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never offers a session from an earlier day as today\'s: it is closed with its end time, and no taps go into it', () => {
    const january = openSession(store, clock, { siteId, kind: 'popup_shop' });
    recordVisit(store, clock, { eventId: january.id, adults: 1, children: 0 });
    clock.set('2026-02-03T09:30:00.000Z');
    expect(todaysSessions(store, clock)).toEqual([]);
    expect(staleSessions(store, clock).map((s) => s.id)).toEqual([january.id]);
    rejects(() => recordVisit(store, clock, { eventId: january.id, adults: 1, children: 0 }), 'errors.sessionFromEarlierDay');
    rejects(() => recordConversation(store, clock, talk(january.id)), 'errors.sessionFromEarlierDay');
    rejects(() => openSession(store, clock, { siteId, kind: 'popup_shop' }), 'errors.staleSessionFirst');

    rejects(() => closeSession(store, clock, january.id), 'errors.enterEndTime', 'endsAt');
    rejects(() => closeSession(store, clock, january.id, '2026-01-17T09:00:00.000Z'), 'errors.endBeforeStart', 'endsAt');
    rejects(() => closeSession(store, clock, january.id, '2026-02-04T09:00:00.000Z'), 'errors.endInFuture', 'endsAt');
    rejects(() => closeSession(store, clock, january.id, '2026-01-18T11:00:00.000Z'), 'errors.eventTooLong', 'endsAt');
    expect(sessionTotals(store, january.id)).toMatchObject({ adults: 1 });

    const closed = closeSession(store, clock, january.id, '2026-01-17T15:00:00.000Z');
    expect(closed.endsAt).toBe('2026-01-17T15:00:00.000Z');
    expect(staleSessions(store, clock)).toEqual([]);
    expect(openSession(store, clock, { siteId, kind: 'popup_shop' }).startsAt).toBe('2026-02-03T09:30:00.000Z');
  });

  it('a session that runs past midnight can still be continued and closed as usual', () => {
    clock.set('2026-01-17T22:30:00.000Z');
    const late = openSession(store, clock, { siteId, kind: 'popup_shop' });
    clock.set('2026-01-18T00:45:00.000Z');
    recordConversation(store, clock, talk(late.id));
    expect(staleSessions(store, clock)).toEqual([]);
    expect(todaysSessions(store, clock).map((s) => s.id)).toEqual([late.id]);
    expect(closeSession(store, clock, late.id).endsAt).toBe('2026-01-18T00:45:00.000Z');
  });

  it('a stale session left for a coordinator stays in the data checks, audited, and a new session opens', () => {
    const january = openSession(store, clock, { siteId, kind: 'popup_shop' });
    clock.set('2026-02-03T09:30:00.000Z');
    leaveSessionForCoordinator(store, clock, january.id);
    expect(staleSessions(store, clock)).toEqual([]);
    expect(findEvent(store, january.id)!.endsAt).toBeNull();
    expect(dataChecksSummary(store, clock, {}).left_open).toBe(1);
    expect(auditTrailOf(store, 'event', january.id).at(-1)).toMatchObject({ action: 'update', after: { leftForCoordinator: true } });
    expect(openSession(store, clock, { siteId, kind: 'popup_shop' }).id).toBeGreaterThan(january.id);
    rejects(() => leaveSessionForCoordinator(store, clock, january.id), 'errors.sessionNotStale');
  });

  it('every stale session can be left for a coordinator in one step (a laptop found with many left open)', () => {
    const me = (store.sqlite.prepare('SELECT id FROM volunteer').get() as { id: number }).id;
    for (let day = 1; day <= 60; day++) {
      const startsAt = new Date(Date.UTC(2025, 10, 1) + day * 86_400_000).toISOString();
      createEvent(store, clock, { siteId, kind: 'popup_shop', startsAt, endsAt: null, notes: '', volunteers: [{ volunteerId: me, hours: 0 }] });
    }
    expect(staleSessions(store, clock)).toHaveLength(50); // one screen's worth
    expect(leaveAllStaleSessionsForCoordinator(store, clock)).toBe(60);
    expect(staleSessions(store, clock)).toEqual([]);
    expect(dataChecksSummary(store, clock, {}).left_open).toBe(60);
  });

  it('notes that look like personal details need a confirmation, audited without their text', () => {
    const event = openSession(store, clock, { siteId, kind: 'popup_shop' });
    const notes = 'Lives at SE13 6LH, call 07700 900123';
    rejects(() => recordConversation(store, clock, talk(event.id, { notes })), 'errors.notesLookPersonal', 'notes');
    expect(sessionTotals(store, event.id).conversations).toBe(0);

    const { conversationId } = recordConversation(store, clock, talk(event.id, { notes, personalDetailsConfirmed: true }));
    const [created] = auditTrailOf(store, 'conversation', conversationId);
    expect(created!.after).toMatchObject({ personalDetailsConfirmed: ['postcode', 'phone'] });
    expect(JSON.stringify(created!.after!.personalDetailsConfirmed)).not.toContain('SE13');

    // A correction that leaves the notes alone needs no new confirmation.
    expect(updateConversation(store, clock, conversationId, { ...talk(event.id, { notes }), topics: ['alcohol'] }).topics).toEqual(['alcohol']);
    rejects(() => updateConversation(store, clock, conversationId, talk(event.id, { notes: 'Email: someone@example.org' })), 'errors.notesLookPersonal', 'notes');
    // Notes with nothing personal save in one step.
    expect(recordConversation(store, clock, talk(event.id, { notes: 'Asked about the bowel kit' })).conversationId).toBeGreaterThan(conversationId);
  });

  it('event notes that look like personal details need the same confirmation, audited without their text', () => {
    const me = (store.sqlite.prepare('SELECT id FROM volunteer').get() as { id: number }).id;
    const fields = {
      siteId, kind: 'talk_workshop', startsAt: '2025-11-05T18:00:00.000Z', endsAt: '2025-11-05T20:00:00.000Z',
      notes: 'Organiser: ring 07700 900123', volunteers: [{ volunteerId: me, hours: 2 }],
    };
    rejects(() => createEvent(store, clock, fields), 'errors.notesLookPersonal', 'notes');
    const event = createEvent(store, clock, { ...fields, personalDetailsConfirmed: true });
    const [created] = auditTrailOf(store, 'event', event.id);
    expect(created!.after).toMatchObject({ personalDetailsConfirmed: ['phone'] });
    // Other corrections leave confirmed notes alone; new personal-looking notes ask again.
    expect(updateEvent(store, clock, event.id, { ...fields, kind: 'popup_shop' }).kind).toBe('popup_shop');
    rejects(() => updateEvent(store, clock, event.id, { ...fields, notes: 'Contact: someone@example.org' }), 'errors.notesLookPersonal', 'notes');
  });

  it('offers the topics and outcomes this volunteer and this site use most, most used first', () => {
    const event = openSession(store, clock, { siteId, kind: 'popup_shop' });
    for (let i = 0; i < 3; i++) recordConversation(store, clock, talk(event.id, { topics: ['mh_loneliness'], outcomes: ['leaflet_given'] }));
    recordConversation(store, clock, talk(event.id, { topics: ['smoking', 'mh_loneliness'] }));
    expect(frequentChoices(store, event.id)).toEqual({ topics: ['mh_loneliness', 'smoking'], outcomes: ['leaflet_given', 'information_given'] });

    // Another volunteer at another site sees neither.
    const other = createVolunteer(store, clock, { name: 'Bola', role: 'volunteer', language: 'en-GB' });
    switchVolunteer(store, other.id);
    const elsewhere = createSite(store, clock, { name: 'Peckham Library', authorityCode: 'E09000028', settingType: 'library' });
    const theirs = openSession(store, clock, { siteId: elsewhere.id, kind: 'popup_shop' });
    expect(frequentChoices(store, theirs.id)).toEqual({ topics: [], outcomes: [] });
  });

  it('a past event holds visitors and conversations, dated on its day', () => {
    const me = (store.sqlite.prepare('SELECT id FROM volunteer').get() as { id: number }).id;
    const past = createEvent(store, clock, {
      siteId, kind: 'talk_workshop', startsAt: '2025-11-05T18:00:00.000Z', endsAt: '2025-11-05T20:00:00.000Z', notes: '',
      volunteers: [{ volunteerId: me, hours: 2 }],
    });
    expect(addVisitToEvent(store, clock, { eventId: past.id, adults: 12, children: 3 })).toMatchObject({ adults: 12, children: 3 });
    rejects(() => addVisitToEvent(store, clock, { eventId: past.id, adults: 0, children: 0 }), 'errors.visitNeedsPeople', 'adults');
    expect(addConversationToEvent(store, clock, talk(past.id))).toMatchObject({ conversations: 1 });
    rejects(() => addConversationToEvent(store, clock, talk(past.id, { notes: 'ring 07700 900123' })), 'errors.notesLookPersonal', 'notes');
    const days = store.sqlite.prepare('SELECT local_day AS day FROM conversation UNION ALL SELECT local_day FROM visit').all();
    expect(days).toEqual([{ day: '2025-11-05' }, { day: '2025-11-05' }]);

    const volunteer = createVolunteer(store, clock, { name: 'Bola', role: 'volunteer', language: 'en-GB' });
    switchVolunteer(store, volunteer.id);
    rejects(() => addVisitToEvent(store, clock, { eventId: past.id, adults: 1, children: 0 }), 'errors.coordinatorsOnly');
  });
});
