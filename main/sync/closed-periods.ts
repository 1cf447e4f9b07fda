// Which reporting periods are closed and hold records: the sync's walk over the local_day
// indexes, on top of the calendar rules in shared/periods.ts.
import type { Store } from '../db/store.ts';
import { londonDayOf, type Clock } from '../../shared/clock.ts';
import { addDays, isPeriodClosed, periodOfDay, periodRange, type PeriodKind } from '../../shared/periods.ts';

/** The last London day that belongs to a closed period, for any period containing it. */
function lastDayThatCanBeClosed(today: string, graceDays: number): string {
  return addDays(today, -graceDays - 1);
}

type DatedTable = 'event' | 'visit' | 'conversation';

/** The first London day after `after` on which `table` has a live (not deleted) row. */
function nextDayWithRecords(store: Store, table: DatedTable, after: string): string | undefined {
  // ORDER BY ... LIMIT 1 on the local_day index: one index seek per period, not a scan.
  const row = store.first(
    store.qb
      .selectFrom(table)
      .select('local_day')
      .where('local_day', '>', after)
      .where('deleted_at', 'is', null)
      .orderBy('local_day')
      .limit(1),
  );
  return row?.local_day;
}

/**
 * Closed periods of `kind` that hold at least one live event, visit or conversation, oldest
 * first. Skips from period to period along the local_day indexes, so the cost grows with the
 * number of periods, not of records.
 */
export function closedPeriodsWithRecords(
  store: Store,
  today: string,
  options: { kind: PeriodKind; graceDays: number },
): string[] {
  const limit = lastDayThatCanBeClosed(today, options.graceDays);
  const periods: string[] = [];
  let cursor = '0000-00-00';
  for (;;) {
    const candidates = (['event', 'visit', 'conversation'] as const)
      .map((table) => nextDayWithRecords(store, table, cursor))
      .filter((day): day is string => day !== undefined);
    if (candidates.length === 0) break;
    const day = candidates.sort()[0]!;
    if (day > limit) break;
    const period = periodOfDay(day, options.kind);
    if (isPeriodClosed(period, today, options.graceDays)) periods.push(period);
    cursor = periodRange(period).last;
  }
  return periods;
}

/** closedPeriodsWithRecords as of the clock's London day. */
export function closedPeriods(store: Store, clock: Clock, options: { kind: PeriodKind; graceDays: number }): string[] {
  return closedPeriodsWithRecords(store, londonDayOf(clock()), options);
}
