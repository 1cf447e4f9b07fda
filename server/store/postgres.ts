// The store for a real deployment: PostgreSQL through a `pg` pool. Requests run concurrently
// here, so each write transaction first locks what it decides on: the code being spent, or the
// submitting device's row (one device's submissions are then decided one at a time).
import pg from 'pg';
import { SCHEMA_VERSION, submissionSchema, type Submission } from '../../main/sync/protocol.ts';
import { postgresMigrations } from '../migrations/postgres.ts';
import { decideSubmission } from './decide.ts';
import type { Acknowledgement, CollectorStore, HeldPeriod, Redemption, SubmissionOutcome } from './store.ts';

export interface PostgresOptions {
  connectionString: string;
  /** A schema of its own (created if missing) instead of `public`; tests use one each. */
  schema?: string;
  maxConnections?: number;
}

interface AcknowledgementRow {
  submission_id: string;
  receipt_id: string;
  enrolment_id: string;
  period: string;
  revision: number;
  status: 'stored' | 'stale';
  body_sha256: string;
  received_at: Date;
}

const toAcknowledgement = (row: AcknowledgementRow): Acknowledgement => ({
  submissionId: row.submission_id,
  receiptId: row.receipt_id,
  enrolmentId: row.enrolment_id,
  period: row.period,
  revision: row.revision,
  status: row.status,
  bodySha256: row.body_sha256,
  receivedAt: row.received_at.toISOString(),
});

// Any constant will do: it only keeps two collectors starting together from both migrating.
const migrationLock = 7_340_001;
const uniqueViolation = '23505';

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
    const rollbackError = await client.query('ROLLBACK').then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    client.release(rollbackError);
    throw error;
  }
}

async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS collector_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set((await client.query<{ id: number }>('SELECT id FROM collector_migrations')).rows.map((r) => r.id));
    for (const migration of postgresMigrations) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO collector_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
    }
  });
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a usable schema name: ${name}`);
  return `"${name}"`;
}

export async function openPostgresStore(options: PostgresOptions): Promise<CollectorStore> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // Every connection works in the chosen schema; quoteIdentifier has vetted the name.
    ...(options.schema ? { options: `-c search_path=${quoteIdentifier(options.schema)}` } : {}),
  });
  // An idle pooled connection that the server drops must not crash the process.
  pool.on('error', (error) => console.error('collector: idle PostgreSQL connection failed:', error.message));
  try {
    await migrate(pool, options.schema);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const recordOnce = (input: Parameters<CollectorStore['recordSubmission']>[0]) =>
    inTransaction(pool, async (client): Promise<SubmissionOutcome> => {
      const { submission } = input;
      await client.query('SELECT 1 FROM devices WHERE enrolment_id = $1 FOR UPDATE', [submission.enrolmentId]);
      const existing = await client.query<AcknowledgementRow>(
        `SELECT submission_id, receipt_id, enrolment_id, period, revision, status, body_sha256, received_at
           FROM submissions WHERE submission_id = $1`,
        [submission.submissionId],
      );
      const held = await client.query<HeldPeriod>(
        `SELECT period, revision, submission_id AS "submissionId", policy_threshold AS threshold,
                policy_rounding_base AS "roundingBase"
           FROM latest_revisions WHERE enrolment_id = $1`,
        [submission.enrolmentId],
      );
      const row = existing.rows[0];
      const decision = decideSubmission(input, row && toAcknowledgement(row), held.rows);
      if (decision.action === 'answer-conflict') return { outcome: 'conflict' };
      if (decision.action === 'answer-repeat') return { outcome: 'repeat', acknowledgement: decision.acknowledgement };
      if (decision.action === 'refuse') return { outcome: 'refused', code: decision.code, reason: decision.reason };
      const ack = decision.acknowledgement;
      await client.query(
        `INSERT INTO submissions
           (submission_id, receipt_id, enrolment_id, period, revision, status, body_sha256, body, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          ack.submissionId,
          ack.receiptId,
          ack.enrolmentId,
          ack.period,
          ack.revision,
          ack.status,
          ack.bodySha256,
          decision.becomesLatest ? input.canonicalBody : null,
          ack.receivedAt,
        ],
      );
      if (decision.becomesLatest) {
        await client.query(
          `INSERT INTO latest_revisions
             (enrolment_id, period, revision, submission_id, policy_threshold, policy_rounding_base)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (enrolment_id, period) DO UPDATE SET revision = excluded.revision, submission_id = excluded.submission_id,
             policy_threshold = excluded.policy_threshold, policy_rounding_base = excluded.policy_rounding_base`,
          [ack.enrolmentId, ack.period, ack.revision, ack.submissionId, submission.policy.threshold, submission.policy.roundingBase],
        );
      }
      // The replaced body goes; its acknowledgement stays, so a resend still gets its receipt.
      if (decision.supersedes) {
        await client.query('UPDATE submissions SET body = NULL WHERE submission_id = $1', [decision.supersedes]);
      }
      return { outcome: 'new', acknowledgement: ack };
    });

  return {
    kind: 'postgres',
    async ping() {
      await pool.query('SELECT 1');
    },
    async issueEnrolmentCode(code) {
      await pool.query(
        'INSERT INTO enrolment_codes (code_sha256, organisation, issued_at, expires_at) VALUES ($1, $2, $3, $4)',
        [code.codeSha256, code.organisation, code.issuedAt, code.expiresAt],
      );
    },
    async redeemEnrolmentCode(input) {
      return inTransaction(pool, async (client): Promise<Redemption> => {
        const found = await client.query<{ organisation: string | null; expires_at: Date; redeemed_at: Date | null }>(
          'SELECT organisation, expires_at, redeemed_at FROM enrolment_codes WHERE code_sha256 = $1 FOR UPDATE',
          [input.codeSha256],
        );
        const code = found.rows[0];
        if (!code) return { outcome: 'unknown' };
        if (code.redeemed_at !== null) return { outcome: 'used' };
        if (code.expires_at.getTime() <= Date.parse(input.now)) return { outcome: 'expired' };
        await client.query('UPDATE enrolment_codes SET redeemed_at = $1, enrolment_id = $2 WHERE code_sha256 = $3', [
          input.now,
          input.enrolmentId,
          input.codeSha256,
        ]);
        await client.query(
          'INSERT INTO devices (enrolment_id, token_sha256, organisation, enrolled_at) VALUES ($1, $2, $3, $4)',
          [input.enrolmentId, input.tokenSha256, code.organisation, input.now],
        );
        return { outcome: 'enrolled', enrolmentId: input.enrolmentId };
      });
    },
    async deviceByToken(tokenSha256) {
      const { rows } = await pool.query<{ enrolment_id: string; token_sha256: string; organisation: string | null }>(
        'SELECT enrolment_id, token_sha256, organisation FROM devices WHERE token_sha256 = $1',
        [tokenSha256],
      );
      const row = rows[0];
      return row && { enrolmentId: row.enrolment_id, tokenSha256: row.token_sha256, organisation: row.organisation };
    },
    async addReader(reader) {
      await pool.query('INSERT INTO readers (reader_id, token_sha256, label, created_at) VALUES ($1, $2, $3, $4)', [
        reader.readerId,
        reader.tokenSha256,
        reader.label,
        reader.createdAt,
      ]);
    },
    async readerByToken(tokenSha256) {
      const { rows } = await pool.query<{ reader_id: string; token_sha256: string; label: string | null }>(
        'SELECT reader_id, token_sha256, label FROM readers WHERE token_sha256 = $1',
        [tokenSha256],
      );
      const row = rows[0];
      return row && { readerId: row.reader_id, tokenSha256: row.token_sha256, label: row.label };
    },
    async recordSubmission(input) {
      try {
        return await recordOnce(input);
      } catch (error) {
        // Two devices racing with the same submission id each lock only their own row; the
        // loser's INSERT fails on the primary key. Run again: it now sees the winner's row.
        if ((error as { code?: string }).code !== uniqueViolation) throw error;
        return recordOnce(input);
      }
    },
    async latestSubmissions(period): Promise<Submission[]> {
      const { rows } = await pool.query<{ body: unknown }>(
        `SELECT s.body FROM latest_revisions l JOIN submissions s ON s.submission_id = l.submission_id
          WHERE l.period = $1 AND (s.body ->> 'schemaVersion')::integer = $2 ORDER BY l.enrolment_id`,
        [period, SCHEMA_VERSION],
      );
      // Re-parsed: the database is outside this process and may have been written by an older build.
      return rows.map((row) => submissionSchema.parse(row.body));
    },
    async latestSubmissionIds(period) {
      const { rows } = await pool.query<{ submission_id: string }>(
        'SELECT submission_id FROM latest_revisions WHERE period = $1 ORDER BY enrolment_id',
        [period],
      );
      return rows.map((row) => row.submission_id);
    },
    async close() {
      await pool.end();
    },
  };
}
