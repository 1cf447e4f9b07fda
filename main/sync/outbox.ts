// The outbox: one row per revision of a closed period, written before anything is sent.
//
// refreshOutbox decides what needs sending. For each closed period with records (and each
// period sent before, so a period whose records were all deleted is replaced by an empty one)
// whose records may have changed since it was last built (changes.ts), it builds the payload
// and compares its content hash with the period's latest revision:
//   - no revision yet            -> revision 1, pending;
//   - same content               -> nothing to do (whatever its status);
//   - different (a late change)  -> revision n + 1 with a new submission id, built as a
//                                   protected difference (revisions.ts: parts too small to
//                                   send are held); older revisions never attempted are
//                                   marked superseded and never sent.
// A period keeps the policy and grain of its first send. Each period is decided in one
// transaction, so a crash or a second process can neither lose a revision nor create two.
import { randomUUID } from 'node:crypto';
import type { Store } from '../db/store.ts';
import { isoNow, londonDayOf, type Clock } from '../../shared/clock.ts';
import { buildBoroughTables, disclosureFrame, exactCounts, protectBoroughs, type ActivityCounts, type ExactBorough } from './aggregate.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { sha256Hex } from './sha256.ts';
import {
  AGGREGATION_VERSION,
  changedDays,
  currentStamp,
  parseStamp,
  periodFingerprint,
  referenceDigest,
  type FingerprintContext,
} from './changes.ts';
import { enrolmentOf, readSyncConfig } from './config.ts';
import { isPeriodClosed, periodKindOf, periodOfDay, periodRange } from '../../shared/periods.ts';
import { closedPeriodsWithRecords } from './closed-periods.ts';
import {
  basisSignatures,
  currentSignatures,
  planRevision,
  pruneBases,
  referenceRevision,
  saveBasis,
  type HeldChange,
  type RevisionPlan,
} from './revisions.ts';
import {
  SCHEMA_VERSION,
  receiptSchema,
  submissionSchema,
  type BoroughTables,
  type DisclosurePolicy,
  type Receipt,
  type Submission,
} from './protocol.ts';
import { syncQb, type SubmissionStatus, type SyncPeriodTable, type SyncSubmissionTable } from './tables.ts';
import { policySchema } from './protocol.ts';

/** Stands in for a submission id in a draft that is not in the outbox (an open period, or before enrolment). */
export const DRAFT_SUBMISSION_ID = '00000000-0000-0000-0000-000000000000';
export const DRAFT_ENROLMENT_ID = 'not-enrolled';

interface PayloadContent {
  enrolmentId: string;
  period: string;
  policy: DisclosurePolicy;
  boroughs: BoroughTables[];
}

/** Identifies the content, not the send: everything but submissionId and revision. */
export function contentHash(content: PayloadContent): string {
  return sha256Hex(
    canonicalJson({
      schemaVersion: SCHEMA_VERSION,
      enrolmentId: content.enrolmentId,
      period: content.period,
      policy: content.policy,
      boroughs: content.boroughs as never,
    }),
  );
}

/** The exact body sent: canonical JSON of the submission, checked against the wire schema first. */
export function submissionJson(content: PayloadContent, submissionId: string, revision: number): string {
  const submission: Submission = {
    schemaVersion: SCHEMA_VERSION,
    submissionId,
    enrolmentId: content.enrolmentId,
    period: content.period,
    revision,
    policy: content.policy,
    boroughs: content.boroughs,
  };
  // A payload the collector would refuse is a bug on this side; fail here, before it is queued.
  submissionSchema.parse(submission);
  return canonicalJson(submission);
}

export interface OutboxChange {
  period: string;
  submissionId: string;
  revision: number;
  /** Older pending revisions of the period that will now never be sent. */
  superseded: string[];
}

export interface RefreshOptions {
  /** Makes submission ids; tests pass a deterministic one. */
  newId?: () => string;
}

function latestRevision(store: Store, period: string): Pick<SyncSubmissionTable, 'id' | 'revision' | 'payload_hash' | 'status'> | undefined {
  return store.first(
    syncQb(store)
      .selectFrom('sync_submission')
      .select(['id', 'revision', 'payload_hash', 'status'])
      .where('period', '=', period)
      .orderBy('revision', 'desc')
      .limit(1),
  );
}

/** The policy a period was first sent with (policy version 2, rule 7), if it was. */
export function periodPolicy(store: Store, period: string): DisclosurePolicy | null {
  const json = store.first(syncQb(store).selectFrom('sync_period').select('policy').where('period', '=', period))?.policy;
  if (!json) return null;
  const parsed = policySchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

function activityOf(exact: readonly ExactBorough[]): Record<string, ActivityCounts[]> {
  return Object.fromEntries(exact.map((borough) => [borough.authorityCode, borough.activity]));
}

/** What the period was last built from, its policy, and what of it is held. */
function notePeriod(store: Store, period: string, row: Omit<SyncPeriodTable, 'period'>): void {
  store.run(
    syncQb(store)
      .insertInto('sync_period')
      .values({ period, ...row })
      .onConflict((oc) => oc.column('period').doUpdateSet(row)),
  );
}

/** Records, for a revision built before policy version 2, the records as they are now. */
function adoptBasis(store: Store, submissionId: string, plan: RevisionPlan): void {
  store.run(
    syncQb(store).updateTable('sync_submission').set({ activity_basis: JSON.stringify(plan.activityBasis) }).where('id', '=', submissionId),
  );
  saveBasis(store, submissionId, plan.signatures);
}

/**
 * Closed periods of the current kind that may be sent for the first time: only those wholly
 * after the last period sent at another grain, so history is never sent at a second grain
 * (policy version 2, rule 7).
 */
function onFreshGrain(closed: readonly string[], sentBefore: readonly string[]): string[] {
  const sent = new Set(sentBefore);
  return closed.filter((period) => {
    if (sent.has(period)) return true;
    const kind = periodKindOf(period);
    const { first } = periodRange(period);
    return sentBefore.every((other) => periodKindOf(other) === kind || periodRange(other).last < first);
  });
}

/** Periods with late changes that are held, and why (for the Sync screen). */
export function heldChanges(store: Store): { period: string; changes: HeldChange[] }[] {
  return store
    .all(syncQb(store).selectFrom('sync_period').select(['period', 'held']).where('held', 'is not', null).orderBy('period', 'desc'))
    .map((row) => ({ period: row.period, changes: JSON.parse(row.held!) as HeldChange[] }));
}

/**
 * Brings the outbox up to date with the records: see the head of this file. Does nothing
 * before enrolment (a submission names its enrolment). Returns the revisions it created.
 */
export function refreshOutbox(store: Store, clock: Clock, options: RefreshOptions = {}): OutboxChange[] {
  const config = readSyncConfig(store);
  const enrolment = enrolmentOf(config);
  if (!enrolment) return [];
  const now = isoNow(clock);
  const today = londonDayOf(now);
  const newId = options.newId ?? randomUUID;
  const context: FingerprintContext = { enrolmentId: enrolment.enrolmentId, policy: config.policy, reference: referenceDigest(store) };
  const frame = disclosureFrame(store);

  const sentBefore = store
    .all(syncQb(store).selectFrom('sync_submission').select('period').distinct())
    .map((row) => row.period);
  const closed = closedPeriodsWithRecords(store, today, { kind: config.periodKind, graceDays: config.graceDays });
  const periods = [...new Set([...onFreshGrain(closed, sentBefore), ...sentBefore])].sort();

  // Look again only at periods whose records may have changed since the last refresh (changes.ts).
  const settings = sha256Hex(
    canonicalJson({ version: AGGREGATION_VERSION, ...context, periodKind: config.periodKind, graceDays: config.graceDays }),
  );
  const stamp = currentStamp(store, today, settings);
  const previous = parseStamp(
    store.first(syncQb(store).selectFrom('sync_config').select('refresh_stamp').where('id', '=', 1))?.refresh_stamp ?? null,
  );
  const changed = previous && previous.day === today && previous.context === settings ? changedDays(store, previous) : 'all';
  const checked = new Set(store.all(syncQb(store).selectFrom('sync_period').select('period')).map((row) => row.period));
  const changedPeriods =
    changed === 'all' ? null : new Set([...changed].flatMap((day) => [periodOfDay(day, 'month'), periodOfDay(day, 'week')]));
  const toCheck = periods.filter((period) => !changedPeriods || !checked.has(period) || changedPeriods.has(period));

  const changes: OutboxChange[] = [];
  for (const period of toCheck) {
    const change = store.transaction(() => {
      const policy = periodPolicy(store, period) ?? config.policy;
      const fingerprint = periodFingerprint(store, period, { ...context, policy });
      const lastBuilt = store.first(
        syncQb(store).selectFrom('sync_period').select('source_fingerprint').where('period', '=', period),
      );
      if (lastBuilt?.source_fingerprint === fingerprint) return null;

      const exact = exactCounts(store, period);
      const fresh = protectBoroughs(exact, frame, policy);
      const signatures = currentSignatures(store, period);
      const reference = referenceRevision(store, period);
      let plan: RevisionPlan = { boroughs: fresh, activityBasis: activityOf(exact), signatures, held: [] };
      if (reference) {
        const referenceSignatures = basisSignatures(store, reference.id);
        if (referenceSignatures === null) {
          // Sent before policy version 2, with nothing recorded to measure a change against:
          // what is true now becomes the basis, nothing is sent now, and later changes are
          // measured from it.
          adoptBasis(store, reference.id, plan);
          notePeriod(store, period, { source_fingerprint: fingerprint, payload_hash: '', checked_at: now, policy: canonicalJson(policy), held: null });
          return null;
        }
        plan = planRevision(policy, exact, fresh, signatures, {
          boroughs: (JSON.parse(reference.payload) as Submission).boroughs,
          activity: reference.activityBasis ? (JSON.parse(reference.activityBasis) as Record<string, ActivityCounts[]>) : {},
          signatures: referenceSignatures,
        });
      }
      const content: PayloadContent = { enrolmentId: enrolment.enrolmentId, period, policy, boroughs: plan.boroughs };
      const hash = contentHash(content);
      notePeriod(store, period, {
        source_fingerprint: fingerprint,
        payload_hash: hash,
        checked_at: now,
        policy: canonicalJson(policy),
        held: plan.held.length > 0 ? JSON.stringify(plan.held) : null,
      });

      const latest = latestRevision(store, period);
      if (latest?.payload_hash === hash) return null;
      if (!latest && content.boroughs.length === 0) return null; // nothing to report, nothing to replace

      const revision = (latest?.revision ?? 0) + 1;
      const submissionId = newId();
      store.run(
        syncQb(store)
          .insertInto('sync_submission')
          .values({
            id: submissionId,
            period,
            revision,
            enrolment_id: enrolment.enrolmentId,
            payload: submissionJson(content, submissionId, revision),
            payload_hash: hash,
            status: 'pending',
            attempts: 0,
            next_attempt_at: null,
            last_error: null,
            receipt: null,
            created_at: now,
            sent_at: null,
            activity_basis: JSON.stringify(plan.activityBasis),
          }),
      );
      saveBasis(store, submissionId, plan.signatures);
      // Older revisions never attempted will now never be sent; one attempted may have arrived,
      // so it goes out too, before this one (the next revision was measured against it).
      const superseded = store
        .all(
          syncQb(store)
            .selectFrom('sync_submission')
            .select('id')
            .where('period', '=', period)
            .where('status', '=', 'pending')
            .where('attempts', '=', 0)
            .where('id', '!=', submissionId),
        )
        .map((row) => row.id);
      if (superseded.length > 0) {
        store.run(
          syncQb(store)
            .updateTable('sync_submission')
            .set({ status: 'superseded', next_attempt_at: null })
            .where('id', 'in', superseded),
        );
      }
      pruneBases(store, period, [submissionId, ...(reference ? [reference.id] : [])]);
      return { period, submissionId, revision, superseded };
    });
    if (change) changes.push(change);
  }
  // Saved last: a refresh cut short leaves the old stamp, and the next one looks again.
  store.run(syncQb(store).updateTable('sync_config').set({ refresh_stamp: JSON.stringify(stamp) }).where('id', '=', 1));
  return changes;
}

/**
 * The JSON for a period exactly as it is (or would be) sent. For a closed period of an enrolled
 * device this first brings the outbox up to date, then returns the stored body of the period's
 * latest revision, byte for byte. Otherwise (a period still open, or no enrolment yet) it is a
 * draft: the tables as they stand now, with DRAFT_SUBMISSION_ID as its id.
 */
export function previewSubmission(store: Store, clock: Clock, period: string, options: { readOnly?: boolean } = {}): string {
  const config = readSyncConfig(store);
  const enrolment = enrolmentOf(config);
  const today = londonDayOf(clock());
  if (enrolment && isPeriodClosed(period, today, config.graceDays)) {
    // Read-only (a database on read-only media): what is queued, else what would be, unqueued.
    if (!options.readOnly) refreshOutbox(store, clock);
    const latest = store.first(
      syncQb(store).selectFrom('sync_submission').select('payload').where('period', '=', period).orderBy('revision', 'desc').limit(1),
    );
    if (latest) return latest.payload;
  }
  const latest = latestRevision(store, period);
  const content: PayloadContent = {
    enrolmentId: enrolment?.enrolmentId ?? DRAFT_ENROLMENT_ID,
    period,
    policy: config.policy,
    boroughs: buildBoroughTables(store, period, config.policy),
  };
  return submissionJson(content, DRAFT_SUBMISSION_ID, (latest?.revision ?? 0) + 1);
}

export interface OutboxEntry {
  submissionId: string;
  period: string;
  revision: number;
  status: SubmissionStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** The collector's receipt, once sent. */
  receipt: Receipt | null;
}

function toEntry(row: Omit<SyncSubmissionTable, 'payload' | 'payload_hash' | 'enrolment_id' | 'activity_basis'>): OutboxEntry {
  const parsed = row.receipt ? receiptSchema.safeParse(JSON.parse(row.receipt)) : null;
  return {
    submissionId: row.id,
    period: row.period,
    revision: row.revision,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    receipt: parsed?.success ? parsed.data : null,
  };
}

const entryColumns = [
  'id',
  'period',
  'revision',
  'status',
  'attempts',
  'next_attempt_at',
  'last_error',
  'receipt',
  'created_at',
  'sent_at',
] as const;

/** Every submission, newest first: what was sent, when, and the collector's receipt for it. */
export function submissionLog(store: Store, options: { limit?: number } = {}): OutboxEntry[] {
  return store
    .all(
      syncQb(store)
        .selectFrom('sync_submission')
        .select(entryColumns)
        .orderBy('created_at', 'desc')
        .orderBy('period', 'desc')
        .orderBy('revision', 'desc')
        .limit(options.limit ?? 500),
    )
    .map(toEntry);
}

/** The exact body of one submission, as it was (or will be) sent. */
export function submissionPayload(store: Store, submissionId: string): string | null {
  return store.first(syncQb(store).selectFrom('sync_submission').select('payload').where('id', '=', submissionId))?.payload ?? null;
}

/** The next pending submission of this enrolment whose retry time has come: oldest period first. */
export function nextDueSubmission(
  store: Store,
  now: string,
  enrolmentId?: string,
): { id: string; payload: string; period: string; revision: number; attempts: number } | undefined {
  let query = syncQb(store)
    .selectFrom('sync_submission')
    .select(['id', 'payload', 'period', 'revision', 'attempts'])
    .where('status', '=', 'pending');
  if (enrolmentId !== undefined) query = query.where('enrolment_id', '=', enrolmentId);
  return store.first(
    query
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .orderBy('period')
      .orderBy('revision')
      .limit(1),
  );
}

/** Done: the collector acknowledged it. Recorded even if a newer revision superseded it meanwhile. */
export function markSent(store: Store, id: string, receipt: Receipt, at: string): void {
  store.run(
    syncQb(store)
      .updateTable('sync_submission')
      .set((eb) => ({
        status: 'sent',
        sent_at: at,
        receipt: canonicalJson(receipt),
        attempts: eb('attempts', '+', 1),
        next_attempt_at: null,
        last_error: null,
      }))
      .where('id', '=', id),
  );
}

/** Set aside: the collector refused it for a reason retrying cannot change. The others go on. */
export function markRejected(store: Store, id: string, reason: string): void {
  store.run(
    syncQb(store)
      .updateTable('sync_submission')
      .set((eb) => ({ status: 'rejected', attempts: eb('attempts', '+', 1), next_attempt_at: null, last_error: reason }))
      .where('id', '=', id)
      .where('status', '=', 'pending'),
  );
}

/** Failed this time; try again at `nextAttemptAt`. */
export function markRetry(store: Store, id: string, reason: string, nextAttemptAt: string): void {
  store.run(
    syncQb(store)
      .updateTable('sync_submission')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: nextAttemptAt, last_error: reason }))
      .where('id', '=', id),
  );
}

export function outboxCounts(store: Store): Record<SubmissionStatus, number> {
  const rows = store.all(
    syncQb(store)
      .selectFrom('sync_submission')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status'),
  );
  const counts: Record<SubmissionStatus, number> = { pending: 0, sent: 0, rejected: 0, superseded: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}
