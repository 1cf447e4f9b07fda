// Sync settings: where to send, as whom, which periods, and the disclosure policy. One row in
// sync_config; the device token is not here (it is a secret: safeStorage in Electron, a 0600
// file for the CLI, see token-file.ts).
import type { Store } from '../db/store.ts';
import { DomainError } from '../../shared/errors.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { sql } from 'kysely';
import { DisclosurePolicyError, disclosurePolicy } from './disclosure.ts';
import type { PeriodKind } from '../../shared/periods.ts';
import type { DisclosurePolicy } from './protocol.ts';
import { syncQb } from './tables.ts';

export interface SyncConfig {
  endpoint: string | null;
  enrolmentId: string | null;
  periodKind: PeriodKind;
  graceDays: number;
  policy: DisclosurePolicy;
}

export interface Enrolment {
  endpoint: string;
  enrolmentId: string;
}

export function readSyncConfig(store: Store): SyncConfig {
  const row = store.first(syncQb(store).selectFrom('sync_config').selectAll().where('id', '=', 1));
  if (!row) throw new Error('sync_config row missing: the database was not migrated');
  return {
    endpoint: row.endpoint,
    enrolmentId: row.enrolment_id,
    periodKind: row.period_kind,
    graceDays: row.grace_days,
    // Validated on read as well as on write: a policy below the floor is never applied.
    policy: disclosurePolicy({ threshold: row.threshold, roundingBase: row.rounding_base }),
  };
}

export function enrolmentOf(config: SyncConfig): Enrolment | null {
  return config.endpoint && config.enrolmentId ? { endpoint: config.endpoint, enrolmentId: config.enrolmentId } : null;
}

export interface SyncSettings {
  periodKind?: PeriodKind;
  graceDays?: number;
  threshold?: number;
  roundingBase?: number;
}

/** The highest threshold and rounding base any period was sent with, if any was. */
function highestPolicyUsed(store: Store): { threshold: number; roundingBase: number } | null {
  const row = store.first(
    syncQb(store)
      .selectFrom('sync_period')
      .select((eb) => [
        eb.fn.max(sql<number>`json_extract(policy, '$.threshold')`).as('threshold'),
        eb.fn.max(sql<number>`json_extract(policy, '$.roundingBase')`).as('roundingBase'),
      ])
      .where('policy', 'is not', null),
  );
  return row?.threshold != null && row.roundingBase != null ? { threshold: row.threshold, roundingBase: row.roundingBase } : null;
}

/**
 * Changes how periods are cut and protected, for periods not sent yet: a sent period keeps its
 * policy and grain (policy version 2, rule 7), and no setting may go below a policy used before.
 */
export function updateSyncSettings(store: Store, settings: SyncSettings): SyncConfig {
  return store.transaction(() => {
    const current = readSyncConfig(store);
    const policy = disclosurePolicy({
      threshold: settings.threshold ?? current.policy.threshold,
      roundingBase: settings.roundingBase ?? current.policy.roundingBase,
    });
    const used = highestPolicyUsed(store);
    if (used && (policy.threshold < used.threshold || policy.roundingBase < used.roundingBase)) {
      const field = policy.threshold < used.threshold ? 'threshold' : 'roundingBase';
      throw new DisclosurePolicyError(field, policy[field], used[field], 'the policy already used for periods this device has sent');
    }
    const graceDays = settings.graceDays ?? current.graceDays;
    if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > 60) {
      throw new DomainError('invalid_input', 'errors.invalidInput', {
        fields: [{ field: 'graceDays', messageKey: 'errors.tooBig', values: { min: 0, max: 60 } }],
        detail: `Grace days must be a whole number from 0 to 60, not ${graceDays}.`,
      });
    }
    store.run(
      syncQb(store)
        .updateTable('sync_config')
        .set({
          period_kind: settings.periodKind ?? current.periodKind,
          grace_days: graceDays,
          threshold: policy.threshold,
          rounding_base: policy.roundingBase,
        })
        .where('id', '=', 1),
    );
    return readSyncConfig(store);
  });
}

/**
 * Records a successful enrolment and lifts any stop, since a new token is the usual fix.
 * Revisions still pending under another enrolment are superseded: the new token could not
 * send them, and the next refresh queues every period again under the new enrolment id.
 */
export function saveEnrolment(store: Store, enrolment: Enrolment): void {
  store.transaction(() => {
    store.run(
      syncQb(store)
        .updateTable('sync_submission')
        .set({ status: 'superseded', next_attempt_at: null })
        .where('status', '=', 'pending')
        .where('enrolment_id', '!=', enrolment.enrolmentId),
    );
    store.run(
      syncQb(store)
        .updateTable('sync_config')
        .set({
          endpoint: enrolment.endpoint,
          enrolment_id: enrolment.enrolmentId,
          stopped_key: null,
          stopped_detail: null,
          stopped_at: null,
          paused_until: null,
        })
        .where('id', '=', 1),
    );
  });
}

/** The messageKey of a submission the collector refused (set aside, not retried). */
export const REJECTED_KEY = 'sync.errors.rejected';

export interface QueueProblem {
  messageKey: string;
  detail: string;
  at: string;
}

export interface QueueState {
  stopped: QueueProblem | null;
  pausedUntil: string | null;
  lastError: QueueProblem | null;
}

export function readQueueState(store: Store): QueueState {
  const row = store.first(syncQb(store).selectFrom('sync_config').selectAll().where('id', '=', 1))!;
  return {
    stopped:
      row.stopped_key !== null ? { messageKey: row.stopped_key, detail: row.stopped_detail ?? '', at: row.stopped_at ?? '' } : null,
    pausedUntil: row.paused_until,
    lastError:
      row.last_error_key !== null
        ? { messageKey: row.last_error_key, detail: row.last_error_detail ?? '', at: row.last_error_at ?? '' }
        : null,
  };
}

/** Stops the queue until a person acts (new token, new endpoint, or `resumeSync`). */
export function stopQueue(store: Store, clock: Clock, messageKey: string, detail: string): void {
  const at = isoNow(clock);
  store.run(
    syncQb(store)
      .updateTable('sync_config')
      .set({
        stopped_key: messageKey,
        stopped_detail: detail,
        stopped_at: at,
        last_error_key: messageKey,
        last_error_detail: detail,
        last_error_at: at,
      })
      .where('id', '=', 1),
  );
}

export function noteQueueError(store: Store, clock: Clock, messageKey: string, detail: string): void {
  store.run(
    syncQb(store)
      .updateTable('sync_config')
      .set({ last_error_key: messageKey, last_error_detail: detail, last_error_at: isoNow(clock) })
      .where('id', '=', 1),
  );
}

/**
 * A send went through, so a problem noted while trying (no network, collector errors, a
 * timeout, a rate limit, a stop since lifted) is over and must not linger on the Sync screen
 * or in `sync --once`. A rejection stays: that submission is still set aside (see the log).
 */
export function clearQueueError(store: Store): void {
  store.run(
    syncQb(store)
      .updateTable('sync_config')
      .set({ last_error_key: null, last_error_detail: null, last_error_at: null })
      .where('id', '=', 1)
      .where('last_error_key', 'is not', null)
      .where('last_error_key', '!=', REJECTED_KEY),
  );
}

export function pauseQueue(store: Store, until: string | null): void {
  store.run(syncQb(store).updateTable('sync_config').set({ paused_until: until }).where('id', '=', 1));
}

/** After the person fixed what stopped the queue (e.g. stored a new token): try again now. */
export function resumeSync(store: Store): void {
  store.transaction(() => {
    store.run(
      syncQb(store)
        .updateTable('sync_config')
        .set({ stopped_key: null, stopped_detail: null, stopped_at: null, paused_until: null })
        .where('id', '=', 1),
    );
  });
}
