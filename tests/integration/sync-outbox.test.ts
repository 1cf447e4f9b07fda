// The outbox in a real SQLite file: which periods are queued, when, and what a late change,
// a policy change or a restart does to it.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../main/db/store.ts';
import { recordConversation, setConversationDeleted, updateConversation } from '../../main/records/conversations.ts';
import { findEventRecord, updateEvent } from '../../main/records/event-admin.ts';
import { closeSession, openSession } from '../../main/records/events.ts';
import { createSite } from '../../main/records/sites.ts';
import { syncStatus } from '../../main/sync/client.ts';
import { syncPreview } from '../../main/sync/actions.ts';
import { readSyncConfig, saveEnrolment, updateSyncSettings } from '../../main/sync/config.ts';
import { DisclosurePolicyError } from '../../main/sync/disclosure.ts';
import {
  DRAFT_SUBMISSION_ID,
  heldChanges,
  markSent,
  nextDueSubmission,
  periodPolicy,
  refreshOutbox,
  submissionLog,
  submissionPayload,
} from '../../main/sync/outbox.ts';
import { closedPeriods } from '../../main/sync/closed-periods.ts';
import { submissionSchema, type Submission } from '../../main/sync/protocol.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

async function store(): Promise<{ store: Store; file: string }> {
  const fresh = await freshStore();
  cleanups.push(() => {
    fresh.store.close();
    fs.rmSync(fresh.dir, { recursive: true, force: true });
  });
  return fresh;
}

/** A session at `start` with `n` conversations (about bowel screening, some about smoking). */
function session(target: Store, start: string, n: number, options: { kind?: string; authorityCode?: string } = {}) {
  const clock = manualClock(start);
  return target.transaction(() => {
    const site = createSite(target, clock, { name: 'Deptford Library', authorityCode: options.authorityCode ?? 'E09000023', settingType: 'library' });
    const event = openSession(target, clock, { siteId: site.id, kind: options.kind ?? 'popup_shop' });
    const conversationIds: number[] = [];
    for (let i = 0; i < n; i++) {
      clock.advance(60_000);
      const { conversationId } = recordConversation(target, clock, {
        eventId: event.id,
        depth: 'brief_contact',
        topics: i % 4 === 0 ? ['screening_bowel', 'smoking'] : ['screening_bowel'],
        outcomes: ['leaflet_given'],
        ageBand: 'age_60_74',
        sex: i % 2 === 0 ? 'female' : 'male',
        ethnicity: 'white_british',
        language: 'en',
        safeguarding: false,
        notes: '',
      });
      conversationIds.push(conversationId);
    }
    clock.advance(3_600_000);
    closeSession(target, clock, event.id);
    return { eventId: event.id, conversationIds };
  });
}

const enrolled = (target: Store) => saveEnrolment(target, { endpoint: 'https://collector.example/', enrolmentId: 'dev_outbox' });
const parsed = (target: Store, id: string): Submission => submissionSchema.parse(JSON.parse(submissionPayload(target, id)!));

describe('closedPeriods', () => {
  it('lists the closed periods holding live records, oldest first', async () => {
    const { store: s } = await store();
    const august = session(s, '2026-08-12T10:00:00.000Z', 1);
    session(s, '2026-09-30T22:30:00.000Z', 0); // 23:30 in London, still September
    session(s, '2026-10-31T23:30:00.000Z', 2); // GMT again: 31 October
    session(s, '2026-11-02T10:00:00.000Z', 2);
    const clock = manualClock('2026-11-04T12:00:00.000Z');
    setConversationDeleted(s, clock, august.conversationIds[0]!, true);
    const { setEventDeleted } = await import('../../main/records/event-admin.ts');
    setEventDeleted(s, clock, august.eventId, true);
    expect(closedPeriods(s, clock, { kind: 'month', graceDays: 3 })).toEqual(['2026-09', '2026-10']);
    expect(closedPeriods(s, clock, { kind: 'week', graceDays: 0 })).toEqual(['2026-W40', '2026-W44']);
  });
});

describe('refreshOutbox', () => {
  it('does nothing before the device is enrolled', async () => {
    const { store: s } = await store();
    session(s, '2026-10-06T10:00:00.000Z', 12);
    expect(refreshOutbox(s, manualClock('2026-11-20T10:00:00.000Z'))).toEqual([]);
    expect(submissionLog(s)).toEqual([]);
    expect(syncStatus(s).state).toBe('not_enrolled');
  });

  it('queues a month once it is closed: its last day plus 3 grace days, in London', async () => {
    const { store: s } = await store();
    enrolled(s);
    session(s, '2026-10-06T10:00:00.000Z', 12);
    session(s, '2026-11-02T10:00:00.000Z', 9);
    // 23:30 on 3 November in London (GMT): October is still within its grace days.
    expect(refreshOutbox(s, manualClock('2026-11-03T23:30:00.000Z'))).toEqual([]);
    const clock = manualClock('2026-11-04T00:30:00.000Z');
    const created = refreshOutbox(s, clock);
    expect(created.map(({ period, revision, superseded }) => ({ period, revision, superseded }))).toEqual([
      { period: '2026-10', revision: 1, superseded: [] },
    ]);
    const submission = parsed(s, created[0]!.submissionId);
    expect(submission).toMatchObject({ enrolmentId: 'dev_outbox', period: '2026-10', revision: 1, submissionId: created[0]!.submissionId });
    expect(submission.boroughs[0]).toMatchObject({ authorityCode: 'E09000023', conversations: 10 });
    // Nothing changed: nothing new, however often it runs.
    expect(refreshOutbox(s, clock)).toEqual([]);
    expect(submissionLog(s).map((e) => [e.period, e.revision, e.status])).toEqual([['2026-10', 1, 'pending']]);
    expect(syncStatus(s)).toMatchObject({ state: 'waiting', pending: 1 });
  });

  it('turns a late change into revision 2 and supersedes a revision 1 not yet sent, holding nothing back', async () => {
    const { store: s } = await store();
    enrolled(s);
    const { conversationIds } = session(s, '2026-10-06T10:00:00.000Z', 12);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const [first] = refreshOutbox(s, clock);
    expect(parsed(s, first!.submissionId).boroughs[0]!.conversations).toBe(10);
    // Five of twelve deleted: too few to send as a change, but revision 1 never left the
    // device, so the collector holds nothing to compare it with; it is simply replaced.
    for (const id of conversationIds.slice(0, 5)) setConversationDeleted(s, clock, id, true);
    clock.advance(60_000);
    const [second] = refreshOutbox(s, clock);
    expect(second).toMatchObject({ period: '2026-10', revision: 2, superseded: [first!.submissionId] });
    expect(second!.submissionId).not.toBe(first!.submissionId);
    // 7 left: only "suppressed" goes, and no table.
    expect(parsed(s, second!.submissionId).boroughs[0]).toEqual({
      authorityCode: 'E09000023',
      activity: [{ eventKind: 'popup_shop', sessions: 1, volunteerHours: 1, visitorsAdults: 0, visitorsChildren: 0 }],
      conversations: 'suppressed',
    });
    expect(heldChanges(s)).toEqual([]);
    expect(submissionLog(s).map((e) => [e.revision, e.status])).toEqual([
      [2, 'pending'],
      [1, 'superseded'],
    ]);
    // Only the replacement is ever sent.
    expect(nextDueSubmission(s, clock().toISOString())?.id).toBe(second!.submissionId);
  });

  it('keeps a sent revision 1 as sent; a late change to it goes as a new revision only once it is big enough', async () => {
    const { store: s } = await store();
    enrolled(s);
    session(s, '2026-10-06T10:00:00.000Z', 12);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const [first] = refreshOutbox(s, clock);
    markSent(s, first!.submissionId, {
      submissionId: first!.submissionId,
      receiptId: 'rcpt_1',
      status: 'stored',
      period: '2026-10',
      revision: 1,
      receivedAt: '2026-11-20T10:00:01.000Z',
    }, '2026-11-20T10:00:01.000Z');
    const sentBody = parsed(s, first!.submissionId);
    session(s, '2026-10-20T10:00:00.000Z', 3, { authorityCode: 'E09000030' }); // entered late, after the sync
    // Its 3 conversations are held, and so is the session: alone it would show where they are.
    expect(refreshOutbox(s, clock)).toEqual([]);
    expect(heldChanges(s)).toEqual([
      {
        period: '2026-10',
        changes: [
          { authorityCode: 'E09000030', part: 'conversations', changed: 3, needed: 8 },
          { authorityCode: 'E09000030', part: 'sessions', changed: 1, needed: 8 },
        ],
      },
    ]);
    expect(submissionLog(s).map((e) => [e.revision, e.status])).toEqual([[1, 'sent']]);
    // Five more there make eight changed since revision 1: released, with both sessions.
    session(s, '2026-10-21T10:00:00.000Z', 5, { authorityCode: 'E09000030' });
    const [second] = refreshOutbox(s, clock);
    expect(second).toMatchObject({ revision: 2, superseded: [] });
    const body = parsed(s, second!.submissionId);
    expect(body.boroughs.map((b) => b.authorityCode)).toEqual(['E09000023', 'E09000030']);
    expect(body.boroughs[0]).toEqual(sentBody.boroughs[0]);
    expect(body.boroughs[1]).toMatchObject({
      authorityCode: 'E09000030',
      activity: [{ eventKind: 'popup_shop', sessions: 2, volunteerHours: 2, visitorsAdults: 0, visitorsChildren: 0 }],
      conversations: 10,
    });
    expect(heldChanges(s)).toEqual([]);
  });

  it('queues nothing for a change the published tables cannot show', async () => {
    const { store: s } = await store();
    enrolled(s);
    const { conversationIds } = session(s, '2026-10-06T10:00:00.000Z', 12);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    refreshOutbox(s, clock);
    // A coordinator corrects a note: the records changed, the payload did not.
    updateConversation(s, clock, conversationIds[3]!, {
      depth: 'meaningful_discussion',
      topics: ['screening_bowel'],
      outcomes: ['leaflet_given'],
      ageBand: 'age_60_74',
      sex: 'male',
      ethnicity: 'white_british',
      language: 'en',
      safeguarding: false,
      notes: 'corrected',
    });
    expect(refreshOutbox(s, clock)).toEqual([]);
    expect(submissionLog(s)).toHaveLength(1);
  });

  it('replaces a period whose records were all deleted with an empty revision', async () => {
    const { store: s } = await store();
    enrolled(s);
    const { conversationIds, eventId } = session(s, '2026-10-06T10:00:00.000Z', 8);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    refreshOutbox(s, clock);
    for (const id of conversationIds) setConversationDeleted(s, clock, id, true);
    const { setEventDeleted } = await import('../../main/records/event-admin.ts');
    setEventDeleted(s, clock, eventId, true);
    const [change] = refreshOutbox(s, clock);
    expect(change).toMatchObject({ period: '2026-10', revision: 2 });
    expect(parsed(s, change!.submissionId).boroughs).toEqual([]);
  });

  it('follows an event moved to another month: both months are sent again', async () => {
    const { store: s } = await store();
    enrolled(s);
    const { eventId } = session(s, '2026-10-06T10:00:00.000Z', 0);
    session(s, '2026-09-15T10:00:00.000Z', 9);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    expect(refreshOutbox(s, clock).map((c) => [c.period, c.revision])).toEqual([
      ['2026-09', 1],
      ['2026-10', 1],
    ]);
    const event = findEventRecord(s, eventId)!;
    updateEvent(s, clock, eventId, {
      siteId: event.siteId,
      kind: event.kind,
      startsAt: '2026-09-16T10:00:00.000Z',
      endsAt: '2026-09-16T12:00:00.000Z',
      notes: '',
      volunteers: event.volunteers.map((v) => ({ volunteerId: v.volunteerId, hours: v.hours })),
    });
    expect(refreshOutbox(s, clock).map((c) => [c.period, c.revision])).toEqual([
      ['2026-09', 2],
      ['2026-10', 2],
    ]);
  });

  it('looks again only where records changed, and at everything on the first refresh of a day', async () => {
    const { store: s } = await store();
    enrolled(s);
    const { conversationIds } = session(s, '2026-10-06T10:00:00.000Z', 12);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    refreshOutbox(s, clock);
    // A change behind the services' back (no audit entry) is not seen the same day...
    s.sqlite.prepare(`UPDATE conversation SET sex = 'other', updated_at = '2026-11-20T10:05:00.000Z' WHERE id = ?`).run(conversationIds[0]);
    expect(refreshOutbox(s, clock)).toEqual([]);
    // ...but the first refresh of the next London day looks at every period again.
    clock.set('2026-11-21T09:00:00.000Z');
    expect(refreshOutbox(s, clock).map((c) => [c.period, c.revision])).toEqual([['2026-10', 2]]);
    // A change through the services is seen at once (12 conversations down to 7: suppressed).
    for (const id of conversationIds.slice(1, 6)) setConversationDeleted(s, clock, id, true);
    expect(refreshOutbox(s, clock).map((c) => [c.period, c.revision])).toEqual([['2026-10', 3]]);
  });

  it('survives closing and reopening the database', async () => {
    const { store: s, file } = await store();
    enrolled(s);
    session(s, '2026-10-06T10:00:00.000Z', 12);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const [created] = refreshOutbox(s, clock);
    s.close();
    const { store: reopened } = await openStore(file);
    cleanups.push(() => reopened.close());
    expect(submissionLog(reopened).map((e) => [e.submissionId, e.status])).toEqual([[created!.submissionId, 'pending']]);
    expect(refreshOutbox(reopened, clock)).toEqual([]);
    expect(nextDueSubmission(reopened, clock().toISOString())?.id).toBe(created!.submissionId);
  });

  it('applies a stricter policy to periods not yet queued, and refuses a weaker one', async () => {
    const { store: s } = await store();
    enrolled(s);
    session(s, '2026-10-06T10:00:00.000Z', 12);
    session(s, '2026-11-06T10:00:00.000Z', 12);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const [october] = refreshOutbox(s, clock);
    updateSyncSettings(s, { threshold: 10, roundingBase: 10 });
    // October keeps the policy it was first queued with: nothing is sent again on a second grid.
    expect(refreshOutbox(s, clock)).toEqual([]);
    expect(parsed(s, october!.submissionId).policy).toEqual({ method: 'nhsd-hes-2018', threshold: 7, roundingBase: 5 });
    expect(periodPolicy(s, '2026-10')).toEqual({ method: 'nhsd-hes-2018', threshold: 7, roundingBase: 5 });
    // November, closed later, is the first under the new one.
    clock.set('2026-12-04T10:00:00.000Z');
    const [november] = refreshOutbox(s, clock);
    const submission = parsed(s, november!.submissionId);
    expect(submission).toMatchObject({ period: '2026-11', policy: { method: 'nhsd-hes-2018', threshold: 10, roundingBase: 10 } });
    expect(submission.boroughs[0]!.conversations).toBe(20); // 12 exact, rounded to the nearest 10 above 10
    expect(() => updateSyncSettings(s, { threshold: 5 })).toThrow(DisclosurePolicyError);
    expect(() => updateSyncSettings(s, { roundingBase: 1 })).toThrow(DisclosurePolicyError);
    // Above NHS Digital's floor, but below what November was queued with: refused too.
    expect(() => updateSyncSettings(s, { threshold: 8 })).toThrow(DisclosurePolicyError);
    expect(() => updateSyncSettings(s, { roundingBase: 5 })).toThrow(/already used/);
    // The database refuses it too, whoever writes.
    expect(() => s.sqlite.prepare('UPDATE sync_config SET threshold = 5').run()).toThrow(/CHECK/);
    expect(readSyncConfig(s).policy).toMatchObject({ threshold: 10, roundingBase: 10 });
  });

  it('can cut ISO weeks instead of months', async () => {
    const { store: s } = await store();
    enrolled(s);
    updateSyncSettings(s, { periodKind: 'week', graceDays: 1 });
    session(s, '2026-10-19T10:00:00.000Z', 8); // Monday of week 43
    session(s, '2026-10-28T10:00:00.000Z', 8); // week 44
    expect(refreshOutbox(s, manualClock('2026-10-27T10:00:00.000Z')).map((c) => c.period)).toEqual(['2026-W43']);
  });
});

describe('syncPreview', () => {
  it('returns the stored body byte for byte for a closed period, and a draft for an open one', async () => {
    const { store: s, file } = await store();
    enrolled(s);
    session(s, '2026-10-06T10:00:00.000Z', 12);
    session(s, '2026-11-10T10:00:00.000Z', 3);
    s.close();
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const closed = await syncPreview(file, '2026-10', { clock });
    const draft = await syncPreview(file, '2026-11', { clock });
    const { store: reopened } = await openStore(file);
    cleanups.push(() => reopened.close());
    const [entry] = submissionLog(reopened);
    expect(closed).toBe(submissionPayload(reopened, entry!.submissionId));
    expect(JSON.parse(draft)).toMatchObject({ submissionId: DRAFT_SUBMISSION_ID, period: '2026-11', revision: 1 });
    expect(submissionLog(reopened)).toHaveLength(1);
    await expect(syncPreview(file, 'October')).rejects.toThrow(/not a period/);
  });
});
