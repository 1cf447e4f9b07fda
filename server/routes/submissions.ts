// POST /v1/submissions: a device's protected counts for one period, answered with a receipt.
import type { IncomingMessage } from 'node:http';
import { submissionSchema, type Receipt } from '../../main/sync/protocol.ts';
import { authenticateDevice, spendRateToken } from '../auth.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { describeIssues, HttpProblem, readJsonBody, type Reply } from '../http-io.ts';
import { newReceiptId, sha256Hex } from '../secrets.ts';
import { periodVerdict } from '../periods.ts';
import { problemsWithCount } from '../submission-checks.ts';
import type { Acknowledgement } from '../store/store.ts';
import type { RouteContext } from './context.ts';

function receiptOf(ack: Acknowledgement, status: Receipt['status']): Receipt {
  return {
    submissionId: ack.submissionId,
    receiptId: ack.receiptId,
    status,
    period: ack.period,
    revision: ack.revision,
    receivedAt: ack.receivedAt,
  };
}

export async function receiveSubmission(context: RouteContext, req: IncomingMessage): Promise<Reply> {
  // Who, then how often, before reading a byte of the body.
  const device = await authenticateDevice(context.store, req);
  spendRateToken(context.callerLimiter, `device:${device.enrolmentId}`);
  const leave = context.deviceGate.enter(device.enrolmentId);
  try {
    return await receiveFrom(context, req, device.enrolmentId);
  } finally {
    leave();
  }
}

async function receiveFrom(context: RouteContext, req: IncomingMessage, enrolmentId: string): Promise<Reply> {
  context.deviceGate.assertBytesLeft(enrolmentId);
  const body = await readJsonBody(req, context.maxBodyBytes, (bytes) => context.deviceGate.charge(enrolmentId, bytes));
  const parsed = submissionSchema.safeParse(body);
  if (!parsed.success) throw new HttpProblem(400, 'invalid_submission', describeIssues(parsed.error));
  const submission = parsed.data;
  const problems = problemsWithCount(submission);
  if (problems.total > 0) {
    const more = problems.total > 5 ? `; and ${problems.total - 5} more` : '';
    throw new HttpProblem(400, 'invalid_submission', problems.listed.slice(0, 5).join('; ') + more);
  }
  const period = periodVerdict(submission.period, context.clock());
  if (!period.ok) throw new HttpProblem(period.status, period.code, period.reason);
  if (submission.enrolmentId !== enrolmentId) {
    throw new HttpProblem(
      403,
      'enrolment_mismatch',
      `this token belongs to enrolment ${enrolmentId}, not ${submission.enrolmentId}`,
    );
  }

  const canonicalBody = canonicalJson(submission);
  const outcome = await context.store.recordSubmission({
    submission,
    canonicalBody,
    bodySha256: sha256Hex(canonicalBody),
    receiptId: newReceiptId(),
    receivedAt: context.clock().toISOString(),
  });

  switch (outcome.outcome) {
    case 'refused':
      throw new HttpProblem(409, outcome.code, outcome.reason);
    case 'conflict':
      throw new HttpProblem(
        422,
        'submission_id_reused',
        `submission ${submission.submissionId} was already received with different content; ` +
          'a changed period must be sent as a new submission with a higher revision',
      );
    case 'new': {
      const { acknowledgement: ack } = outcome;
      return ack.status === 'stored'
        ? { status: 201, body: receiptOf(ack, 'stored') }
        : { status: 409, body: receiptOf(ack, 'stale') };
    }
    case 'repeat': {
      const { acknowledgement: ack } = outcome;
      // A resend of a stale revision is still stale: it never counted, and still does not.
      return ack.status === 'stored'
        ? { status: 200, body: receiptOf(ack, 'duplicate') }
        : { status: 409, body: receiptOf(ack, 'stale') };
    }
  }
}
