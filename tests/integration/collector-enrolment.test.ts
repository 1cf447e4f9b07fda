// Device enrolment and read tokens: single-use, expiring codes; secrets stored only as digests.
import { afterEach, describe, expect, it } from 'vitest';
import { enrolmentResponseSchema, errorBodySchema } from '../../main/sync/protocol.ts';
import { createReadToken, issueEnrolmentCode } from '../../server/admin.ts';
import { sha256Hex } from '../../server/secrets.ts';
import {
  backends,
  getJson,
  postJson,
  sampleSubmission,
  startCollector,
  type RunningCollector,
} from '../../server/testing/fixtures.ts';
import type { CollectorOptions } from '../../server/collector.ts';

describe.each(backends)('collector enrolment on $name', (backend) => {
  if (backend.skipReason) {
    it.skip(backend.skipReason, () => {});
    return;
  }

  const running: RunningCollector[] = [];
  const start = async (options: Omit<CollectorOptions, 'store' | 'clock'> = {}) => {
    const collector = await startCollector(backend, options);
    running.push(collector);
    return collector;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((collector) => collector.stop()));
  });

  const refusal = async (response: Response) => errorBodySchema.parse(await response.json()).error;

  it('gives a device an enrolment id and a token that it can submit with', async () => {
    const c = await start();
    const { code } = await issueEnrolmentCode(c.store, c.clock);

    const response = await postJson(c.url, '/v1/enrolments', { code });

    expect(response.status).toBe(201);
    const enrolment = enrolmentResponseSchema.parse(await response.json());
    expect(Buffer.from(enrolment.token, 'base64url')).toHaveLength(32);
    const submitted = await postJson(c.url, '/v1/submissions', sampleSubmission(enrolment.enrolmentId), enrolment.token);
    expect(submitted.status).toBe(201);
  });

  it('accepts a code typed in lower case, with spaces instead of hyphens', async () => {
    const c = await start();
    const { code } = await issueEnrolmentCode(c.store, c.clock);

    const response = await postJson(c.url, '/v1/enrolments', { code: code.toLowerCase().replace(/-/g, ' ') });

    expect(response.status).toBe(201);
  });

  it('refuses a code the second time, and the first device keeps its token', async () => {
    const c = await start();
    const { code } = await issueEnrolmentCode(c.store, c.clock);
    const first = enrolmentResponseSchema.parse(await (await postJson(c.url, '/v1/enrolments', { code })).json());

    const again = await postJson(c.url, '/v1/enrolments', { code });

    expect(again.status).toBe(403);
    expect(await refusal(again)).toBe('enrolment_code_used');
    const submitted = await postJson(c.url, '/v1/submissions', sampleSubmission(first.enrolmentId), first.token);
    expect(submitted.status).toBe(201);
  });

  it('enrols exactly one device when the same code is sent ten times at once', async () => {
    const c = await start({ enrolmentRateLimit: { burst: 100, perMinute: 100 } });
    const { code } = await issueEnrolmentCode(c.store, c.clock);

    const statuses = await Promise.all(
      Array.from({ length: 10 }, async () => (await postJson(c.url, '/v1/enrolments', { code })).status),
    );

    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 403)).toHaveLength(9);
  });

  it('refuses an expired code', async () => {
    const c = await start();
    const { code } = await issueEnrolmentCode(c.store, c.clock, { validHours: 1 });
    c.clock.advance(60 * 60 * 1000);

    const response = await postJson(c.url, '/v1/enrolments', { code });

    expect(response.status).toBe(403);
    expect(await refusal(response)).toBe('enrolment_code_expired');
  });

  it('accepts a code until the moment it expires', async () => {
    const c = await start();
    const { code } = await issueEnrolmentCode(c.store, c.clock, { validHours: 1 });
    c.clock.advance(60 * 60 * 1000 - 1);

    expect((await postJson(c.url, '/v1/enrolments', { code })).status).toBe(201);
  });

  it('refuses a code it never issued, well-formed or not', async () => {
    const c = await start();
    await issueEnrolmentCode(c.store, c.clock);

    const wellFormed = await postJson(c.url, '/v1/enrolments', { code: 'ABCD-EFGH-JKMN-PQRS-TVWX' });
    const garbage = await postJson(c.url, '/v1/enrolments', { code: 'let me in' });

    expect(wellFormed.status).toBe(403);
    expect(await refusal(wellFormed)).toBe('enrolment_code_unknown');
    expect(garbage.status).toBe(403);
    expect(await refusal(garbage)).toBe('enrolment_code_unknown');
  });

  it('answers 400 with a reason for a body without a code, and 415 for a form post', async () => {
    const c = await start();

    const noCode = await postJson(c.url, '/v1/enrolments', { token: 'x' });
    const form = await fetch(new URL('/v1/enrolments', c.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'code=ABCD',
    });

    expect(noCode.status).toBe(400);
    const body = errorBodySchema.parse(await noCode.json());
    expect(body.reason).toMatch(/code/);
    expect(form.status).toBe(415);
  });

  it('limits enrolment attempts from one address, saying when to try again', async () => {
    const c = await start({ enrolmentRateLimit: { burst: 3, perMinute: 2 } });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 10 && !limited; attempt++) {
      const response = await postJson(c.url, '/v1/enrolments', { code: 'ABCD-EFGH-JKMN-PQRS-TVWX' });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.body?.cancel();
    }

    expect(statuses).toEqual([403, 403, 403, 429]);
    expect(limited!.headers.get('retry-after')).toBe('30');
  });

  it('keeps only digests of device tokens, read tokens and enrolment codes', async () => {
    const c = await start();
    const { code } = await issueEnrolmentCode(c.store, c.clock);
    const enrolment = enrolmentResponseSchema.parse(await (await postJson(c.url, '/v1/enrolments', { code })).json());
    const readToken = await createReadToken(c.store, c.clock, 'coordinator');
    expect((await getJson(c.url, '/v1/totals?period=2026-10', readToken)).status).toBe(200);

    const contents = await c.database.rawContents();

    expect(contents).toContain(enrolment.enrolmentId); // the dump really has the rows in it
    expect(contents).toContain(sha256Hex(enrolment.token));
    expect(contents).toContain(sha256Hex(readToken));
    expect(contents).not.toContain(enrolment.token);
    expect(contents).not.toContain(readToken);
    expect(contents).not.toContain(code);
    expect(contents).not.toContain(code.replace(/-/g, ''));
  });
});
