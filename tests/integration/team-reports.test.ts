// The coordinator's reports over a team of three laptops (two volunteers, one coordinator), each
// a real SQLite file: after the hand-overs are merged, the dashboard, the records behind it and
// the monthly summary (on screen and exported) cover the whole team, and filtered by laptop
// they equal what that laptop showed of itself before it handed its records over.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../main/api/contract.ts';
import { runCli } from '../../main/cli.ts';
import { listEvents } from '../../main/records/event-list.ts';
import { DomainError } from '../../shared/errors.ts';
import { dashboardFigures } from '../../main/reports/dashboard.ts';
import { exportMonthlySummary } from '../../main/reports/export.ts';
import type { CodeCount, DashboardFigures, ReportFilters } from '../../main/reports/figures.ts';
import { reportRecords } from '../../main/reports/records.ts';
import { monthlySummary } from '../../main/reports/summary.ts';
import { handOverRecords } from '../../main/team/handover.ts';
import { laptopIdentity } from '../../main/team/laptop.ts';
import { mergeHandover } from '../../main/team/merge.ts';
import { pageTexts } from '../support/pdf-structure.ts';
import { PASSPHRASE, expectTalliesMatchRecords, recordSession, teamLaptop, type Laptop } from '../support/team.ts';

const opened: Laptop[] = [];
afterEach(() => {
  for (const laptop of opened.splice(0)) {
    laptop.store.close();
    fs.rmSync(laptop.dir, { recursive: true, force: true });
  }
});

const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
/** Ranges that take each path of the dashboard: whole months, cut months, and kinds of event only. */
const RANGES: ReportFilters[] = [OCTOBER, { from: '2026-09-15', to: '2026-11-10' }, { ...OCTOBER, kinds: ['community_stall'] }, { from: '2026-09-01', to: '2026-11-30' }];

async function laptop(name: string): Promise<Laptop> {
  const made = await teamLaptop(name);
  opened.push(made);
  return made;
}

/** Three laptops with sessions across three months and two boroughs; the volunteers' own figures taken before they hand over. */
async function mergedTeam() {
  const amina = await laptop('Amina’s laptop');
  const ben = await laptop('Stall 2');
  const coordinator = await laptop('Coordinator');
  recordSession(amina, { day: '2026-10-03', conversations: 9 });
  recordSession(amina, { day: '2026-10-10', conversations: 4, borough: 'E09000030' });
  recordSession(amina, { day: '2026-11-02', conversations: 2 });
  recordSession(ben, { day: '2026-10-04', conversations: 5 });
  recordSession(ben, { day: '2026-10-31', conversations: 3, borough: 'E09000030' });
  recordSession(coordinator, { day: '2026-10-05', conversations: 7 });
  recordSession(coordinator, { day: '2026-09-28', conversations: 2 });
  const laptops = { amina, ben, coordinator };
  for (const l of Object.values(laptops)) l.clock.set('2026-11-20T12:00:00.000Z');
  const own = (l: Laptop) => ({
    id: laptopIdentity(l.store).id,
    figures: RANGES.map((range) => comparable(dashboardFigures(l.store, range, 'week'))),
    summary: comparable(monthlySummary(l.store, l.clock, { month: '2026-10' }).figures),
    byVolunteer: comparable(dashboardFigures(l.store, { ...OCTOBER, volunteerIds: [1] }, 'week')),
  });
  const before = { amina: own(amina), ben: own(ben), coordinator: own(coordinator) };
  for (const volunteer of [amina, ben]) {
    const { bytes } = handOverRecords(volunteer.store, volunteer.clock, PASSPHRASE);
    mergeHandover(coordinator.store, coordinator.clock, bytes, PASSPHRASE, { requireCoordinator: true });
  }
  return { ...laptops, before };
}

/** Figures as another database would show them: site ids are local to each file. */
function comparable(figures: DashboardFigures) {
  return { ...figures, sites: figures.sites.map(({ siteId: _siteId, ...site }) => site) };
}

const addCounts = (lists: CodeCount[][]) => {
  const totals = new Map<string, number>();
  for (const list of lists) for (const { code, count } of list) totals.set(code, (totals.get(code) ?? 0) + count);
  return Object.fromEntries([...totals].filter(([, n]) => n > 0).sort());
};

/** The figures that add up across laptops: totals, breakdowns, reach, trend and data checks. */
function additive(parts: DashboardFigures[]) {
  const sum = (pick: (f: DashboardFigures) => number) => Math.round(parts.reduce((n, f) => n + pick(f), 0) * 100) / 100;
  return {
    headline: {
      events: sum((f) => f.headline.events),
      volunteerHours: sum((f) => f.headline.volunteerHours),
      adults: sum((f) => f.headline.adults),
      children: sum((f) => f.headline.children),
      conversations: sum((f) => f.headline.conversations),
    },
    byTopic: addCounts(parts.map((f) => f.byTopic)),
    byTopicGroup: addCounts(parts.map((f) => f.byTopicGroup)),
    byOutcome: addCounts(parts.map((f) => f.byOutcome)),
    age: addCounts(parts.map((f) => f.reach.age)),
    ethnicGroup: addCounts(parts.map((f) => f.reach.ethnicGroup)),
    trend: parts[0]!.trend.map((point, i) => ({ start: point.start, conversations: sum((f) => f.trend[i]!.conversations), visitors: sum((f) => f.trend[i]!.visitors) })),
    dataQuality: {
      openSessions: sum((f) => f.dataQuality.openSessions),
      sessionsWithoutRecords: sum((f) => f.dataQuality.sessionsWithoutRecords),
      conversationsWithoutOutcome: sum((f) => f.dataQuality.conversationsWithoutOutcome),
    },
  };
}
const asAdditive = (f: DashboardFigures) => additive([f]);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.fields[0]?.messageKey ?? error.messageKey;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the coordinator’s reports over a merged team', () => {
  it('the dashboard for the whole team is the sum of its laptops; filtered by a laptop, it is that laptop’s own dashboard', async () => {
    const { coordinator, before } = await mergedTeam();
    expectTalliesMatchRecords(coordinator.store);
    const laptops = [before.amina, before.ben, before.coordinator];
    RANGES.forEach((range, i) => {
      const team = dashboardFigures(coordinator.store, range, 'week');
      const byLaptop = laptops.map((l) => dashboardFigures(coordinator.store, { ...range, laptopIds: [l.id] }, 'week'));
      // Each laptop's slice of the coordinator's file equals that laptop's own file, figure for figure.
      byLaptop.forEach((figures, n) => expect(comparable(figures), `laptop ${n}, range ${i}`).toEqual(laptops[n]!.figures[i]));
      expect(asAdditive(team), `range ${i}`).toEqual(additive(byLaptop));
      // Two laptops at once are the sum of the two.
      const two = dashboardFigures(coordinator.store, { ...range, laptopIds: [before.amina.id, before.ben.id] }, 'week');
      expect(asAdditive(two)).toEqual(additive(byLaptop.slice(0, 2)));
      // With this laptop among them (the tallies, less the laptops not chosen): the sum too.
      const withOwn = dashboardFigures(coordinator.store, { ...range, laptopIds: [before.coordinator.id, before.amina.id] }, 'week');
      expect(asAdditive(withOwn)).toEqual(additive([byLaptop[0]!, byLaptop[2]!]));
    });
    // The whole team, for October: Amina 13, Stall 2 8, the coordinator 7 conversations.
    expect(dashboardFigures(coordinator.store, OCTOBER, 'week').headline).toMatchObject({ events: 5, conversations: 28 });
    // Laptop and borough together: only Amina's session in Tower Hamlets.
    expect(dashboardFigures(coordinator.store, { ...OCTOBER, laptopIds: [before.amina.id], authorityCodes: ['E09000030'] }, 'week').headline).toMatchObject({
      events: 1,
      conversations: 4,
    });
  });

  it('the records behind a figure, filtered by laptop, are that laptop’s records', async () => {
    const { coordinator, before } = await mergedTeam();
    for (const l of [before.amina, before.ben, before.coordinator]) {
      const filters = { ...OCTOBER, laptopIds: [l.id] };
      const figures = dashboardFigures(coordinator.store, filters, 'week');
      // The laptop's own October, as it showed it before the hand-over.
      expect(comparable(figures).headline).toEqual(l.figures[0]!.headline);
      const conversations = reportRecords(coordinator.store, filters, { records: 'conversations' }, { limit: 200 });
      expect(conversations.rows.length).toBe(figures.headline.conversations);
      const withoutOutcome = reportRecords(coordinator.store, filters, { records: 'conversations', withoutOutcome: true }, { limit: 200 });
      expect(withoutOutcome.rows.length).toBe(figures.dataQuality.conversationsWithoutOutcome);
      const events = reportRecords(coordinator.store, filters, { records: 'events' }, { limit: 200 });
      expect(events.rows.length).toBe(figures.headline.events);
      const visits = reportRecords(coordinator.store, filters, { records: 'visits' }, { limit: 200 });
      expect(visits.rows.length).toBe(figures.headline.events * 2);
    }
  });

  it('the monthly summary and its exports cover the whole team, or one laptop, and say which', async () => {
    const { coordinator, before } = await mergedTeam();
    const team = monthlySummary(coordinator.store, coordinator.clock, { month: '2026-10' });
    expect(team.laptops).toEqual([]);
    const parts = [before.amina, before.ben, before.coordinator].map((l) => {
      const summary = monthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', laptopIds: [l.id] });
      expect(comparable(summary.figures)).toEqual(l.summary);
      return summary;
    });
    expect(parts.map((s) => s.laptops)).toEqual([
      [{ id: before.amina.id, name: 'Amina’s laptop' }],
      [{ id: before.ben.id, name: 'Stall 2' }],
      [{ id: before.coordinator.id, name: 'Coordinator' }],
    ]);
    expect(asAdditive(team.figures)).toEqual(additive(parts.map((s) => s.figures)));

    // The export says which laptop it covers, and its name says it is a selection.
    const csv = await exportMonthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', format: 'csv', laptopIds: [before.ben.id] });
    expect(csv.fileName).toBe('outreach-summary-2026-10-selected.csv');
    const text = csv.bytes.toString('utf8');
    expect(text).toMatch(/Laptops,Stall 2/);
    const whole = (await exportMonthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', format: 'csv' })).bytes.toString('utf8');
    expect(whole).not.toContain('Laptops,');
    // The XLSX's About sheet and the PDF's front page say it too.
    const xlsx = await exportMonthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', format: 'xlsx', laptopIds: [before.ben.id] });
    expect(xlsx.fileName).toBe('outreach-summary-2026-10-selected.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const about: unknown[][] = [];
    book.getWorksheet('About')!.eachRow((row) => about.push((row.values as unknown[]).slice(1)));
    expect(about).toContainEqual(['Laptops', 'Stall 2']);
    const pdf = await exportMonthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', format: 'pdf', laptopIds: [before.ben.id] });
    expect(pdf.fileName).toBe('outreach-summary-2026-10-selected.pdf');
    expect((await pageTexts(new Uint8Array(pdf.bytes)))[0]).toMatch(/Laptops:\s+Stall 2\s+Figures as at/);

    // A laptop this file has never heard of, and a share-safe summary of one laptop, are refused.
    expect(refusal(() => monthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', laptopIds: ['0f0e0d0c-0000-4000-8000-000000000000'] }))).toBe(
      'errors.unknownLaptop',
    );
    await expect(
      exportMonthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', format: 'csv', shareSafe: true, laptopIds: [before.ben.id] }),
    ).rejects.toMatchObject({ fields: [{ messageKey: 'report.shareSafe.errors.noVolunteersOrLaptops' }] });
  });

  it('filters by volunteer across laptops: each volunteer’s own events, wherever they were recorded', async () => {
    const { amina, ben, coordinator, before } = await mergedTeam();
    // Each laptop's first volunteer, as the coordinator's file knows them (matched by their stable id).
    const here = (l: Laptop) => {
      const uid = l.store.sqlite.prepare('SELECT uid FROM volunteer WHERE id = 1').pluck().get() as string;
      return coordinator.store.sqlite.prepare('SELECT id FROM volunteer WHERE uid = ?').pluck().get(uid) as number;
    };
    const [aminaHere, benHere, coordinatorHere] = [amina, ben, coordinator].map(here) as [number, number, number];
    expect(new Set([aminaHere, benHere, coordinatorHere]).size).toBe(3);
    expect(comparable(dashboardFigures(coordinator.store, { ...OCTOBER, volunteerIds: [aminaHere] }, 'week'))).toEqual(before.amina.byVolunteer);
    expect(comparable(dashboardFigures(coordinator.store, { ...OCTOBER, volunteerIds: [benHere] }, 'week'))).toEqual(before.ben.byVolunteer);
    // Volunteers of two laptops at once: the sum of the two.
    const both = dashboardFigures(coordinator.store, { ...OCTOBER, volunteerIds: [aminaHere, benHere] }, 'week');
    expect(asAdditive(both)).toEqual(additive([before.amina.byVolunteer, before.ben.byVolunteer] as DashboardFigures[]));
    // A volunteer and a laptop they never recorded on: nothing.
    expect(dashboardFigures(coordinator.store, { ...OCTOBER, volunteerIds: [aminaHere], laptopIds: [before.ben.id] }, 'week').headline.events).toBe(0);
    // The monthly summary and the events list take the same volunteer.
    const summary = monthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', volunteerIds: [benHere] });
    expect(summary.volunteers).toEqual([{ id: benHere, name: 'Test Volunteer' }]);
    expect(comparable(summary.figures).headline).toEqual(before.ben.summary.headline);
    const days = listEvents(coordinator.store, coordinator.clock, { volunteerId: aminaHere }, { limit: 50 }).rows.map((r) => r.startsAt.slice(0, 10));
    expect(days.sort()).toEqual(['2026-10-03', '2026-10-10', '2026-11-02']);
    expect((await exportMonthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', format: 'csv', volunteerIds: [benHere] })).bytes.toString('utf8')).toMatch(
      /Volunteers,Test Volunteer/,
    );
  });

  it('the contract refuses a malformed laptop filter on every method that takes one', () => {
    const uuid = '6a1f9c2e-3b4d-4e5f-8a6b-7c8d9e0f1a2b';
    const inputs = {
      dashboard: (laptopIds: unknown) => contract['reports.dashboard'].input.safeParse({ filters: { ...OCTOBER, laptopIds }, granularity: 'week' }),
      records: (laptopIds: unknown) =>
        contract['reports.records'].input.safeParse({ filters: { ...OCTOBER, laptopIds }, slice: { records: 'events' }, limit: 10 }),
      summary: (laptopIds: unknown) => contract['reports.monthlySummary'].input.safeParse({ month: '2026-10', laptopIds }),
      export: (laptopIds: unknown) => contract['reports.export'].input.safeParse({ month: '2026-10', format: 'csv', laptopIds }),
    };
    for (const [name, parse] of Object.entries(inputs)) {
      expect(parse([uuid]).success, name).toBe(true);
      for (const bad of [uuid, [''], ['x'.repeat(65)], ["'); DROP TABLE event; --"], ['a b'], [42], Array.from({ length: 101 }, () => uuid)]) {
        const result = parse(bad);
        expect(result.success, `${name} ${JSON.stringify(bad).slice(0, 40)}`).toBe(false);
      }
      const wrong = parse(['not a laptop!']);
      expect(wrong.error?.issues[0]?.message, name).toBe('errors.unknownLaptop');
    }
    expect(contract['events.list'].input.safeParse({ filters: { laptopId: 'not a laptop!' }, limit: 10 }).success).toBe(false);
  });

  it('the command line exports one laptop’s monthly summary with --laptop, and refuses a malformed or unknown one', async () => {
    const { coordinator, before } = await mergedTeam();
    const out = `${coordinator.dir}/stall-2.csv`;
    const io = { out: [] as string[], err: [] as string[] };
    const run = (...args: string[]) => runCli(args, { out: (t) => io.out.push(t), err: (t) => io.err.push(t) });
    expect(await run('export', '--db', coordinator.file, '--month', '2026-10', '--format', 'csv', '--out', out, '--laptop', before.ben.id)).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toMatch(/Laptops,Stall 2/);
    const ben = monthlySummary(coordinator.store, coordinator.clock, { month: '2026-10', laptopIds: [before.ben.id] });
    expect(text).toMatch(new RegExp(`Conversations,${ben.figures.headline.conversations}\\b`));
    // Repeated, or as a comma list: both laptops.
    expect(await run('export', '--db', coordinator.file, '--month', '2026-10', '--format', 'csv', '--out', out, '--laptop', `${before.ben.id},${before.amina.id}`)).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/Laptops,Amina’s laptop; Stall 2/);
    expect(await run('export', '--db', coordinator.file, '--month', '2026-10', '--format', 'csv', '--out', out, '--laptop', before.ben.id, '--laptop', before.amina.id)).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/Laptops,Amina’s laptop; Stall 2/);
    expect(await run('export', '--db', coordinator.file, '--month', '2026-10', '--format', 'csv', '--out', out, '--laptop', 'not a laptop')).toBe(2);
    expect(io.err.join('\n')).toContain('--laptop must be a laptop id');
    expect(await run('export', '--db', coordinator.file, '--month', '2026-10', '--format', 'csv', '--out', out, '--laptop', '0f0e0d0c-0000-4000-8000-000000000000')).toBe(1);
    expect(io.err.join('\n')).toContain('Choose a laptop from the list.');
    io.out.length = 0;
    expect(await run('export', '--help')).toBe(0);
    expect(io.out.join('\n')).toMatch(/--laptop ID +only the records of this team laptop/);
  });
});
