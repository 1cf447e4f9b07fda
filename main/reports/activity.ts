// Which month last had anything recorded: a report opens on a month that has data, and an
// empty month points to the last one that does, instead of drawing pages of zeros.
import type { Store } from '../db/store.ts';
import { isMonth, monthRange } from '../../shared/days.ts';

/**
 * The latest month, at or before `atOrBefore` (any month when not given), with a live event,
 * visit or conversation; null when there is none. Three backward reads of the local_day indexes.
 */
export function lastActiveMonth(store: Store, atOrBefore?: string): string | null {
  if (atOrBefore !== undefined && !isMonth(atOrBefore)) throw new RangeError(`Not a month (YYYY-MM): ${atOrBefore}`);
  const last = atOrBefore === undefined ? '9999-12-31' : monthRange(atOrBefore).to;
  let latest: string | null = null;
  for (const table of ['event', 'visit', 'conversation'] as const) {
    const day = store.sqlite
      .prepare(`SELECT local_day FROM ${table} WHERE local_day <= ? AND deleted_at IS NULL ORDER BY local_day DESC LIMIT 1`)
      .pluck()
      .get(last) as string | undefined;
    if (day !== undefined && (latest === null || day > latest)) latest = day;
  }
  return latest === null ? null : latest.slice(0, 7);
}
