// The one rule for which laptop counts a record centrally (docs/sync-protocol.md, "Counted
// once"): a session, and every visit and conversation recorded at it, is sent to the collector
// only by the laptop that recorded the session. Records merged from a team member's hand-over
// file carry that laptop's id in recorded_on; records made here have none.

/** SQL: the event aliased `event` was recorded on this laptop (so this laptop counts it). */
// Visits and conversations carry their session's origin too (a merge writes it; migration
// 0011's triggers refuse new records at a merged session), so the rule reads the same on them.
export function countedHere(event: string): string {
  return `${event}.recorded_on IS NULL`;
}

/**
 * SQL: the id of the laptop that recorded the event aliased `event` (this laptop's own id, from
 * setting laptop_id, for its own records). The one expression every filter by laptop uses.
 */
export function recordingLaptop(event: string): string {
  return `coalesce(${event}.recorded_on, (SELECT value FROM setting WHERE key = 'laptop_id'))`;
}

/** Whether any record here came from another laptop (a partial index makes this one lookup). */
export function holdsMergedRecords(db: { prepare(sql: string): { get(): unknown } }): boolean {
  return db.prepare('SELECT 1 FROM event WHERE recorded_on IS NOT NULL LIMIT 1').get() !== undefined;
}
