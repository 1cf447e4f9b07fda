// POST /v1/enrolments {code} -> 201 {enrolmentId, token}: a device spends a single-use code
// its coordinator issued (node server/cli.ts issue-code) for its own bearer token.
import type { IncomingMessage } from 'node:http';
import { enrolmentRequestSchema, type EnrolmentResponse } from '../../main/sync/protocol.ts';
import { spendRateToken } from '../auth.ts';
import { describeIssues, HttpProblem, readJsonBody, type Reply } from '../http-io.ts';
import { canonicalEnrolmentCode, newBearerToken, newEnrolmentId, sha256Hex } from '../secrets.ts';
import type { RouteContext } from './context.ts';

// A code is a few dozen bytes; nothing bigger is worth reading before anyone is authenticated.
const maxEnrolmentBodyBytes = 4096;

const refusals = {
  unknown: 'this enrolment code is not one the collector issued; check it for typos',
  used: 'this enrolment code has already been used; ask your coordinator for a new one',
  expired: 'this enrolment code has expired; ask your coordinator for a new one',
} as const;

const refuse = (why: keyof typeof refusals) => new HttpProblem(403, `enrolment_code_${why}`, refusals[why]);

export async function enrolDevice(context: RouteContext, req: IncomingMessage): Promise<Reply> {
  spendRateToken(context.enrolmentLimiter, `address:${context.clientAddressOf(req)}`);
  // However many addresses an attacker has, codes are tried no faster than this in all.
  spendRateToken(context.enrolmentGlobalLimiter, 'all');
  const parsed = enrolmentRequestSchema.safeParse(await readJsonBody(req, maxEnrolmentBodyBytes));
  if (!parsed.success) throw new HttpProblem(400, 'invalid_enrolment', describeIssues(parsed.error));

  const code = canonicalEnrolmentCode(parsed.data.code);
  if (code === undefined) throw refuse('unknown');

  const token = newBearerToken();
  const redemption = await context.store.redeemEnrolmentCode({
    codeSha256: sha256Hex(code),
    enrolmentId: newEnrolmentId(),
    tokenSha256: sha256Hex(token),
    now: context.clock().toISOString(),
  });
  if (redemption.outcome !== 'enrolled') throw refuse(redemption.outcome);
  const body: EnrolmentResponse = { enrolmentId: redemption.enrolmentId, token };
  return { status: 201, body };
}
