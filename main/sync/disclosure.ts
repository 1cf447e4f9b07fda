// Disclosure control for every count of conversations that leaves the device.
//
// The rule is NHS Digital's for sub-national counts, applied to Hospital Episode Statistics
// publications since 2018 ("HES Analysis Guide", disclosure control) and used by OpenSAFELY
// for its outputs: a count of 1 to 7 is suppressed, anything larger is rounded to the nearest
// 5, and 0 stays 0. A table's total is protected from the exact sum of its cells, so suppressed
// cells still count towards it (PRODUCT.md, "What leaves the device", rule 3).
//
// That rule alone can still give a small cell away by subtraction. Two examples it publishes:
//   - cells 1, 8, 8 -> suppressed, 10, 10 with total 17 -> 15. The rounded cells are at least
//     8 + 8 = 16 and the total at most 17, so the suppressed cell must be exactly 1.
//   - twelve cells of 1 -> twelve 'suppressed' with total 12 -> 10. Twelve cells of at least
//     1 summing to at most 12 are all exactly 1.
// So after the primary rule, `protectTable` audits the table the way an intruder would (the
// feasibility intervals of statistical disclosure control: Hundepool et al., "Statistical
// Disclosure Control", 2012, ch. 4) and adds complementary suppression until no suppressed
// cell is pinned to a single value. Published numbers and totals are never altered, so every
// number sent is still exactly what the NHS rule gives for its exact count.
import type { DisclosurePolicy, ProtectedCount } from './protocol.ts';
import { DomainError } from '../records/errors.ts';

export const DEFAULT_POLICY: DisclosurePolicy = { method: 'nhsd-hes-2018', threshold: 7, roundingBase: 5 };

/** The protocol's ceiling for both settings; above it tables would be nearly all suppressed. */
const POLICY_MAXIMUM = 100;

export class DisclosurePolicyError extends DomainError {
  constructor(field: 'threshold' | 'roundingBase', given: unknown, minimum: number) {
    super('invalid_input', 'sync.errors.policyNotAllowed', {
      values: { field, minimum, maximum: POLICY_MAXIMUM, given: String(given) },
      fields: [{ field, messageKey: 'sync.errors.policyNotAllowed', values: { minimum, maximum: POLICY_MAXIMUM } }],
      detail:
        `The disclosure ${field === 'threshold' ? 'threshold' : 'rounding base'} must be a whole number from ${minimum} ` +
        `(NHS Digital's rule) to ${POLICY_MAXIMUM}; it can be raised but never lowered. It was given ${String(given)}.`,
    });
  }
}

/**
 * The policy to apply, from configuration. Either setting may be raised above NHS Digital's
 * (7 and 5); lowering one, or a value that is not a whole number, throws.
 */
export function disclosurePolicy(config: { threshold?: number | null; roundingBase?: number | null } = {}): DisclosurePolicy {
  const check = (field: 'threshold' | 'roundingBase', value: number | null | undefined): number => {
    const minimum = DEFAULT_POLICY[field];
    if (value === undefined || value === null) return minimum;
    if (!Number.isInteger(value) || value < minimum || value > POLICY_MAXIMUM) {
      throw new DisclosurePolicyError(field, value, minimum);
    }
    return value;
  };
  return { method: 'nhsd-hes-2018', threshold: check('threshold', config.threshold), roundingBase: check('roundingBase', config.roundingBase) };
}

/** The smallest multiple of the base above the threshold: the least value ever published. */
function smallestPublished(policy: DisclosurePolicy): number {
  return (Math.floor(policy.threshold / policy.roundingBase) + 1) * policy.roundingBase;
}

/**
 * The primary rule for one count: 0 -> 0; 1..threshold -> 'suppressed'; otherwise the nearest
 * multiple of the base, halves rounded up. With the default 7 and 5 the smallest rounded value
 * is 10. Should a raised threshold let a count round down into the suppressed range (threshold
 * 11, count 12 -> 10), it is published as the smallest multiple above the threshold instead,
 * so no published number ever lies in 1..threshold.
 */
export function protect(exact: number, policy: DisclosurePolicy): ProtectedCount {
  if (!Number.isInteger(exact) || exact < 0) throw new RangeError(`A count must be a whole number >= 0, got ${exact}`);
  if (exact === 0) return 0;
  if (exact <= policy.threshold) return 'suppressed';
  const base = policy.roundingBase;
  // Integer form of floor(exact / base + 1/2) * base: no floating-point halves.
  const rounded = Math.floor((2 * exact + base) / (2 * base)) * base;
  return Math.max(rounded, smallestPublished(policy));
}

/** Every exact count that `protect` maps to a published number (an interval). */
export function countsPublishedAs(value: number, policy: DisclosurePolicy): { lo: number; hi: number } {
  if (value === 0) return { lo: 0, hi: 0 };
  const base = policy.roundingBase;
  const lo = value === smallestPublished(policy) ? policy.threshold + 1 : value - Math.floor(base / 2);
  return { lo, hi: value + Math.ceil(base / 2) - 1 };
}

export interface ExactCell {
  /** Identifies the cell; keys sort in the order cells are published. */
  key: string;
  /** Exact count, > 0 (zero cells are not listed). */
  count: number;
}

export interface ProtectedTable {
  /** Sorted by key. */
  cells: { key: string; count: ProtectedCount }[];
  total: ProtectedCount;
}

interface Bounds {
  lo: number;
  hi: number; // may be Infinity
}

/**
 * What an intruder may assume a 'suppressed' value hides. The protocol says 1..threshold;
 * complementary suppression means some hide more, or 0. The audit requires that, under every
 * one of these readings the published table is consistent with, no suppressed cell is pinned.
 */
const intruderReadings: ((policy: DisclosurePolicy) => Bounds)[] = [
  (policy) => ({ lo: 1, hi: policy.threshold }),
  () => ({ lo: 1, hi: Infinity }),
  () => ({ lo: 0, hi: Infinity }),
];

function boundsOf(value: ProtectedCount, suppressed: Bounds, policy: DisclosurePolicy): Bounds {
  return value === 'suppressed' ? suppressed : countsPublishedAs(value, policy);
}

/** Sum of bounds, keeping the infinite ones apart so one can be taken out again. */
function sumOf(values: number[]): { finite: number; infinite: number } {
  let finite = 0;
  let infinite = 0;
  for (const value of values) {
    if (value === Infinity) infinite += 1;
    else finite += value;
  }
  return { finite, infinite };
}

function without(sum: { finite: number; infinite: number }, value: number): number {
  if (value === Infinity) return sum.infinite > 1 ? Infinity : sum.finite;
  return sum.infinite > 0 ? Infinity : sum.finite - value;
}

/**
 * Keys of suppressed cells that some reading pins to one value. For one linear constraint
 * (cells sum to the total) over integer intervals, each cell's feasible values are exactly the
 * interval [max(lo, L - others' hi), min(hi, U - others' lo)], so no search is needed.
 */
export function pinnedSuppressedCells(
  cells: readonly { key: string; count: ProtectedCount }[],
  total: ProtectedCount,
  policy: DisclosurePolicy,
): string[] {
  const pinned = new Set<string>();
  for (const reading of intruderReadings) {
    const suppressed = reading(policy);
    const bounds = cells.map((cell) => boundsOf(cell.count, suppressed, policy));
    const sumWindow = boundsOf(total, suppressed, policy);
    const los = sumOf(bounds.map((b) => b.lo));
    const his = sumOf(bounds.map((b) => b.hi));
    const lowest = los.infinite > 0 ? Infinity : los.finite;
    const highest = his.infinite > 0 ? Infinity : his.finite;
    if (lowest > sumWindow.hi || highest < sumWindow.lo) continue; // this reading is ruled out
    cells.forEach((cell, index) => {
      if (cell.count !== 'suppressed') return;
      const own = bounds[index]!;
      const low = Math.max(own.lo, sumWindow.lo - without(his, own.hi));
      const high = Math.min(own.hi, sumWindow.hi - without(los, own.lo));
      if (high <= low) pinned.add(cell.key);
    });
  }
  return [...pinned];
}

/**
 * Protects one table: the primary rule on each cell, the total from the exact sum, then
 * complementary suppression while the audit finds a pinned cell:
 *   1. suppress the published cell with the smallest exact count (ties: first key);
 *   2. when every listed cell is already suppressed, list every other cell of the table's
 *      domain (exact 0) as suppressed too, so the small ones cannot be told from the zeros;
 *   3. only if the domain is exhausted as well, suppress the total.
 * Step 3 never happens with the default policy and the seeded lists (it needs a pinned table
 * that fills its whole domain); it is there so a raised threshold cannot leak either.
 */
export function protectTable(exact: readonly ExactCell[], domain: readonly string[], policy: DisclosurePolicy): ProtectedTable {
  const sorted = [...exact].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const exactSum = sorted.reduce((sum, cell) => sum + cell.count, 0);
  const cells = sorted.map((cell) => ({ key: cell.key, count: protect(cell.count, policy), exact: cell.count }));
  let total = protect(exactSum, policy);

  for (;;) {
    if (pinnedSuppressedCells(cells, total, policy).length === 0) break;
    const published = cells.filter((cell) => cell.count !== 'suppressed' && cell.count !== 0);
    if (published.length > 0) {
      const smallest = published.reduce((best, cell) => (cell.exact < best.exact ? cell : best));
      smallest.count = 'suppressed';
      continue;
    }
    const listed = new Set(cells.map((cell) => cell.key));
    const zeros = [...new Set(domain)].filter((key) => !listed.has(key));
    if (zeros.length > 0) {
      cells.push(...zeros.map((key) => ({ key, count: 'suppressed' as const, exact: 0 })));
      cells.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      continue;
    }
    total = 'suppressed';
    break;
  }
  return { cells: cells.map(({ key, count }) => ({ key, count })), total };
}
