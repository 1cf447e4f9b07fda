// Reporting periods: calendar months (`2026-10`, the default) or ISO weeks (`2026-W43`,
// Monday to Sunday), counted in Europe/London calendar days. Records already carry their
// London day (`local_day`), so everything here is plain date arithmetic on YYYY-MM-DD
// strings, done in UTC where no clock change can shift a day.

export type PeriodKind = 'month' | 'week';

export interface PeriodRange {
  /** First London day of the period, YYYY-MM-DD. */
  first: string;
  /** Last London day of the period, inclusive. */
  last: string;
}

const DAY_MS = 86_400_000;
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
const weekPattern = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

function dayToUtc(day: string): Date {
  const match = dayPattern.exec(day);
  if (!match) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date.toISOString().slice(0, 10) !== day) throw new RangeError(`Not a calendar day: ${day}`);
  return date;
}

function utcToDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcToDay(new Date(dayToUtc(day).getTime() + days * DAY_MS));
}

/** ISO 8601 week-numbering: weeks start on Monday; week 1 holds the year's first Thursday. */
function isoWeekOf(day: string): { year: number; week: number } {
  const date = dayToUtc(day);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  const thursday = new Date(date.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return { year, week };
}

function mondayOfIsoWeek(year: number, week: number): string {
  const jan4 = Date.UTC(year, 0, 4); // always in week 1
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return utcToDay(new Date(jan4 - jan4Weekday * DAY_MS + (week - 1) * 7 * DAY_MS));
}

/** The period (of the given kind) a London day falls in. */
export function periodOfDay(day: string, kind: PeriodKind): string {
  if (kind === 'month') {
    dayToUtc(day);
    return day.slice(0, 7);
  }
  const { year, week } = isoWeekOf(day);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function periodKindOf(period: string): PeriodKind {
  if (monthPattern.test(period)) return 'month';
  if (weekPattern.test(period)) return 'week';
  throw new RangeError(`Not a period id (YYYY-MM or YYYY-Www): ${period}`);
}

/** First and last London day of a period, from its id alone. */
export function periodRange(period: string): PeriodRange {
  const month = monthPattern.exec(period);
  if (month) {
    const year = Number(month[1]);
    const monthIndex = Number(month[2]) - 1;
    return {
      first: utcToDay(new Date(Date.UTC(year, monthIndex, 1))),
      last: utcToDay(new Date(Date.UTC(year, monthIndex + 1, 0))),
    };
  }
  const week = weekPattern.exec(period);
  if (week) {
    const year = Number(week[1]);
    const number = Number(week[2]);
    const first = mondayOfIsoWeek(year, number);
    // W53 exists only in long ISO years; refuse an id that names a week the year lacks.
    if (isoWeekOf(first).year !== year) throw new RangeError(`${period}: that ISO year has no week ${number}`);
    return { first, last: addDays(first, 6) };
  }
  throw new RangeError(`Not a period id (YYYY-MM or YYYY-Www): ${period}`);
}

/**
 * Closed: London's today is after the period's last day plus the grace days, so volunteers
 * had time to finish entering it (PRODUCT.md, rule 4). Late changes are still possible and
 * produce a new revision.
 */
export function isPeriodClosed(period: string, today: string, graceDays: number): boolean {
  return today > addDays(periodRange(period).last, graceDays);
}
