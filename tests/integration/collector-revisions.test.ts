// Issue 11 at the collector: only the latest revision's body of a period is kept, and a period
// is never taken at a second grain or with a lower policy (409, decided in the store's transaction).
import { afterEach, describe, expect, it } from 'vitest';
import { errorBodySchema, GRAIN_CONFLICT, POLICY_LOWERED, receiptSchema, type Submission } from '../../main/sync/protocol.ts';
import type { CollectorOptions } from '../../server/collector.ts';
import {
  backends,
  boroughFigures,
  defaultPolicy,
  enrolDevice,
  postJson,
  sampleSubmission,
  startCollector,
  type RunningCollector,
} from '../../server/testing/fixtures.ts';

describe.each(backends)('collector revisions on $name', (backend) => {
  if (backend.skipReason) {
    it.skip(backend.skipReason, () => {});
    return;
  }

  const running: RunningCollector[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((collector) => collector.stop()));
  });

  const withDevice = async (options: Omit<CollectorOptions, 'store' | 'clock'> = {}) => {
    const c = await startCollector(backend, options, '2026-12-07T12:00:00.000Z');
    running.push(c);
    const device = await enrolDevice(c);
    const submit = (body: Submission) => postJson(c.url, '/v1/submissions', body, device.token);
    return { c, device, submit };
  };

  /** Does the raw dump hold a body with this many sessions (PostgreSQL's jsonb prints a space)? */
  const holds = (contents: string, sessions: number) => new RegExp(`"sessions":\\s*${sessions}\\b`).test(contents);

  /** A revision whose body carries a figure found nowhere else (sessions of a training event). */
  const marked = (enrolmentId: string, revision: number, sessions: number): Submission => {
    const figures = boroughFigures('E09000023', revision);
    figures.activity.push({ eventKind: 'volunteer_training', sessions, volunteerHours: 3, visitorsAdults: 0, visitorsChildren: 0 });
    return sampleSubmission(enrolmentId, { revision, boroughs: [figures] });
  };

  describe('only the latest body', () => {
    it('erases the replaced revision’s body from the database, and still answers a resend of it', async () => {
      const { c, device, submit } = await withDevice();
      const first = marked(device.enrolmentId, 1, 987_651);
      const second = marked(device.enrolmentId, 2, 987_652);
      expect((await submit(first)).status).toBe(201);
      expect(holds(await c.database.rawContents(), 987_651)).toBe(true); // the dump really holds bodies

      expect((await submit(second)).status).toBe(201);

      const contents = await c.database.rawContents();
      expect(holds(contents, 987_651)).toBe(false);
      expect(holds(contents, 987_652)).toBe(true);
      // Its acknowledgement stays: the same submission again is still a duplicate, not new.
      const again = await submit(first);
      expect(again.status).toBe(200);
      expect(receiptSchema.parse(await again.json())).toMatchObject({ submissionId: first.submissionId, status: 'duplicate', revision: 1 });
      expect((await c.store.latestSubmissions('2026-10')).map((s) => s.revision)).toEqual([2]);
    });

    it('keeps no body of a stale revision, and the latest one stays', async () => {
      const { c, device, submit } = await withDevice();
      expect((await submit(marked(device.enrolmentId, 3, 987_653))).status).toBe(201);

      const stale = await submit(marked(device.enrolmentId, 2, 987_654));

      expect(stale.status).toBe(409);
      const contents = await c.database.rawContents();
      expect(holds(contents, 987_654)).toBe(false);
      expect(holds(contents, 987_653)).toBe(true);
    });
  });

  describe('one grain per period', () => {
    const refusal = async (response: Response) => errorBodySchema.parse(await response.json());

    it('refuses a week overlapping a month the device sent, and a month overlapping its weeks: 409 period_grain_conflict', async () => {
      const { device, submit } = await withDevice();
      expect((await submit(sampleSubmission(device.enrolmentId, { period: '2026-10' }))).status).toBe(201);
      expect((await submit(sampleSubmission(device.enrolmentId, { period: '2026-W46' }))).status).toBe(201);

      // 2026-W44 is 26 October to 1 November: it shares five days with October.
      const week = await submit(sampleSubmission(device.enrolmentId, { period: '2026-W44' }));
      expect(week.status).toBe(409);
      const weekRefusal = await refusal(week);
      expect(weekRefusal.error).toBe(GRAIN_CONFLICT);
      expect(weekRefusal.reason).toMatch(/2026-W44 shares days with 2026-10/);

      // November holds week 46 (9 to 15 November).
      const month = await submit(sampleSubmission(device.enrolmentId, { period: '2026-11' }));
      expect(month.status).toBe(409);
      expect(await refusal(month)).toMatchObject({ error: GRAIN_CONFLICT, reason: expect.stringMatching(/2026-W46/) });
    });

    it('takes a week that shares no day with the device’s months, and another device’s overlapping week', async () => {
      const { c, device, submit } = await withDevice();
      expect((await submit(sampleSubmission(device.enrolmentId, { period: '2026-10' }))).status).toBe(201);
      const other = await enrolDevice(c);

      // 2026-W45 starts on Monday 2 November.
      expect((await submit(sampleSubmission(device.enrolmentId, { period: '2026-W45' }))).status).toBe(201);
      const theirs = await postJson(c.url, '/v1/submissions', sampleSubmission(other.enrolmentId, { period: '2026-W44' }), other.token);
      expect(theirs.status).toBe(201);
    });

    it('lets only one of a month and an overlapping week sent at once be stored', async () => {
      const { c, device, submit } = await withDevice();
      const statuses = await Promise.all(
        ['2026-10', '2026-W44'].map(async (period) => (await submit(sampleSubmission(device.enrolmentId, { period }))).status),
      );
      expect(statuses.sort()).toEqual([201, 409]);
      const stored = [...(await c.store.latestSubmissions('2026-10')), ...(await c.store.latestSubmissions('2026-W44'))];
      expect(stored).toHaveLength(1);
    });
  });

  describe('one policy per period', () => {
    it('refuses a revision with a lower threshold or rounding base: 409 policy_lowered, and keeps the first', async () => {
      const { c, device, submit } = await withDevice();
      const raised = { ...defaultPolicy, threshold: 10, roundingBase: 10 };
      const first = sampleSubmission(device.enrolmentId, { revision: 1, policy: raised, boroughs: [boroughFigures('E09000023', 2)] });
      expect((await submit(first)).status).toBe(201);

      for (const policy of [{ ...raised, threshold: 9 }, { ...raised, roundingBase: 5 }]) {
        const lowered = await submit(sampleSubmission(device.enrolmentId, { revision: 2, policy, boroughs: [boroughFigures('E09000023', 2)] }));
        expect(lowered.status).toBe(409);
        const body = errorBodySchema.parse(await lowered.json());
        expect(body.error).toBe(POLICY_LOWERED);
        expect(body.reason).toMatch(/threshold 10 and rounding base 10/);
      }
      expect((await c.store.latestSubmissions('2026-10')).map((s) => s.submissionId)).toEqual([first.submissionId]);
    });

    it('takes a revision with the same or a raised policy, and another period with a lower one', async () => {
      const { device, submit } = await withDevice();
      const policy = { ...defaultPolicy, threshold: 10, roundingBase: 10 };
      const figures = [boroughFigures('E09000023', 2)];
      expect((await submit(sampleSubmission(device.enrolmentId, { revision: 1, policy, boroughs: figures }))).status).toBe(201);
      expect((await submit(sampleSubmission(device.enrolmentId, { revision: 2, policy, boroughs: figures }))).status).toBe(201);
      const higher = { ...policy, threshold: 12 };
      expect((await submit(sampleSubmission(device.enrolmentId, { revision: 3, policy: higher, boroughs: figures }))).status).toBe(201);
      // A period not sent before takes whatever policy is in force now.
      expect((await submit(sampleSubmission(device.enrolmentId, { period: '2026-09' }))).status).toBe(201);
    });
  });
});
