// The budgets (PRODUCT.md) hold on a million conversations only while each read finds its rows
// through the index meant for it. Each piece of work below runs for real on a seeded database;
// every statement it ran is explained, and no plan may read a records table whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { dataChecksSummary, listEvents } from '../../main/records/event-list.ts';
import { staleSessions, todaysSessions } from '../../main/records/events.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';
import { reportRecords } from '../../main/reports/records.ts';
import { monthlySummary } from '../../main/reports/summary.ts';
import { previewSubmission } from '../../main/sync/outbox.ts';
import { recordsByLaptop } from '../../main/team/stats.ts';
import { plansOf, type PlannedStatement } from '../support/query-plans.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

let store: Store;
// The seed runs up to 2026-11-01: September is a whole month of records, closed for sync.
const clock = manualClock('2026-10-20T12:00:00.000Z');
const month = { from: '2026-09-01', to: '2026-09-30' };
const year = { from: '2025-10-01', to: '2026-09-30' };

beforeAll(async () => {
  ({ store } = await freshStore({ withVolunteer: false }));
  seedSyntheticData(store, { conversations: 3000, seed: 7 });
});
afterAll(() => store.close());

// Whole reads allowed anywhere: sites (tens of rows), reference lists, and json_each over the
// ids a query was given. Anything else must be a SEARCH.
const SMALL_SCANS = [/^SCAN site$/, /^SCAN reference_item$/, /^SCAN team_laptop$/, /^SCAN \w+ VIRTUAL TABLE INDEX \d+:/];

interface Expected {
  /** Each must appear in some statement's plan: the index the work is meant to use. */
  uses: RegExp[];
  /** Scans allowed besides SMALL_SCANS. */
  scans?: RegExp[];
}

function describePlans(plans: PlannedStatement[]): string {
  return plans.map((p) => `${p.sql.replace(/\s+/g, ' ').slice(0, 200)}\n${p.plan.join('\n')}`).join('\n\n');
}

async function expectPlans(work: () => unknown, expected: Expected): Promise<void> {
  const plans = await plansOf(store, work);
  expect(plans.length, 'the work ran no read at all').toBeGreaterThan(0);
  const shown = describePlans(plans);
  const allowed = [...SMALL_SCANS, ...(expected.scans ?? [])];
  const scans = plans.flatMap((p) => p.plan.map((line) => line.trim())).filter((line) => line.startsWith('SCAN '));
  expect(
    scans.filter((line) => !allowed.some((pattern) => pattern.test(line))),
    `a statement reads a table whole; the plans were:\n\n${shown}`,
  ).toEqual([]);
  for (const pattern of expected.uses) {
    expect(plans.some((p) => p.plan.some((line) => pattern.test(line.trim()))), `no plan uses ${pattern}; the plans were:\n\n${shown}`).toBe(true);
  }
}

const index = (name: string, columns = '') => new RegExp(`^SEARCH \\w+( EXISTS)? USING (COVERING )?INDEX ${name} \\(${columns}`);
const primaryKey = (table: string, columns: string) => new RegExp(`^SEARCH ${table}( EXISTS)? USING PRIMARY KEY \\(${columns}`);

describe('query plans of the budgeted work', () => {
  it('the dashboard for a month reads the month tallies and the day-by-event tallies', async () => {
    await expectPlans(() => dashboardFigures(store, month, 'week'), {
      uses: [primaryKey('report_month_code', 'month>\\? AND month<\\?'), primaryKey('\\w+', 'local_day>\\? AND local_day<\\?'), index('event_by_day')],
    });
  });

  it('the dashboard for a year reads the month tallies', async () => {
    await expectPlans(() => dashboardFigures(store, year, 'month'), {
      uses: [primaryKey('report_month_code', 'month>\\? AND month<\\?'), index('report_day_event_by_event', 'event_id=\\?')],
    });
  });

  it('a range that cuts months reads the day tallies for the cut days', async () => {
    await expectPlans(() => dashboardFigures(store, { from: '2026-08-10', to: '2026-09-20' }, 'week'), {
      uses: [primaryKey('report_day_code', 'local_day>\\? AND local_day<\\?'), primaryKey('report_month_code', 'month>\\? AND month<\\?')],
    });
  });

  it("a borough's dashboard finds its events' conversations by day and event", async () => {
    await expectPlans(() => dashboardFigures(store, { ...month, authorityCodes: ['E09000023'] }, 'week'), {
      uses: [index('conversation_by_day', 'local_day=\\? AND event_id=\\?')],
    });
  });

  it('the monthly summary reads the month tallies', async () => {
    await expectPlans(() => monthlySummary(store, clock, { month: '2026-09' }), {
      uses: [primaryKey('report_month_code', 'month>\\? AND month<\\?')],
    });
  });

  it("the records behind a figure are found by day, and each one's topics by key", async () => {
    await expectPlans(() => reportRecords(store, month, { records: 'conversations', topic: 'bowel_screening' }, { limit: 50 }), {
      uses: [index('conversation_by_day', 'local_day>\\? AND local_day<\\?'), primaryKey('\\w+', 'conversation_id=\\? AND topic=\\?')],
    });
  });

  it("the sync payload for a month reads the month's conversations by day and the day tallies", async () => {
    await expectPlans(() => previewSubmission(store, clock, '2026-09'), {
      uses: [index('conversation_by_day', 'local_day>\\? AND local_day<\\?'), primaryKey('\\w+', 'local_day>\\? AND local_day<\\?')],
    });
  });

  it("the events list walks the day index a page at a time and counts each event's records by event", async () => {
    const first = listEvents(store, clock, {}, { limit: 50 });
    expect(first.next).not.toBeNull();
    for (const after of [undefined, first.next!]) {
      await expectPlans(() => listEvents(store, clock, {}, { limit: 50, after }), {
        // In day order with a LIMIT: the walk stops at the page's last row.
        scans: [/^SCAN \w+ USING INDEX event_by_day$/],
        uses: [index('visit_by_event', 'event_id=\\?'), index('conversation_by_event', 'event_id=\\?')],
      });
    }
  });

  it('the data checks for a year read the year by day and the conversations without an outcome from their partial index', async () => {
    await expectPlans(() => dataChecksSummary(store, clock, year), {
      uses: [index('event_by_day', 'local_day>\\? AND local_day<\\?'), index('conversation_without_outcome', 'event_id=\\?')],
    });
  });

  it("today's sessions are found by day, never by reading every session", async () => {
    await expectPlans(() => todaysSessions(store, clock), { uses: [index('event_by_day', 'local_day=\\?')] });
  });

  it('the sessions left open from an earlier day are found through the open sessions, in start order', async () => {
    expect(staleSessions(store, clock).length, 'the seed leaves some sessions open').toBeGreaterThan(0);
    const plans = await plansOf(store, () => staleSessions(store, clock));
    await expectPlans(() => staleSessions(store, clock), { uses: [index('event_open_by_start', 'starts_at<\\?')] });
    // The index's order is the list's: no sort of the open sessions.
    expect(plans.flatMap((p) => p.plan).filter((line) => /TEMP B-TREE/.test(line)), describePlans(plans)).toEqual([]);
  });

  it("the records by laptop count a table's pages and only its deleted and merged records one by one", async () => {
    const plans = await plansOf(store, () => recordsByLaptop(store));
    const counting = plans.filter((p) => /\bFROM (event|visit|conversation)\b/.test(p.sql));
    expect(counting, describePlans(plans)).toHaveLength(3);
    await expectPlans(() => recordsByLaptop(store), {
      // Whole-table reads here are count(*)s SQLite answers from the b-tree's pages (checked below).
      scans: [/^SCAN (event|visit|conversation) USING COVERING INDEX \w+$/, /^SCAN exceptions$/, /^SCAN CONSTANT ROW$/],
      uses: ['event', 'visit', 'conversation'].map((table) => new RegExp(`^SCAN ${table} USING COVERING INDEX ${table}_merged_or_deleted$`)),
    });
    for (const { sql, plan } of counting) {
      // Every other scan of a records table is a bare count(*): the Count opcode, no row visited.
      const opcodes = (store.sqlite.prepare(`EXPLAIN ${sql}`).all() as { opcode: string }[]).map((row) => row.opcode);
      const wholeScans = plan.filter((line) => /^\s*SCAN (event|visit|conversation) /.test(line) && !/_merged_or_deleted$/.test(line));
      expect(wholeScans, sql).toHaveLength(1);
      expect(opcodes.filter((opcode) => opcode === 'Count'), `${sql}\n${plan.join('\n')}`).toHaveLength(1);
    }
  });
});
