// The wire format between a device and the collector (docs/sync-protocol.md). Both sides
// parse with these schemas: the collector validates what it receives, the client validates
// the receipt it gets back. Only counts cross this boundary, at borough x period grain.
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

/**
 * A protected count of conversations (PRODUCT.md, "What leaves the device", rule 3):
 * 0, or a multiple of the rounding base above the threshold, or 'suppressed' (not published:
 * 1..threshold under the primary rule; a cell hidden by complementary suppression may hold 0
 * or more than the threshold, see main/sync/disclosure.ts).
 */
export const protectedCount = z.union([z.number().int().nonnegative(), z.literal('suppressed')]);
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

export const activityRow = z
  .object({
    eventKind: code,
    sessions: z.number().int().nonnegative(),
    volunteerHours: z.number().nonnegative(),
    visitorsAdults: z.number().int().nonnegative(),
    visitorsChildren: z.number().int().nonnegative(),
  })
  .strict();

const cells = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({
      cells: z.array(z.object({ ...shape, count: protectedCount }).strict()).max(2000),
      /** Protected from the exact sum of the cells, suppressed ones included. */
      total: protectedCount,
    })
    .strict();

export const boroughTables = z
  .object({
    authorityCode,
    activity: z.array(activityRow).max(100),
    /** Distinct conversations in the borough and period. */
    conversations: protectedCount,
    byTopic: cells({ topic: code }),
    byTopicOutcome: cells({ topic: code, outcome: code }),
    byTopicGroupAge: cells({ topicGroup: code, band: code }),
    byTopicGroupSex: cells({ topicGroup: code, band: code }),
    byTopicGroupEthnicGroup: cells({ topicGroup: code, band: code }),
    byTopicGroupLanguage: cells({ topicGroup: code, band: code }),
  })
  .strict();
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
export type EnrolmentRequest = z.infer<typeof enrolmentRequestSchema>;

/** The answer (201): the device's id and its bearer token (32 random bytes, base64url, no padding). */
export const enrolmentResponseSchema = z
  .object({
    enrolmentId,
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  })
  .strict();
export type EnrolmentResponse = z.infer<typeof enrolmentResponseSchema>;
