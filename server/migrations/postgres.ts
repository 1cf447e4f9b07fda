// The collector's PostgreSQL schema: the same tables as migrations/sqlite.ts in native types.
// Forward-only: append, never edit an applied step.
import type { Migration } from './migration.ts';

export const postgresMigrations: readonly Migration[] = [
  {
    id: 1,
    name: 'enrolment, devices, readers, submissions',
    sql: `
      CREATE TABLE enrolment_codes (
        code_sha256  text PRIMARY KEY,
        organisation text,
        issued_at    timestamptz NOT NULL,
        expires_at   timestamptz NOT NULL,
        redeemed_at  timestamptz,
        enrolment_id text
      );

      CREATE TABLE devices (
        enrolment_id text PRIMARY KEY,
        token_sha256 text NOT NULL UNIQUE,
        organisation text,
        enrolled_at  timestamptz NOT NULL
      );

      CREATE TABLE readers (
        reader_id    text PRIMARY KEY,
        token_sha256 text NOT NULL UNIQUE,
        label        text,
        created_at   timestamptz NOT NULL
      );

      -- Every acknowledged submission. The body is kept only for stored ones: a stale
      -- revision is acknowledged (so a resend gets the same receipt) but not kept.
      CREATE TABLE submissions (
        submission_id text PRIMARY KEY,
        receipt_id    text NOT NULL UNIQUE,
        enrolment_id  text NOT NULL REFERENCES devices (enrolment_id),
        period        text NOT NULL,
        revision      integer NOT NULL,
        status        text NOT NULL CHECK (status IN ('stored', 'stale')),
        body_sha256   text NOT NULL,
        body          jsonb,
        received_at   timestamptz NOT NULL
      );

      -- The revision that counts, per device and period.
      CREATE TABLE latest_revisions (
        enrolment_id  text NOT NULL REFERENCES devices (enrolment_id),
        period        text NOT NULL,
        revision      integer NOT NULL,
        submission_id text NOT NULL REFERENCES submissions (submission_id),
        PRIMARY KEY (enrolment_id, period)
      );
      CREATE INDEX latest_revisions_by_period ON latest_revisions (period);
    `,
  },
];
