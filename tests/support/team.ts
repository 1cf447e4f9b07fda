// Laptops of one team for the hand-over tests: real SQLite files, records written through the
// real services, and a check that the report tallies still match the records after a merge.
import { expect } from 'vitest';
import { DomainError } from '../../shared/errors.ts';
import type { Store } from '../../main/db/store.ts';
import { recordConversation } from '../../main/records/conversations.ts';
import { createEvent } from '../../main/records/event-admin.ts';
import { closeSession } from '../../main/records/events.ts';
import { createSite } from '../../main/records/sites.ts';
import { recordVisit } from '../../main/records/visits.ts';
import { currentVolunteer } from '../../main/records/volunteers.ts';
import { joinTeam, nameLaptop } from '../../main/team/laptop.ts';
import { expectedCodeTallies } from './tally-oracle.ts';
import { freshStore, manualClock } from './temp-store.ts';

export const TEAM_ID = 'TEAM-2026-LDN1-OUTR';
export const PASSPHRASE = 'correct horse battery staple';
export const PLANTED_NOTE = 'PLANTED-NOTE-Mrs-Example-07700900123';

export type Laptop = { store: Store; clock: ReturnType<typeof manualClock>; file: string; dir: string };

export async function teamLaptop(name: string, teamId = TEAM_ID): Promise<Laptop> {
  const { store, file, dir } = await freshStore();
  joinTeam(store, { teamId, passphrase: PASSPHRASE });
  nameLaptop(store, name);
  return { store, file, dir, clock: manualClock('2026-10-01T08:00:00.000Z') };
}

const TOPICS = ['cancer_bowel', 'cancer_breast', 'mh_low_mood', 'smoking', 'gp_access'];
const OUTCOMES = ['leaflet_given', 'signposted_gp', 'information_given'];
const AGES = ['age_25_49', 'age_50_59', 'age_60_74'];
const ETHNICITIES = ['indian', 'bangladeshi', 'african', 'white_british'];

/** A session on `day` at a new site of `borough`, with `conversations` conversations and two visits; notes planted. */
export function recordSession(
  laptop: Laptop,
  options: { day: string; borough?: string; conversations: number; siteName?: string },
): { eventId: number; conversationIds: number[] } {
  const { store, clock } = laptop;
  clock.set(`${options.day}T09:00:00.000Z`);
  const site = createSite(store, clock, {
    name: options.siteName ?? `Stall ${options.day}`,
    authorityCode: options.borough ?? 'E09000023',
    settingType: 'market_high_street',
  });
  const me = currentVolunteer(store)!;
  const event = createEvent(store, clock, {
    siteId: site.id,
    kind: 'community_stall',
    startsAt: clock().toISOString(),
    endsAt: null,
    notes: `${PLANTED_NOTE} (event)`,
    // The planted notes look like personal details on purpose; the person confirmed them.
    personalDetailsConfirmed: true,
    volunteers: [{ volunteerId: me.id, hours: 0 }],
  });
  const conversationIds: number[] = [];
  for (let i = 0; i < options.conversations; i++) {
    clock.advance(60_000);
    conversationIds.push(
      recordConversation(store, clock, {
        eventId: event.id,
        depth: 'brief_contact',
        topics: [TOPICS[i % TOPICS.length]!, ...(i % 3 === 0 ? [TOPICS[(i + 2) % TOPICS.length]!] : [])],
        outcomes: i % 4 === 3 ? [] : [OUTCOMES[i % OUTCOMES.length]!],
        ageBand: AGES[i % AGES.length]!,
        sex: i % 2 ? 'female' : 'male',
        ethnicity: ETHNICITIES[i % ETHNICITIES.length]!,
        language: 'en',
        safeguarding: false,
        notes: `${PLANTED_NOTE} (conversation ${i})`,
        personalDetailsConfirmed: true,
      }).conversationId,
    );
  }
  recordVisit(store, clock, { eventId: event.id, adults: 2, children: 1 });
  recordVisit(store, clock, { eventId: event.id, adults: 1, children: 0 });
  clock.advance(2 * 3_600_000);
  closeSession(store, clock, event.id);
  return { eventId: event.id, conversationIds };
}

/** Row counts of every record table and the tally totals: equal before and after means nothing changed. */
export function snapshot(store: Store): Record<string, unknown> {
  const one = (sql: string) => store.sqlite.prepare(sql).pluck().get();
  const tables = ['volunteer', 'site', 'event', 'event_volunteer', 'visit', 'conversation', 'conversation_topic', 'conversation_outcome', 'audit', 'team_record', 'team_laptop'];
  return {
    ...Object.fromEntries(tables.map((t) => [t, one(`SELECT count(*) FROM ${t}`)])),
    records: store.sqlite.prepare('SELECT id, uid, recorded_on, updated_at, deleted_at, age_band FROM conversation ORDER BY id').raw(true).all(),
    tallies: one('SELECT total(conversations) FROM report_month_code'),
    dayEvents: one('SELECT total(conversations) + total(visits) + total(adults) + total(children) FROM report_day_event'),
  };
}

type Row = (string | number | null)[];
const rows = (store: Store, sql: string) => (store.sqlite.prepare(sql).raw(true).all() as Row[]).map((r) => r.join('|')).sort();

/** The report tallies (main/tallies/) equal the same figures counted afresh from the records. */
export function expectTalliesMatchRecords(store: Store): void {
  const expected = expectedCodeTallies(store);
  expect(rows(store, 'SELECT month, kind, dimension, code, conversations FROM report_month_code WHERE conversations <> 0')).toEqual(expected.months);
  expect(rows(store, 'SELECT local_day, dimension, code, conversations FROM report_day_code WHERE conversations <> 0')).toEqual(expected.days);
  expect(
    rows(store, 'SELECT local_day, event_id, conversations, visits, adults, children FROM report_day_event WHERE conversations <> 0 OR visits <> 0'),
  ).toEqual(
    rows(
      store,
      `SELECT local_day, event_id, sum(c), sum(v), sum(a), sum(k) FROM (
         SELECT local_day, event_id, 1 AS c, 0 AS v, 0 AS a, 0 AS k FROM conversation WHERE deleted_at IS NULL
         UNION ALL SELECT local_day, event_id, 0, 1, adults, children FROM visit WHERE deleted_at IS NULL) GROUP BY 1, 2`,
    ),
  );
  expect(rows(store, 'SELECT id, volunteer_hours FROM event')).toEqual(
    rows(store, 'SELECT e.id, (SELECT total(hours) FROM event_volunteer WHERE event_id = e.id) FROM event e'),
  );
}

/** The message key `fn` is refused with; fails the test when it is not refused. */
export function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.messageKey;
    throw error;
  }
  throw new Error('expected a refusal');
}
