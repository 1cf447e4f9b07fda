// The sets of codes a conversation row points to (conversation.topic_set, outcome_set,
// band_set: ids in code_set, migration 0007), as lists of codes. A set's id never changes
// meaning (code_set rows are only ever added), so what was read once per connection is kept:
// a month's sync payload or narrowed dashboard needs a few thousand of them, ~12 ms to read.
import type { SqliteDatabase } from '../db/connection.ts';
import type { Store } from '../db/store.ts';

const known = new WeakMap<SqliteDatabase, Map<number, string[]>>();

/** id -> its codes (an empty list for '' and for an id not in code_set). */
export function codeSetLists(store: Store, ids: Iterable<number>): Map<number, string[]> {
  let cache = known.get(store.sqlite);
  if (!cache) known.set(store.sqlite, (cache = new Map()));
  const missing: number[] = [];
  for (const id of ids) if (!cache.has(id)) missing.push(id);
  if (missing.length > 0) {
    const rows = store.sqlite
      .prepare('SELECT id, codes FROM code_set WHERE id IN (SELECT value FROM json_each(?))')
      .raw(true)
      .all(JSON.stringify(missing)) as [number, string][];
    for (const [id, codes] of rows) cache.set(id, codes === '' ? [] : codes.split(' '));
  }
  return cache;
}
