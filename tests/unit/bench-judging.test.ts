// The bench's verdicts: a p99 judged by the absolute budget and by its ratio to a bare baseline
// measured in the same run, saying which failed, so a busy machine is told apart from slow code.
import { describe, expect, it } from 'vitest';
import { judge, summary, verdict } from '../bench/measure.ts';

describe('judge', () => {
  it('passes when both the absolute budget and the ratio hold', () => {
    expect(judge(80, 100, { baselineJudged: 40, maxRatio: 3 })).toEqual({ absolute_ok: true, ratio: 2, ratio_ok: true, failed: null });
  });

  it('names the absolute budget alone when the baseline was as slow as the code (a busy machine)', () => {
    expect(judge(150, 100, { baselineJudged: 100, maxRatio: 2 })).toMatchObject({ absolute_ok: false, ratio_ok: true, failed: 'absolute' });
  });

  it('names the ratio when the code is slow next to a baseline that ran at its usual pace', () => {
    expect(judge(90, 100, { baselineJudged: 10, maxRatio: 3 })).toMatchObject({ absolute_ok: true, ratio: 9, ratio_ok: false, failed: 'ratio' });
    expect(judge(120, 100, { baselineJudged: 10, maxRatio: 3 })).toMatchObject({ failed: 'both' });
  });

  it('judges the absolute budget alone when no baseline was measured', () => {
    expect(judge(99, 100)).toEqual({ absolute_ok: true, ratio: null, ratio_ok: null, failed: null });
    expect(judge(100, 100)).toEqual({ absolute_ok: false, ratio: null, ratio_ok: null, failed: 'absolute' });
  });
});

describe('verdict', () => {
  const samples = (values: number[]) => [...values].sort((a, b) => a - b);

  it("compares the p99 with the baseline's p99, not the medians", () => {
    // Medians 10 and 10 (ratio 1), but the work's slowest run is 5x the baseline's slowest.
    const result = verdict('work', samples([10, 10, 10, 50]), { budget_ms: 100, baseline: samples([10, 10, 10, 10]), max_ratio: 3 });
    expect(result).toMatchObject({ p99_ms: 50, baseline_p99_ms: 10, ratio: 5, max_ratio: 3, ok: false, failed: 'ratio' });
    expect(result.note).toContain('over the ratio to the baseline');
  });

  it('scales the budget by a slow baseline: a quiet baseline of 50 ms run at 150 ms allows three times the budget', () => {
    const result = verdict('dashboard', samples([200, 210, 250]), { budget_ms: 100, baseline: samples([140, 150]), quiet_baseline_p99_ms: 50 });
    expect(result).toMatchObject({ max_ratio: 2, ok: false, failed: 'absolute' });
    expect(result.note).toContain('a busy machine');
    // The same work next to a baseline at its quiet pace: slow code.
    expect(verdict('dashboard', samples([200, 210, 250]), { budget_ms: 100, baseline: samples([45, 50]), quiet_baseline_p99_ms: 50 })).toMatchObject({
      failed: 'both',
    });
  });

  it('with no baseline, says a miss cannot be told apart rather than blaming the machine', () => {
    const result = verdict('import', samples([6000]), { budget_ms: 5000 });
    expect(result).toMatchObject({ ratio: null, ok: false, failed: 'absolute' });
    expect(result.note).toContain('no baseline in this run');
    expect(result.note).not.toContain('busy machine,');
  });

  it('is ok only when nothing failed', () => {
    expect(verdict('open', samples([3, 4]), { budget_ms: 300, baseline: samples([2, 2]), quiet_baseline_p99_ms: 4 })).toMatchObject({ ok: true, failed: null });
  });
});

describe('summary', () => {
  it('counts the misses that only a busy machine explains apart from those that point at the code', () => {
    const line = summary([
      { ok: true, failed: null, ratio: 1 },
      { ok: false, failed: 'absolute', ratio: 1.5 },
      { ok: false, failed: 'ratio', ratio: 9 },
      { ok: false, failed: 'absolute', ratio: null },
    ]);
    expect(line).toBe(
      '1 within budget, 3 over (1 over their ratio to the baseline: slow code; 1 over the absolute budget only: a busy machine; 1 with no baseline to tell)',
    );
    expect(summary([{ ok: true, failed: null, ratio: null }])).toBe('1 within budget, 0 over');
  });
});
