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
  {
    id: 2,
    name: 'policy per period; only the latest body kept',
    sql: `
      -- The policy each period was protected with, so that a revision cannot lower it.
      ALTER TABLE latest_revisions
        ADD COLUMN policy_threshold integer NOT NULL DEFAULT 7,
        ADD COLUMN policy_rounding_base integer NOT NULL DEFAULT 5;
      UPDATE latest_revisions l
         SET policy_threshold = coalesce((s.body -> 'policy' ->> 'threshold')::integer, 7),
             policy_rounding_base = coalesce((s.body -> 'policy' ->> 'roundingBase')::integer, 5)
        FROM submissions s
       WHERE s.submission_id = l.submission_id;
      -- A superseded revision's body, beside its successor, gives away the difference.
      UPDATE submissions SET body = NULL
       WHERE body IS NOT NULL AND submission_id NOT IN (SELECT submission_id FROM latest_revisions);
    `,
  },
];
