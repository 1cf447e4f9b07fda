// The sync outbox and its settings (PRODUCT.md, "The sync protocol"). The outbox lives in the
// same SQLite file as the records, so what was built, sent, refused or is still waiting
// survives restarts and is written in the same transactions as the decisions about it.
import { sql, type Kysely } from 'kysely';

const statements = [
  // One row. The disclosure settings repeat the policy's floor (7 and 5) as CHECKs so that no
  // path, however it writes, can lower them; the code gives the readable error first.
  `CREATE TABLE sync_config (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     endpoint TEXT,
     enrolment_id TEXT,
     period_kind TEXT NOT NULL DEFAULT 'month' CHECK (period_kind IN ('month', 'week')),
     grace_days INTEGER NOT NULL DEFAULT 3 CHECK (grace_days BETWEEN 0 AND 60),
     threshold INTEGER NOT NULL DEFAULT 7 CHECK (threshold BETWEEN 7 AND 100),
     rounding_base INTEGER NOT NULL DEFAULT 5 CHECK (rounding_base BETWEEN 5 AND 100),
     stopped_key TEXT,
     stopped_detail TEXT,
     stopped_at TEXT,
     paused_until TEXT,
     last_error_key TEXT,
     last_error_detail TEXT,
     last_error_at TEXT,
     refresh_stamp TEXT
   )`,
  `INSERT INTO sync_config (id) VALUES (1)`,
  // One row per revision of a period. id is the submission UUID, also the idempotency key the
  // collector stores once. payload is the exact body sent; payload_hash is the sha256 of its
  // content without id and revision, so an unchanged period is recognised and not re-sent.
  `CREATE TABLE sync_submission (
     id TEXT PRIMARY KEY,
     period TEXT NOT NULL,
     revision INTEGER NOT NULL CHECK (revision >= 1),
     enrolment_id TEXT NOT NULL,
     payload TEXT NOT NULL,
     payload_hash TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'rejected', 'superseded')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at TEXT,
     last_error TEXT,
     receipt TEXT,
     created_at TEXT NOT NULL,
     sent_at TEXT,
     UNIQUE (period, revision)
   )`,
  `CREATE INDEX sync_submission_by_status ON sync_submission (status, next_attempt_at)`,
  // What each period's records looked like when its payload was last built (a digest of
  // counts and last-change times, see main/sync/changes.ts), so a refresh rebuilds only the
  // periods that changed instead of every closed period since the device was enrolled.
  `CREATE TABLE sync_period (
     period TEXT PRIMARY KEY,
     source_fingerprint TEXT NOT NULL,
     payload_hash TEXT NOT NULL,
     checked_at TEXT NOT NULL
   ) WITHOUT ROWID`,
  // Lets that digest read a month's conversation count and latest change from the index alone.
  `CREATE INDEX conversation_changes_by_day ON conversation (local_day, updated_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
