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
];
