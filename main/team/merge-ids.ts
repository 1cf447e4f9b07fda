// This laptop's row ids for the stable ids a merge refers to: those planned, filled in as new
// rows are written, and (rarely) a site or volunteer already here but not in the file.
import type { SqliteDatabase } from '../db/connection.ts';
import { DomainError } from '../../shared/errors.ts';
import type { Plan } from './merge-plan.ts';
import { recordKinds, type RecordKind } from './payload.ts';
import { idByUid, type UidTable } from './uids.ts';

export class MergeIds {
  readonly byKind: Record<RecordKind, Map<string, number>> = {
    volunteers: new Map(),
    sites: new Map(),
    events: new Map(),
    visits: new Map(),
    conversations: new Map(),
  };

  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase, planned: Plan) {
    this.db = db;
    for (const kind of recordKinds) {
      const ids = this.byKind[kind];
      for (const p of planned[kind]) if (p.localId !== undefined) ids.set(p.record.uid, p.localId);
    }
  }

  private find(kind: RecordKind, table: UidTable, uid: string): number {
    const id = this.byKind[kind].get(uid) ?? idByUid(this.db, table, uid);
    // Records' references were checked before the merge (merge-checks.ts); an audit entry about
    // a record neither in the file nor here is a damaged file, and the transaction is undone.
    if (id === undefined) throw new DomainError('invalid_input', 'team.errors.damagedFile');
    return id;
  }

  volunteer(uid: string | null): number | null {
    return uid === null ? null : this.find('volunteers', 'volunteer', uid);
  }

  site(uid: string): number {
    return this.find('sites', 'site', uid);
  }

  event(uid: string): number {
    return this.find('events', 'event', uid);
  }

  of(entity: 'site' | 'volunteer' | 'event' | 'visit' | 'conversation', uid: string): number {
    return this.find(kindOfEntity[entity], entity, uid);
  }
}

const kindOfEntity = { site: 'sites', volunteer: 'volunteers', event: 'events', visit: 'visits', conversation: 'conversations' } as const;
