// What merging a hand-over file would do, record by record: new, changed on its laptop,
// changed on both laptops (a conflict), or already here. The preview shows it; the merge
// writes it. Lookups are made in bulk: a handful of statements, whatever the file's size.
import type { Store } from '../db/store.ts';
import type { HandoverHeader } from './handover-file.ts';
import { laptopIdentity } from './laptop.ts';
import { contentHash, entityOfKind, recordKinds, type HandoverPayload, type RecordKind } from './payload.ts';
import { teamRecords } from './records.ts';
import { idsByUid } from './uids.ts';

export interface MergeCounts {
  new: number;
  changed: number;
  conflicts: number;
  present: number;
}

export interface MergePreview {
  laptopId: string;
  laptopName: string;
  writtenAt: string;
  firstDay: string | null;
  lastDay: string | null;
  /** Not newer than the last file merged from this laptop: merging it changes nothing. */
  alreadyMerged: boolean;
  lastMergedWrittenAt: string | null;
  total: MergeCounts;
  byKind: Record<RecordKind | 'audit', MergeCounts>;
}

export type Verdict = 'new' | 'changed' | 'conflict' | 'present';
export interface Planned<T> {
  record: T;
  verdict: Verdict;
  hash: string;
  /** The local row (changed, conflict, present). */
  localId?: number;
  /** What this laptop held before (changed, conflict). */
  before?: object;
}

export type PlannedKinds = { [K in RecordKind]: Planned<HandoverPayload[K][number]>[] };

export interface Plan extends PlannedKinds {
  header: HandoverHeader;
  payload: HandoverPayload;
  alreadyMerged: boolean;
  lastMergedWrittenAt: string | null;
  newAudit: HandoverPayload['audit'];
  presentAudit: number;
}

type Form = { uid: string; recordedOn?: string };

export function plan(store: Store, header: HandoverHeader, payload: HandoverPayload): Plan {
  const db = store.sqlite;
  const origin = header.laptopId;
  const self = laptopIdentity(store).id;
  const last = store.first(store.qb.selectFrom('team_laptop').select('last_written_at').where('id', '=', origin));
  const lastMergedWrittenAt = last?.last_written_at ?? null;
  const alreadyMerged = lastMergedWrittenAt !== null && header.writtenAt <= lastMergedWrittenAt;
  if (alreadyMerged) {
    // Nothing of it will be written: no need to tell its records apart.
    const none = { volunteers: [], sites: [], events: [], visits: [], conversations: [], newAudit: [], presentAudit: 0 };
    return { header, payload, alreadyMerged, lastMergedWrittenAt, ...none };
  }
  // This laptop's copies of the origin's records (none at a laptop's first merge).
  const local = teamRecords(store, origin, self, { audit: false });

  const classify = <K extends RecordKind>(kind: K): PlannedKinds[K] => {
    type T = HandoverPayload[K][number];
    const records = payload[kind] as T[];
    const entity = entityOfKind[kind];
    const hashOf = contentHash[kind] as unknown as (record: T) => string;
    const ours = local.ids[kind];
    const shared = kind === 'volunteers' || kind === 'sites';
    const ownedHere = (record: T) => (!shared || (record as Form).recordedOn === origin) && ours.has(record.uid);
    // Records not held as the origin's: new, or held here under another origin (then left as they are).
    const elsewhere = idsByUid(db, entity, records.filter((r) => !ownedHere(r)).map((r) => r.uid));
    const candidates = records.filter(ownedHere).map((r) => r.uid);
    const received = receivedHashes(store, entity, candidates);
    const forms = new Map<string, T>();
    if (candidates.length > 0) for (const form of local[kind] as T[]) forms.set(form.uid, form);
    const planned: Planned<T>[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const hash = hashOf(record);
      if (!ownedHere(record)) {
        // Not this laptop's to change (a shared site or volunteer of another laptop), or new.
        const id = elsewhere.get(record.uid);
        planned[i] = id !== undefined ? { record, verdict: 'present', hash, localId: id } : { record, verdict: 'new', hash };
        continue;
      }
      const localId = ours.get(record.uid)!;
      const receivedHash = received.get(record.uid);
      if (hash === receivedHash) {
        planned[i] = { record, verdict: 'present', hash, localId };
        continue;
      }
      const before = forms.get(record.uid)!;
      const localHash = hashOf(before);
      if (localHash === hash) {
        planned[i] = { record, verdict: 'present', hash, localId };
        continue;
      }
      // Changed on its laptop since the last merge; also corrected here? Then it is a conflict.
      const verdict: Verdict = receivedHash === undefined || localHash === receivedHash ? 'changed' : 'conflict';
      planned[i] = { record, verdict, hash, localId, before };
    }
    return planned as PlannedKinds[K];
  };

  const presentAudit = idsByUid(db, 'audit', payload.audit.map((entry) => entry.uid));
  return {
    header,
    payload,
    alreadyMerged,
    lastMergedWrittenAt,
    volunteers: classify('volunteers'),
    sites: classify('sites'),
    events: classify('events'),
    visits: classify('visits'),
    conversations: classify('conversations'),
    newAudit: presentAudit.size === 0 ? payload.audit : payload.audit.filter((entry) => !presentAudit.has(entry.uid)),
    presentAudit: presentAudit.size,
  };
}

/** The version of each record last received from its laptop (team_record), for these uids only. */
function receivedHashes(store: Store, entity: string, uids: readonly string[]): Map<string, string> {
  if (uids.length === 0) return new Map();
  const rows = store.sqlite
    .prepare('SELECT uid, content_hash FROM team_record WHERE entity = ? AND uid IN (SELECT value FROM json_each(?))')
    .raw(true)
    .all(entity, JSON.stringify(uids)) as [string, string][];
  return new Map(rows);
}

const emptyCounts = (): MergeCounts => ({ new: 0, changed: 0, conflicts: 0, present: 0 });

export function previewOf(planned: Plan): MergePreview {
  const byKind = Object.fromEntries([...recordKinds, 'audit'].map((kind) => [kind, emptyCounts()])) as MergePreview['byKind'];
  const total = emptyCounts();
  if (!planned.alreadyMerged) {
    for (const kind of recordKinds) {
      for (const { verdict } of planned[kind]) {
        const key = verdict === 'conflict' ? 'conflicts' : verdict;
        byKind[kind][key] += 1;
        total[key] += 1;
      }
    }
    byKind.audit.new = planned.newAudit.length;
    byKind.audit.present = planned.presentAudit;
  }
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  for (const { localDay } of planned.payload.events) {
    if (firstDay === null || localDay < firstDay) firstDay = localDay;
    if (lastDay === null || localDay > lastDay) lastDay = localDay;
  }
  return {
    laptopId: planned.header.laptopId,
    laptopName: planned.header.laptopName,
    writtenAt: planned.header.writtenAt,
    firstDay,
    lastDay,
    alreadyMerged: planned.alreadyMerged,
    lastMergedWrittenAt: planned.lastMergedWrittenAt,
    total,
    byKind,
  };
}
