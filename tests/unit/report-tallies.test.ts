// The summary tables (report_day_code, report_month_code, report_day_event, the set columns,
// outcome_count and volunteer_hours, main/tallies/) against the same figures counted afresh
// from the records, independently of the triggers (the code tallies by the one counting
// function, tests/support/tally-oracle.ts; the rest by plain SQL): after a seed
// (which pauses the triggers and catches up, main/tallies/bulk.ts), after every kind of change the
// services make, after rows written in any order behind their back, after an import (which
// pauses the triggers and counts its rows itself), after regrouping a topic, and after the
// migration's backfill of a file from before it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../main/db/connection.ts';
import { createMigrator } from '../../main/db/migrator.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { recordConversation, setConversationDeleted, updateConversation } from '../../main/records/conversations.ts';
import { createEvent, setEventDeleted, updateEvent } from '../../main/records/event-admin.ts';
import { closeSession, openSession } from '../../main/records/events.ts';
import { importSpreadsheet } from '../../main/records/import.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { correctVisit, recordVisit, setVisitDeleted } from '../../main/records/visits.ts';
import { exactCounts } from '../../main/sync/aggregate.ts';
import { expectedCodeTallies } from '../support/tally-oracle.ts';
import { freshStore, manualClock, tempDir } from '../support/temp-store.ts';

type Row = (string | number | null)[];
const key = (row: Row) => row.join('|');

function rows(store: Store, sql: string): Row[] {
  return store.sqlite.prepare(sql).raw(true).all() as Row[];
}

/** What every tally should hold, from the records alone. */
function expectedTallies(store: Store) {
  return {
    ...expectedCodeTallies(store),
    dayEvents: rows(
      store,
      `SELECT local_day, event_id, sum(c), sum(v), sum(a), sum(k) FROM (
         SELECT local_day, event_id, 1 AS c, 0 AS v, 0 AS a, 0 AS k FROM conversation WHERE deleted_at IS NULL
         UNION ALL SELECT local_day, event_id, 0, 1, adults, children FROM visit WHERE deleted_at IS NULL) GROUP BY 1, 2`,
    )
      .map(key)
      .sort(),
  };
}

function actualTallies(store: Store) {
  return {
    days: rows(store, 'SELECT local_day, dimension, code, conversations FROM report_day_code WHERE conversations <> 0').map(key).sort(),
    months: rows(store, 'SELECT month, kind, dimension, code, conversations FROM report_month_code WHERE conversations <> 0').map(key).sort(),
    dayEvents: rows(
      store,
      `SELECT local_day, event_id, conversations, visits, adults, children FROM report_day_event
        WHERE conversations <> 0 OR visits <> 0 OR adults <> 0 OR children <> 0`,
    )
      .map(key)
      .sort(),
  };
}

function expectTalliesRight(store: Store): void {
  const actual = actualTallies(store);
  expect(actual.days.length).toBeGreaterThan(0);
  expect(actual).toEqual(expectedTallies(store));
  // No count below zero anywhere (a sign of a change taken off twice).
  for (const [table, columns] of [
    ['report_day_code', ['conversations']],
    ['report_month_code', ['conversations']],
    ['report_day_event', ['conversations', 'visits', 'adults', 'children']],
  ] as const) {
    const negative = store.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE ${columns.map((c) => `${c} < 0`).join(' OR ')}`);
    expect(negative.pluck().get()).toBe(0);
  }
  const codes = (table: string, column: string) =>
    `coalesce((SELECT group_concat(x, ' ') FROM (SELECT ${column} AS x FROM ${table} WHERE conversation_id = c.id ORDER BY ${column})), '')`;
  const wrongCodes = store.sqlite
    .prepare(
      `SELECT count(*) FROM conversation c WHERE (SELECT codes FROM code_set WHERE id = c.topic_set) IS NOT ${codes('conversation_topic', 'topic')}
          OR (SELECT codes FROM code_set WHERE id = c.outcome_set) IS NOT ${codes('conversation_outcome', 'outcome')}
          OR (SELECT codes FROM code_set WHERE id = c.band_set) IS NOT (c.age_band || ' ' || c.sex || ' ' || c.ethnicity || ' ' || c.language)
          OR outcome_count <> (SELECT count(*) FROM conversation_outcome o WHERE o.conversation_id = c.id)`,
    )
    .pluck()
    .get();
  expect(wrongCodes).toBe(0);
  const wrongHours = store.sqlite
    .prepare(`SELECT count(*) FROM event e WHERE abs(volunteer_hours - (SELECT total(hours) FROM event_volunteer WHERE event_id = e.id)) > 1e-9`)
    .pluck()
    .get();
  expect(wrongHours).toBe(0);
  expect(store.sqlite.prepare('SELECT paused FROM report_tally_state').pluck().get()).toBe(0);
}

const talk = {
  depth: 'brief_contact',
  topics: ['smoking', 'alcohol', 'mh_carers'],
  outcomes: ['leaflet_given'],
  ageBand: 'age_25_49',
  sex: 'female',
  ethnicity: 'irish',
  language: 'en',
  safeguarding: false,
  notes: '',
};

describe('the report tallies follow the records', () => {
  it('after a seed, which pauses the triggers and catches the tallies up', async () => {
    const { store } = await freshStore({ withVolunteer: false });
    seedSyntheticData(store, { conversations: 3000, seed: 5 });
    expectTalliesRight(store);
    store.close();
  });

  it('after every change the services make', async () => {
    const { store } = await freshStore({ withVolunteer: false });
    seedSyntheticData(store, { conversations: 600, seed: 8 });
    const clock = manualClock('2026-09-15T10:00:00.000Z');
    const [siteId, otherSite] = store.sqlite.prepare('SELECT id FROM site WHERE retired_at IS NULL ORDER BY id LIMIT 2').pluck().all() as number[];
    const event = openSession(store, clock, { siteId: siteId!, kind: 'popup_shop' });
    const { conversationId } = recordConversation(store, clock, { ...talk, eventId: event.id });
    const second = recordConversation(store, clock, { ...talk, eventId: event.id, topics: ['gp_access'], outcomes: [] }).conversationId;
    const { visitId } = recordVisit(store, clock, { eventId: event.id, adults: 2, children: 1 });
    expectTalliesRight(store);

    updateConversation(store, clock, conversationId, { ...talk, topics: ['mh_wellbeing'], outcomes: ['signposted_gp', 'referred'], ageBand: 'age_75_plus' });
    updateConversation(store, clock, second, { ...talk, topics: ['cancer_lung', 'screening_bowel'], outcomes: [] });
    correctVisit(store, clock, visitId, { adults: 4, children: 0 });
    expectTalliesRight(store);

    setConversationDeleted(store, clock, conversationId, true);
    setVisitDeleted(store, clock, visitId, true);
    expectTalliesRight(store);
    setConversationDeleted(store, clock, conversationId, false);
    setVisitDeleted(store, clock, visitId, false);
    expectTalliesRight(store);

    clock.advance(2 * 3_600_000);
    closeSession(store, clock, event.id);
    expectTalliesRight(store);
    // Another kind, another site and another day; then deleted and restored.
    updateEvent(store, clock, event.id, {
      siteId: otherSite!, kind: 'community_stall', startsAt: '2026-09-14T09:00:00.000Z', endsAt: '2026-09-14T13:00:00.000Z', notes: '',
      volunteers: [],
    });
    expectTalliesRight(store);
    setEventDeleted(store, clock, event.id, true);
    expectTalliesRight(store);
    setEventDeleted(store, clock, event.id, false);
    expectTalliesRight(store);

    // An event entered afterwards, with volunteers and hours; a seeded event deleted.
    const volunteerId = store.sqlite.prepare('SELECT id FROM volunteer ORDER BY id LIMIT 1').pluck().get() as number;
    createEvent(store, clock, {
      siteId: siteId!, kind: 'talk_workshop', startsAt: '2026-09-10T17:00:00.000Z', endsAt: '2026-09-10T19:00:00.000Z', notes: '',
      volunteers: [{ volunteerId, hours: 2.5 }],
    });
    const seeded = store.sqlite.prepare('SELECT event_id FROM conversation WHERE deleted_at IS NULL LIMIT 1').pluck().get() as number;
    setEventDeleted(store, clock, seeded, true);
    expectTalliesRight(store);
    store.close();
  });

  it('whatever order rows are written in, behind the services', async () => {
    const { store } = await freshStore({ withVolunteer: false });
    seedSyntheticData(store, { conversations: 200, seed: 3 });
    const db = store.sqlite;
    const siteId = db.prepare('SELECT id FROM site LIMIT 1').pluck().get() as number;
    const volunteerId = db.prepare('SELECT id FROM volunteer LIMIT 1').pluck().get() as number;
    const eventId = (db.prepare('SELECT max(id) FROM event').pluck().get() as number) + 1;
    const conversation = (db.prepare('SELECT max(id) FROM conversation').pluck().get() as number) + 1;
    const at = '2026-05-05T10:00:00.000Z';
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      // Children, then the conversation, then its event and team; a second event written deleted.
      db.prepare(`INSERT INTO conversation_topic VALUES (?, 'smoking'), (?, 'alcohol'), (?, 'mh_crisis')`).run(conversation, conversation, conversation);
      db.prepare(`INSERT INTO conversation_outcome VALUES (?, 'leaflet_given')`).run(conversation);
      db.prepare(
        `INSERT INTO conversation (id, event_id, recorded_at, local_day, depth, age_band, sex, ethnicity, language, safeguarding, updated_at)
         VALUES (?, ?, ?, '2026-05-05', 'brief_contact', 'age_18_24', 'male', 'african', 'so', 0, ?)`,
      ).run(conversation, eventId, at, at);
      db.prepare(`INSERT INTO conversation_outcome VALUES (?, 'referred')`).run(conversation);
      db.prepare(`INSERT INTO visit (event_id, recorded_at, local_day, adults, children) VALUES (?, ?, '2026-05-05', 3, 2)`).run(eventId + 1, at);
      db.prepare(`INSERT INTO event_volunteer VALUES (?, ?, 3.25)`).run(eventId, volunteerId);
      const insertEvent = db.prepare(
        `INSERT INTO event (id, site_id, kind, starts_at, ends_at, local_day, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, '2026-05-05', ?, ?, ?)`,
      );
      insertEvent.run(eventId, siteId, 'popup_shop', at, at, at, at, null);
      insertEvent.run(eventId + 1, siteId, 'popup_shop', at, at, at, at, at);
    })();
    expectTalliesRight(store);
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      // A conversation removed outright, parent first.
      db.prepare('DELETE FROM conversation WHERE id = ?').run(conversation);
      db.prepare('DELETE FROM conversation_topic WHERE conversation_id = ?').run(conversation);
      db.prepare('DELETE FROM conversation_outcome WHERE conversation_id = ?').run(conversation);
    })();
    expectTalliesRight(store);
    expect(() =>
      db.prepare('UPDATE conversation_topic SET topic = topic WHERE conversation_id = (SELECT min(conversation_id) FROM conversation_topic)').run(),
    ).toThrow(/never updated/);
    store.close();
  });

  it('after an import, and the import leaves the triggers running', async () => {
    const { store } = await freshStore();
    seedSyntheticData(store, { conversations: 300, seed: 4, append: true });
    const clock = manualClock('2026-11-20T10:00:00.000Z');
    const header = 'date,site,borough,event_kind,volunteer,volunteer_hours,visitors_adults,topics,outcomes,age_band,sex';
    const lines = [
      '2025-03-01,Imported Hall,Lewisham,popup_shop,Ann,4,12,,,,',
      '2025-03-01,Imported Hall,Lewisham,popup_shop,,,,smoking;alcohol;mh_carers,leaflet_given,age_60_74,female',
      '2025-03-01,Imported Hall,Lewisham,popup_shop,,,,gp_access,,,',
      '2025-04-02,Imported Hall,Lewisham,talk_workshop,Bob,1.5,,screening_bowel,referred;information_given,age_50_59,male',
    ];
    const outcome = await importSpreadsheet(store, clock, { fileName: 'past.csv', bytes: Buffer.from([header, ...lines].join('\n')) }, { requireCoordinator: true });
    expect(outcome.status).toBe('imported');
    expectTalliesRight(store);
    // Writes after it are counted by the triggers again.
    const event = openSession(store, clock, { siteId: store.sqlite.prepare('SELECT id FROM site LIMIT 1').pluck().get() as number, kind: 'popup_shop' });
    recordConversation(store, clock, { ...talk, eventId: event.id });
    expectTalliesRight(store);
    store.close();
  });

  it('after a topic changes group', async () => {
    const { store } = await freshStore({ withVolunteer: false });
    seedSyntheticData(store, { conversations: 500, seed: 6 });
    store.sqlite.prepare(`UPDATE reference_item SET group_code = 'mental_health' WHERE list = 'topic' AND code = 'smoking'`).run();
    expectTalliesRight(store);
    store.sqlite.prepare(`UPDATE reference_item SET group_code = NULL WHERE list = 'topic' AND code = 'alcohol'`).run();
    expectTalliesRight(store);
    store.close();
  });

  it('are not trusted by the sync payload when they do not add up', async () => {
    const { store } = await freshStore({ withVolunteer: false });
    seedSyntheticData(store, { conversations: 1500, seed: 12 });
    const period = store.sqlite.prepare(`SELECT substr(max(local_day), 1, 7) FROM conversation`).pluck().get() as string;
    const before = exactCounts(store, period);
    expect(before.length).toBeGreaterThan(0);
    // A count off by one (as a bulk writer that forgot its tallies would leave it): the
    // payload is built from the rows' own event ids instead, and comes out the same.
    store.sqlite
      .prepare(
        `UPDATE report_day_event SET conversations = conversations + 1
          WHERE (local_day, event_id) = (SELECT local_day, event_id FROM report_day_event WHERE substr(local_day, 1, 7) = ? AND conversations > 0 LIMIT 1)`,
      )
      .run(period);
    expect(exactCounts(store, period)).toEqual(before);
    store.close();
  });

  it('after the migration fills them in on a file from before it', async () => {
    const file = path.join(tempDir(), 'old.db');
    const raw = openSqlite(file);
    const { error } = await createMigrator(raw).migrateTo('0006_outcome_counts');
    expect(error).toBeUndefined();
    // Records in the old schema: a seed's, copied over table by table, outcomes before their
    // conversations, as a bulk writer of that time wrote them (0006's triggers miscount those).
    const { store: seeded, dir } = await freshStore({ withVolunteer: false });
    seedSyntheticData(seeded, { conversations: 2000, seed: 7 });
    seeded.close();
    raw.exec(`ATTACH DATABASE '${path.join(dir, 'outreach.db')}' AS seeded`);
    raw.transaction(() => {
      raw.pragma('defer_foreign_keys = ON');
      for (const table of ['volunteer', 'site', 'conversation_topic', 'conversation_outcome', 'conversation', 'visit', 'event_volunteer', 'event']) {
        // outcome_count is the triggers' to write (0006), as it was for such a writer.
        const columns = (raw.prepare(`SELECT name FROM pragma_table_info('${table}') WHERE name <> 'outcome_count'`).pluck().all() as string[]).join(', ');
        raw.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM seeded.${table}`);
      }
    })();
    raw.exec('DETACH DATABASE seeded');
    raw.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const { store, migration } = await openStore(file);
    expect(migration.applied).toContain('0007_report_tallies');
    expectTalliesRight(store);
    store.close();
  });
});
