// Records by laptop (the Team screen, `stats`) are counted from the table's size less the
// deleted and merged records (migration 0013): they must equal a plain count of the live
// records of each origin, whatever was deleted, restored or merged on either side.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { setConversationDeleted } from '../../main/records/conversations.ts';
import { setEventDeleted } from '../../main/records/event-admin.ts';
import { setVisitDeleted } from '../../main/records/visits.ts';
import { handOverRecords } from '../../main/team/handover.ts';
import { laptopIdentity } from '../../main/team/laptop.ts';
import { mergeHandover } from '../../main/team/merge.ts';
import { recordsByLaptop } from '../../main/team/stats.ts';
import { PASSPHRASE, recordSession, teamLaptop, type Laptop } from '../support/team.ts';

/** The live records of each origin, counted row by row: what recordsByLaptop must say. */
function countedRowByRow(store: Store, table: 'event' | 'visit' | 'conversation', laptopId: string | null): number {
  return store.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE deleted_at IS NULL AND recorded_on IS ?`).pluck().get(laptopId) as number;
}

const visitsOf = (laptop: Laptop, eventId: number) =>
  laptop.store.sqlite.prepare('SELECT id FROM visit WHERE event_id = ? ORDER BY id').pluck().all(eventId) as number[];

describe('records by laptop', () => {
  it('counts the live records of this laptop and of each merged laptop, deleted ones left out', async () => {
    const amina = await teamLaptop('Amina’s laptop');
    const ben = await teamLaptop('Ben’s laptop');
    const coordinator = await teamLaptop('Coordinator');

    // Amina deletes a conversation and a visit, and a whole session, before handing over. (A deleted
    // session hides its records without marking each deleted: they are counted row by row as before.)
    const kept = recordSession(amina, { day: '2026-10-03', conversations: 6 });
    const dropped = recordSession(amina, { day: '2026-10-10', conversations: 4 });
    setConversationDeleted(amina.store, amina.clock, kept.conversationIds[0]!, true);
    setVisitDeleted(amina.store, amina.clock, visitsOf(amina, kept.eventId)[0]!, true);
    setEventDeleted(amina.store, amina.clock, dropped.eventId, true);
    recordSession(ben, { day: '2026-10-04', conversations: 5 });
    // The coordinator deletes one of their own conversations, and deletes and restores another.
    const own = recordSession(coordinator, { day: '2026-10-05', conversations: 3 });
    setConversationDeleted(coordinator.store, coordinator.clock, own.conversationIds[0]!, true);
    setConversationDeleted(coordinator.store, coordinator.clock, own.conversationIds[1]!, true);
    setConversationDeleted(coordinator.store, coordinator.clock, own.conversationIds[1]!, false);

    for (const volunteer of [amina, ben]) {
      volunteer.clock.set('2026-11-10T12:00:00.000Z');
      const bytes = handOverRecords(volunteer.store, volunteer.clock, PASSPHRASE).bytes;
      mergeHandover(coordinator.store, coordinator.clock, bytes, PASSPHRASE, { requireCoordinator: true });
    }

    const byId = new Map(recordsByLaptop(coordinator.store).map((laptop) => [laptop.laptopId, laptop]));
    const ids = { coordinator: laptopIdentity(coordinator.store).id, amina: laptopIdentity(amina.store).id, ben: laptopIdentity(ben.store).id };
    expect(byId.get(ids.coordinator)).toMatchObject({ thisLaptop: true, events: 1, visits: 2, conversations: 2 });
    expect(byId.get(ids.amina)).toMatchObject({ thisLaptop: false, events: 1, visits: 1 + 2, conversations: 5 + 4 });
    expect(byId.get(ids.ben)).toMatchObject({ thisLaptop: false, events: 1, visits: 2, conversations: 5 });
    for (const table of ['event', 'visit', 'conversation'] as const) {
      for (const [who, id] of Object.entries(ids)) {
        const origin = who === 'coordinator' ? null : id;
        expect(byId.get(id)![`${table}s`], `${table}s of ${who}`).toBe(countedRowByRow(coordinator.store, table, origin));
      }
    }
    // On a volunteer's own laptop, its deletions are left out too.
    expect(recordsByLaptop(amina.store)[0]).toMatchObject({ thisLaptop: true, events: 1, visits: 1 + 2, conversations: 5 + 4 });
  });
});
