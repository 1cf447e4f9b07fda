// The wire format between a device and the collector (docs/sync-protocol.md). Both sides
// parse with these schemas: the collector validates what it receives, the client validates
// the receipt it gets back. Only counts cross this boundary, at borough x period grain.
import { z } from 'zod';

/**
 * 2: disclosure policy version 2 (PRODUCT.md, "What leaves the device"): visitors protected,
 * whole hours, small groups withheld, no table totals, conversation tables absent for a
 * borough of 7 or fewer. Version 1 bodies published exact visitors and are refused.
 */
export const SCHEMA_VERSION = 2;

/**
 * A protected count of people (PRODUCT.md, "What leaves the device", rule 3): 0, or a
 * multiple of the rounding base above the threshold, or 'suppressed' (not published: at least
 * 1; 1..threshold under the primary rule, more when hidden by complementary suppression).
 */
/** Far above a month of any borough's activity; keeps every sum of figures a safe integer. */
export const MAX_FIGURE = 10_000_000;

export const protectedCount = z.union([z.number().int().nonnegative().max(MAX_FIGURE), z.literal('suppressed')]);
export type ProtectedCount = z.infer<typeof protectedCount>;

const code = z.string().regex(/^[a-z0-9_]{1,64}$/);
export const authorityCode = z.string().regex(/^E09\d{6}$/);
/** A calendar month (2026-10) or an ISO week (2026-W43). */
export const periodId = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|W(0[1-9]|[1-4]\d|5[0-3]))$/);

export const policySchema = z
  .object({
    // NHS Digital's disclosure control for sub-national counts (HES, 2018): suppress 1..7,
    // round the rest to the nearest 5; totals protected from the exact sum.
    method: z.literal('nhsd-hes-2018'),
    threshold: z.number().int().min(7).max(100),
    roundingBase: z.number().int().min(5).max(100),
  })
  .strict();
export type DisclosurePolicy = z.infer<typeof policySchema>;

/** The conversation tables of a borough, in the order they are sent. */
export const TABLE_NAMES = [
  'byTopic',
  'byTopicOutcome',
  'byTopicGroupAge',
  'byTopicGroupSex',
  'byTopicGroupEthnicGroup',
  'byTopicGroupLanguage',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const activityRow = z
  .object({
    eventKind: code,
    /** Exact: sessions describe no person. */
    sessions: z.number().int().nonnegative().max(MAX_FIGURE),
    /** Rounded to whole hours. */
    volunteerHours: z.number().int().nonnegative().max(MAX_FIGURE),
    /** Visitors are people: protected like conversations. */
    visitorsAdults: protectedCount,
    visitorsChildren: protectedCount,
  })
  .strict();

/**
 * A protected table. `cells` lists every cell not 0 of the rows that are published; a cell
 * not listed in a published row is 0. `withheldRows` names rows (by their first code: topic
 * group, or topic in topic x outcome and in by-topic) that are not published at all: their
 * cells are unknown, zeros included (a group of 7 or fewer, or complementary withholding).
 */
const cells = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({
      cells: z.array(z.object({ ...shape, count: protectedCount }).strict()).max(2000),
      withheldRows: z.array(code).max(200),
    })
    .strict();

export const boroughTables = z
  .object({
    authorityCode,
    activity: z.array(activityRow).max(100),
    /** Distinct conversations in the borough and period. */
    conversations: protectedCount,
    /** The conversation tables: present exactly when `conversations` is a number above 0. */
    byTopic: cells({ topic: code }).optional(),
    byTopicOutcome: cells({ topic: code, outcome: code }).optional(),
    byTopicGroupAge: cells({ topicGroup: code, band: code }).optional(),
    byTopicGroupSex: cells({ topicGroup: code, band: code }).optional(),
    byTopicGroupEthnicGroup: cells({ topicGroup: code, band: code }).optional(),
    byTopicGroupLanguage: cells({ topicGroup: code, band: code }).optional(),
  })
  .strict()
  .refine(
    (borough) => {
      const withTables = TABLE_NAMES.filter((table) => borough[table] !== undefined).length;
      const published = typeof borough.conversations === 'number' && borough.conversations > 0;
      return withTables === (published ? TABLE_NAMES.length : 0);
    },
    { message: 'the six conversation tables are sent exactly when conversations is a number above 0' },
  );
export type BoroughTables = z.infer<typeof boroughTables>;

export const submissionSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    submissionId: z.uuid(),
    enrolmentId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
    period: periodId,
    revision: z.number().int().positive(),
    policy: policySchema,
    boroughs: z.array(boroughTables).max(33),
  })
  .strict();
export type Submission = z.infer<typeof submissionSchema>;

export const receiptSchema = z
  .object({
    submissionId: z.uuid(),
    receiptId: z.string().min(1).max(100),
    /** stored: new; duplicate: this submission id was stored before; stale: an equal or newer revision is held. */
    status: z.enum(['stored', 'duplicate', 'stale']),
    period: periodId,
    revision: z.number().int().positive(),
    receivedAt: z.iso.datetime(),
  })
  .strict();
export type Receipt = z.infer<typeof receiptSchema>;

export const errorBodySchema = z.object({ error: z.string(), reason: z.string() });

/** A device's enrolment id, as its organisation's collector issued it. */
export const enrolmentId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** POST /v1/enrolments: a one-off code issued by the organisation, typed in by a coordinator. */
export const enrolmentRequestSchema = z.object({ code: z.string().min(1).max(100) }).strict();

/** The answer (201): the device's id and its bearer token (32 random bytes, base64url, no padding). */
export const enrolmentResponseSchema = z
  .object({
    enrolmentId,
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  })
  .strict();
export type EnrolmentResponse = z.infer<typeof enrolmentResponseSchema>;

/**
 * 409 refusals that protect what a device has already published (policy version 2, rule 7):
 * a period overlapping, at another grain, one the device has sent; a policy below the one the
 * device used for that period.
 */
export const GRAIN_CONFLICT = 'period_grain_conflict';
export const POLICY_LOWERED = 'policy_lowered';
