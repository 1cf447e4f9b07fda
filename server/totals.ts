// London-wide totals from the latest revision each device holds for a period.
//
// Conversation counts arrive protected: 0, a multiple of the rounding base above the threshold,
// or 'suppressed'. They are added as published and never "repaired": a suppressed cell adds
// nothing to `sum` and one to `suppressedCells`. No range is derived for what it hides: the
// device's complementary suppression may hide 0 or a count above the threshold under that mark,
// so any bound would be a guess. Activity measures arrive exact and add exactly.
import type { ProtectedCount, Submission } from '../main/sync/protocol.ts';
import { cellTables } from './submission-checks.ts';
import type { ActivityTotal, AreaTotals, BoroughTotals, ProtectedSum, TotalsResponse } from './wire.ts';

type CellTable = (typeof cellTables)[number];
type BoroughFigures = Submission['boroughs'][number];

const emptySum = (): ProtectedSum => ({ sum: 0, suppressedCells: 0 });

function addProtected(into: ProtectedSum, count: ProtectedCount): void {
  if (count === 'suppressed') into.suppressedCells += 1;
  else into.sum += count;
}

function addSums(into: ProtectedSum, from: ProtectedSum): void {
  into.sum += from.sum;
  into.suppressedCells += from.suppressedCells;
}

// Summing in binary floating point leaves noise like 7.300000000000001 hours; it is not data.
const tidyHours = (hours: number) => Math.round(hours * 1e6) / 1e6;

/** Totals being built: cells keyed by their dimensions so contributions line up. */
interface AreaAccumulator {
  devices: Set<string>;
  activity: Map<string, ActivityTotal>;
  conversations: ProtectedSum;
  tables: Record<CellTable, { cells: Map<string, { dimensions: Record<string, string>; count: ProtectedSum }>; total: ProtectedSum }>;
}

function newAccumulator(): AreaAccumulator {
  const tables = {} as AreaAccumulator['tables'];
  for (const table of cellTables) tables[table] = { cells: new Map(), total: emptySum() };
  return { devices: new Set(), activity: new Map(), conversations: emptySum(), tables };
}

function addActivity(into: Map<string, ActivityTotal>, row: ActivityTotal): void {
  const held = into.get(row.eventKind);
  if (!held) {
    into.set(row.eventKind, { ...row });
    return;
  }
  held.sessions += row.sessions;
  held.volunteerHours = tidyHours(held.volunteerHours + row.volunteerHours);
  held.visitorsAdults += row.visitorsAdults;
  held.visitorsChildren += row.visitorsChildren;
}

function addBorough(into: AreaAccumulator, enrolmentId: string, figures: BoroughFigures): void {
  into.devices.add(enrolmentId);
  for (const row of figures.activity) addActivity(into.activity, row);
  addProtected(into.conversations, figures.conversations);
  for (const table of cellTables) {
    const target = into.tables[table];
    for (const cell of figures[table].cells) {
      const { count, ...dimensions } = cell as { count: ProtectedCount } & Record<string, string>;
      // Submissions reach here parsed by submissionSchema, which puts keys in schema order, so
      // the values alone identify the cell and sort as topic, then outcome or band.
      const key = JSON.stringify(Object.values(dimensions));
      let held = target.cells.get(key);
      if (!held) {
        held = { dimensions, count: emptySum() };
        target.cells.set(key, held);
      }
      addProtected(held.count, count);
    }
    // A table's total was protected from its exact sum on the device; it is summed as sent,
    // not rebuilt from the cells (which would stack every cell's rounding error).
    addProtected(target.total, figures[table].total);
  }
}

/** London is its boroughs added up; sums of sums, so it needs no second pass over submissions. */
function addArea(into: AreaAccumulator, from: AreaAccumulator): void {
  for (const device of from.devices) into.devices.add(device);
  for (const row of from.activity.values()) addActivity(into.activity, row);
  addSums(into.conversations, from.conversations);
  for (const table of cellTables) {
    const target = into.tables[table];
    for (const [key, cell] of from.tables[table].cells) {
      let held = target.cells.get(key);
      if (!held) {
        held = { dimensions: cell.dimensions, count: emptySum() };
        target.cells.set(key, held);
      }
      addSums(held.count, cell.count);
    }
    addSums(target.total, from.tables[table].total);
  }
}

function finish(area: AreaAccumulator): AreaTotals {
  const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  const table = (name: CellTable) => ({
    cells: byKey(area.tables[name].cells).map((cell) => ({ ...cell.dimensions, count: cell.count })),
    total: area.tables[name].total,
  });
  return {
    devices: area.devices.size,
    activity: byKey(area.activity),
    conversations: area.conversations,
    // The cell shapes differ per table only in their dimension names, which came from
    // validated submissions; the response schema spells them out.
    byTopic: table('byTopic') as AreaTotals['byTopic'],
    byTopicOutcome: table('byTopicOutcome') as AreaTotals['byTopicOutcome'],
    byTopicGroupAge: table('byTopicGroupAge') as AreaTotals['byTopicGroupAge'],
    byTopicGroupSex: table('byTopicGroupSex') as AreaTotals['byTopicGroupSex'],
    byTopicGroupEthnicGroup: table('byTopicGroupEthnicGroup') as AreaTotals['byTopicGroupEthnicGroup'],
    byTopicGroupLanguage: table('byTopicGroupLanguage') as AreaTotals['byTopicGroupLanguage'],
  };
}

/**
 * Sums the latest revisions (one per device) for a period, per borough and for London.
 * With `borough`, only that borough is summed and `london` is null.
 */
export function sumLatestRevisions(
  latest: readonly Submission[],
  query: { period: string; borough?: string | undefined },
  generatedAt: string,
): TotalsResponse {
  const boroughs = new Map<string, AreaAccumulator>();
  for (const submission of latest) {
    for (const figures of submission.boroughs) {
      if (query.borough !== undefined && figures.authorityCode !== query.borough) continue;
      let area = boroughs.get(figures.authorityCode);
      if (!area) {
        area = newAccumulator();
        boroughs.set(figures.authorityCode, area);
      }
      addBorough(area, submission.enrolmentId, figures);
    }
  }
  const codes = [...boroughs.keys()].sort();
  const boroughTotals: BoroughTotals[] = codes.map((authorityCode) => ({ authorityCode, ...finish(boroughs.get(authorityCode)!) }));
  let london: AreaTotals | null = null;
  if (query.borough === undefined) {
    const all = newAccumulator();
    for (const area of boroughs.values()) addArea(all, area);
    london = finish(all);
  }
  return { period: query.period, borough: query.borough ?? null, generatedAt, london, boroughs: boroughTotals };
}
