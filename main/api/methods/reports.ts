// Methods for the coordinator's dashboard, the outreach lead's monthly summary and its
// exports, and the import of past activity from a spreadsheet.
import { z } from 'zod';
import { jobId } from './jobs.ts';
import type { ImportOutcome } from '../../records/import.ts';
import type { ExportFile } from '../../../shared/export-file.ts';
import type { DashboardFigures, MonthlySummary, RecordsPage } from '../../reports/figures.ts';
import { code, id, laptopId, method, none } from '../schema-parts.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.invalidDate' });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'errors.invalidDate' });
const authorityCode = z.string().regex(/^E09\d{6}$/, { error: 'errors.unknownAuthority' });
const reachDimension = z.enum(['age', 'sex', 'ethnicGroup', 'ethnicity', 'language']);
const exportFormat = z.enum(['csv', 'xlsx', 'pdf']);

export const reportFilters = z
  .object({
    from: day,
    to: day,
    authorityCodes: z.array(authorityCode).max(40).optional(),
    siteIds: z.array(id).max(1000).optional(),
    kinds: z.array(code).max(50).optional(),
    volunteerIds: z.array(id).max(1000).optional(),
    laptopIds: z.array(laptopId).max(100).optional(),
  })
  .strict()
  .refine((f) => f.from <= f.to, { error: 'errors.endBeforeStart', path: ['to'] });

const recordSlice = z.discriminatedUnion('records', [
  z.object({ records: z.literal('events'), only: z.enum(['open', 'withoutRecords']).optional() }).strict(),
  z.object({ records: z.literal('visits') }).strict(),
  z
    .object({
      records: z.literal('conversations'),
      topic: code.optional(),
      topicGroup: code.optional(),
      outcome: code.optional(),
      band: z.object({ dimension: reachDimension, code }).strict().optional(),
      withoutOutcome: z.boolean().optional(),
    })
    .strict(),
]);

const summaryRequest = {
  month,
  authorityCodes: z.array(authorityCode).max(40).optional(),
  siteIds: z.array(id).max(1000).optional(),
  volunteerIds: z.array(id).max(1000).optional(),
  laptopIds: z.array(laptopId).max(100).optional(),
};

/** An uploaded file travels as base64: 100,000 rows of CSV are about 10 MB. */
const MAX_UPLOAD_BASE64 = 80 * 1024 * 1024;

export const reportsMethods = {
  'reports.dashboard': method('coordinator', z.object({ filters: reportFilters, granularity: z.enum(['week', 'month']) }).strict()).returns<DashboardFigures>(),
  'reports.records': method('coordinator', z
      .object({
        filters: reportFilters,
        slice: recordSlice,
        limit: z.number().int().min(1).max(200),
        after: z.object({ day, eventId: z.number().int().nonnegative(), id }).strict().optional(),
      })
      .strict(),
  ).returns<RecordsPage>(),
  'reports.monthlySummary': method('coordinator', z.object(summaryRequest).strict()).returns<MonthlySummary>(),
  /** shareSafe: "for sharing outside your organisation", every figure protected like sync's (main/reports/share-safe.ts). */
  'reports.export': method('coordinator', z.object({ ...summaryRequest, format: exportFormat, shareSafe: z.boolean().optional(), jobId }).strict()).returns<ExportFile>(),
  /** The latest month with anything recorded, at or before a month if given: where a report opens. */
  'reports.lastActiveMonth': method('coordinator', z.object({ atOrBefore: month.optional() }).strict()).returns<{ month: string | null }>(),
  'reports.organisation': method('coordinator', none).returns<{ organisationName: string }>(),
  'reports.setOrganisation': method('coordinator', z.object({ organisationName: z.string().max(200, { error: 'errors.organisationNameTooLong' }) }).strict()).returns<{
    organisationName: string;
  }>(),

  'import.template': method('coordinator', z.object({ format: z.enum(['csv', 'xlsx']) }).strict()).returns<ExportFile>(),
  'import.spreadsheet': method('coordinator', z
      .object({
        fileName: z.string().min(1).max(255),
        base64: z.string().min(1).max(MAX_UPLOAD_BASE64, { error: 'errors.tooBig' }),
        jobId,
      })
      .strict(),
  ).returns<ImportOutcome>(),
} as const;
