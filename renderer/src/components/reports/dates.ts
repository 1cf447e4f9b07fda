// London calendar days (YYYY-MM-DD) for the reports screens: the ranges the period choices
// stand for, and days and months written in the reader's language.
import { dateFormat, londonDay } from '../../format.ts';

export type PeriodChoice = 'thisMonth' | 'lastMonth' | 'chosen';

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function monthRange(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: lastDayOf(month) };
}

export function todayInLondon(): string {
  return londonDay(new Date());
}

export function periodRange(choice: Exclude<PeriodChoice, 'chosen'>, today = todayInLondon()): { from: string; to: string } {
  const month = monthOf(today);
  return monthRange(choice === 'thisMonth' ? month : previousMonth(month));
}

const asDate = (day: string) => new Date(`${day}T12:00:00Z`);

export function formatDay(day: string, language: string): string {
  return dateFormat(language, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(asDate(day));
}

export function formatMonth(month: string, language: string): string {
  return dateFormat(language, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(asDate(`${month}-01`));
}

export function formatRange(range: { from: string; to: string }, language: string): string {
  const format = dateFormat(language, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  return format.formatRange(asDate(range.from), asDate(range.to));
}
