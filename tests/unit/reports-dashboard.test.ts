// Golden figures: the dashboard on a seeded database against plain SQL written independently
// of it, for months, a year, a range that cuts months and every filter; the records behind a
// figure add up to it; and the cache follows every kind of change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { recordConversation, setConversationDeleted, updateConversation } from '../../main/records/conversations.ts';
import { createEvent, setEventDeleted, updateEvent } from '../../main/records/event-admin.ts';
import { closeSession, openSession } from '../../main/records/events.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { recordVisit, setVisitDeleted } from '../../main/records/visits.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';
import type { CodeCount, DashboardFigures, RecordSlice, ReportFilters } from '../../main/reports/figures.ts';
import { reportRecords } from '../../main/reports/records.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

let store: Store;

beforeAll(async () => {
  ({ store } = await freshStore({ withVolunteer: false }));
  seedSyntheticData(store, { conversations: 6000, seed: 42 });
  const clock = manualClock('2026-09-02T11:00:00.000Z');
  // Deleted events that had records: everything recorded at them must drop out.
  const busy = store.sqlite
    .prepare(
      `SELECT e.id FROM event e WHERE e.deleted_at IS NULL AND e.local_day BETWEEN '2026-08-01' AND '2026-09-30'
          AND EXISTS (SELECT 1 FROM conversation c WHERE c.event_id = e.id) AND EXISTS (SELECT 1 FROM visit v WHERE v.event_id = e.id)
        ORDER BY e.id LIMIT 3`,
    )
    .pluck()
    .all() as number[];
  expect(busy).toHaveLength(3);
  for (const id of busy) setEventDeleted(store, clock, id, true);
  // A session opened on the evening of 31 August and still going after midnight: its
  // conversation falls on 1 September, so the August session has records (in another month)
  // and September has the conversation. (A session open since an earlier day for longer takes
  // no more records: it is closed first.)
  const siteId = store.sqlite.prepare('SELECT id FROM site WHERE retired_at IS NULL ORDER BY id LIMIT 1').pluck().get() as number;
  const late = createEvent(store, clock, { siteId, kind: 'community_stall', startsAt: '2026-08-31T17:00:00.000Z', endsAt: null, notes: '', volunteers: [] });
  clock.set('2026-08-31T23:30:00.000Z'); // 00:30 on 1 September in London
  recordConversation(store, clock, {
    eventId: late.id, depth: 'brief_contact', topics: ['gp_access'], outcomes: [], ageBand: 'not_recorded', sex: 'not_recorded',
    ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: '',
  });
});
afterAll(() => store.close());

// ---------------------------------------------------------------------------------------
// The figures as plain SQL, one query per figure.

function where(filters: ReportFilters): { sql: string; params: unknown[] } {
  const parts = ['e.deleted_at IS NULL'];
  const params: unknown[] = [];
  const list = (column: string, values: readonly unknown[] | undefined) => {
    if (!values?.length) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  list('s.authority_code', filters.authorityCodes);
  list('e.site_id', filters.siteIds);
  list('e.kind', filters.kinds);
  if (filters.volunteerIds?.length) {
    parts.push(`EXISTS (SELECT 1 FROM event_volunteer x WHERE x.event_id = e.id AND x.volunteer_id IN (${filters.volunteerIds.map(() => '?').join(', ')}))`);
    params.push(...filters.volunteerIds);
  }
  return { sql: parts.join(' AND '), params };
}

const one = (sql: string, ...params: unknown[]) => store.sqlite.prepare(sql).pluck().get(...params) as number;
const rows = (sql: string, ...params: unknown[]) => store.sqlite.prepare(sql).all(...params) as { code: string; n: number }[];
const counts = (list: { code: string; n: number }[]) => Object.fromEntries(list.filter((r) => r.n > 0).map((r) => [r.code, r.n]));
const nonZero = (list: CodeCount[]) => Object.fromEntries(list.filter((c) => c.count > 0).map((c) => [c.code, c.count]));

const JOIN_EVENT = 'JOIN event e ON e.id = c.event_id JOIN site s ON s.id = e.site_id';

function expected(filters: ReportFilters) {
  const w = where(filters);
  const range = [filters.from, filters.to];
  const conversationsWhere = `c.deleted_at IS NULL AND c.local_day BETWEEN ? AND ? AND ${w.sql}`;
  const p = [...range, ...w.params];
  const byColumn = (column: string) =>
    counts(rows(`SELECT c.${column} AS code, count(*) AS n FROM conversation c ${JOIN_EVENT} WHERE ${conversationsWhere} GROUP BY 1`, ...p));
  const hoursVolunteers = filters.volunteerIds?.length ? `AND ev.volunteer_id IN (${filters.volunteerIds.join(', ')})` : '';
  return {
    events: one(`SELECT count(*) FROM event e JOIN site s ON s.id = e.site_id WHERE e.local_day BETWEEN ? AND ? AND ${w.sql}`, ...p),
    volunteerHours: one(
      `SELECT round(total(ev.hours), 2) FROM event_volunteer ev JOIN event e ON e.id = ev.event_id JOIN site s ON s.id = e.site_id
        WHERE e.local_day BETWEEN ? AND ? AND ${w.sql} ${hoursVolunteers}`,
      ...p,
    ),
    adults: one(`SELECT total(v.adults) FROM visit v JOIN event e ON e.id = v.event_id JOIN site s ON s.id = e.site_id WHERE v.deleted_at IS NULL AND v.local_day BETWEEN ? AND ? AND ${w.sql}`, ...p),
    children: one(`SELECT total(v.children) FROM visit v JOIN event e ON e.id = v.event_id JOIN site s ON s.id = e.site_id WHERE v.deleted_at IS NULL AND v.local_day BETWEEN ? AND ? AND ${w.sql}`, ...p),
    conversations: one(`SELECT count(*) FROM conversation c ${JOIN_EVENT} WHERE ${conversationsWhere}`, ...p),
    byTopic: counts(rows(`SELECT t.topic AS code, count(*) AS n FROM conversation c ${JOIN_EVENT} JOIN conversation_topic t ON t.conversation_id = c.id WHERE ${conversationsWhere} GROUP BY 1`, ...p)),
    byTopicGroup: counts(
      rows(
        `SELECT r.group_code AS code, count(DISTINCT c.id) AS n FROM conversation c ${JOIN_EVENT}
           JOIN conversation_topic t ON t.conversation_id = c.id JOIN reference_item r ON r.list = 'topic' AND r.code = t.topic
          WHERE ${conversationsWhere} GROUP BY 1`,
        ...p,
      ),
    ),
    byOutcome: counts(rows(`SELECT o.outcome AS code, count(*) AS n FROM conversation c ${JOIN_EVENT} JOIN conversation_outcome o ON o.conversation_id = c.id WHERE ${conversationsWhere} GROUP BY 1`, ...p)),
    age: byColumn('age_band'),
    sex: byColumn('sex'),
    ethnicity: byColumn('ethnicity'),
    language: byColumn('language'),
    ethnicGroup: counts(
      rows(
        `SELECT coalesce(r.group_code, 'not_stated') AS code, count(*) AS n FROM conversation c ${JOIN_EVENT}
           LEFT JOIN reference_item r ON r.list = 'ethnicity' AND r.code = c.ethnicity WHERE ${conversationsWhere} GROUP BY 1`,
        ...p,
      ),
    ),
    weeklyConversations: counts(
      rows(`SELECT date(c.local_day, '-6 days', 'weekday 1') AS code, count(*) AS n FROM conversation c ${JOIN_EVENT} WHERE ${conversationsWhere} GROUP BY 1`, ...p),
    ),
    siteConversations: counts(rows(`SELECT CAST(e.site_id AS TEXT) AS code, count(*) AS n FROM conversation c ${JOIN_EVENT} WHERE ${conversationsWhere} GROUP BY 1`, ...p)),
    openSessions: one(`SELECT count(*) FROM event e JOIN site s ON s.id = e.site_id WHERE e.ends_at IS NULL AND e.local_day BETWEEN ? AND ? AND ${w.sql}`, ...p),
    sessionsWithoutRecords: one(
      `SELECT count(*) FROM event e JOIN site s ON s.id = e.site_id WHERE e.local_day BETWEEN ? AND ? AND ${w.sql}
          AND NOT EXISTS (SELECT 1 FROM conversation c WHERE c.event_id = e.id AND c.deleted_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.event_id = e.id AND v.deleted_at IS NULL)`,
      ...p,
    ),
    withoutOutcome: one(
      `SELECT count(*) FROM conversation c ${JOIN_EVENT} WHERE ${conversationsWhere}
          AND NOT EXISTS (SELECT 1 FROM conversation_outcome o WHERE o.conversation_id = c.id)`,
      ...p,
    ),
  };
}

function expectGolden(figures: DashboardFigures, filters: ReportFilters) {
  const want = expected(filters);
  const h = figures.headline;
  expect(h.events).toBe(want.events);
  expect(h.volunteerHours).toBeCloseTo(want.volunteerHours, 6);
  expect(h.adults).toBe(want.adults);
  expect(h.children).toBe(want.children);
  expect(h.visitors).toBe(want.adults + want.children);
  expect(h.conversations).toBe(want.conversations);
  expect(h.conversationsPerEvent).toBe(want.events > 0 ? Math.round((want.conversations / want.events) * 10) / 10 : null);
  expect(nonZero(figures.byTopic)).toEqual(want.byTopic);
  expect(nonZero(figures.byTopicGroup)).toEqual(want.byTopicGroup);
  expect(nonZero(figures.byOutcome)).toEqual(want.byOutcome);
  expect(nonZero(figures.reach.age)).toEqual(want.age);
  expect(nonZero(figures.reach.sex)).toEqual(want.sex);
  expect(nonZero(figures.reach.ethnicity)).toEqual(want.ethnicity);
  expect(nonZero(figures.reach.ethnicGroup)).toEqual(want.ethnicGroup);
  expect(nonZero(figures.reach.language)).toEqual(want.language);
  if (figures.granularity === 'week') {
    expect(Object.fromEntries(figures.trend.filter((p) => p.conversations > 0).map((p) => [p.start, p.conversations]))).toEqual(want.weeklyConversations);
  }
  expect(figures.trend.reduce((sum, p) => sum + p.conversations, 0)).toBe(want.conversations);
  expect(figures.trend.reduce((sum, p) => sum + p.events, 0)).toBe(want.events);
  expect(Object.fromEntries(figures.sites.filter((s) => s.conversations > 0).map((s) => [String(s.siteId), s.conversations]))).toEqual(want.siteConversations);
  expect(figures.dataQuality).toEqual({
    openSessions: want.openSessions,
    sessionsWithoutRecords: want.sessionsWithoutRecords,
    conversationsWithoutOutcome: want.withoutOutcome,
  });
  // Every breakdown of a conversation's one band covers every conversation once.
  for (const dimension of ['age', 'sex', 'ethnicGroup', 'ethnicity', 'language'] as const) {
    expect(figures.reach[dimension].reduce((sum, c) => sum + c.count, 0)).toBe(h.conversations);
  }
  // Activity tables add up to the headline.
  for (const table of [figures.eventKinds, figures.boroughs, figures.sites]) {
    expect(table.reduce((sum, a) => sum + a.events, 0)).toBe(h.events);
    expect(table.reduce((sum, a) => sum + a.conversations, 0)).toBe(h.conversations);
    expect(table.reduce((sum, a) => sum + a.visitors, 0)).toBe(h.visitors);
  }
}

const someBorough = () => (store.sqlite.prepare(`SELECT authority_code FROM site ORDER BY id LIMIT 1 OFFSET 4`).pluck().get() as string);
const busiestSite = () =>
  store.sqlite
    .prepare(`SELECT e.site_id FROM event e WHERE e.deleted_at IS NULL AND e.local_day BETWEEN '2025-11-01' AND '2026-10-31' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    .pluck()
    .get() as number;
const busiestVolunteer = () =>
  store.sqlite.prepare(`SELECT volunteer_id FROM event_volunteer GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).pluck().get() as number;

describe('dashboard figures match plain SQL on a seeded database', () => {
  const cases: [string, () => ReportFilters, 'week' | 'month'][] = [
    ['a month', () => ({ from: '2026-09-01', to: '2026-09-30' }), 'week'],
    ['a year', () => ({ from: '2025-11-01', to: '2026-10-31' }), 'month'],
    ['a chosen range cutting three months', () => ({ from: '2026-03-15', to: '2026-05-10' }), 'week'],
    ['the whole three years', () => ({ from: '2023-01-01', to: '2026-12-31' }), 'month'],
    ['a borough', () => ({ from: '2025-11-01', to: '2026-10-31', authorityCodes: [someBorough()] }), 'month'],
    ['a kind of event', () => ({ from: '2025-11-01', to: '2026-10-31', kinds: ['popup_shop'] }), 'week'],
    ['a site', () => ({ from: '2025-11-01', to: '2026-10-31', siteIds: [busiestSite()] }), 'month'],
    ['a volunteer', () => ({ from: '2025-11-01', to: '2026-10-31', volunteerIds: [busiestVolunteer()] }), 'month'],
    ['several filters together', () => ({ from: '2024-01-01', to: '2026-10-31', kinds: ['popup_shop', 'community_stall'], authorityCodes: [someBorough(), 'E09000023'] }), 'month'],
    ['a day with nothing in it', () => ({ from: '2030-01-01', to: '2030-01-01' }), 'week'],
  ];
  it.each(cases)('%s', (_label, filters, granularity) => {
    const f = filters();
    const figures = dashboardFigures(store, f, granularity);
    expectGolden(figures, f);
    // Asked again (from the cache), the same.
    expect(dashboardFigures(store, f, granularity)).toEqual(figures);
  });

  it('has something to compare: the seeded year is busy', () => {
    const figures = dashboardFigures(store, { from: '2025-11-01', to: '2026-10-31' }, 'month');
    expect(figures.headline.conversations).toBeGreaterThan(1500);
    expect(figures.headline.events).toBeGreaterThan(50);
    expect(figures.headline.visitors).toBeGreaterThan(1000);
    expect(figures.trend).toHaveLength(12);
    expect(figures.dataQuality.conversationsWithoutOutcome).toBeGreaterThan(0);
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => dashboardFigures(store, { from: '2026-09-30', to: '2026-09-01' }, 'week')).toThrow();
  });
});

describe('the records behind a figure add up to it', () => {
  const filters: ReportFilters = { from: '2026-08-01', to: '2026-09-30' };
  function all(slice: RecordSlice, f: ReportFilters = filters): number[] {
    const ids: number[] = [];
    let after;
    for (;;) {
      const page = reportRecords(store, f, slice, { limit: 37, after });
      ids.push(...page.rows.map((r) => r.id));
      if (!page.next) return ids;
      after = page.next;
    }
  }
  const figures = () => dashboardFigures(store, filters, 'week');

  it('conversations, by topic, group, outcome and band, and those with no outcome', () => {
    const f = figures();
    const ids = all({ records: 'conversations' });
    expect(ids).toHaveLength(f.headline.conversations);
    expect(new Set(ids).size).toBe(ids.length);
    const topic = f.byTopic[0]!;
    expect(all({ records: 'conversations', topic: topic.code })).toHaveLength(topic.count);
    const group = f.byTopicGroup.find((g) => g.count > 0)!;
    expect(all({ records: 'conversations', topicGroup: group.code })).toHaveLength(group.count);
    const outcome = f.byOutcome[2]!;
    expect(all({ records: 'conversations', outcome: outcome.code })).toHaveLength(outcome.count);
    for (const dimension of ['age', 'ethnicGroup', 'language'] as const) {
      const band = f.reach[dimension].find((c) => c.count > 0)!;
      expect(all({ records: 'conversations', band: { dimension, code: band.code } })).toHaveLength(band.count);
    }
    expect(all({ records: 'conversations', withoutOutcome: true })).toHaveLength(f.dataQuality.conversationsWithoutOutcome);
  });

  it('events (all, open, without records) and visits', () => {
    const f = figures();
    expect(all({ records: 'events' })).toHaveLength(f.headline.events);
    expect(all({ records: 'events', only: 'open' })).toHaveLength(f.dataQuality.openSessions);
    expect(all({ records: 'events', only: 'withoutRecords' })).toHaveLength(f.dataQuality.sessionsWithoutRecords);
    const visits = all({ records: 'visits' });
    const visitors = visits.length === 0 ? 0 : one(`SELECT sum(adults + children) FROM visit WHERE id IN (${visits.join(',')})`);
    expect(visitors).toBe(f.headline.visitors);
  });

  it('a site row and a week of the trend, narrowed the way the screen narrows them', () => {
    const f = figures();
    const site = f.sites[0]!;
    expect(all({ records: 'conversations' }, { ...filters, siteIds: [site.siteId] })).toHaveLength(site.conversations);
    const week = f.trend.find((p) => p.conversations > 0)!;
    expect(all({ records: 'conversations' }, { ...filters, from: week.from, to: week.to })).toHaveLength(week.conversations);
  });
});

describe('the cache follows every change', () => {
  it('new, corrected, deleted and restored records, and deleted and moved events', async () => {
    const { store: s } = await freshStore({ withVolunteer: false });
    seedSyntheticData(s, { conversations: 800, seed: 9 });
    const clock = manualClock('2026-09-15T10:00:00.000Z');
    const month: ReportFilters = { from: '2026-09-01', to: '2026-09-30' };
    const figures = () => dashboardFigures(s, month, 'week');
    const before = figures();
    const siteId = (s.sqlite.prepare('SELECT id FROM site WHERE retired_at IS NULL ORDER BY id LIMIT 1').pluck().get() as number);
    const event = openSession(s, clock, { siteId, kind: 'popup_shop' });
    expect(figures().headline.events).toBe(before.headline.events + 1);

    const talk = {
      eventId: event.id, depth: 'brief_contact', topics: ['smoking', 'alcohol'], outcomes: ['leaflet_given'], ageBand: 'age_25_49',
      sex: 'female', ethnicity: 'irish', language: 'en', safeguarding: false, notes: '',
    };
    const { conversationId } = recordConversation(s, clock, talk);
    const { visitId } = recordVisit(s, clock, { eventId: event.id, adults: 2, children: 1 });
    let now = figures();
    expect(now.headline.conversations).toBe(before.headline.conversations + 1);
    expect(now.headline.visitors).toBe(before.headline.visitors + 3);
    const count = (list: CodeCount[], code: string) => list.find((c) => c.code === code)?.count ?? 0;
    expect(count(now.byTopic, 'alcohol')).toBe(count(before.byTopic, 'alcohol') + 1);

    updateConversation(s, clock, conversationId, { ...talk, topics: ['mh_carers'], outcomes: [], ageBand: 'age_75_plus' });
    now = figures();
    expect(count(now.byTopic, 'alcohol')).toBe(count(before.byTopic, 'alcohol'));
    expect(count(now.byTopic, 'mh_carers')).toBe(count(before.byTopic, 'mh_carers') + 1);
    expect(count(now.reach.age, 'age_75_plus')).toBe(count(before.reach.age, 'age_75_plus') + 1);
    expect(now.dataQuality.conversationsWithoutOutcome).toBe(before.dataQuality.conversationsWithoutOutcome + 1);

    setConversationDeleted(s, clock, conversationId, true);
    setVisitDeleted(s, clock, visitId, true);
    now = figures();
    expect(now.headline.conversations).toBe(before.headline.conversations);
    expect(now.headline.visitors).toBe(before.headline.visitors);
    setConversationDeleted(s, clock, conversationId, false);
    expect(figures().headline.conversations).toBe(before.headline.conversations + 1);

    clock.advance(2 * 3_600_000);
    closeSession(s, clock, event.id);
    setEventDeleted(s, clock, event.id, true);
    now = figures();
    expect(now.headline.events).toBe(before.headline.events);
    expect(now.headline.conversations).toBe(before.headline.conversations);
    setEventDeleted(s, clock, event.id, false);

    // Moved to another borough's site: the borough filter follows.
    const otherSite = s.sqlite.prepare('SELECT id, authority_code FROM site WHERE retired_at IS NULL AND authority_code <> (SELECT authority_code FROM site WHERE id = ?) LIMIT 1').get(siteId) as { id: number; authority_code: string };
    const borough = (code: string) => dashboardFigures(s, { ...month, authorityCodes: [code] }, 'week').headline.conversations;
    const inOther = borough(otherSite.authority_code);
    updateEvent(s, clock, event.id, {
      siteId: otherSite.id, kind: 'popup_shop', startsAt: event.startsAt, endsAt: new Date(clock()).toISOString(), notes: '', volunteers: [],
    });
    expect(borough(otherSite.authority_code)).toBe(inOther + 1);
    expectGoldenOn(s, month);
    s.close();
  });
});

function expectGoldenOn(other: Store, filters: ReportFilters) {
  const saved = store;
  store = other;
  try {
    expectGolden(dashboardFigures(other, filters, 'week'), filters);
  } finally {
    store = saved;
  }
}
