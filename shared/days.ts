// Calendar arithmetic on London days (YYYY-MM-DD, the local_day columns): ranges, months and
// the week or month buckets of a trend. Days are handled as whole numbers (days since
// 1970-01-01), which is exact: a London calendar day is a date, not an instant.

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

export interface DayRange {
  /** First day, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  to: string;
}

export type TrendGranularity = 'week' | 'month';

/** A real calendar day as a whole number of days since 1970-01-01, or NaN. */
export function dayNumber(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) return Number.NaN;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return Number.NaN;
  return ms / DAY_MS;
}

export function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function isMonth(month: string): boolean {
  const match = MONTH_PATTERN.exec(month);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

export function monthRange(month: string): DayRange {
  if (!isMonth(month)) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** Monday of the ISO week a day falls in (1970-01-01 was a Thursday). */
function weekStart(day: number): number {
  const weekday = (((day + 3) % 7) + 7) % 7; // Monday 0 ... Sunday 6
  return day - weekday;
}

export interface TrendBucket {
  /** The bucket's first day: a Monday for weeks, the 1st for months (may precede the range). */
  start: string;
  /** Its days within the range. */
  from: string;
  to: string;
}

/**
 * The buckets covering a range, in order, and for each day of the range its bucket's index
 * (`indexOf[day - firstDay]`), so tallying a record costs one array read.
 */
export function trendBuckets(range: DayRange, granularity: TrendGranularity): { buckets: TrendBucket[]; indexOf: Int32Array } {
  const first = dayNumber(range.from);
  const last = dayNumber(range.to);
  const indexOf = new Int32Array(last - first + 1);
  const buckets: TrendBucket[] = [];
  let currentStart = Number.NaN;
  for (let day = first; day <= last; day++) {
    const start = granularity === 'week' ? weekStart(day) : dayNumber(`${dayString(day).slice(0, 7)}-01`);
    if (start !== currentStart) {
      currentStart = start;
      buckets.push({ start: dayString(start), from: dayString(day), to: dayString(day) });
    }
    buckets[buckets.length - 1]!.to = dayString(day);
    indexOf[day - first] = buckets.length - 1;
  }
  return { buckets, indexOf };
}
