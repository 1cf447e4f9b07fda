// Late changes to periods the collector may hold (policy version 2, rules 6 and 7), through
// the real store and outbox: a change goes out as a new revision only when, per borough, the
// conversations changed (and separately the visitors changed) are 0 or at least threshold + 1;
// otherwise that part is held, exactly as sent, and listed by heldChanges. Revisions never
// attempted are replaced freely. A period keeps the grain and the policy of its first send.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../main/db/connection.ts';
import { createMigrator } from '../../main/db/migrator.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { recordConversation, setConversationDeleted, updateConversation } from '../../main/records/conversations.ts';
import { closeSession, openSession } from '../../main/records/events.ts';
import { importSpreadsheet } from '../../main/records/import.ts';
import { createSite } from '../../main/records/sites.ts';
import { correctVisit, recordVisit } from '../../main/records/visits.ts';
import { createVolunteer } from '../../main/records/volunteers.ts';
import { buildBoroughTables, exactCounts } from '../../main/sync/aggregate.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { periodFingerprint, referenceDigest } from '../../main/sync/changes.ts';
import { readSyncConfig, saveEnrolment, updateSyncSettings } from '../../main/sync/config.ts';
import { DEFAULT_POLICY, DisclosurePolicyError } from '../../main/sync/disclosure.ts';
import {
  heldChanges,
  markRetry,
  markSent,
  nextDueSubmission,
  periodPolicy,
  refreshOutbox,
  submissionLog,
  submissionPayload,
  type OutboxChange,
} from '../../main/sync/outbox.ts';
import { periodRange } from '../../shared/periods.ts';
import { TABLE_NAMES, submissionSchema, type BoroughTables, type DisclosurePolicy, type Submission } from '../../main/sync/protocol.ts';
import { freshStore, manualClock, tempDir } from '../support/temp-store.ts';

const LEWISHAM = 'E09000023';
const TOWER_HAMLETS = 'E09000030';
const HACKNEY = 'E09000012';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

async function store(): Promise<Store> {
  const fresh = await freshStore();
  cleanups.push(() => {
    fresh.store.close();
    fs.rmSync(fresh.dir, { recursive: true, force: true });
  });
  return fresh.store;
}

const enrolled = (s: Store) => saveEnrolment(s, { endpoint: 'https://collector.example/', enrolmentId: 'dev_revisions' });

interface Session {
  eventId: number;
  conversationIds: number[];
  visitId: number | null;
  /** A moment while the session was open: late entries at it are recorded "then". */
  during: string;
}

const talk = (i: number) => ({
  depth: 'brief_contact',
  topics: i % 3 === 0 ? ['screening_bowel', 'smoking'] : i % 3 === 1 ? ['screening_bowel'] : ['mh_low_mood'],
  outcomes: i % 2 === 0 ? ['leaflet_given'] : ['signposted_gp'],
  ageBand: i % 4 === 0 ? 'age_25_49' : 'age_60_74',
  sex: i % 2 === 0 ? 'female' : 'male',
  ethnicity: 'white_british',
  language: 'en',
  safeguarding: false,
  notes: '',
});

/** A session at `start` (UTC) in `authorityCode` with `n` conversations and, if asked, one visit. */
function session(s: Store, start: string, n: number, options: { authorityCode?: string; adults?: number; children?: number } = {}): Session {
  const clock = manualClock(start);
  return s.transaction(() => {
    const site = createSite(s, clock, { name: 'Library', authorityCode: options.authorityCode ?? LEWISHAM, settingType: 'library' });
    const event = openSession(s, clock, { siteId: site.id, kind: 'popup_shop' });
    const during = new Date(clock().getTime() + 30_000).toISOString();
    let visitId: number | null = null;
    if ((options.adults ?? 0) + (options.children ?? 0) > 0) {
      visitId = recordVisit(s, clock, { eventId: event.id, adults: options.adults ?? 0, children: options.children ?? 0 }).visitId;
    }
    const conversationIds: number[] = [];
    for (let i = 0; i < n; i++) {
      clock.advance(60_000);
      conversationIds.push(recordConversation(s, clock, { eventId: event.id, ...talk(i) }).conversationId);
    }
    clock.advance(3_600_000);
    closeSession(s, clock, event.id);
    return { eventId: event.id, conversationIds, visitId, during };
  });
}

/** `n` conversations entered late at a session that is over, as recorded while it was open. */
function lateConversations(s: Store, at: Session, n: number, offset = 100): number[] {
  const clock = manualClock(at.during);
  return Array.from({ length: n }, (_, i) => recordConversation(s, clock, { eventId: at.eventId, ...talk(i + offset) }).conversationId);
}

/** A correction that moves a conversation to another topic (what it counts under changes). */
function retopic(s: Store, clock: ReturnType<typeof manualClock>, id: number, topic = 'gp_access') {
  updateConversation(s, clock, id, { ...talk(0), topics: [topic] });
}

const receiptFor = (entry: { submissionId: string; period: string; revision: number }, at: string) => ({
  submissionId: entry.submissionId,
  receiptId: `rcpt_${entry.submissionId.slice(0, 8)}`,
  status: 'stored' as const,
  period: entry.period,
  revision: entry.revision,
  receivedAt: at,
});

/** The collector acknowledges everything pending, oldest period and revision first. */
function sendAll(s: Store, clock: ReturnType<typeof manualClock>): string[] {
  const sent: string[] = [];
  for (let next = nextDueSubmission(s, '9999-12-31T00:00:00.000Z'); next; next = nextDueSubmission(s, '9999-12-31T00:00:00.000Z')) {
    markSent(s, next.id, receiptFor({ submissionId: next.id, period: next.period, revision: next.revision }, clock().toISOString()), clock().toISOString());
    sent.push(`${next.period} r${next.revision}`);
  }
  return sent;
}

/** The body exactly as stored (key order kept, so equal strings are equal bytes). */
const body = (s: Store, id: string) => JSON.parse(submissionPayload(s, id)!) as Submission;
const boroughOf = (submission: Submission, code: string) => submission.boroughs.find((b) => b.authorityCode === code);
const bytes = (value: unknown) => JSON.stringify(value);
const latestOf = (s: Store, period: string) => submissionLog(s).filter((e) => e.period === period).sort((a, b) => b.revision - a.revision)[0]!;
const statuses = (s: Store, period: string) =>
  submissionLog(s)
    .filter((e) => e.period === period)
    .sort((a, b) => a.revision - b.revision)
    .map((e) => [e.revision, e.status, e.attempts]);

/** The conversation part of a borough: its total and its six tables. */
const conversationPart = (borough: BoroughTables | undefined) =>
  borough && bytes([borough.conversations, ...TABLE_NAMES.map((table) => borough[table] ?? null)]);

/**
 * (h) Every queued body is a valid version 2 submission; a borough not published with a
 * number of conversations above 0 carries no table; and in each period's latest revision a
 * borough of 7 or fewer conversations now (unless its change is held) sends no breakdown.
 */
function expectWellFormed(s: Store): void {
  for (const entry of submissionLog(s)) {
    const json = submissionPayload(s, entry.submissionId)!;
    const submission = submissionSchema.parse(JSON.parse(json));
    for (const borough of submission.boroughs) {
      const published = typeof borough.conversations === 'number' && borough.conversations > 0;
      for (const table of TABLE_NAMES) expect(borough[table] !== undefined, `${entry.period} r${entry.revision} ${borough.authorityCode} ${table}`).toBe(published);
    }
  }
  const held = heldChanges(s);
  for (const period of new Set(submissionLog(s).map((e) => e.period))) {
    const latest = body(s, latestOf(s, period).submissionId);
    const heldHere = held.find((h) => h.period === period)?.changes ?? [];
    for (const exact of exactCounts(s, period)) {
      if (heldHere.some((c) => c.authorityCode === exact.authorityCode && c.part === 'conversations')) continue;
      if (exact.conversations > latest.policy.threshold) continue;
      const borough = boroughOf(latest, exact.authorityCode);
      if (!borough) continue;
      expect(borough.conversations, `${period} ${exact.authorityCode}`).toBe(exact.conversations === 0 ? 0 : 'suppressed');
      for (const table of TABLE_NAMES) expect(borough[table]).toBeUndefined();
    }
  }
}

/** October 2026 with three boroughs (20, 10 and 9 conversations), revision 1 sent. */
async function sentOctober() {
  const s = await store();
  enrolled(s);
  const lewisham = session(s, '2026-10-06T09:00:00.000Z', 20, { adults: 12, children: 3 });
  const towerHamlets = session(s, '2026-10-13T09:00:00.000Z', 10, { authorityCode: TOWER_HAMLETS });
  const hackney = session(s, '2026-10-20T09:00:00.000Z', 9, { authorityCode: HACKNEY });
  const clock = manualClock('2026-11-20T10:00:00.000Z');
  const [first] = refreshOutbox(s, clock);
  expect(first).toMatchObject({ period: '2026-10', revision: 1 });
  sendAll(s, clock);
  clock.advance(60_000);
  return { s, clock, first: first!, lewisham, towerHamlets, hackney, sent: body(s, first!.submissionId) };
}

describe('a late change to a sent period', () => {
  it.each([
    ['deleted', 'delete'],
    ['corrected to another topic', 'correct'],
  ] as const)('one conversation %s: no new revision, and its borough is listed as held (1 of 8)', async (_, change) => {
    const { s, clock, lewisham, first } = await sentOctober();
    if (change === 'delete') setConversationDeleted(s, clock, lewisham.conversationIds[4]!, true);
    else retopic(s, clock, lewisham.conversationIds[4]!);
    clock.advance(60_000);
    expect(refreshOutbox(s, clock)).toEqual([]);
    expect(statuses(s, '2026-10')).toEqual([[1, 'sent', 1]]);
    expect(latestOf(s, '2026-10').submissionId).toBe(first.submissionId);
    expect(heldChanges(s)).toEqual([{ period: '2026-10', changes: [{ authorityCode: LEWISHAM, part: 'conversations', changed: 1, needed: 8 }] }]);
    // Refreshing again (a new day looks at everything) changes nothing.
    clock.set('2026-11-21T10:00:00.000Z');
    expect(refreshOutbox(s, clock)).toEqual([]);
    expectWellFormed(s);
  });

  it('one conversation imported into it: no new revision; the conversation and its late session are held', async () => {
    const { s, clock } = await sentOctober();
    const header = 'date,site,borough,event_kind,volunteer,volunteer_hours,visitors_adults,topics,outcomes,age_band,sex';
    const row = '2026-10-15,Imported Hall,Lewisham,popup_shop,,,,mh_low_mood,leaflet_given,age_18_24,female';
    const outcome = await importSpreadsheet(s, clock, { fileName: 'late.csv', bytes: Buffer.from(`${header}\n${row}`) }, { requireCoordinator: true });
    expect(outcome.status).toBe('imported');
    clock.advance(60_000);
    // A late session alone would show which borough a held change is in: it waits for the
    // next release of 8 or more people there.
    expect(refreshOutbox(s, clock)).toEqual([]);
    expect(heldChanges(s)).toEqual([
      {
        period: '2026-10',
        changes: [
          { authorityCode: LEWISHAM, part: 'conversations', changed: 1, needed: 8 },
          { authorityCode: LEWISHAM, part: 'sessions', changed: 1, needed: 8 },
        ],
      },
    ]);
    expectWellFormed(s);
  });

  it('eight changed conversations release a new revision; unchanged and still-held boroughs are byte-identical to what was sent', async () => {
    const { s, clock, lewisham, towerHamlets, sent } = await sentOctober();
    // Tower Hamlets: one correction, held.
    retopic(s, clock, towerHamlets.conversationIds[0]!);
    // Lewisham: 3 deleted, 2 corrected, 3 entered late at the session: 8 changed.
    for (const id of lewisham.conversationIds.slice(0, 3)) setConversationDeleted(s, clock, id, true);
    for (const id of lewisham.conversationIds.slice(3, 5)) retopic(s, clock, id, 'smoking');
    lateConversations(s, lewisham, 3);
    clock.advance(60_000);
    const [second] = refreshOutbox(s, clock);
    expect(second).toMatchObject({ period: '2026-10', revision: 2, superseded: [] });
    const revision2 = body(s, second!.submissionId);
    expect(revision2.boroughs.map((b) => b.authorityCode)).toEqual([HACKNEY, LEWISHAM, TOWER_HAMLETS]);
    // Lewisham as it is now, protected afresh.
    const fresh = buildBoroughTables(s, '2026-10', DEFAULT_POLICY).find((b) => b.authorityCode === LEWISHAM)!;
    expect(bytes(boroughOf(revision2, LEWISHAM))).toBe(canonicalJson(fresh));
    expect(bytes(boroughOf(revision2, LEWISHAM))).not.toBe(bytes(boroughOf(sent, LEWISHAM)));
    // Hackney unchanged, Tower Hamlets held: byte for byte what the collector has.
    expect(bytes(boroughOf(revision2, HACKNEY))).toBe(bytes(boroughOf(sent, HACKNEY)));
    expect(bytes(boroughOf(revision2, TOWER_HAMLETS))).toBe(bytes(boroughOf(sent, TOWER_HAMLETS)));
    expect(heldChanges(s)).toEqual([
      { period: '2026-10', changes: [{ authorityCode: TOWER_HAMLETS, part: 'conversations', changed: 1, needed: 8 }] },
    ]);
    expectWellFormed(s);

    // Revision 2 reaches the collector. Tower Hamlets' held change still counts from what it
    // holds for Tower Hamlets (revision 1's figures): seven more make eight, and it goes.
    sendAll(s, clock);
    for (const id of towerHamlets.conversationIds.slice(1, 7)) setConversationDeleted(s, clock, id, true);
    clock.advance(60_000);
    expect(refreshOutbox(s, clock)).toEqual([]);
    expect(heldChanges(s)[0]!.changes).toEqual([{ authorityCode: TOWER_HAMLETS, part: 'conversations', changed: 7, needed: 8 }]);
    // (Counting under other codes than those deleted: a deletion and an identical addition cancel.)
    lateConversations(s, towerHamlets, 1, 0);
    clock.advance(60_000);
    const [third] = refreshOutbox(s, clock);
    expect(third).toMatchObject({ revision: 3, superseded: [] });
    const revision3 = body(s, third!.submissionId);
    expect(bytes(boroughOf(revision3, LEWISHAM))).toBe(bytes(boroughOf(revision2, LEWISHAM)));
    expect(bytes(boroughOf(revision3, HACKNEY))).toBe(bytes(boroughOf(sent, HACKNEY)));
    // 10 - 7 + 1 = 4 conversations now: "suppressed", no breakdown.
    expect(boroughOf(revision3, TOWER_HAMLETS)).toMatchObject({ conversations: 'suppressed' });
    expect(heldChanges(s)).toEqual([]);
    expectWellFormed(s);
  });

  it('a visitor correction of +1 is held; a change of 8 visitors is released', async () => {
    const { s, clock, lewisham, sent } = await sentOctober();
    const activity = (submission: Submission) => boroughOf(submission, LEWISHAM)!.activity;
    expect(activity(sent)).toEqual([{ eventKind: 'popup_shop', sessions: 1, volunteerHours: 1, visitorsAdults: 10, visitorsChildren: 'suppressed' }]);
    // 12 -> 13 adults would publish 15 instead of 10: it is held, and 10 stays.
    correctVisit(s, clock, lewisham.visitId!, { adults: 13, children: 3 });
    clock.advance(60_000);
    expect(refreshOutbox(s, clock)).toEqual([]);
    expect(heldChanges(s)).toEqual([{ period: '2026-10', changes: [{ authorityCode: LEWISHAM, part: 'visitors', changed: 1, needed: 8 }] }]);
    // Seven more adults at the same session: 8 changed since revision 1, released.
    recordVisit(s, manualClock(lewisham.during), { eventId: lewisham.eventId, adults: 7, children: 0 });
    clock.advance(60_000);
    const [second] = refreshOutbox(s, clock);
    expect(second).toMatchObject({ revision: 2, superseded: [] });
    const revision2 = body(s, second!.submissionId);
    expect(activity(revision2)).toEqual([{ eventKind: 'popup_shop', sessions: 1, volunteerHours: 1, visitorsAdults: 20, visitorsChildren: 'suppressed' }]);
    // The conversations did not change: that part is what was sent.
    expect(conversationPart(boroughOf(revision2, LEWISHAM))).toBe(conversationPart(boroughOf(sent, LEWISHAM)));
    expect(heldChanges(s)).toEqual([]);
    expectWellFormed(s);
  });

  it('a change to a period whose revision 1 was never attempted replaces it, holding nothing', async () => {
    const s = await store();
    enrolled(s);
    const { conversationIds } = session(s, '2026-10-06T09:00:00.000Z', 8);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const [first] = refreshOutbox(s, clock);
    expect(body(s, first!.submissionId).boroughs[0]).toMatchObject({ conversations: 10 });
    setConversationDeleted(s, clock, conversationIds[0]!, true);
    clock.advance(60_000);
    const [second] = refreshOutbox(s, clock);
    expect(second).toMatchObject({ period: '2026-10', revision: 2, superseded: [first!.submissionId] });
    expect(body(s, second!.submissionId).boroughs[0]).toEqual({
      authorityCode: LEWISHAM,
      activity: [{ eventKind: 'popup_shop', sessions: 1, volunteerHours: 1, visitorsAdults: 0, visitorsChildren: 0 }],
      conversations: 'suppressed',
    });
    expect(heldChanges(s)).toEqual([]);
    expect(statuses(s, '2026-10')).toEqual([
      [1, 'superseded', 0],
      [2, 'pending', 0],
    ]);
    expectWellFormed(s);
  });

  it('a revision attempted but unanswered may have arrived: it is measured against, and never superseded', async () => {
    const s = await store();
    enrolled(s);
    const lewisham = session(s, '2026-10-06T09:00:00.000Z', 20);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const [first] = refreshOutbox(s, clock);
    markRetry(s, first!.submissionId, 'sync.errors.timeout: no answer in time', '2026-11-20T10:00:15.000Z');
    // One change: held, as if revision 1 had been stored.
    setConversationDeleted(s, clock, lewisham.conversationIds[0]!, true);
    clock.advance(60_000);
    expect(refreshOutbox(s, clock)).toEqual([]);
    expect(heldChanges(s)).toEqual([{ period: '2026-10', changes: [{ authorityCode: LEWISHAM, part: 'conversations', changed: 1, needed: 8 }] }]);
    // Eight: revision 2, and revision 1 still goes first (revision 2 was measured against it).
    for (const id of lewisham.conversationIds.slice(1, 8)) setConversationDeleted(s, clock, id, true);
    clock.advance(60_000);
    const [second] = refreshOutbox(s, clock);
    expect(second).toMatchObject({ revision: 2, superseded: [] });
    expect(statuses(s, '2026-10')).toEqual([
      [1, 'pending', 1],
      [2, 'pending', 0],
    ]);
    expect(nextDueSubmission(s, '2026-11-20T10:00:20.000Z')?.id).toBe(first!.submissionId);
    expect(sendAll(s, clock)).toEqual(['2026-10 r1', '2026-10 r2']);
    expectWellFormed(s);
  });
});

describe('grain and policy, fixed per period', () => {
  it('after a switch to weeks, no week overlapping a sent month is ever queued; the first is the first whole week after', async () => {
    const s = await store();
    enrolled(s);
    for (const day of ['2026-08-12', '2026-09-15', '2026-10-06', '2026-10-27', '2026-10-30']) session(s, `${day}T09:00:00.000Z`, 9);
    const clock = manualClock('2026-11-01T12:00:00.000Z');
    // Sunday 1 November: October is not closed yet (3 grace days).
    expect(refreshOutbox(s, clock).map((c) => c.period)).toEqual(['2026-08', '2026-09']);
    sendAll(s, clock);
    clock.set('2026-11-04T12:00:00.000Z');
    expect(refreshOutbox(s, clock).map((c) => c.period)).toEqual(['2026-10']);
    sendAll(s, clock);

    updateSyncSettings(s, { periodKind: 'week' });
    // Sessions in week 44 (26 Oct - 1 Nov, partly October), 45, 46 and 49.
    session(s, '2026-11-01T10:00:00.000Z', 9);
    for (const day of ['2026-11-03', '2026-11-10', '2026-12-01']) session(s, `${day}T09:00:00.000Z`, 9);
    const queued: string[] = [];
    for (const day of ['2026-11-20', '2026-12-10', '2027-01-15']) {
      clock.set(`${day}T12:00:00.000Z`);
      queued.push(...refreshOutbox(s, clock).map((c: OutboxChange) => c.period));
      sendAll(s, clock);
    }
    expect(queued).toEqual(['2026-W45', '2026-W46', '2026-W49']);
    const months = ['2026-08', '2026-09', '2026-10'];
    for (const week of new Set(submissionLog(s).map((e) => e.period).filter((p) => p.includes('W')))) {
      for (const month of months) {
        const [w, m] = [periodRange(week), periodRange(month)];
        expect(w.first > m.last || w.last < m.first, `${week} overlaps ${month}`).toBe(true);
      }
    }
    expect(periodRange('2026-W45').first).toBe('2026-11-02'); // the first whole ISO week after October

    // October still gets its revisions, as a month: eight conversations entered late (they fall
    // in week 44 too, which is never sent at either grain).
    session(s, '2026-10-28T09:00:00.000Z', 8);
    const [revision] = refreshOutbox(s, clock);
    expect(revision).toMatchObject({ period: '2026-10', revision: 2 });
    expect(submissionLog(s).some((e) => e.period === '2026-W44')).toBe(false);
    expectWellFormed(s);

    // And back to months: November and December share days with weeks 45, 46 and 49 (30 Nov -
    // 6 Dec), so neither ever goes; January 2027 is the first month wholly after them.
    updateSyncSettings(s, { periodKind: 'month' });
    session(s, '2027-01-12T09:00:00.000Z', 9);
    clock.set('2027-02-10T12:00:00.000Z');
    expect(refreshOutbox(s, clock).map((c) => c.period)).toEqual(['2027-01']);
    expect(readSyncConfig(s).periodKind).toBe('month');
  });

  it('a raised policy applies to periods not yet sent; revisions of sent ones keep theirs; lowering below a used one is refused', async () => {
    const s = await store();
    enrolled(s);
    const october = session(s, '2026-10-06T09:00:00.000Z', 20);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    refreshOutbox(s, clock);
    sendAll(s, clock);
    const original: DisclosurePolicy = { method: 'nhsd-hes-2018', threshold: 7, roundingBase: 5 };
    const raised: DisclosurePolicy = { method: 'nhsd-hes-2018', threshold: 10, roundingBase: 10 };

    updateSyncSettings(s, { threshold: 10, roundingBase: 10 });
    expect(refreshOutbox(s, clock)).toEqual([]); // nothing sent again on the new grid
    const november = session(s, '2026-11-10T09:00:00.000Z', 12);
    clock.set('2026-12-04T10:00:00.000Z');
    const [novemberRevision] = refreshOutbox(s, clock);
    expect(body(s, novemberRevision!.submissionId)).toMatchObject({ period: '2026-11', policy: raised, boroughs: [{ conversations: 20 }] });
    sendAll(s, clock);

    // October's late change: measured and protected with October's policy (8 needed, base 5).
    for (const id of october.conversationIds.slice(0, 8)) setConversationDeleted(s, clock, id, true);
    clock.advance(60_000);
    const [octoberRevision] = refreshOutbox(s, clock);
    const revision2 = body(s, octoberRevision!.submissionId);
    expect(revision2).toMatchObject({ period: '2026-10', revision: 2, policy: original, boroughs: [{ conversations: 10 }] }); // 12 -> 10
    expect(periodPolicy(s, '2026-10')).toEqual(original);
    // November's: 8 is not enough under 10 (11 needed).
    for (const id of november.conversationIds.slice(0, 8)) setConversationDeleted(s, clock, id, true);
    clock.advance(60_000);
    expect(refreshOutbox(s, clock).map((c) => c.period)).toEqual([]);
    expect(heldChanges(s)).toEqual([{ period: '2026-11', changes: [{ authorityCode: LEWISHAM, part: 'conversations', changed: 8, needed: 11 }] }]);

    // Lowering below 10 and 10, even to NHS Digital's own 7 and 5, is refused with the reason.
    for (const lower of [{ threshold: 9 }, { threshold: 7 }, { roundingBase: 5 }, { threshold: 7, roundingBase: 5 }]) {
      expect(() => updateSyncSettings(s, lower), JSON.stringify(lower)).toThrow(DisclosurePolicyError);
      expect(() => updateSyncSettings(s, lower)).toThrow(/already used/);
    }
    // Raised again and used: going back to 10 is refused too.
    updateSyncSettings(s, { threshold: 12 });
    session(s, '2026-12-08T09:00:00.000Z', 15);
    clock.set('2027-01-05T10:00:00.000Z');
    const [december] = refreshOutbox(s, clock);
    expect(body(s, december!.submissionId)).toMatchObject({ period: '2026-12', policy: { threshold: 12, roundingBase: 10 } });
    expect(() => updateSyncSettings(s, { threshold: 10 })).toThrow(DisclosurePolicyError);
    expect(readSyncConfig(s).policy).toEqual({ method: 'nhsd-hes-2018', threshold: 12, roundingBase: 10 });
    expectWellFormed(s);
  });

  it('sends no breakdown for a borough of 7 or fewer, and all six tables above it', async () => {
    const s = await store();
    enrolled(s);
    session(s, '2026-10-06T09:00:00.000Z', 1);
    session(s, '2026-10-07T09:00:00.000Z', 7, { authorityCode: TOWER_HAMLETS, adults: 3 });
    session(s, '2026-10-08T09:00:00.000Z', 8, { authorityCode: HACKNEY });
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const [first] = refreshOutbox(s, clock);
    const sent = body(s, first!.submissionId);
    expect(boroughOf(sent, LEWISHAM)).toEqual({
      authorityCode: LEWISHAM,
      activity: [{ eventKind: 'popup_shop', sessions: 1, volunteerHours: 1, visitorsAdults: 0, visitorsChildren: 0 }],
      conversations: 'suppressed',
    });
    expect(boroughOf(sent, TOWER_HAMLETS)).toEqual({
      authorityCode: TOWER_HAMLETS,
      activity: [{ eventKind: 'popup_shop', sessions: 1, volunteerHours: 1, visitorsAdults: 'suppressed', visitorsChildren: 0 }],
      conversations: 'suppressed',
    });
    expect(Object.keys(boroughOf(sent, HACKNEY)!)).toEqual(['activity', 'authorityCode', ...[...TABLE_NAMES].sort(), 'conversations'].sort());
    expectWellFormed(s);
  });
});

describe('migration 0010 (policy version 2)', () => {
  it('supersedes a version 1 body never attempted, keeps what was sent, and records each period\'s policy', async () => {
    const file = path.join(tempDir(), 'v1.db');
    cleanups.push(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
    const raw = openSqlite(file);
    const { error } = await createMigrator(raw).migrateTo('0007_report_tallies');
    expect(error).toBeUndefined();
    const v1Body = (id: string, period: string, policy = { method: 'nhsd-hes-2018', threshold: 7, roundingBase: 5 }) =>
      JSON.stringify({
        schemaVersion: 1,
        submissionId: id,
        enrolmentId: 'dev_revisions',
        period,
        revision: 1,
        policy,
        boroughs: [
          {
            authorityCode: LEWISHAM,
            activity: [{ eventKind: 'popup_shop', sessions: 1, volunteerHours: 1.2, visitorsAdults: 3, visitorsChildren: 1 }],
            conversations: 10,
            byTopic: { cells: [{ topic: 'screening_bowel', count: 10 }], total: 10 },
          },
        ],
      });
    const insert = raw.prepare(
      `INSERT INTO sync_submission (id, period, revision, enrolment_id, payload, payload_hash, status, attempts, created_at, sent_at)
       VALUES (?, ?, 1, 'dev_revisions', ?, ?, ?, ?, '2026-10-05T10:00:00.000Z', ?)`,
    );
    const ids = { sent: '00000000-0000-4000-8000-000000000001', pending: '00000000-0000-4000-8000-000000000002', tried: '00000000-0000-4000-8000-000000000003' };
    insert.run(ids.sent, '2026-08', v1Body(ids.sent, '2026-08', { method: 'nhsd-hes-2018', threshold: 10, roundingBase: 5 }), 'h1', 'sent', 1, '2026-10-05T10:00:01.000Z');
    insert.run(ids.pending, '2026-09', v1Body(ids.pending, '2026-09'), 'h2', 'pending', 0, null);
    insert.run(ids.tried, '2026-07', v1Body(ids.tried, '2026-07'), 'h3', 'pending', 2, null);
    const period = raw.prepare(`INSERT INTO sync_period (period, source_fingerprint, payload_hash, checked_at) VALUES (?, 'v1', ?, '2026-10-05T10:00:00.000Z')`);
    for (const [p, h] of [['2026-08', 'h1'], ['2026-09', 'h2'], ['2026-07', 'h3']]) period.run(p, h);
    raw.close();

    const { store: s, migration } = await openStore(file);
    cleanups.push(() => s.close());
    expect(migration.applied).toContain('0010_sync_policy_v2');
    const log = new Map(submissionLog(s).map((e) => [e.submissionId, e]));
    expect(log.get(ids.pending)).toMatchObject({ status: 'superseded', nextAttemptAt: null });
    expect(log.get(ids.sent)).toMatchObject({ status: 'sent' });
    // Attempted: it may be at the collector, so it is not dropped.
    expect(log.get(ids.tried)).toMatchObject({ status: 'pending', attempts: 2 });
    expect(periodPolicy(s, '2026-08')).toEqual({ method: 'nhsd-hes-2018', threshold: 10, roundingBase: 5 });
    expect(periodPolicy(s, '2026-07')).toEqual(DEFAULT_POLICY);
    // September's only revision is gone: it is built again, as version 2, from the records.
    expect(periodPolicy(s, '2026-09')).toBeNull();
    // The highest policy used before is the floor from now on.
    expect(() => updateSyncSettings(s, { threshold: 9 })).toThrow(DisclosurePolicyError);

    createVolunteer(s, manualClock(), { name: 'Test Volunteer', role: 'coordinator', language: 'en-GB' });
    session(s, '2026-09-15T09:00:00.000Z', 9);
    enrolled(s);
    // July and August are as the device last built them (no records changed since): the
    // fingerprint it stored then is the one it computes now.
    for (const p of ['2026-07', '2026-08']) {
      const fingerprint = periodFingerprint(s, p, { enrolmentId: 'dev_revisions', policy: periodPolicy(s, p)!, reference: referenceDigest(s) });
      s.sqlite.prepare('UPDATE sync_period SET source_fingerprint = ? WHERE period = ?').run(fingerprint, p);
    }
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const changes = refreshOutbox(s, clock);
    expect(changes.map((c) => [c.period, c.revision])).toEqual([['2026-09', 2]]);
    const september = body(s, changes[0]!.submissionId);
    expect(september).toMatchObject({ schemaVersion: 2, policy: DEFAULT_POLICY, boroughs: [{ authorityCode: LEWISHAM, conversations: 10 }] });
    expect(nextDueSubmission(s, clock().toISOString())?.id).toBe(ids.tried);
  });

  it('a late change to a period sent as version 1 does not break the refresh, and sends no version 1 figures', async () => {
    const file = path.join(tempDir(), 'v1-sent.db');
    cleanups.push(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
    const raw = openSqlite(file);
    expect((await createMigrator(raw).migrateTo('0007_report_tallies')).error).toBeUndefined();
    raw.close();
    // Records and a sent version 1 revision of October, as a device before the upgrade had them.
    const { store: s } = await openStore(file);
    cleanups.push(() => s.close());
    createVolunteer(s, manualClock(), { name: 'Test Volunteer', role: 'coordinator', language: 'en-GB' });
    const october = session(s, '2026-10-06T09:00:00.000Z', 12, { adults: 3, children: 1 });
    const id = '00000000-0000-4000-8000-000000000009';
    const v1 = {
      schemaVersion: 1,
      submissionId: id,
      enrolmentId: 'dev_revisions',
      period: '2026-10',
      revision: 1,
      policy: DEFAULT_POLICY,
      boroughs: [
        {
          authorityCode: LEWISHAM,
          activity: [{ eventKind: 'popup_shop', sessions: 1, volunteerHours: 1.2, visitorsAdults: 3, visitorsChildren: 1 }],
          conversations: 10,
          byTopic: { cells: [{ topic: 'screening_bowel', count: 10 }], total: 10 },
        },
      ],
    };
    s.sqlite
      .prepare(
        `INSERT INTO sync_submission (id, period, revision, enrolment_id, payload, payload_hash, status, attempts, created_at, sent_at, activity_basis)
         VALUES (?, '2026-10', 1, 'dev_revisions', ?, 'v1hash', 'sent', 1, '2026-11-05T10:00:00.000Z', '2026-11-05T10:00:01.000Z', NULL)`,
      )
      .run(id, JSON.stringify(v1));
    s.sqlite.prepare(`INSERT INTO sync_period (period, source_fingerprint, payload_hash, checked_at, policy) VALUES ('2026-10', 'v1', 'v1hash', '2026-11-05T10:00:00.000Z', ?)`).run(
      JSON.stringify(DEFAULT_POLICY),
    );
    enrolled(s);
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    setConversationDeleted(s, clock, october.conversationIds[0]!, true);
    let changes: OutboxChange[] = [];
    expect(() => (changes = refreshOutbox(s, clock))).not.toThrow();
    for (const change of changes) {
      const json = submissionPayload(s, change.submissionId)!;
      expect(() => submissionSchema.parse(JSON.parse(json))).not.toThrow();
      expect(json).not.toContain('"total"');
    }
  });
});

describe('random histories of late changes, attacked', () => {
  /** What each live conversation of a period counts under, by borough, read straight from the records. */
  function snapshot(s: Store, period: string): Map<string, Map<number, string>> {
    const { first, last } = periodRange(period);
    const rows = s.sqlite
      .prepare(
        `SELECT st.authority_code, c.id,
                (SELECT group_concat(topic) FROM (SELECT topic FROM conversation_topic WHERE conversation_id = c.id ORDER BY topic)) || '|' ||
                coalesce((SELECT group_concat(outcome) FROM (SELECT outcome FROM conversation_outcome WHERE conversation_id = c.id ORDER BY outcome)), '') || '|' ||
                c.age_band || c.sex || c.ethnicity || c.language
           FROM conversation c JOIN event e ON e.id = c.event_id JOIN site st ON st.id = e.site_id
          WHERE c.local_day BETWEEN ? AND ? AND c.deleted_at IS NULL AND e.deleted_at IS NULL`,
      )
      .raw(true)
      .all(first, last) as [string, number, string][];
    const byBorough = new Map<string, Map<number, string>>();
    for (const [authority, id, signature] of rows) {
      if (!byBorough.has(authority)) byBorough.set(authority, new Map());
      byBorough.get(authority)!.set(id, signature);
    }
    return byBorough;
  }

  /** Conversations corrected, deleted or added between two states; a deletion and an addition counting alike cancel. */
  const changedBetween = (a: Map<number, string> | undefined, b: Map<number, string> | undefined) => {
    const gone: string[] = [];
    let changed = 0;
    for (const [id, sig] of a ?? []) {
      if (!b?.has(id)) gone.push(sig);
      else if (b.get(id) !== sig) changed += 1;
    }
    const fresh = [...(b ?? [])].filter(([id]) => !a?.has(id)).map(([, sig]) => sig);
    let cancelled = 0;
    for (const sig of fresh) {
      const at = gone.indexOf(sig);
      if (at >= 0) {
        gone.splice(at, 1);
        cancelled += 1;
      }
    }
    return changed + gone.length + cancelled + fresh.length - 2 * cancelled;
  };

  it('every revision sent is protected on its own, differs from the one before by 8 or more people per borough, and keeps its grain and policy', async () => {
    const { attackBorough, boroughProgram, referenceFrame } = await import('../support/intruder.ts');
    const { random } = await import('../support/synthetic-conversations.ts');
    for (const seed of [1, 2, 3]) {
      const rand = random(seed);
      const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
      const { s, clock, lewisham, towerHamlets, hackney } = await sentOctober();
      const sessions = [lewisham, towerHamlets, hackney];
      // What each sent revision of October was built from, to measure the next one against.
      const sentRevisions = new Map<number, { body: Submission; snapshot: Map<string, Map<number, string>> }>();
      sentRevisions.set(1, { body: body(s, latestOf(s, '2026-10').submissionId), snapshot: snapshot(s, '2026-10') });
      let switched = false;
      for (let step = 0; step < 12; step++) {
        const live = s.sqlite.prepare(`SELECT id FROM conversation WHERE deleted_at IS NULL AND local_day LIKE '2026-10-%'`).pluck().all() as number[];
        const action = pick(['add', 'add', 'delete', 'correct', 'import', 'raise', 'week'] as const);
        const n = 1 + Math.floor(rand() * 6);
        if (action === 'add') lateConversations(s, pick(sessions), n, Math.floor(rand() * 50));
        if (action === 'delete') for (let i = 0; i < n && live.length > 0; i++) setConversationDeleted(s, clock, live.splice(Math.floor(rand() * live.length), 1)[0]!, true);
        if (action === 'correct') for (let i = 0; i < n && live.length > 0; i++) retopic(s, clock, pick(live), pick(['smoking', 'gp_access', 'mh_loneliness']));
        if (action === 'import') {
          const header = 'date,site,borough,event_kind,volunteer,volunteer_hours,visitors_adults,topics,outcomes,age_band,sex';
          const rows = Array.from({ length: n }, () => `2026-10-2${Math.floor(rand() * 8)},Imported Hall,Tower Hamlets,popup_shop,,,,mh_low_mood,leaflet_given,age_18_24,female`);
          await importSpreadsheet(s, clock, { fileName: 'late.csv', bytes: Buffer.from([header, ...rows].join('\n')) }, { requireCoordinator: true });
        }
        if (action === 'raise') {
          const now = readSyncConfig(s).policy;
          if (now.threshold < 10) updateSyncSettings(s, { threshold: now.threshold + 1 });
        }
        if (action === 'week' && !switched) {
          session(s, '2026-11-03T09:00:00.000Z', 9);
          session(s, '2026-12-01T09:00:00.000Z', 9);
          updateSyncSettings(s, { periodKind: 'week' });
          switched = true;
          clock.set('2027-01-10T10:00:00.000Z');
        }
        clock.advance(3_600_000);
        refreshOutbox(s, clock);
        sendAll(s, clock);
        const latest = latestOf(s, '2026-10');
        if (!sentRevisions.has(latest.revision)) {
          const previous = sentRevisions.get(Math.max(...sentRevisions.keys()))!;
          const records = snapshot(s, '2026-10');
          const now = { body: body(s, latest.submissionId), snapshot: new Map(previous.snapshot) };
          expect(now.body.policy).toEqual(previous.body.policy); // one policy per period
          for (const borough of now.body.boroughs) {
            const before = boroughOf(previous.body, borough.authorityCode);
            if (conversationPart(before) === conversationPart(borough)) continue;
            // A borough's tables change only with 8 or more conversations changed since they last changed.
            const changed = changedBetween(previous.snapshot.get(borough.authorityCode), records.get(borough.authorityCode));
            expect(changed, `seed ${seed} step ${step} ${borough.authorityCode}`).toBeGreaterThanOrEqual(8);
            now.snapshot.set(borough.authorityCode, records.get(borough.authorityCode) ?? new Map());
          }
          sentRevisions.set(latest.revision, now);
        }
      }
      // Everything ever sent: each borough of each body, attacked; no two periods of different grains overlap.
      const entries = submissionLog(s).filter((e) => e.status === 'sent');
      for (const entry of entries) {
        const sent = body(s, entry.submissionId);
        for (const borough of sent.boroughs) {
          const program = boroughProgram(borough, sent.policy, referenceFrame, 'any');
          if (!program) continue;
          const report = await attackBorough(program);
          expect(report.feasible).toBe(true);
          expect(report.pinned, `seed ${seed} ${entry.period} r${entry.revision} ${borough.authorityCode}`).toEqual([]);
        }
      }
      const periods = [...new Set(entries.map((e) => e.period))];
      for (const a of periods) {
        for (const b of periods) {
          if (a === b || a.includes('W') === b.includes('W')) continue;
          const [ra, rb] = [periodRange(a), periodRange(b)];
          expect(ra.last < rb.first || rb.last < ra.first, `${a} overlaps ${b}`).toBe(true);
        }
      }
      expectWellFormed(s);
    }
  }, 240_000);
});
