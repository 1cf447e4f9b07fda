// A team of three laptops (two volunteers, one coordinator), each a real SQLite file: hand-over
// files written, refused and merged, as docs/handover-format.md describes.
import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { updateConversation, findConversation } from '../../main/records/conversations.ts';
import { setItemRetired } from '../../main/records/lists.ts';
import { openSession } from '../../main/records/events.ts';
import { dataChecksSummary, listEvents } from '../../main/records/event-list.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';
import { recordVisit } from '../../main/records/visits.ts';
import { handOverRecords } from '../../main/team/handover.ts';
import { MAGIC, openHandoverFile } from '../../main/team/handover-file.ts';
import { laptopIdentity } from '../../main/team/laptop.ts';
import { mergeHandover, previewHandover } from '../../main/team/merge.ts';
import { knownLaptops, recordsByLaptop } from '../../main/team/stats.ts';
import { PASSPHRASE, PLANTED_NOTE, expectTalliesMatchRecords, recordSession, snapshot, teamLaptop, type Laptop, refusal } from '../support/team.ts';

const merge = (laptop: Laptop, bytes: Uint8Array, passphrase = PASSPHRASE) =>
  mergeHandover(laptop.store, laptop.clock, bytes, passphrase, { requireCoordinator: true });

async function team() {
  const amina = await teamLaptop('Amina’s laptop');
  const ben = await teamLaptop('Ben’s laptop');
  const coordinator = await teamLaptop('Coordinator');
  recordSession(amina, { day: '2026-10-03', conversations: 6 });
  recordSession(amina, { day: '2026-10-10', conversations: 4, borough: 'E09000030' });
  recordSession(ben, { day: '2026-10-04', conversations: 5 });
  recordSession(coordinator, { day: '2026-10-05', conversations: 3 });
  for (const laptop of [amina, ben, coordinator]) laptop.clock.set('2026-11-10T12:00:00.000Z');
  return { amina, ben, coordinator };
}

describe('hand-over file', () => {
  it('holds the records, codes, bands, names and hours, the audit trail, and never a note', async () => {
    const { amina } = await team();
    const { bytes, summary } = handOverRecords(amina.store, amina.clock, PASSPHRASE);
    expect(summary).toMatchObject({ events: 2, conversations: 10, visits: 4, firstDay: '2026-10-03', lastDay: '2026-10-10' });
    expect(bytes.subarray(0, MAGIC.length).equals(MAGIC)).toBe(true);
    // Encrypted: no site name in the clear.
    expect(bytes.includes(Buffer.from('Stall 2026-10-03'))).toBe(false);
    const { header, payload } = openHandoverFile(bytes, PASSPHRASE);
    expect(header).toMatchObject({ teamId: 'TEAM-2026-LDN1-OUTR', laptopId: laptopIdentity(amina.store).id, laptopName: 'Amina’s laptop' });
    const text = JSON.stringify(payload);
    // The planted notes are in Amina's database (events, conversations and their audit entries) ...
    const notesHere = amina.store.sqlite.prepare(`SELECT count(*) FROM audit WHERE after LIKE '%PLANTED-NOTE%'`).pluck().get() as number;
    expect(notesHere).toBeGreaterThan(10);
    // ... and nowhere in what she hands over.
    expect(text).not.toContain('PLANTED-NOTE');
    expect(text).not.toContain('07700900123');
    expect(text).not.toMatch(/"notes"/);
    expect(payload.conversations[0]).toMatchObject({ depth: 'brief_contact', language: 'en', ageBand: 'age_25_49' });
    expect(payload.events[0]!.volunteers[0]!.hours).toBeGreaterThan(0);
    expect(payload.volunteers.map((v) => v.name)).toContain('Test Volunteer');
    expect(payload.audit.length).toBeGreaterThan(10);
    expect(PLANTED_NOTE).toContain('PLANTED-NOTE');
  });
});

describe('merging on the coordinator’s laptop', () => {
  it('previews, then merges two volunteers’ files: counted under their laptops, tallies right, read-only sessions', async () => {
    const { amina, ben, coordinator } = await team();
    const fromAmina = handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes;
    const fromBen = handOverRecords(ben.store, ben.clock, PASSPHRASE).bytes;
    const before = snapshot(coordinator.store);
    const preview = previewHandover(coordinator.store, fromAmina, PASSPHRASE);
    expect(preview).toMatchObject({ laptopName: 'Amina’s laptop', firstDay: '2026-10-03', lastDay: '2026-10-10', alreadyMerged: false });
    expect(preview.byKind.conversations).toEqual({ new: 10, changed: 0, conflicts: 0, present: 0 });
    expect(preview.byKind.events.new).toBe(2);
    expect(preview.byKind.visits.new).toBe(4);
    expect(snapshot(coordinator.store)).toEqual(before); // a preview changes nothing

    expect(merge(coordinator, fromAmina).merged).toBe(true);
    expect(merge(coordinator, fromBen).byKind.conversations.new).toBe(5);
    const origins = coordinator.store.sqlite
      .prepare('SELECT coalesce(recorded_on, ?) AS laptop, count(*) AS n FROM conversation GROUP BY 1 ORDER BY 2')
      .all(laptopIdentity(coordinator.store).id);
    expect(origins).toEqual([
      { laptop: laptopIdentity(coordinator.store).id, n: 3 },
      { laptop: laptopIdentity(ben.store).id, n: 5 },
      { laptop: laptopIdentity(amina.store).id, n: 10 },
    ]);
    // Nothing of the notes arrived; the merged conversations keep their codes.
    expect(coordinator.store.sqlite.prepare(`SELECT count(*) FROM conversation WHERE notes <> ''`).pluck().get()).toBe(3);
    expect(coordinator.store.sqlite.prepare(`SELECT count(*) FROM audit WHERE after LIKE '%PLANTED%' AND recorded_on IS NOT NULL`).pluck().get()).toBe(0);
    expectTalliesMatchRecords(coordinator.store);
    // The pickers' list of laptops is the Team screen's, without the counts: this laptop first, then by name.
    const counted = recordsByLaptop(coordinator.store);
    expect(counted.map((l) => [l.name, l.conversations])).toEqual([['Coordinator', 3], ['Amina’s laptop', 10], ['Ben’s laptop', 5]]);
    expect(knownLaptops(coordinator.store)).toEqual(counted.map(({ laptopId, name, thisLaptop }) => ({ laptopId, name, thisLaptop })));
    // The merged volunteers are plain volunteers here, whatever their role on their own laptop.
    expect(coordinator.store.sqlite.prepare(`SELECT role FROM volunteer WHERE recorded_on IS NOT NULL`).pluck().all()).toEqual(['volunteer', 'volunteer']);
  });

  it('the dashboard, events list and data checks cover the whole team, with a filter by laptop', async () => {
    const { amina, ben, coordinator } = await team();
    for (const volunteer of [amina, ben]) merge(coordinator, handOverRecords(volunteer.store, volunteer.clock, PASSPHRASE).bytes);
    const october = { from: '2026-10-01', to: '2026-10-31' };
    expect(dashboardFigures(coordinator.store, october, 'month').headline).toMatchObject({ events: 4, conversations: 6 + 4 + 5 + 3, visitors: 4 * 4 });
    const events = (filters: Parameters<typeof listEvents>[2]) => listEvents(coordinator.store, coordinator.clock, filters, { limit: 50 }).rows.map((r) => r.startsAt.slice(0, 10));
    expect(events({}).sort()).toEqual(['2026-10-03', '2026-10-04', '2026-10-05', '2026-10-10']);
    expect(events({ laptopId: laptopIdentity(amina.store).id }).sort()).toEqual(['2026-10-03', '2026-10-10']);
    expect(events({ laptopId: laptopIdentity(coordinator.store).id })).toEqual(['2026-10-05']);
    // Every fourth conversation has no outcome: the data checks count them per laptop, and the team's are the sum.
    const withoutOutcome = (laptopId?: string) => dataChecksSummary(coordinator.store, coordinator.clock, { laptopId }).conversationsWithoutOutcome;
    const [aminas, bens, own] = [amina, ben, coordinator].map((laptop) => withoutOutcome(laptopIdentity(laptop.store).id));
    expect(aminas).toBeGreaterThan(0);
    expect(bens).toBeGreaterThan(0);
    expect(own).toBe(0);
    expect(withoutOutcome()).toBe(aminas! + bens! + own!);
  });

  it('refuses new records at a session merged from another laptop (it is counted there)', async () => {
    const { amina, coordinator } = await team();
    amina.clock.set('2026-11-10T10:00:00.000Z');
    const site = amina.store.sqlite.prepare('SELECT id FROM site LIMIT 1').pluck().get() as number;
    openSession(amina.store, amina.clock, { siteId: site, kind: 'community_stall' }); // left open
    merge(coordinator, handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes);
    const open = coordinator.store.sqlite.prepare('SELECT id FROM event WHERE recorded_on IS NOT NULL AND ends_at IS NULL').pluck().get() as number;
    expect(refusal(() => recordVisit(coordinator.store, coordinator.clock, { eventId: open, adults: 1, children: 0 }))).toBe('team.errors.mergedSessionReadOnly');
    expect(coordinator.store.sqlite.prepare('SELECT count(*) FROM visit WHERE event_id = ?').pluck().get(open)).toBe(0);
  });

  it('is idempotent: the same file twice, or an older file after a newer one, changes nothing', async () => {
    const { amina, coordinator } = await team();
    const older = handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes;
    const conversation = amina.store.sqlite.prepare('SELECT min(id) FROM conversation').pluck().get() as number;
    amina.clock.advance(60_000);
    const { id: _id, recordedAt: _r, recordedBy: _b, deleted: _d, eventId: _e, ...fields } = findConversation(amina.store, conversation)!;
    updateConversation(amina.store, amina.clock, conversation, { ...fields, ageBand: 'age_60_74' });
    amina.clock.advance(60_000);
    const newer = handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes;

    merge(coordinator, newer);
    const merged = snapshot(coordinator.store);
    const again = merge(coordinator, newer);
    expect(again).toMatchObject({ merged: false, alreadyMerged: true, total: { new: 0, changed: 0, conflicts: 0, present: 0 } });
    expect(snapshot(coordinator.store)).toEqual(merged);
    expect(previewHandover(coordinator.store, older, PASSPHRASE).alreadyMerged).toBe(true);
    expect(merge(coordinator, older).merged).toBe(false);
    expect(snapshot(coordinator.store)).toEqual(merged);
    expect(coordinator.store.sqlite.prepare(`SELECT count(*) FROM conversation WHERE age_band = 'age_60_74' AND recorded_on IS NOT NULL`).pluck().get()).toBe(
      amina.store.sqlite.prepare(`SELECT count(*) FROM conversation WHERE age_band = 'age_60_74'`).pluck().get(),
    );
  });

  it('replaces a record corrected on its own laptop after an earlier hand-over, with an audit entry saying so', async () => {
    const { amina, coordinator } = await team();
    merge(coordinator, handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes);
    const conversation = amina.store.sqlite.prepare('SELECT min(id) FROM conversation').pluck().get() as number;
    const uid = amina.store.sqlite.prepare('SELECT uid FROM conversation WHERE id = ?').pluck().get(conversation);
    amina.clock.advance(60_000);
    const { id: _id, recordedAt: _r, recordedBy: _b, deleted: _d, eventId: _e, ...fields } = findConversation(amina.store, conversation)!;
    updateConversation(amina.store, amina.clock, conversation, { ...fields, topics: ['smoking'], outcomes: ['signposted_gp'] });
    amina.clock.advance(60_000);
    const second = handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes;
    const preview = previewHandover(coordinator.store, second, PASSPHRASE);
    expect(preview.byKind.conversations).toEqual({ new: 0, changed: 1, conflicts: 0, present: 9 });
    merge(coordinator, second);
    const local = coordinator.store.sqlite.prepare('SELECT id FROM conversation WHERE uid = ?').pluck().get(uid) as number;
    expect(findConversation(coordinator.store, local)).toMatchObject({ topics: ['smoking'], outcomes: ['signposted_gp'] });
    const entry = coordinator.store.sqlite
      .prepare(`SELECT before, after FROM audit WHERE entity = 'conversation' AND entity_id = ? AND recorded_on IS NULL AND action = 'update'`)
      .get(local) as { before: string; after: string };
    expect(JSON.parse(entry.after).handover).toMatchObject({ laptopName: 'Amina’s laptop', conflict: false });
    expect(JSON.parse(entry.before).topics).not.toEqual(['smoking']);
    expectTalliesMatchRecords(coordinator.store);
  });

  it('resolves a record changed on both laptops by the documented rule: the recording laptop wins, the local correction is kept in the audit', async () => {
    const { amina, coordinator } = await team();
    merge(coordinator, handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes);
    const conversation = amina.store.sqlite.prepare('SELECT min(id) FROM conversation').pluck().get() as number;
    const uid = amina.store.sqlite.prepare('SELECT uid FROM conversation WHERE id = ?').pluck().get(conversation);
    const local = coordinator.store.sqlite.prepare('SELECT id FROM conversation WHERE uid = ?').pluck().get(uid) as number;
    // The coordinator corrects the merged record through the normal, audited path ...
    coordinator.clock.advance(60_000);
    const here = findConversation(coordinator.store, local)!;
    updateConversation(coordinator.store, coordinator.clock, local, { ...stripIds(here), sex: 'prefer_not_to_say' });
    // ... and Amina corrects it differently on her laptop.
    amina.clock.advance(60_000);
    updateConversation(amina.store, amina.clock, conversation, { ...stripIds(findConversation(amina.store, conversation)!), ageBand: 'age_50_59', sex: 'female' });
    amina.clock.advance(60_000);
    const second = handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes;
    expect(previewHandover(coordinator.store, second, PASSPHRASE).byKind.conversations).toEqual({ new: 0, changed: 0, conflicts: 1, present: 9 });
    merge(coordinator, second);
    expect(findConversation(coordinator.store, local)).toMatchObject({ ageBand: 'age_50_59', sex: 'female' });
    const entry = coordinator.store.sqlite
      .prepare(`SELECT before, after FROM audit WHERE entity = 'conversation' AND entity_id = ? AND after LIKE '%"handover"%'`)
      .get(local) as { before: string; after: string };
    expect(JSON.parse(entry.before)).toMatchObject({ sex: 'prefer_not_to_say' });
    expect(JSON.parse(entry.after)).toMatchObject({ sex: 'female', handover: { conflict: true } });
    expectTalliesMatchRecords(coordinator.store);
  });
});

function stripIds(c: NonNullable<ReturnType<typeof findConversation>>) {
  const { id: _id, recordedAt: _r, recordedBy: _b, deleted: _d, eventId: _e, ...fields } = c;
  return fields;
}

describe('bad files: a clear message and nothing changed', () => {
  async function refused(make: (laptops: Awaited<ReturnType<typeof team>>, bytes: Buffer) => Uint8Array, passphrase = PASSPHRASE) {
    const laptops = await team();
    const bytes = handOverRecords(laptops.amina.store, laptops.amina.clock, PASSPHRASE).bytes;
    const file = make(laptops, bytes);
    const before = snapshot(laptops.coordinator.store);
    const key = refusal(() => merge(laptops.coordinator, file, passphrase));
    expect(refusal(() => previewHandover(laptops.coordinator.store, file, passphrase))).toBe(key);
    expect(snapshot(laptops.coordinator.store)).toEqual(before);
    return key;
  }

  it('a wrong passphrase', async () => {
    expect(await refused((_, bytes) => bytes, 'not the team passphrase')).toBe('team.errors.wrongPassphrase');
  });

  it('a truncated file', async () => {
    expect(await refused((_, bytes) => bytes.subarray(0, bytes.length - 200))).toBe('team.errors.damagedFile');
    expect(await refused((_, bytes) => bytes.subarray(0, 30))).toBe('team.errors.damagedFile');
  });

  it('a tampered file (one byte of the records, or of the header)', async () => {
    expect(await refused((_, bytes) => flip(bytes, bytes.length - 500))).toBe('team.errors.damagedFile');
    expect(await refused((_, bytes) => Buffer.from(bytes.toString('latin1').replace('Amina’s laptop'.slice(0, 5), 'Xmina'), 'latin1'))).toBe(
      'team.errors.damagedFile',
    );
  });

  it('not a hand-over file at all', async () => {
    expect(await refused(() => zlib.gzipSync('hello'))).toBe('team.errors.notHandoverFile');
  });

  it('a file from a newer format version', async () => {
    expect(await refused((_, bytes) => Buffer.from(bytes.toString('latin1').replace('"formatVersion":1', '"formatVersion":2'), 'latin1'))).toBe(
      'team.errors.newerFormat',
    );
  });

  it('a file from another team', async () => {
    const outsider = await teamLaptop('Another organisation', 'ABCD-EFGH-JKLM-NPQR');
    recordSession(outsider, { day: '2026-10-06', conversations: 2 });
    expect(await refused(() => handOverRecords(outsider.store, outsider.clock, PASSPHRASE).bytes)).toBe('team.errors.otherTeam');
  });

  it('a file signed by another key under a laptop id already merged', async () => {
    const key = await refused(({ amina, coordinator }, bytes) => {
      merge(coordinator, bytes);
      amina.store.sqlite.prepare(`DELETE FROM setting WHERE key = 'laptop_signing_key'`).run();
      amina.clock.advance(60_000);
      return handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes;
    });
    expect(key).toBe('team.errors.laptopKeyChanged');
  });

  it('a code this laptop has never had is refused; one it has retired is accepted', async () => {
    const key = await refused(({ amina }) => {
      amina.store.sqlite.prepare(`INSERT INTO reference_item (list, code, label_key, group_code, sort) VALUES ('topic', 'local_topic_x', 'x', 'cancer', 999)`).run();
      const id = amina.store.sqlite.prepare('SELECT min(id) FROM conversation').pluck().get() as number;
      // A code added on Amina's laptop (by a newer version of the lists, say), unknown to the coordinator's.
      amina.store.sqlite.prepare(`INSERT INTO conversation_topic (conversation_id, topic) VALUES (?, 'local_topic_x')`).run(id);
      return handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes;
    });
    expect(key).toBe('team.errors.unknownCode');

    const { amina, coordinator } = await team();
    setItemRetired(coordinator.store, coordinator.clock, 'topic', 'smoking', true);
    const outcome = merge(coordinator, handOverRecords(amina.store, amina.clock, PASSPHRASE).bytes);
    expect(outcome.byKind.conversations.new).toBe(10);
    expect(coordinator.store.sqlite.prepare(`SELECT count(*) FROM conversation_topic WHERE topic = 'smoking'`).pluck().get()).toBeGreaterThan(0);
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}
