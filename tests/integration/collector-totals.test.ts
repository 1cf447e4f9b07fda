// GET /v1/totals: London-wide sums of each device's latest revision, per borough and table.
import { afterEach, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../main/sync/protocol.ts';
import { createReadToken } from '../../server/admin.ts';
import {
  backends,
  boroughFigures,
  enrolDevice,
  getJson,
  postJson,
  quietBorough,
  sampleSubmission,
  startCollector,
  type RunningCollector,
} from '../../server/testing/fixtures.ts';
import { totalsResponseSchema, type TotalsResponse } from '../../server/wire.ts';

const lewisham = 'E09000023';
const lambeth = 'E09000022';

describe.each(backends)('collector totals on $name', (backend) => {
  if (backend.skipReason) {
    it.skip(backend.skipReason, () => {});
    return;
  }

  let c: RunningCollector;
  afterEach(async () => {
    await c?.stop();
  });

  const send = async (device: { enrolmentId: string; token: string }, ...args: Parameters<typeof sampleSubmission>) => {
    const response = await postJson(c.url, '/v1/submissions', sampleSubmission(...args), device.token);
    expect([201, 409]).toContain(response.status);
  };

  /** Three devices; device B revised its October figures, device A also sent September. */
  const londonOctober = async () => {
    c = await startCollector(backend);
    const [a, b, quiet] = [await enrolDevice(c), await enrolDevice(c), await enrolDevice(c)];
    await send(a, a.enrolmentId, { boroughs: [boroughFigures(lewisham, 1), boroughFigures(lambeth, 2)] });
    await send(a, a.enrolmentId, { period: '2026-09', boroughs: [boroughFigures(lewisham, 5)] });
    await send(b, b.enrolmentId, { revision: 1, boroughs: [boroughFigures(lewisham, 3)] });
    await send(b, b.enrolmentId, { revision: 2, boroughs: [boroughFigures(lewisham, 1)] });
    await send(quiet, quiet.enrolmentId, { boroughs: [quietBorough(lewisham)] });
    return createReadToken(c.store, c.clock, 'London coordinator');
  };

  const totals = async (query: string, token: string): Promise<TotalsResponse> => {
    const response = await getJson(c.url, `/v1/totals?${query}`, token);
    expect(response.status).toBe(200);
    return totalsResponseSchema.parse(await response.json());
  };

  it('adds up the published values of the latest revisions, counting suppressed cells apart', async () => {
    const reader = await londonOctober();

    const { london, boroughs, borough, period } = await totals('period=2026-10', reader);

    expect({ period, borough }).toEqual({ period: '2026-10', borough: null });
    // A: Lewisham 45 + Lambeth 90; B's revision 2: Lewisham 45 (its revision 1, 135, is gone);
    // the quiet device: suppressed.
    expect(london!.conversations).toEqual({ sum: 180, suppressedCells: 1 });
    expect(london!.devices).toBe(3);
    // The quiet borough sent no tables (7 or fewer conversations): it adds to no cell.
    expect(london!.byTopic.cells).toEqual([
      { topic: 'gp_access', count: { sum: 0, suppressedCells: 3 } },
      { topic: 'mh_stress_anxiety', count: { sum: 15 + 30 + 15, suppressedCells: 0 } },
      { topic: 'screening_bowel', count: { sum: 20 + 40 + 20, suppressedCells: 0 } },
      { topic: 'smoking', count: { sum: 0, suppressedCells: 3 } },
    ]);
    expect(london!.byTopic.withheldRows).toBe(0);
    expect(boroughs.map((b) => [b.authorityCode, b.devices, b.conversations])).toEqual([
      [lambeth, 1, { sum: 90, suppressedCells: 0 }],
      [lewisham, 3, { sum: 90, suppressedCells: 1 }],
    ]);
  });

  it('reports withheld rows as withheld, never as zeros, and adds nothing for them', async () => {
    const reader = await londonOctober();

    const { london, boroughs } = await totals('period=2026-10', reader);

    // Each of the three tables-bearing borough submissions withheld gp_access and smoking in
    // topic x outcome, and general practice in each band table.
    expect(london!.byTopicOutcome.withheldRows).toBe(6);
    expect(london!.byTopicOutcome.withheldByRow).toEqual([
      { row: 'gp_access', count: 3 },
      { row: 'smoking', count: 3 },
    ]);
    expect(london!.byTopicOutcome.cells.some((cell) => cell.topic === 'gp_access' || cell.topic === 'smoking')).toBe(false);
    for (const table of ['byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage'] as const) {
      expect(london![table].withheldByRow, table).toEqual([{ row: 'general_practice', count: 3 }]);
      expect(london![table].cells.some((cell) => cell.topicGroup === 'general_practice'), table).toBe(false);
    }
    expect(boroughs.find((b) => b.authorityCode === lambeth)!.byTopicGroupAge.withheldRows).toBe(1);
  });

  it('adds activity measures exactly, and protected visitors as protected sums', async () => {
    const reader = await londonOctober();

    const { london, boroughs } = await totals('period=2026-10', reader);

    expect(london!.activity).toEqual([
      {
        eventKind: 'community_stall',
        sessions: 2 + 4 + 2,
        volunteerHours: 6 + 12 + 6,
        visitorsAdults: { sum: 40 + 80 + 40, suppressedCells: 0 },
        visitorsChildren: { sum: 0, suppressedCells: 3 },
      },
      {
        eventKind: 'popup_shop',
        sessions: 4 + 8 + 4,
        volunteerHours: 15 + 30 + 15,
        visitorsAdults: { sum: 210 + 420 + 210, suppressedCells: 0 },
        visitorsChildren: { sum: 30 + 60 + 30, suppressedCells: 0 },
      },
      {
        eventKind: 'talk_workshop',
        sessions: 1,
        volunteerHours: 1,
        visitorsAdults: { sum: 0, suppressedCells: 1 },
        visitorsChildren: { sum: 0, suppressedCells: 0 },
      },
    ]);
    expect(boroughs.find((b) => b.authorityCode === lambeth)!.activity[1]).toEqual({
      eventKind: 'popup_shop',
      sessions: 8,
      volunteerHours: 30,
      visitorsAdults: { sum: 420, suppressedCells: 0 },
      visitorsChildren: { sum: 60, suppressedCells: 0 },
    });
  });

  it('sums one borough when asked, with no London line', async () => {
    const reader = await londonOctober();

    const answer = await totals(`period=2026-10&borough=${lambeth}`, reader);

    expect(answer.borough).toBe(lambeth);
    expect(answer.london).toBeNull();
    expect(answer.boroughs.map((b) => b.authorityCode)).toEqual([lambeth]);
    expect(answer.boroughs[0]!.conversations).toEqual({ sum: 90, suppressedCells: 0 });
  });

  it('keeps periods apart, and answers an empty period with zeros', async () => {
    const reader = await londonOctober();

    const september = await totals('period=2026-09', reader);
    const november = await totals('period=2026-11', reader);

    expect(september.london!.conversations).toEqual({ sum: 225, suppressedCells: 0 });
    expect(september.london!.devices).toBe(1);
    expect(november.boroughs).toEqual([]);
    expect(november.london!.conversations).toEqual({ sum: 0, suppressedCells: 0 });
  });

  it('answers 401 without a read token, and to a device token', async () => {
    c = await startCollector(backend);
    const device = await enrolDevice(c);

    const anonymous = await getJson(c.url, '/v1/totals?period=2026-10');
    const asDevice = await getJson(c.url, '/v1/totals?period=2026-10', device.token);

    expect(anonymous.status).toBe(401);
    expect(asDevice.status).toBe(401);
  });

  it('answers 400 with a reason for a bad period, an unknown or repeated parameter', async () => {
    c = await startCollector(backend);
    const reader = await createReadToken(c.store, c.clock);

    const cases = ['period=2026-13', 'period=2026-10&ward=x', 'period=2026-10&period=2026-11', 'borough=E09000023', 'period=2026-10&borough=W06000015'];
    const reasons = await Promise.all(
      cases.map(async (query) => {
        const response = await getJson(c.url, `/v1/totals?${query}`, reader);
        expect(response.status, query).toBe(400);
        return errorBodySchema.parse(await response.json()).reason;
      }),
    );

    expect(reasons[0]).toMatch(/^period:/);
    expect(reasons[1]).toMatch(/ward/);
    expect(reasons[2]).toMatch(/more than once/);
    expect(reasons[3]).toMatch(/^period:/);
    expect(reasons[4]).toMatch(/^borough:/);
  });
});
