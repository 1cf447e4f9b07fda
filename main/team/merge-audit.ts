// What a merge adds to the audit trail: the team member's laptop's own entries (under this
// laptop's ids, written in bulk), an entry per record it replaced (marked when both laptops had
// changed it: the conflict rule in docs/handover-format.md), and one entry for the merge itself.
import type { SqliteDatabase } from '../db/connection.ts';
import type { Store } from '../db/store.ts';
import { batchInserter } from '../db/bulk-insert.ts';
import { recordAudit } from '../records/audit.ts';
import type { MergeIds } from './merge-ids.ts';
import type { MergePreview, Plan, Planned } from './merge-plan.ts';
import { entityOfKind, type RecordKind } from './payload.ts';

export type ReplacementAudit = (kind: RecordKind, replaced: Planned<object>) => void;

/** Audits a record replaced by the recording laptop's version: the version here as `before`. */
export function replacementAudit(store: Store, at: string, actorId: number | null, planned: Plan): ReplacementAudit {
  const { laptopId, laptopName, writtenAt } = planned.header;
  return (kind, p) =>
    recordAudit(store, {
      at,
      actorId,
      entity: entityOfKind[kind],
      entityId: p.localId!,
      action: 'update',
      before: p.before ?? null,
      after: { ...p.record, handover: { laptopId, laptopName, writtenAt, conflict: p.verdict === 'conflict' } },
    });
}

/** The laptop's own audit trail (notes already left out by that laptop), entries not yet here. */
export function addLaptopAuditTrail(db: SqliteDatabase, planned: Plan, ids: MergeIds): void {
  const origin = planned.header.laptopId;
  const audit = batchInserter(db, 'audit', ['at', 'actor_id', 'entity', 'entity_id', 'action', 'before', 'after', 'uid', 'recorded_on']);
  for (const entry of planned.newAudit) {
    audit.add(
      entry.at,
      ids.volunteer(entry.actor),
      entry.entity,
      ids.of(entry.entity, entry.entityUid),
      entry.action,
      entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === null ? null : JSON.stringify(entry.after),
      entry.uid,
      origin,
    );
  }
  audit.flush();
}

/** One entry for the merge: which laptop's file, its dates and what it changed. */
export function auditMerge(store: Store, at: string, actorId: number | null, preview: MergePreview): void {
  recordAudit(store, {
    at,
    actorId,
    entity: 'handover',
    action: 'create',
    after: {
      laptopId: preview.laptopId,
      laptopName: preview.laptopName,
      writtenAt: preview.writtenAt,
      firstDay: preview.firstDay,
      lastDay: preview.lastDay,
      ...preview.total,
    },
  });
}
