// Roles that mean something on a shared laptop: coordinator and lead profiles are protected by
// a PIN or passphrase, kept only as a slow salted hash with its parameters beside it (so they
// can be raised later), and every unlock, failure and PIN change is logged, never the PIN.
// Frozen in time: plain SQL and its own data, no imports from the app.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE profile_secret (
     volunteer_id INTEGER PRIMARY KEY REFERENCES volunteer(id),
     kind TEXT NOT NULL CHECK (kind IN ('pin', 'passphrase')),
     algorithm TEXT NOT NULL CHECK (algorithm = 'scrypt'),
     params TEXT NOT NULL,
     salt BLOB NOT NULL,
     hash BLOB NOT NULL,
     set_at TEXT NOT NULL,
     failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
     last_failed_at TEXT
   )`,
  `CREATE TABLE access_log (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     volunteer_id INTEGER REFERENCES volunteer(id),
     event TEXT NOT NULL CHECK (event IN ('set_up', 'unlocked', 'unlock_failed', 'unlock_refused', 'continued', 'locked', 'pin_set', 'pin_reset'))
   )`,
  `CREATE INDEX access_log_by_volunteer ON access_log (volunteer_id, at)`,
  // The lock's defaults, as data a coordinator can change: lock after 10 idle minutes; a
  // coordinator's PIN holds for 5 minutes after their last coordinator action.
  `INSERT INTO setting (key, value) VALUES ('access.idle_lock_minutes', '10'), ('access.unlock_minutes', '5')
     ON CONFLICT (key) DO NOTHING`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
