// The primary rule for every count of people that leaves the device: NHS Digital's for
// sub-national counts (Hospital Episode Statistics disclosure control, 2018; OpenSAFELY uses it
// too): 1 to 7 is suppressed, anything larger rounded to the nearest 5, 0 stays 0.
//
// That rule protects one count. Linked tables, small groups and revisions need more; that is
// joint-protection.ts and revisions.ts (docs/disclosure-control.md).
import type { DisclosurePolicy, ProtectedCount } from './protocol.ts';
import { DomainError } from '../../shared/errors.ts';

export const DEFAULT_POLICY: DisclosurePolicy = { method: 'nhsd-hes-2018', threshold: 7, roundingBase: 5 };

/** The protocol's ceiling for both settings; above it tables would be nearly all suppressed. */
const POLICY_MAXIMUM = 100;

export class DisclosurePolicyError extends DomainError {
  constructor(field: 'threshold' | 'roundingBase', given: unknown, minimum: number, why = "NHS Digital's rule") {
    super('invalid_input', 'sync.errors.policyNotAllowed', {
      values: { field, minimum, maximum: POLICY_MAXIMUM, given: String(given) },
      fields: [{ field, messageKey: 'sync.errors.policyNotAllowed', values: { minimum, maximum: POLICY_MAXIMUM } }],
      detail:
        `The disclosure ${field === 'threshold' ? 'threshold' : 'rounding base'} must be a whole number from ${minimum} ` +
        `(${why}) to ${POLICY_MAXIMUM}; it can be raised but never lowered. It was given ${String(given)}.`,
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
