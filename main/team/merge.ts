// "Add a team member's records" on the coordinator's laptop (docs/handover-format.md, "Merging"):
// read a hand-over file, say what it holds, and merge it in one transaction, matching records by
// their stable id. Rules, in short: a file not newer than the last one merged from its laptop
// changes nothing; a record is changed only by files from the laptop that recorded it; when that
// laptop changed a record the coordinator had corrected here too, the recording laptop's version
// wins and the coordinator's is kept in the audit entry that says so.
//
// The steps live beside this file: merge-checks (may it be merged), merge-plan (what it would
// do), merge-insert and merge-replace (the records), merge-audit, merge-received (bookkeeping).
import type { Store } from '../db/store.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { currentVolunteer, requireCoordinator } from '../records/volunteers.ts';
import { addLaptopAuditTrail, auditMerge, replacementAudit } from './merge-audit.ts';
import { openForThisTeam } from './merge-checks.ts';
import { MergeIds } from './merge-ids.ts';
import { insertNewRecords } from './merge-insert.ts';
import { plan, previewOf, type MergeCounts, type MergePreview, type Plan } from './merge-plan.ts';
import { rememberReceived } from './merge-received.ts';
import { replaceChangedRecords } from './merge-replace.ts';

export type { MergeCounts, MergePreview };

/** SQLite's page cache during a merge, in KiB (negative: a size, not a page count). */
const MERGE_CACHE_KIB = -262_144;

export interface MergeOutcome extends MergePreview {
  merged: boolean;
}

/** What merging the file would do, without changing anything. */
export function previewHandover(store: Store, bytes: Uint8Array, passphrase: string): MergePreview {
  const { header, payload } = openForThisTeam(store, bytes, passphrase);
  return store.sqlite.transaction(() => previewOf(plan(store, header, payload))).deferred();
}

/** Merges the file in one transaction; the app requires a coordinator, the command line runs as the file's owner. */
export function mergeHandover(
  store: Store,
  clock: Clock,
  bytes: Uint8Array,
  passphrase: string,
  options: { requireCoordinator: boolean },
): MergeOutcome {
  const actor = options.requireCoordinator ? requireCoordinator(store) : currentVolunteer(store);
  const { header, payload } = openForThisTeam(store, bytes, passphrase);
  const previousCacheSize = Number(store.sqlite.pragma('cache_size', { simple: true }));
  // 256 MiB for the merge only: 100,000 new rows land all over the uid indexes, and with 64 MiB
  // their pages were spilled and read again (measured: 4–5 % of the merge's CPU; ~150 MB more at
  // its peak, given back when the size is set back).
  store.sqlite.pragma(`cache_size = ${MERGE_CACHE_KIB}`);
  try {
    return store.transaction(() => {
      // Planned under the write lock, so what is written is what was counted.
      const planned = plan(store, header, payload);
      const preview = previewOf(planned);
      if (planned.alreadyMerged) return { ...preview, merged: false };
      writeMerge(store, isoNow(clock), actor?.id ?? null, planned, preview);
      return { ...preview, merged: true };
    });
  } finally {
    store.sqlite.pragma(`cache_size = ${previousCacheSize}`);
  }
}

function writeMerge(store: Store, at: string, actorId: number | null, planned: Plan, preview: MergePreview): void {
  const db = store.sqlite;
  db.pragma('defer_foreign_keys = ON');
  const ids = new MergeIds(db, planned);
  insertNewRecords(store, at, planned, ids);
  replaceChangedRecords(db, at, planned, ids, replacementAudit(store, at, actorId, planned));
  addLaptopAuditTrail(db, planned, ids);
  rememberReceived(db, at, planned);
  auditMerge(store, at, actorId, preview);
}
