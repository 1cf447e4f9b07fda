// Timing helpers for `npm run bench`: run a piece of work several times, report the median
// and p99, and compare with a bare baseline measured in the same run, so the verdict is a
// ratio that holds on a noisy machine as well as an absolute budget.

export interface BenchResult {
  name: string;
  runs: number;
  median_ms: number;
  p99_ms: number;
  baseline_ms: number | null;
  /** The baseline's own p99: how much of a p99 is the machine's (fsync jitter), not the code's. */
  baseline_p99_ms?: number | null;
  ratio: number | null;
  budget_ms: number;
  max_ratio: number | null;
  ok: boolean;
  note?: string;
  /** Figures that are not times (the disclosure control's utility). */
  figures?: Record<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export async function time(runs: number, work: (i: number) => unknown, warmup = Math.min(3, runs)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await work(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * A verdict. `budget_ms` applies to p99 unless `on` is 'median' (with a few runs, p99 is the
 * slowest run). `max_ratio` compares the median with the baseline's median.
 */
export function verdict(
  name: string,
  samples: number[],
  options: { budget_ms: number; on?: 'p99' | 'median'; baseline?: number[]; max_ratio?: number; note?: string },
): BenchResult {
  const median = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  const baseline = options.baseline ? percentile(options.baseline, 50) : null;
  const ratio = baseline ? median / baseline : null;
  const judged = options.on === 'median' ? median : p99;
  const ok = judged < options.budget_ms && (options.max_ratio === undefined || ratio === null || ratio <= options.max_ratio);
  return {
    name,
    runs: samples.length,
    median_ms: round(median),
    p99_ms: round(p99),
    baseline_ms: baseline === null ? null : round(baseline),
    ...(options.baseline ? { baseline_p99_ms: round(percentile(options.baseline, 99)) } : {}),
    ratio: ratio === null ? null : round(ratio),
    budget_ms: options.budget_ms,
    max_ratio: options.max_ratio ?? null,
    ok,
    ...(options.note ? { note: options.note } : {}),
  };
}
