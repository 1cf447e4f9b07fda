// Every migration, in order. Listed explicitly (not read from disk) so the bundled app and
// the asar archive carry them. Forward-only: never edit or remove a migration once released.
// No 0005 or 0009: numbers taken by work that never landed; a gap is never filled (docs/migrations.md).
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_records.ts';
import * as m0002 from './0002_reference_data.ts';
import * as m0003 from './0003_sync.ts';
import * as m0004 from './0004_reporting_indexes.ts';
import * as m0006 from './0006_outcome_counts.ts';
import * as m0007 from './0007_report_tallies.ts';
import * as m0008 from './0008_profile_pins.ts';
import * as m0010 from './0010_sync_policy_v2.ts';
import * as m0011 from './0011_team_records.ts';
import * as m0012 from './0012_tally_triggers.ts';
import * as m0013 from './0013_open_sessions_and_laptop_counts.ts';

export const migrations: Record<string, Migration> = {
  '0001_records': m0001,
  '0002_reference_data': m0002,
  '0003_sync': m0003,
  '0004_reporting_indexes': m0004,
  '0006_outcome_counts': m0006,
  '0007_report_tallies': m0007,
  '0008_profile_pins': m0008,
  '0010_sync_policy_v2': m0010,
  '0011_team_records': m0011,
  '0012_tally_triggers': m0012,
  '0013_open_sessions_and_laptop_counts': m0013,
};
