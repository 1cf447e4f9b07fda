// GET /v1/totals?period=YYYY-MM[&borough=E09...]: London-wide sums for coordinators.
import type { IncomingMessage } from 'node:http';
import { authenticateReader, spendRateToken } from '../auth.ts';
import { describeIssues, HttpProblem, type Reply } from '../http-io.ts';
import { totalsAnswer } from '../totals.ts';
import { totalsQuerySchema, totalsResponseSchema } from '../wire.ts';
import type { RouteContext } from './context.ts';

function queryObject(params: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name in query) throw new HttpProblem(400, 'invalid_query', `${name} is given more than once`);
    query[name] = value;
  }
  return query;
}

export async function readTotals(context: RouteContext, req: IncomingMessage, url: URL): Promise<Reply> {
  const reader = await authenticateReader(context.store, req);
  spendRateToken(context.callerLimiter, `reader:${reader.readerId}`);
  const parsed = totalsQuerySchema.safeParse(queryObject(url.searchParams));
  if (!parsed.success) throw new HttpProblem(400, 'invalid_query', describeIssues(parsed.error));
  const totals = await context.totalsCache.periodTotals(parsed.data.period);
  const answer = totalsAnswer(totals, parsed.data, context.clock().toISOString());
  // The collector's own answer is checked like any input: a wrong figure is a 500, never sent.
  const checked = totalsResponseSchema.safeParse(answer);
  if (!checked.success) throw new Error(`the totals failed their own schema: ${describeIssues(checked.error)}`);
  return { status: 200, body: checked.data };
}
