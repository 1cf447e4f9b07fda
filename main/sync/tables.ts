// Kysely types for the sync tables (migrations/0003_sync.ts). They are added to the shared
// query builder with `withTables` so the record schema (main/db/schema.ts) stays untouched.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/store.ts';
import type { PeriodKind } from '../../shared/periods.ts';

export type SubmissionStatus = 'pending' | 'sent' | 'rejected' | 'superseded';

export type SyncConfigTable = {
  id: number;
  endpoint: string | null;
  enrolment_id: string | null;
  period_kind: PeriodKind;
  grace_days: number;
  threshold: number;
  rounding_base: number;
  /** Set when retrying cannot help (bad token, bad endpoint): the queue waits for a person. */
  stopped_key: string | null;
  stopped_detail: string | null;
  stopped_at: string | null;
  /** The collector asked everyone to wait (429/503 Retry-After). */
  paused_until: string | null;
  last_error_key: string | null;
  last_error_detail: string | null;
  last_error_at: string | null;
  /** Where the last outbox refresh left off (changes.ts, RefreshStamp), as JSON. */
  refresh_stamp: string | null;
};

export type SyncSubmissionTable = {
  id: string;
  period: string;
  revision: number;
  enrolment_id: string;
  payload: string;
  payload_hash: string;
  status: SubmissionStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  receipt: string | null;
  created_at: string;
  sent_at: string | null;
  /** JSON: the exact activity per borough this revision stands for (revisions.ts); null before policy version 2. */
  activity_basis: string | null;
};

export type SyncPeriodTable = {
  period: string;
  source_fingerprint: string;
  payload_hash: string;
  checked_at: string;
  /** JSON DisclosurePolicy of the period's first send; every revision keeps it (policy version 2, rule 7). */
  policy: string | null;
  /** JSON HeldChange[]: late changes waiting until they are large enough to send. */
  held: string | null;
};

export type SyncBasisConversationTable = {
  submission_id: string;
  authority_code: string;
  conversation_id: number;
  signature: string;
};

export type SyncTables = {
  sync_config: SyncConfigTable;
  sync_submission: SyncSubmissionTable;
  sync_period: SyncPeriodTable;
  sync_basis_conversation: SyncBasisConversationTable;
};

export type SyncDatabase = Database & SyncTables;

export function syncQb(store: Store): Kysely<SyncDatabase> {
  return store.qb.withTables<SyncTables>();
}
