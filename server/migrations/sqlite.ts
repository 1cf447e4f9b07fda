// The collector's SQLite schema, forward-only: append, never edit an applied step.
// Instants are ISO 8601 UTC text (fixed width, so they sort and compare as text).
import type { Migration } from './migration.ts';

export const sqliteMigrations: readonly Migration[] = [
  {
    id: 1,
    name: 'enrolment, devices, readers, submissions',
    sql: `
      CREATE TABLE enrolment_codes (
        code_sha256  TEXT PRIMARY KEY,
        organisation TEXT,
        issued_at    TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        redeemed_at  TEXT,
        enrolment_id TEXT
      ) STRICT;

      CREATE TABLE devices (
        enrolment_id TEXT PRIMARY KEY,
        token_sha256 TEXT NOT NULL UNIQUE,
        organisation TEXT,
        enrolled_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE readers (
        reader_id    TEXT PRIMARY KEY,
        token_sha256 TEXT NOT NULL UNIQUE,
        label        TEXT,
        created_at   TEXT NOT NULL
      ) STRICT;

      -- Every acknowledged submission. The body is kept only for stored ones: a stale
      -- revision is acknowledged (so a resend gets the same receipt) but not kept.
      CREATE TABLE submissions (
        submission_id TEXT PRIMARY KEY,
        receipt_id    TEXT NOT NULL UNIQUE,
        enrolment_id  TEXT NOT NULL REFERENCES devices (enrolment_id),
        period        TEXT NOT NULL,
        revision      INTEGER NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('stored', 'stale')),
        body_sha256   TEXT NOT NULL,
        body          TEXT,
        received_at   TEXT NOT NULL
      ) STRICT;

      -- The revision that counts, per device and period.
      CREATE TABLE latest_revisions (
        enrolment_id  TEXT NOT NULL REFERENCES devices (enrolment_id),
        period        TEXT NOT NULL,
        revision      INTEGER NOT NULL,
        submission_id TEXT NOT NULL REFERENCES submissions (submission_id),
        PRIMARY KEY (enrolment_id, period)
      ) STRICT;
      CREATE INDEX latest_revisions_by_period ON latest_revisions (period);
    `,
  },
  {
    id: 2,
    name: 'policy per period; only the latest body kept',
    sql: `
      -- The policy each period was protected with, so that a revision cannot lower it.
      ALTER TABLE latest_revisions ADD COLUMN policy_threshold INTEGER NOT NULL DEFAULT 7;
      ALTER TABLE latest_revisions ADD COLUMN policy_rounding_base INTEGER NOT NULL DEFAULT 5;
      UPDATE latest_revisions SET
        policy_threshold = coalesce((SELECT json_extract(s.body, '$.policy.threshold') FROM submissions s
                                      WHERE s.submission_id = latest_revisions.submission_id), 7),
        policy_rounding_base = coalesce((SELECT json_extract(s.body, '$.policy.roundingBase') FROM submissions s
                                          WHERE s.submission_id = latest_revisions.submission_id), 5);
      -- A superseded revision's body, beside its successor, gives away the difference.
      UPDATE submissions SET body = NULL
       WHERE body IS NOT NULL AND submission_id NOT IN (SELECT submission_id FROM latest_revisions);
    `,
  },
];
