// Benchmarks of the reporting, sync and import work, each given the open 1M database.
import type { Store } from '../../main/db/store.ts';
import type { Clock } from '../../main/records/clock.ts';
import type { BenchResult } from './measure.ts';

export interface BenchContext {
  store: Store;
  file: string;
  dir: string;
  clock: Clock;
}

export const extraBenchmarks: ((context: BenchContext) => Promise<BenchResult[]>)[] = [];
