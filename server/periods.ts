// Which periods the collector takes: ones that exist and have ended. The calendar rules
// (months, ISO weeks, London calendar days) are the device's own, from shared/periods.ts.
import { londonDayOf } from '../shared/clock.ts';
import { addDays, periodKindOf, periodRange, type PeriodKind, type PeriodRange } from '../shared/periods.ts';

/** No outreach record is older: a period before this is a broken clock or a forged body. */
export const EARLIEST_PERIOD_DAY = '2000-01-01';

/**
 * A device whose clock runs up to this much ahead of the collector's is still believed when it
 * says a period is over. The device itself waits its grace days (default 3) on top; the
 * collector only insists that the period's last London day has ended.
 */
export const CLOCK_ALLOWANCE_MS = 60 * 60 * 1000;

export interface PeriodDays extends PeriodRange {
  kind: PeriodKind;
}

export type PeriodVerdict =
  | { ok: true; days: PeriodDays }
  | { ok: false; status: 400 | 422; code: 'invalid_submission' | 'period_not_closed'; reason: string };

/** The period's London days, or why the collector will not take it at `now`. */
export function periodVerdict(period: string, now: Date): PeriodVerdict {
  let range: PeriodRange;
  try {
    range = periodRange(period);
  } catch {
    const year = period.slice(0, 4);
    return { ok: false, status: 400, code: 'invalid_submission', reason: `period: ${period} does not exist (${year} has no such ISO week)` };
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(range.last)) {
    // It ends in the year 10000 (9999-W52): written "+010000-…", it would sort before today as text.
    return { ok: false, status: 422, code: 'period_not_closed', reason: `period ${period} has not ended: it ends after the year 9999` };
  }
  if (range.first < EARLIEST_PERIOD_DAY) {
    return { ok: false, status: 400, code: 'invalid_submission', reason: `period: ${period} is before ${EARLIEST_PERIOD_DAY.slice(0, 4)}; no such records exist` };
  }
  const collectorDay = londonDayOf(new Date(now.getTime() + CLOCK_ALLOWANCE_MS));
  if (collectorDay <= range.last) {
    return {
      ok: false,
      status: 422,
      code: 'period_not_closed',
      reason:
        `period ${period} has not ended: its last day is ${range.last} (London), and it can be sent from ` +
        `${addDays(range.last, 1)}; if that day has passed, check the device's clock`,
    };
  }
  return { ok: true, days: { ...range, kind: periodKindOf(period) } };
}

/** Do two periods share a London calendar day? */
export function periodsOverlap(a: PeriodRange, b: PeriodRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}
