// The one rule for an incoming submission, shared by both stores so they cannot drift: each
// store reads what it holds inside its transaction, asks this, and writes what it says.
import type { Acknowledgement, NewSubmission } from './store.ts';

export type SubmissionDecision =
  | { action: 'answer-repeat'; acknowledgement: Acknowledgement }
  | { action: 'answer-conflict' }
  /** Write the acknowledgement; when `becomesLatest`, it is also the (device, period)'s revision now. */
  | { action: 'write'; acknowledgement: Acknowledgement; becomesLatest: boolean };

export function decideSubmission(
  input: NewSubmission,
  alreadyAcknowledged: Acknowledgement | undefined,
  heldRevision: number | undefined,
): SubmissionDecision {
  const { submission } = input;
  if (alreadyAcknowledged) {
    // The same id with other content is a client bug; answering 'duplicate' would silently
    // drop the figures it meant to send.
    const same =
      alreadyAcknowledged.enrolmentId === submission.enrolmentId && alreadyAcknowledged.bodySha256 === input.bodySha256;
    return same ? { action: 'answer-repeat', acknowledgement: alreadyAcknowledged } : { action: 'answer-conflict' };
  }
  const becomesLatest = heldRevision === undefined || submission.revision > heldRevision;
  return {
    action: 'write',
    becomesLatest,
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
