// The tally triggers in force: the literal text of the latest migration that wrote them.
// A change to what is counted is a new migration with its own literal text, named here
// (docs/tallies.md, "Changing what is counted"); a test holds sqlite_master to this text.
export { TALLY_TRIGGERS } from '../../migrations/0012_tally_triggers.ts';

/** The tally triggers are the ones named so. */
export const TALLY_TRIGGER_PREFIX = 'report_tally_';
