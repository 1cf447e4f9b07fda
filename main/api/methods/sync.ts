// Methods for the sync screen: enrolment, what is (or was) sent, and "send now".
import { z } from 'zod';
import type { SyncStatus } from '../../sync/client.ts';
import type { SyncOnceResult } from '../../sync/actions.ts';
import type { OutboxEntry } from '../../sync/outbox.ts';
import { method, none } from '../schema-parts.ts';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|W(0[1-9]|[1-4]\d|5[0-3]))$/, { error: 'sync.errors.invalidPeriod' });

export const syncMethods = {
  'sync.status': method('volunteer', none).returns<SyncStatus>(),
  'sync.enrol': method('coordinator', z
      .object({
        endpoint: z.string().trim().min(1, { error: 'errors.enterEndpoint' }).max(500, { error: 'errors.endpointTooLong' }),
        code: z.string().trim().min(1, { error: 'errors.enterEnrolmentCode' }).max(100, { error: 'errors.enrolmentCodeTooLong' }),
      })
      .strict(),
  ).returns<{ enrolmentId: string }>(),
  'sync.sendNow': method('coordinator', none).returns<SyncOnceResult>(),
  'sync.resume': method('coordinator', none).returns<SyncStatus>(),
  'sync.periods': method('coordinator', none).returns<string[]>(),
  'sync.preview': method('coordinator', z.object({ period }).strict()).returns<{ json: string }>(),
  'sync.log': method('coordinator', none).returns<OutboxEntry[]>(),
  'sync.payload': method('coordinator', z.object({ submissionId: z.uuid() }).strict()).returns<{ json: string }>(),
} as const;
