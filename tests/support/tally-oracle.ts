// The tests' oracle for the code tallies: every live conversation at a live event, read plainly
// from the record tables (not from the tallies, the set columns or the triggers), counted by the
// one counting function (main/tallies/count.ts) the bulk writers use.
import type { Store } from '../../main/db/store.ts';
import { countConversation } from '../../main/tallies/count.ts';

/** "day|dimension|code|n" and "month|kind|dimension|code|n" rows, sorted, as the tally tables should hold them. */
export function expectedCodeTallies(store: Store): { days: string[]; months: string[] } {
  const db = store.sqlite;
  const codesOf = (table: string, column: string) => {
    const byConversation = new Map<number, string[]>();
    for (const [id, code] of db.prepare(`SELECT conversation_id, ${column} FROM ${table}`).raw(true).all() as [number, string][]) {
      const codes = byConversation.get(id);
      if (codes) codes.push(code);
      else byConversation.set(id, [code]);
    }
    return byConversation;
  };
  const topics = codesOf('conversation_topic', 'topic');
  const outcomes = codesOf('conversation_outcome', 'outcome');
  const groupOf = new Map(
    (db.prepare(`SELECT code, group_code FROM reference_item WHERE list = 'topic'`).raw(true).all() as [string, string | null][]).map(([code, group]) => [
      code,
      group ?? 'ungrouped',
    ]),
  );
  const days = new Map<string, number>();
  const months = new Map<string, number>();
  const add = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const live = db
    .prepare(
      `SELECT c.id, c.local_day, e.kind, c.age_band, c.sex, c.ethnicity, c.language
         FROM conversation c JOIN event e ON e.id = c.event_id AND e.deleted_at IS NULL WHERE c.deleted_at IS NULL`,
    )
    .raw(true)
    .all() as [number, string, string, string, string, string, string][];
  for (const [id, day, kind, age, sex, ethnicity, language] of live) {
    countConversation({ bands: { age, sex, ethnicity, language }, topics: topics.get(id) ?? [], outcomes: outcomes.get(id) ?? [] }, groupOf, (dimension, code) => {
      add(days, `${day}|${dimension}|${code}`);
      add(months, `${day.slice(0, 7)}|${kind}|${dimension}|${code}`);
    });
  }
  const rows = (counts: Map<string, number>) => [...counts].map(([key, n]) => `${key}|${n}`).sort();
  return { days: rows(days), months: rows(months) };
}
