// Timing helpers for `npm run bench`: run a piece of work several times, report the median
// and p99, and compare with a bare baseline measured in the same run. The p99 is judged twice:
// against the absolute budget, and by its ratio to the baseline's p99. A busy machine slows the
// baseline as much as the code, so a miss on the absolute budget alone says "busy machine",
// a miss on the ratio says "slow code".

export interface BenchResult {
  name: string;
  runs: number;
  median_ms: number;
  p99_ms: number;
  baseline_ms: number | null;
  /** The baseline's own p99: how much of a p99 is the machine's (fsync jitter), not the code's. */
  baseline_p99_ms?: number | null;
  /** The judged percentile (p99, or p95 on screen) over the baseline's same percentile. */
  ratio: number | null;
  budget_ms: number;
  max_ratio: number | null;
  /** Both budgets met (a budget with no baseline counts as met on its ratio). */
  ok: boolean;
  /** Which budget was missed: the absolute one only (a busy machine), the ratio, or both. */
  failed?: Failed;
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

/**
 * Like `time`, for a piece of work and its bare baseline taken in turns (one of each, `runs`
 * times), so both meet the same moments of the disk and the machine: a p99 set by fsync tails
 * is then compared with the baseline's under the same conditions, not a luckier minute's.
 */
export async function timeInTurns(runs: number, work: () => unknown, baseline: () => unknown, warmup = 20): Promise<{ samples: number[]; baseline: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await work();
    await baseline();
  }
  const out = { samples: [] as number[], baseline: [] as number[] };
  const once = async (fn: () => unknown, into: number[]) => {
    const start = process.hrtime.bigint();
    await fn();
    into.push(Number(process.hrtime.bigint() - start) / 1e6);
  };
  for (let i = 0; i < runs; i++) {
    await once(work, out.samples);
    await once(baseline, out.baseline);
  }
  out.samples.sort((a, b) => a - b);
  out.baseline.sort((a, b) => a - b);
  return out;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export type Failed = 'absolute' | 'ratio' | 'both' | null;

export interface Judgement {
  absolute_ok: boolean;
  /** null when no baseline was measured in the run. */
  ratio: number | null;
  ratio_ok: boolean | null;
  failed: Failed;
}

/**
 * One measurement's verdict: `judged` (its p99, or p95) under `budget`; and, with a baseline's
 * same percentile from the same run, `judged / baselineJudged` at most `maxRatio`.
 */
export function judge(judged: number, budget: number, ratioBudget?: { baselineJudged: number; maxRatio: number }): Judgement {
  const absolute_ok = judged < budget;
  if (!ratioBudget || !(ratioBudget.baselineJudged > 0)) return { absolute_ok, ratio: null, ratio_ok: null, failed: absolute_ok ? null : 'absolute' };
  const ratio = judged / ratioBudget.baselineJudged;
  const ratio_ok = ratio <= ratioBudget.maxRatio;
  const failed: Failed = absolute_ok && ratio_ok ? null : !absolute_ok && !ratio_ok ? 'both' : absolute_ok ? 'ratio' : 'absolute';
  return { absolute_ok, ratio, ratio_ok, failed };
}

/** A line for a person: which budget failed and what that says about the run. */
export function judgementNote(failed: Failed, judgedByRatio = true): string | undefined {
  if (failed === 'absolute' && !judgedByRatio) return 'over the absolute budget; no baseline in this run to tell a busy machine from slow code';
  if (failed === 'absolute') return 'over the absolute budget only; the ratio to the baseline held: a busy machine, not slow code';
  if (failed === 'ratio') return 'within the absolute budget, over the ratio to the baseline: slower than the bare work warrants';
  if (failed === 'both') return 'over the absolute budget and the ratio to the baseline: slow code (the baseline ran at its usual pace)';
  return undefined;
}

/** The closing line of a run: how many met their budgets, and how many missed only on a busy machine. */
export function summary(results: Pick<BenchResult, 'ok' | 'failed' | 'ratio'>[]): string {
  const over = results.filter((r) => !r.ok);
  const busy = over.filter((r) => r.failed === 'absolute' && r.ratio !== null).length;
  const slow = over.filter((r) => r.failed === 'ratio' || r.failed === 'both').length;
  const unjudged = over.length - busy - slow;
  return (
    `${results.length - over.length} within budget, ${over.length} over` +
    (over.length > 0 ? ` (${slow} over their ratio to the baseline: slow code; ${busy} over the absolute budget only: a busy machine; ${unjudged} with no baseline to tell)` : '')
  );
}

/**
 * A verdict. `budget_ms` applies to p99 unless `on` is 'median' (with a few runs, p99 is the
 * slowest run). With a `baseline`, the p99 is also judged by its ratio to the baseline's p99:
 * at most `max_ratio` (a product rule, such as "within 3x a bare INSERT"), or else at most
 * `budget_ms` over `quiet_baseline_p99_ms` (the baseline's p99 on a quiet machine): the budget
 * scaled by how much slower than quiet the baseline ran in this run.
 */
export function verdict(
  name: string,
  samples: number[],
  options: { budget_ms: number; on?: 'p99' | 'median'; baseline?: number[]; max_ratio?: number; quiet_baseline_p99_ms?: number; note?: string },
): BenchResult {
  const median = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  const baseline = options.baseline ? percentile(options.baseline, 50) : null;
  const baselineP99 = options.baseline ? percentile(options.baseline, 99) : null;
  const judged = options.on === 'median' ? median : p99;
  const maxRatio = options.max_ratio ?? (options.quiet_baseline_p99_ms ? options.budget_ms / options.quiet_baseline_p99_ms : null);
  const baselineJudged = options.on === 'median' ? baseline : baselineP99;
  const judgement = judge(judged, options.budget_ms, baselineJudged !== null && maxRatio !== null ? { baselineJudged, maxRatio } : undefined);
  const notes = [options.note, judgementNote(judgement.failed, judgement.ratio !== null)].filter(Boolean);
  return {
    name,
    runs: samples.length,
    median_ms: round(median),
    p99_ms: round(p99),
    baseline_ms: baseline === null ? null : round(baseline),
    ...(baselineP99 !== null ? { baseline_p99_ms: round(baselineP99) } : {}),
    ratio: judgement.ratio === null ? null : round(judgement.ratio),
    budget_ms: options.budget_ms,
    max_ratio: maxRatio === null ? null : round(maxRatio),
    ok: judgement.failed === null,
    failed: judgement.failed,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}
