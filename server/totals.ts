// London-wide totals from the latest revision each device holds for a period.
//
// People counts (conversations, visitors) arrive protected: 0, a multiple of the rounding base
// above the threshold, or 'suppressed'. They are added as published and never "repaired": a
// suppressed cell adds nothing to `sum` and one to `suppressedCells`. A withheld row adds
// nothing to any cell and is counted as withheld: its cells are unknown, zeros included, so
// reading them as 0 would be a lie. Sessions and whole volunteer hours arrive exact and add
// exactly. Every addition is checked: a sum that would leave the safe integers is an error,
// never a rounded or infinite number.
import type { ProtectedCount, Submission, TableName } from '../main/sync/protocol.ts';
import { cellTables } from './submission-checks.ts';
import type { ActivityTotal, AreaTotals, BoroughTotals, ProtectedSum, TotalsResponse } from './wire.ts';

type BoroughFigures = Submission['boroughs'][number];

export class TotalsOverflowError extends Error {}

/** a + b, or an error when the exact sum is not a safe integer. */
export function checkedAdd(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new TotalsOverflowError(`${a} + ${b} is not a safe integer`);
  return sum;
}

const emptySum = (): ProtectedSum => ({ sum: 0, suppressedCells: 0 });

function addProtected(into: ProtectedSum, count: ProtectedCount): void {
  if (count === 'suppressed') into.suppressedCells = checkedAdd(into.suppressedCells, 1);
  else into.sum = checkedAdd(into.sum, count);
}

function addSums(into: ProtectedSum, from: ProtectedSum): void {
  into.sum = checkedAdd(into.sum, from.sum);
  into.suppressedCells = checkedAdd(into.suppressedCells, from.suppressedCells);
}

interface TableAccumulator {
  cells: Map<string, { dimensions: Record<string, string>; count: ProtectedSum }>;
  withheld: Map<string, number>;
}

/** Totals being built: cells keyed by their dimensions so contributions line up. */
interface AreaAccumulator {
  devices: Set<string>;
  activity: Map<string, ActivityTotal>;
  conversations: ProtectedSum;
  tables: Record<TableName, TableAccumulator>;
}

function newAccumulator(): AreaAccumulator {
  const tables = {} as AreaAccumulator['tables'];
  for (const table of cellTables) tables[table] = { cells: new Map(), withheld: new Map() };
  return { devices: new Set(), activity: new Map(), conversations: emptySum(), tables };
}

function addActivity(into: Map<string, ActivityTotal>, row: ActivityTotal): void {
  let held = into.get(row.eventKind);
  if (!held) {
    held = { eventKind: row.eventKind, sessions: 0, volunteerHours: 0, visitorsAdults: emptySum(), visitorsChildren: emptySum() };
    into.set(row.eventKind, held);
  }
  held.sessions = checkedAdd(held.sessions, row.sessions);
  held.volunteerHours = checkedAdd(held.volunteerHours, row.volunteerHours);
  addSums(held.visitorsAdults, row.visitorsAdults);
  addSums(held.visitorsChildren, row.visitorsChildren);
}

function addCell(table: TableAccumulator, key: string, dimensions: Record<string, string>, add: (into: ProtectedSum) => void) {
  let held = table.cells.get(key);
  if (!held) {
    held = { dimensions, count: emptySum() };
    table.cells.set(key, held);
  }
  add(held.count);
}

function addBorough(into: AreaAccumulator, enrolmentId: string, figures: BoroughFigures): void {
  into.devices.add(enrolmentId);
  for (const row of figures.activity) {
    const visitorsAdults = emptySum();
    const visitorsChildren = emptySum();
    addProtected(visitorsAdults, row.visitorsAdults);
    addProtected(visitorsChildren, row.visitorsChildren);
    addActivity(into.activity, { eventKind: row.eventKind, sessions: row.sessions, volunteerHours: row.volunteerHours, visitorsAdults, visitorsChildren });
  }
  addProtected(into.conversations, figures.conversations);
  for (const table of cellTables) {
    const sent = figures[table];
    if (!sent) continue;
    const target = into.tables[table];
    for (const cell of sent.cells) {
      const { count, ...dimensions } = cell as { count: ProtectedCount } & Record<string, string>;
      // Submissions reach here parsed by submissionSchema, which puts keys in schema order, so
      // the values alone identify the cell and sort as topic, then outcome or band.
      addCell(target, JSON.stringify(Object.values(dimensions)), dimensions, (sum) => addProtected(sum, count));
    }
    for (const row of sent.withheldRows) target.withheld.set(row, checkedAdd(target.withheld.get(row) ?? 0, 1));
  }
}

/** London is its boroughs added up; sums of sums, so it needs no second pass over submissions. */
function addArea(into: AreaAccumulator, from: AreaAccumulator): void {
  for (const device of from.devices) into.devices.add(device);
  for (const row of from.activity.values()) addActivity(into.activity, row);
  addSums(into.conversations, from.conversations);
  for (const table of cellTables) {
    const target = into.tables[table];
    for (const [key, cell] of from.tables[table].cells) addCell(target, key, cell.dimensions, (sum) => addSums(sum, cell.count));
    for (const [row, n] of from.tables[table].withheld) target.withheld.set(row, checkedAdd(target.withheld.get(row) ?? 0, n));
  }
}

const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function finish(area: AreaAccumulator): AreaTotals {
  const table = (name: TableName) => {
    const { cells, withheld } = area.tables[name];
    return {
      cells: byKey(cells).map(([, cell]) => ({ ...cell.dimensions, count: cell.count })),
      withheldRows: [...withheld.values()].reduce(checkedAdd, 0),
      withheldByRow: byKey(withheld).map(([row, count]) => ({ row, count })),
    };
  };
  return {
    devices: area.devices.size,
    activity: byKey(area.activity).map(([, row]) => row),
    conversations: area.conversations,
    // The cell shapes differ per table only in their dimension names, which came from
    // validated submissions; the response schema spells them out and checks them before sending.
    byTopic: table('byTopic') as AreaTotals['byTopic'],
    byTopicOutcome: table('byTopicOutcome') as AreaTotals['byTopicOutcome'],
    byTopicGroupAge: table('byTopicGroupAge') as AreaTotals['byTopicGroupAge'],
    byTopicGroupSex: table('byTopicGroupSex') as AreaTotals['byTopicGroupSex'],
    byTopicGroupEthnicGroup: table('byTopicGroupEthnicGroup') as AreaTotals['byTopicGroupEthnicGroup'],
    byTopicGroupLanguage: table('byTopicGroupLanguage') as AreaTotals['byTopicGroupLanguage'],
  };
}

/** One period summed: every borough, and London. What the totals cache keeps. */
export interface PeriodTotals {
  boroughs: BoroughTotals[];
  london: AreaTotals;
}

/** Sums the latest revisions (one per device) for a period, per borough and for London. */
export function sumLatestRevisions(latest: readonly Submission[]): PeriodTotals {
  const boroughs = new Map<string, AreaAccumulator>();
  for (const submission of latest) {
    for (const figures of submission.boroughs) {
      let area = boroughs.get(figures.authorityCode);
      if (!area) {
        area = newAccumulator();
        boroughs.set(figures.authorityCode, area);
      }
      addBorough(area, submission.enrolmentId, figures);
    }
  }
  const all = newAccumulator();
  for (const area of boroughs.values()) addArea(all, area);
  return {
    boroughs: byKey(boroughs).map(([authorityCode, area]) => ({ authorityCode, ...finish(area) })),
    london: finish(all),
  };
}

/** The answer to one query: with `borough`, only that borough and `london` null. */
export function totalsAnswer(
  totals: PeriodTotals,
  query: { period: string; borough?: string | undefined },
  generatedAt: string,
): TotalsResponse {
  if (query.borough === undefined) {
    return { period: query.period, borough: null, generatedAt, london: totals.london, boroughs: totals.boroughs };
  }
  return {
    period: query.period,
    borough: query.borough,
    generatedAt,
    london: null,
    boroughs: totals.boroughs.filter((b) => b.authorityCode === query.borough),
  };
}
