// Totals per period, kept until a device stores a new revision for it. The key is the set of
// latest submission ids (one cheap indexed read), so a write by any collector instance sharing
// the database is seen at once; reading and summing the bodies (up to 4 MiB each) is what it saves.
import type { CollectorStore } from './store/store.ts';
import { sumLatestRevisions, type PeriodTotals } from './totals.ts';

export interface TotalsCache {
  periodTotals(period: string): Promise<PeriodTotals>;
}

export const defaultCachedPeriods = 64;

export function createTotalsCache(store: CollectorStore, maxPeriods = defaultCachedPeriods): TotalsCache {
  // A Map keeps insertion order: re-inserting on use makes the first entry the least recently used.
  const entries = new Map<string, { key: string; totals: Promise<PeriodTotals> }>();
  return {
    async periodTotals(period) {
      const key = (await store.latestSubmissionIds(period)).join(',');
      const cached = entries.get(period);
      entries.delete(period);
      if (cached && cached.key === key) {
        entries.set(period, cached);
        return cached.totals;
      }
      // Shared by concurrent readers of the same period; dropped if it fails.
      const totals = store.latestSubmissions(period).then(sumLatestRevisions);
      const entry = { key, totals };
      entries.set(period, entry);
      totals.catch(() => {
        if (entries.get(period) === entry) entries.delete(period);
      });
      while (entries.size > maxPeriods) entries.delete(entries.keys().next().value!);
      return totals;
    },
  };
}
