// Records by the laptop that recorded them, for `stats` and the Team screen: this laptop's own,
// then each laptop whose hand-over files were merged here.
import type { Store } from '../db/store.ts';
import { laptopIdentity } from './laptop.ts';

/** A laptop the pickers offer: this one, then each whose hand-over was merged here. */
export interface KnownLaptop {
  laptopId: string;
  name: string;
  thisLaptop: boolean;
}

export interface LaptopRecords extends KnownLaptop {
  /** When its newest merged file was written (null for this laptop). */
  lastHandoverWrittenAt: string | null;
  lastMergedAt: string | null;
  events: number;
  visits: number;
  conversations: number;
}

/** The laptops alone, without counting their records: cheap enough for every report screen's picker. */
export function knownLaptops(store: Store): KnownLaptop[] {
  const self = laptopIdentity(store);
  const laptops = store.all(store.qb.selectFrom('team_laptop').select(['id', 'name']).orderBy('name'));
  return [{ laptopId: self.id, name: self.name, thisLaptop: true }, ...laptops.map((laptop) => ({ laptopId: laptop.id, name: laptop.name, thisLaptop: false }))];
}

export function recordsByLaptop(store: Store): LaptopRecords[] {
  const self = laptopIdentity(store);
  const counts = new Map<string | null, { events: number; visits: number; conversations: number }>();
  for (const table of ['event', 'visit', 'conversation'] as const) {
    // Live records by origin without reading a million rows: the table's count(*) (SQLite reads it
    // from the b-tree's pages) less the deleted and merged ones, counted through their partial
    // index <table>_merged_or_deleted (migration 0013; docs/migrations.md).
    const rows = store.sqlite
      .prepare(
        `WITH exceptions AS (
           SELECT recorded_on, count(*) AS all_rows, count(*) FILTER (WHERE deleted_at IS NULL) AS live FROM ${table}
            WHERE recorded_on IS NOT NULL OR deleted_at IS NOT NULL GROUP BY recorded_on)
         SELECT NULL, (SELECT count(*) FROM ${table}) - (SELECT coalesce(sum(all_rows), 0) FROM exceptions)
         UNION ALL SELECT recorded_on, live FROM exceptions WHERE recorded_on IS NOT NULL`,
      )
      .raw(true)
      .all() as [string | null, number][];
    for (const [origin, n] of rows) {
      const entry = counts.get(origin) ?? { events: 0, visits: 0, conversations: 0 };
      entry[`${table}s`] = n;
      counts.set(origin, entry);
    }
  }
  const empty = { events: 0, visits: 0, conversations: 0 };
  const laptops = store.all(store.qb.selectFrom('team_laptop').selectAll().orderBy('name'));
  return [
    { laptopId: self.id, name: self.name, thisLaptop: true, lastHandoverWrittenAt: null, lastMergedAt: null, ...(counts.get(null) ?? empty) },
    ...laptops.map((laptop) => ({
      laptopId: laptop.id,
      name: laptop.name,
      thisLaptop: false,
      lastHandoverWrittenAt: laptop.last_written_at,
      lastMergedAt: laptop.last_merged_at,
      ...(counts.get(laptop.id) ?? empty),
    })),
  ];
}
