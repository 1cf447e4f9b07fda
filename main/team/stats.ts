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
    const rows = store.sqlite
      .prepare(`SELECT recorded_on, count(*) FROM ${table} WHERE deleted_at IS NULL GROUP BY recorded_on`)
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
