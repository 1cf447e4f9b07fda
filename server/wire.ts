// The coordinators' totals API, which only the collector and its readers speak; everything a
// device sends or receives (enrolment, submissions, receipts) is in main/sync/protocol.ts.
import { z } from 'zod';
import { authorityCode, periodId } from '../main/sync/protocol.ts';

export const totalsQuerySchema = z
  .object({
    period: periodId,
    borough: authorityCode.optional(),
  })
  .strict();

/** Every number the API answers: a whole number a reader's JSON parser holds exactly. */
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * A sum of protected counts. `sum` adds the published values only; each contribution sent as
 * 'suppressed' adds nothing to it and one to `suppressedCells` (docs/sync-protocol.md).
 */
export const protectedSumSchema = z.object({ sum: count, suppressedCells: count }).strict();
export type ProtectedSum = z.infer<typeof protectedSumSchema>;

const code = z.string().regex(/^[a-z0-9_]{1,64}$/);

/**
 * A table summed over devices. A row a device withheld adds nothing to any cell (its cells are
 * unknown, not 0): `withheldRows` counts such rows, and `withheldByRow` says which they were.
 */
const summedCells = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({
      cells: z.array(z.object({ ...shape, count: protectedSumSchema }).strict()),
      withheldRows: count,
      withheldByRow: z.array(z.object({ row: code, count }).strict()),
    })
    .strict();

export const activityTotalSchema = z
  .object({
    eventKind: code,
    sessions: count,
    volunteerHours: count,
    visitorsAdults: protectedSumSchema,
    visitorsChildren: protectedSumSchema,
  })
  .strict();
export type ActivityTotal = z.infer<typeof activityTotalSchema>;

const areaShape = {
  /** Devices whose latest revision for the period has figures for this area. */
  devices: count,
  activity: z.array(activityTotalSchema),
  conversations: protectedSumSchema,
  byTopic: summedCells({ topic: code }),
  byTopicOutcome: summedCells({ topic: code, outcome: code }),
  byTopicGroupAge: summedCells({ topicGroup: code, band: code }),
  byTopicGroupSex: summedCells({ topicGroup: code, band: code }),
  byTopicGroupEthnicGroup: summedCells({ topicGroup: code, band: code }),
  byTopicGroupLanguage: summedCells({ topicGroup: code, band: code }),
};

export const areaTotalsSchema = z.object(areaShape).strict();
export type AreaTotals = z.infer<typeof areaTotalsSchema>;

export const boroughTotalsSchema = z.object({ authorityCode, ...areaShape }).strict();
export type BoroughTotals = z.infer<typeof boroughTotalsSchema>;

export const totalsResponseSchema = z
  .object({
    period: periodId,
    /** The borough asked for, or null for all of London. */
    borough: authorityCode.nullable(),
    generatedAt: z.iso.datetime(),
    /** All London: the boroughs below added up. Null when one borough was asked for. */
    london: areaTotalsSchema.nullable(),
    boroughs: z.array(boroughTotalsSchema),
  })
  .strict();
export type TotalsResponse = z.infer<typeof totalsResponseSchema>;
