// The one rule for which laptop counts a record centrally (docs/sync-protocol.md, "Counted
// once"): a session, and every visit and conversation recorded at it, is sent to the collector
// only by the laptop that recorded the session. Records merged from a team member's hand-over
// file carry that laptop's id in recorded_on; records made here have none.

/** SQL: the event aliased `event` was recorded on this laptop (so this laptop counts it). */
export function countedHere(event: string): string {
  return `${event}.recorded_on IS NULL`;
}
