// The one rule for an incoming submission, shared by both stores so they cannot drift: each
// store reads what it holds inside its transaction, asks this, and writes what it says.
import { GRAIN_CONFLICT, POLICY_LOWERED } from '../../main/sync/protocol.ts';
import { periodKindOf, periodRange } from '../../shared/periods.ts';
import { periodsOverlap } from '../periods.ts';
import type { Acknowledgement, HeldPeriod, NewSubmission } from './store.ts';

export type SubmissionDecision =
  | { action: 'answer-repeat'; acknowledgement: Acknowledgement }
  | { action: 'answer-conflict' }
  /** Refused whole (409): storing it would publish a period twice, at two grains or on two grids. */
  | { action: 'refuse'; code: typeof GRAIN_CONFLICT | typeof POLICY_LOWERED; reason: string }
  /**
   * Write the acknowledgement; when `becomesLatest`, it is also the (device, period)'s revision
   * now, and the body of `supersedes` (the revision it replaces) is erased.
   */
  | { action: 'write'; acknowledgement: Acknowledgement; becomesLatest: boolean; supersedes?: string };

/**
 * `held` is every period the device has a stored revision of (its latest), so that grain and
 * policy are judged against all of them in the same transaction that writes.
 */
export function decideSubmission(
  input: NewSubmission,
  alreadyAcknowledged: Acknowledgement | undefined,
  held: readonly HeldPeriod[],
): SubmissionDecision {
  const { submission } = input;
  if (alreadyAcknowledged) {
    // The same id with other content is a client bug; answering 'duplicate' would silently
    // drop the figures it meant to send.
    const same =
      alreadyAcknowledged.enrolmentId === submission.enrolmentId && alreadyAcknowledged.bodySha256 === input.bodySha256;
    return same ? { action: 'answer-repeat', acknowledgement: alreadyAcknowledged } : { action: 'answer-conflict' };
  }

  // Weeks against months would pin single days (PRODUCT.md, rule 7).
  const kind = periodKindOf(submission.period);
  const days = periodRange(submission.period);
  const overlapping = held
    .filter((h) => periodKindOf(h.period) !== kind && periodsOverlap(periodRange(h.period), days))
    .map((h) => h.period)
    .sort();
  if (overlapping.length > 0) {
    return {
      action: 'refuse',
      code: GRAIN_CONFLICT,
      reason:
        `period ${submission.period} shares days with ${overlapping.join(', ')}, which this device already sent ` +
        `as ${kind === 'month' ? 'ISO weeks' : 'months'}; a period is sent at one grain only, so this one cannot be taken`,
    };
  }

  // Two grids over one period would let their intersection recover exact values.
  const same = held.find((h) => h.period === submission.period);
  const { threshold, roundingBase } = submission.policy;
  if (same && (threshold < same.threshold || roundingBase < same.roundingBase)) {
    return {
      action: 'refuse',
      code: POLICY_LOWERED,
      reason:
        `period ${submission.period} was sent with threshold ${same.threshold} and rounding base ${same.roundingBase}; ` +
        `this revision uses ${threshold} and ${roundingBase}, and a period's protection is never lowered`,
    };
  }

  const becomesLatest = same === undefined || submission.revision > same.revision;
  return {
    action: 'write',
    becomesLatest,
    ...(becomesLatest && same ? { supersedes: same.submissionId } : {}),
    acknowledgement: {
      submissionId: submission.submissionId,
      receiptId: input.receiptId,
      enrolmentId: submission.enrolmentId,
      period: submission.period,
      revision: submission.revision,
      status: becomesLatest ? 'stored' : 'stale',
      bodySha256: input.bodySha256,
      receivedAt: input.receivedAt,
    },
  };
}
