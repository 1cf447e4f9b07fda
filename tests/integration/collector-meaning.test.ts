// The collector checks what a submission means, not only its shape (issue 15): codes from the
// reference lists, bounded and protected figures, figures consistent with one another, periods
// that exist and have ended; and GET /v1/totals never answers a number a reader cannot hold.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema, MAX_FIGURE, type BoroughTables, type ProtectedCount, type Submission } from '../../main/sync/protocol.ts';
import { createReadToken } from '../../server/admin.ts';
import { createCollector } from '../../server/collector.ts';
import { bandCodes, eventKindCodes, outcomeCodes, topicCodes, topicGroupCodes } from '../../server/reference-codes.ts';
import type { CollectorStore } from '../../server/store/store.ts';
import { maxProblemsListed, submissionProblems } from '../../server/submission-checks.ts';
import { checkedAdd, TotalsOverflowError } from '../../server/totals.ts';
import {
  backends,
  boroughFigures,
  enrolDevice,
  getJson,
  manualClock,
  postJson,
  sampleSubmission,
  startCollector,
  type RunningCollector,
} from '../../server/testing/fixtures.ts';
import { totalsResponseSchema } from '../../server/wire.ts';

const sqlite = backends.find((b) => b.name === 'sqlite')!;
const lots = { burst: 100_000, perMinute: 100_000 };

let c: RunningCollector;
let device: { enrolmentId: string; token: string };
beforeAll(async () => {
  c = await startCollector(sqlite, { rateLimit: lots, enrolmentRateLimit: lots, enrolmentGlobalRateLimit: lots }, '2026-11-20T10:00:00.000Z');
  device = await enrolDevice(c);
});
afterAll(async () => {
  await c?.stop();
});

const submit = (body: unknown, as = device) => postJson(c.url, '/v1/submissions', body, as.token);
const refusal = async (response: Response) => errorBodySchema.parse(await response.json());

/** Sends `body`; expects it refused with `status` and a reason matching `reason`. */
async function expectRefused(body: unknown, status: number, reason: RegExp): Promise<void> {
  const response = await submit(body);
  const answer = await refusal(response);
  expect({ status: response.status, reason: answer.reason }).toMatchObject({ status, reason: expect.stringMatching(reason) });
}

/** A valid submission with `change` applied to its first borough. */
function withBorough(change: (borough: BoroughTables) => void, overrides: Partial<Submission> = {}): Submission {
  const submission = sampleSubmission(device.enrolmentId, { period: '2026-09', ...overrides });
  change(submission.boroughs[0]!);
  return submission;
}

describe('the cases found accepted with 201', () => {
  it('refuses a made-up topic, event kind and sex band', async () => {
    await expectRefused(
      withBorough((b) => (b.byTopic!.cells[0]!.topic = 'zz_made_up_topic')),
      400,
      /byTopic\.cells\[0\]\.topic: zz_made_up_topic is not a known topic/,
    );
    await expectRefused(
      withBorough((b) => (b.activity[0]!.eventKind = 'rocket_launch')),
      400,
      /activity\[0\]\.eventKind: rocket_launch is not a known event kind/,
    );
    await expectRefused(
      withBorough((b) => (b.byTopicGroupSex!.cells[0]!.band = 'martian')),
      400,
      /byTopicGroupSex\.cells\[0\]\.band: martian is not a known band/,
    );
  });

  it('refuses 2^53 − 1 visitors and 1e308 volunteer hours', async () => {
    await expectRefused(withBorough((b) => (b.activity[0]!.visitorsAdults = Number.MAX_SAFE_INTEGER)), 400, /visitorsAdults/);
    await expectRefused(withBorough((b) => (b.activity[0]!.volunteerHours = 1e308)), 400, /volunteerHours/);
  });

  it('refuses a cell above the borough’s conversations, and a topic × outcome cell beyond its topic', async () => {
    await expectRefused(
      withBorough((b) => (b.byTopicGroupAge!.cells[0]!.count = 50)),
      400,
      /byTopicGroupAge\.cells\[0\]\.count: 50 is more than the borough's 45 conversations/,
    );
    await expectRefused(
      withBorough((b) => b.byTopicOutcome!.cells.push({ topic: 'cancer_lung', outcome: 'referred', count: 'suppressed' })),
      400,
      /byTopicOutcome\.cells\[3\]\.count: suppressed is more than byTopic gives cancer_lung \(0\)/,
    );
    await expectRefused(
      withBorough((b) => b.byTopicGroupAge!.cells.push({ topicGroup: 'general_practice', band: 'under_18', count: 'suppressed' })),
      400,
      /row general_practice is listed as withheld/,
    );
    await expectRefused(
      withBorough((b) => {
        b.byTopic!.cells = b.byTopic!.cells.filter((cell) => cell.topic !== 'gp_access');
        b.byTopicOutcome!.withheldRows = ['smoking'];
        b.byTopicGroupSex!.withheldRows = [];
        b.byTopicGroupSex!.cells.push({ topicGroup: 'general_practice', band: 'male', count: 'suppressed' });
      }),
      400,
      /byTopicGroupSex\.cells\[3\]\.count: suppressed for general_practice, but byTopic gives every topic of general_practice 0/,
    );
  });

  it('refuses periods that do not exist, or have not ended', async () => {
    await expectRefused(sampleSubmission(device.enrolmentId, { period: '2025-W53' }), 400, /^period: 2025-W53 does not exist/);
    await expectRefused(sampleSubmission(device.enrolmentId, { period: '0000-01' }), 400, /^period: 0000-01 is before 2000/);
    await expectRefused(sampleSubmission(device.enrolmentId, { period: '2099-12' }), 422, /period 2099-12 has not ended/);
    // Its last day is in the year 10000 ("+010000-01-02"), which once sorted before today as text.
    await expectRefused(sampleSubmission(device.enrolmentId, { period: '9999-W52' }), 422, /period 9999-W52 has not ended/);
    // The collector's clock says 20 November 2026: November, and its week 47, are still open.
    await expectRefused(sampleSubmission(device.enrolmentId, { period: '2026-11' }), 422, /last day is 2026-11-30/);
    await expectRefused(sampleSubmission(device.enrolmentId, { period: '2026-W47' }), 422, /last day is 2026-11-22/);
    expect((await refusal(await submit(sampleSubmission(device.enrolmentId, { period: '2026-11' })))).error).toBe('period_not_closed');
  });

  it('takes a month from the end of its last London day, allowing a device clock an hour fast', async () => {
    const other = await enrolDevice(c);
    const october = () => sampleSubmission(other.enrolmentId, { period: '2026-10' });
    try {
      c.clock.set('2026-10-31T22:59:00.000Z'); // 22:59 in London (GMT): over an hour before November
      expect((await submit(october(), other)).status).toBe(422);
      c.clock.set('2026-10-31T23:00:00.000Z');
      expect((await submit(october(), other)).status).toBe(201);
    } finally {
      c.clock.set('2026-11-20T10:00:00.000Z');
    }
  });
});

// ---- Fuzzing: generated nonsense, each case sent to the running collector ----

const codeText = fc.stringMatching(/^[a-z0-9_]{1,64}$/);
const unknownCode = (known: ReadonlySet<string>) => codeText.filter((code) => !known.has(code));
const allBands = new Set(Object.values(bandCodes).flatMap((set) => [...set]));

/** Puts a made-up code in one place of a valid submission; says what the reason must name. */
const madeUpCode = fc.oneof(
  unknownCode(eventKindCodes).map((code) => ({ code, put: (b: BoroughTables) => (b.activity[1]!.eventKind = code) })),
  unknownCode(topicCodes).map((code) => ({ code, put: (b: BoroughTables) => (b.byTopic!.cells[1]!.topic = code) })),
  unknownCode(topicCodes).map((code) => ({ code, put: (b: BoroughTables) => (b.byTopicOutcome!.withheldRows[0] = code) })),
  unknownCode(outcomeCodes).map((code) => ({ code, put: (b: BoroughTables) => (b.byTopicOutcome!.cells[0]!.outcome = code) })),
  unknownCode(topicGroupCodes).map((code) => ({ code, put: (b: BoroughTables) => (b.byTopicGroupEthnicGroup!.cells[2]!.topicGroup = code) })),
  fc
    .tuple(unknownCode(allBands), fc.constantFrom('byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage') as fc.Arbitrary<keyof typeof bandCodes>)
    .map(([code, table]) => ({ code, put: (b: BoroughTables) => (b[table]!.cells[0]!.band = code) })),
);

/** A figure no device could send: past the bound, not whole, or not one the policy publishes. */
const impossibleFigure = fc.oneof(
  fc.integer({ min: MAX_FIGURE + 1, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 53, 1e308, Number.MAX_VALUE, -1, 0.5, 14.5),
  fc.double({ min: 0, max: 1e308, noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x) || x > MAX_FIGURE),
);
const unprotectedCount = fc.integer({ min: 1, max: MAX_FIGURE }).filter((n) => n <= 7 || n % 5 !== 0);

const figurePlaces: ((b: BoroughTables, value: number) => void)[] = [
  (b, v) => (b.activity[0]!.sessions = v),
  (b, v) => (b.activity[0]!.volunteerHours = v),
  (b, v) => (b.activity[0]!.visitorsAdults = v),
  (b, v) => (b.activity[1]!.visitorsChildren = v),
  (b, v) => (b.conversations = v),
  (b, v) => (b.byTopic!.cells[0]!.count = v),
  (b, v) => (b.byTopicGroupLanguage!.cells[1]!.count = v),
];
const protectedPlaces = figurePlaces.slice(2);

/** Periods the collector must refuse at 2026-11-20: impossible, or not yet over. */
const badPeriod = fc.oneof(
  // Years whose ISO calendar has 52 weeks, asked for a 53rd.
  fc.integer({ min: 2000, max: 2099 }).filter((y) => !hasWeek53(y)).map((y) => `${y}-W53`),
  fc.tuple(fc.integer({ min: 0, max: 1999 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${pad(y, 4)}-${pad(m, 2)}`),
  fc.tuple(fc.integer({ min: 2026, max: 9999 }), fc.integer({ min: 1, max: 12 }))
    .filter(([y, m]) => y > 2026 || m >= 11)
    .map(([y, m]) => `${pad(y, 4)}-${pad(m, 2)}`),
  fc.tuple(fc.integer({ min: 2026, max: 9999 }), fc.integer({ min: 1, max: 52 }))
    .filter(([y, w]) => y > 2026 || w >= 47)
    .map(([y, w]) => `${pad(y, 4)}-W${pad(w, 2)}`),
);

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** ISO years with a week 53: those whose 1 January is a Thursday, or a Wednesday in a leap year. */
function hasWeek53(year: number): boolean {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3);
}

describe('fuzzed nonsense is refused and stores nothing', () => {
  const runs = { numRuns: 100 };

  it('refuses any made-up code, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(madeUpCode, async ({ code, put }) => {
        const response = await submit(withBorough(put));
        const body = await refusal(response);
        expect(response.status).toBe(400);
        expect(body.reason).toContain(`${code} is not a known`);
      }),
      runs,
    );
  });

  it('refuses any figure past its bound, not whole, or not protected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.constantFrom(...figurePlaces), impossibleFigure),
          fc.tuple(fc.constantFrom(...protectedPlaces), unprotectedCount),
        ),
        async ([put, value]) => {
          const response = await submit(withBorough((b) => put(b, value)));
          expect(response.status, String(value)).toBe(400);
          expect((await refusal(response)).error).toBe('invalid_submission');
        },
      ),
      runs,
    );
  });

  it('refuses any impossible or still-open period', async () => {
    await fc.assert(
      fc.asyncProperty(badPeriod, async (period) => {
        const response = await submit(sampleSubmission(device.enrolmentId, { period }));
        expect([400, 422], period).toContain(response.status);
        expect(['invalid_submission', 'period_not_closed'], period).toContain((await refusal(response)).error);
      }),
      runs,
    );
    const reader = await createReadToken(c.store, c.clock);
    const totals = totalsResponseSchema.parse(await (await getJson(c.url, '/v1/totals?period=2099-12', reader)).json());
    expect(totals.boroughs).toEqual([]);
  });
});

// ---- The totals API: only safe integers, never null, whatever valid devices sent ----

const protectedFigure: fc.Arbitrary<ProtectedCount> = fc.oneof(
  fc.constantFrom<ProtectedCount>(0, 'suppressed', MAX_FIGURE),
  fc.integer({ min: 2, max: MAX_FIGURE / 5 }).map((n) => n * 5),
);

/** A borough with every figure drawn anywhere up to the bound, consistent with itself. */
const anyBorough = fc
  .record({
    authorityCode: fc.constantFrom('E09000023', 'E09000022', 'E09000001'),
    sessions: fc.integer({ min: 0, max: MAX_FIGURE }),
    hours: fc.integer({ min: 0, max: MAX_FIGURE }),
    adults: protectedFigure,
    children: protectedFigure,
    topicCount: protectedFigure,
    bandCount: protectedFigure,
  })
  .map(({ authorityCode, sessions, hours, adults, children, topicCount, bandCount }): BoroughTables => {
    const base = boroughFigures(authorityCode);
    return {
      ...base,
      activity: [{ eventKind: 'popup_shop', sessions, volunteerHours: hours, visitorsAdults: adults, visitorsChildren: children }],
      conversations: MAX_FIGURE,
      byTopic: {
        cells: [
          { topic: 'screening_bowel', count: MAX_FIGURE },
          { topic: 'mh_stress_anxiety', count: MAX_FIGURE },
          { topic: 'mh_low_mood', count: topicCount },
        ],
        withheldRows: [],
      },
      byTopicGroupAge: { cells: [{ topicGroup: 'cancer', band: 'age_75_plus', count: bandCount }], withheldRows: ['mental_health'] },
    };
  });

describe('GET /v1/totals', () => {
  it('answers only safe integers and no null figure, for any valid figures from several devices', async () => {
    const reader = await createReadToken(c.store, c.clock);
    const devices = [device, await enrolDevice(c), await enrolDevice(c)];
    const hostile = await enrolDevice(c);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uniqueArray(anyBorough, { selector: (b) => b.authorityCode, minLength: 1 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.tuple(fc.constantFrom(...figurePlaces), impossibleFigure), { minLength: 1, maxLength: 4 }),
        async (sends, nonsense) => {
          // A fresh week each run (shrinking included), every device sending it.
          run++;
          const period = `${2001 + Math.floor(run / 50)}-W${pad((run % 50) + 1, 2)}`;
          for (const [i, boroughs] of sends.entries()) {
            const response = await submit(sampleSubmission(devices[i]!.enrolmentId, { period, boroughs }), devices[i]);
            expect(response.status, await response.clone().text()).toBe(201);
          }
          // A device trying figures no device could send (2^53 − 1 visitors, 1e308 hours, ...),
          // twice, as two devices did when the totals answered a non-safe integer and null.
          for (const revision of [1, 2]) {
            const attempt = sampleSubmission(hostile.enrolmentId, { period, revision });
            for (const [put, value] of nonsense) put(attempt.boroughs[0]!, value);
            await (await submit(attempt, hostile)).body?.cancel();
          }
          const response = await getJson(c.url, `/v1/totals?period=${period}`, reader);
          expect(response.status).toBe(200);
          const text = await response.text();
          const numbers = [...text.matchAll(/:\s*(-?[\d.eE+]+)/g)].map((m) => Number(m[1]));
          expect(numbers.every(Number.isSafeInteger)).toBe(true);
          expect(text.replace(/"(london|borough)":null/g, '')).not.toContain('null');
          expect(totalsResponseSchema.safeParse(JSON.parse(text)).success).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers 500 rather than a sum past 2^53 − 1, with stored figures no check let through', async () => {
    // A store holding what today's checks refuse (a database written by a broken build):
    // the sums must fail loudly, never round or overflow into a wrong answer.
    const huge = sampleSubmission('dev_a', { boroughs: [boroughFigures()] });
    huge.boroughs[0]!.activity[0]!.visitorsAdults = Number.MAX_SAFE_INTEGER;
    const store: CollectorStore = {
      ...c.store,
      latestSubmissions: async () => [huge, { ...huge, enrolmentId: 'dev_b' }],
      latestSubmissionIds: async () => ['a', 'b'],
    };
    const errors: unknown[] = [];
    const collector = createCollector({ store, clock: manualClock(), logError: (_m, e) => errors.push(e) });
    const { url } = await collector.listen(0);
    try {
      const reader = await createReadToken(c.store, c.clock);
      const response = await getJson(url, '/v1/totals?period=2026-10', reader);
      expect(response.status).toBe(500);
      expect((await refusal(response)).error).toBe('internal_error');
      expect(errors[0]).toBeInstanceOf(TotalsOverflowError);
    } finally {
      await collector.close();
    }
    expect(() => checkedAdd(Number.MAX_SAFE_INTEGER, 1)).toThrow(TotalsOverflowError);
    expect(checkedAdd(Number.MAX_SAFE_INTEGER - 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('a body full of problems', () => {
  it('lists the first five and counts the rest, keeping only the first fifty in memory', async () => {
    const submission = withBorough((b) => {
      b.byTopicOutcome!.withheldRows = [];
      b.byTopicOutcome!.cells = Array.from({ length: 2000 }, (_, i) => ({ topic: `made_up_${i}`, outcome: 'referred', count: 10 }));
    });

    expect(submissionProblems(submission)).toHaveLength(maxProblemsListed);
    const response = await submit(submission);
    expect(response.status).toBe(400);
    const { reason } = await refusal(response);
    // Each made-up topic is unknown, and byTopic gives it 0: two problems per cell.
    expect(reason).toMatch(/^boroughs\[0\]\.byTopicOutcome\.cells\[0\]\.topic: made_up_0 is not a known topic; .*; and 3995 more$/);
  });
});
