// The coordinator's laptop's memory of each team member's laptop: the version of every record
// as its laptop last handed it over (team_record: how a later file tells "changed there" from
// "corrected here"), and the laptop's key and latest file (team_laptop: idempotence).
import type { SqliteDatabase } from '../db/connection.ts';
import { batchInserter } from '../db/bulk-insert.ts';
import type { Plan } from './merge-plan.ts';
import { entityOfKind, recordKinds } from './payload.ts';

export function rememberReceived(db: SqliteDatabase, at: string, planned: Plan): void {
  const origin = planned.header.laptopId;
  const replaced: [string, string][] = [];
  // In key order (entity, then uid): appended to the index's B-tree rather than scattered through it.
  const byEntity = recordKinds
    .map((kind) => {
      const entity = entityOfKind[kind];
      const hashes = new Map<string, string>();
      for (const p of planned[kind]) {
        if (p.verdict === 'present' || ((p.record as { recordedOn?: string }).recordedOn ?? origin) !== origin) continue;
        hashes.set(p.record.uid, p.hash);
        if (p.verdict !== 'new') replaced.push([entity, p.record.uid]);
      }
      return { entity, hashes };
    })
    .sort((a, b) => (a.entity < b.entity ? -1 : 1));
  if (replaced.length > 0) {
    db.prepare(`DELETE FROM team_record WHERE (entity, uid) IN (SELECT value ->> '$[0]', value ->> '$[1]' FROM json_each(?))`).run(JSON.stringify(replaced));
  }
  const received = batchInserter(db, 'team_record', ['entity', 'uid', 'content_hash']);
  for (const { entity, hashes } of byEntity) {
    for (const uid of [...hashes.keys()].sort()) received.add(entity, uid, hashes.get(uid));
  }
  received.flush();
  db.prepare(
    `INSERT INTO team_laptop (id, name, public_key, last_written_at, last_merged_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, last_written_at = excluded.last_written_at, last_merged_at = excluded.last_merged_at`,
  ).run(origin, planned.header.laptopName, planned.header.publicKey, planned.header.writtenAt, at);
}
