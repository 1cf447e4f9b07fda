// The audit trail: every change to a record, with who made it and the values before and
// after. Written inside the same transaction as the change it describes, and only by
// recordAudit: the entities it may name are the typed list in shared/vocabulary.ts.
import type { Store } from '../db/store.ts';
import type { AuditAction, AuditedEntity, AuditedRecord, SelfNamedAuditEntity } from '../../shared/vocabulary.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  entity: AuditedEntity;
  entityId: number;
  action: AuditAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A change to write: a record names its row; an import, hand-over or list item names itself. */
export type AuditWrite = {
  at: string;
  actorId: number | null;
  action: AuditAction;
  before?: object | null;
  after?: object | null;
} & ({ entity: AuditedRecord; entityId: number } | { entity: SelfNamedAuditEntity });

// Raw SQL from the store's cache: every change is audited, and building the Kysely query each
// time cost as much as running it.
const INSERT_AUDIT = 'INSERT INTO audit (at, actor_id, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)';
// A self-named entry takes the next id and names itself by it, in one statement.
const INSERT_SELF_NAMED = `INSERT INTO audit (id, at, actor_id, entity, entity_id, action, before, after)
  SELECT next.id, ?, ?, ?, next.id, ?, ?, ? FROM (SELECT coalesce(max(id), 0) + 1 AS id FROM audit) AS next`;

/** Writes one audit entry and returns its id. Call it inside the change's own transaction. */
export function recordAudit(store: Store, entry: AuditWrite): number {
  const before = entry.before ? JSON.stringify(entry.before) : null;
  const after = entry.after ? JSON.stringify(entry.after) : null;
  if ('entityId' in entry) {
    return Number(store.statement(INSERT_AUDIT).run(entry.at, entry.actorId, entry.entity, entry.entityId, entry.action, before, after).lastInsertRowid);
  }
  return Number(store.statement(INSERT_SELF_NAMED).run(entry.at, entry.actorId, entry.entity, entry.action, before, after).lastInsertRowid);
}

function toEntry(row: {
  id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  entity: string;
  entity_id: number;
  action: string;
  before: string | null;
  after: string | null;
}): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    entity: row.entity as AuditedEntity,
    entityId: row.entity_id,
    action: row.action as AuditAction,
    before: row.before ? (JSON.parse(row.before) as Record<string, unknown>) : null,
    after: row.after ? (JSON.parse(row.after) as Record<string, unknown>) : null,
  };
}

function auditQuery(store: Store) {
  return store.qb
    .selectFrom('audit')
    .leftJoin('volunteer', 'volunteer.id', 'audit.actor_id')
    .select([
      'audit.id',
      'audit.at',
      'audit.actor_id',
      'volunteer.name as actor_name',
      'audit.entity',
      'audit.entity_id',
      'audit.action',
      'audit.before',
      'audit.after',
    ]);
}

export function auditTrailOf(store: Store, entity: AuditedEntity, entityId: number): AuditEntry[] {
  return store
    .all(auditQuery(store).where('audit.entity', '=', entity).where('audit.entity_id', '=', entityId).orderBy('audit.id'))
    .map(toEntry);
}

export function recentChanges(store: Store, limit: number, beforeId?: number): AuditEntry[] {
  let query = auditQuery(store).orderBy('audit.id', 'desc').limit(limit);
  if (beforeId !== undefined) query = query.where('audit.id', '<', beforeId);
  return store.all(query).map(toEntry);
}
