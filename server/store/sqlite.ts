// The default store: one SQLite file. better-sqlite3 is synchronous, so each method is one
// IMMEDIATE transaction that nothing can interleave with, in this process or another one.
import { openSqlite, type SqliteDatabase } from '../../main/db/connection.ts';
import { SCHEMA_VERSION, submissionSchema, type Submission } from '../../main/sync/protocol.ts';
import { sqliteMigrations } from '../migrations/sqlite.ts';
import { decideSubmission } from './decide.ts';
import type { Acknowledgement, CollectorStore, Device, HeldPeriod, Reader, Redemption, SubmissionOutcome } from './store.ts';

interface AcknowledgementRow {
  submission_id: string;
  receipt_id: string;
  enrolment_id: string;
  period: string;
  revision: number;
  status: 'stored' | 'stale';
  body_sha256: string;
  received_at: string;
}

const toAcknowledgement = (row: AcknowledgementRow): Acknowledgement => ({
  submissionId: row.submission_id,
  receiptId: row.receipt_id,
  enrolmentId: row.enrolment_id,
  period: row.period,
  revision: row.revision,
  status: row.status,
  bodySha256: row.body_sha256,
  receivedAt: row.received_at,
});

function migrate(db: SqliteDatabase): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS collector_migrations (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
    const applied = new Set(db.prepare('SELECT id FROM collector_migrations').pluck().all() as number[]);
    const record = db.prepare('INSERT INTO collector_migrations (id, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of sqliteMigrations) {
      if (applied.has(migration.id)) continue;
      db.exec(migration.sql);
      record.run(migration.id, migration.name, new Date().toISOString());
    }
  }).immediate();
}

export function openSqliteStore(file: string): CollectorStore {
  const db = openSqlite(file);
  // Erased bodies are overwritten with zeros in the file, not just unlinked from the b-tree.
  db.pragma('secure_delete = ON');
  migrate(db);
  // A migration may have erased bodies (2 does): put the zeroed pages in the file and empty the WAL.
  db.pragma('wal_checkpoint(TRUNCATE)');

  const statements = {
    issueCode: db.prepare(
      'INSERT INTO enrolment_codes (code_sha256, organisation, issued_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    codeByDigest: db.prepare('SELECT organisation, expires_at, redeemed_at FROM enrolment_codes WHERE code_sha256 = ?'),
    spendCode: db.prepare('UPDATE enrolment_codes SET redeemed_at = ?, enrolment_id = ? WHERE code_sha256 = ?'),
    addDevice: db.prepare(
      'INSERT INTO devices (enrolment_id, token_sha256, organisation, enrolled_at) VALUES (?, ?, ?, ?)',
    ),
    deviceByToken: db.prepare('SELECT enrolment_id, token_sha256, organisation FROM devices WHERE token_sha256 = ?'),
    addReader: db.prepare('INSERT INTO readers (reader_id, token_sha256, label, created_at) VALUES (?, ?, ?, ?)'),
    readerByToken: db.prepare('SELECT reader_id, token_sha256, label FROM readers WHERE token_sha256 = ?'),
    acknowledgement: db.prepare(
      `SELECT submission_id, receipt_id, enrolment_id, period, revision, status, body_sha256, received_at
         FROM submissions WHERE submission_id = ?`,
    ),
    heldPeriods: db.prepare(
      `SELECT period, revision, submission_id AS submissionId, policy_threshold AS threshold,
              policy_rounding_base AS roundingBase
         FROM latest_revisions WHERE enrolment_id = ?`,
    ),
    eraseBody: db.prepare('UPDATE submissions SET body = NULL WHERE submission_id = ?'),
    addSubmission: db.prepare(
      `INSERT INTO submissions
         (submission_id, receipt_id, enrolment_id, period, revision, status, body_sha256, body, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setLatest: db.prepare(
      `INSERT INTO latest_revisions (enrolment_id, period, revision, submission_id, policy_threshold, policy_rounding_base)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (enrolment_id, period) DO UPDATE SET revision = excluded.revision, submission_id = excluded.submission_id,
         policy_threshold = excluded.policy_threshold, policy_rounding_base = excluded.policy_rounding_base`,
    ),
    // Bodies of an earlier protocol version are kept but not summed: their figures mean other things.
    latestBodies: db
      .prepare(
        `SELECT s.body FROM latest_revisions l JOIN submissions s ON s.submission_id = l.submission_id
          WHERE l.period = ? AND json_extract(s.body, '$.schemaVersion') = ? ORDER BY l.enrolment_id`,
      )
      .pluck(),
    latestIds: db
      .prepare('SELECT submission_id FROM latest_revisions WHERE period = ? ORDER BY enrolment_id')
      .pluck(),
  };

  const redeem = db.transaction(
    (input: { codeSha256: string; enrolmentId: string; tokenSha256: string; now: string }): Redemption => {
      const code = statements.codeByDigest.get(input.codeSha256) as
        | { organisation: string | null; expires_at: string; redeemed_at: string | null }
        | undefined;
      if (!code) return { outcome: 'unknown' };
      if (code.redeemed_at !== null) return { outcome: 'used' };
      if (Date.parse(code.expires_at) <= Date.parse(input.now)) return { outcome: 'expired' };
      statements.spendCode.run(input.now, input.enrolmentId, input.codeSha256);
      statements.addDevice.run(input.enrolmentId, input.tokenSha256, code.organisation, input.now);
      return { outcome: 'enrolled', enrolmentId: input.enrolmentId };
    },
  );

  let erasedSinceCheckpoint = false;
  const record = db.transaction((input: Parameters<CollectorStore['recordSubmission']>[0]): SubmissionOutcome => {
    const { submission } = input;
    const row = statements.acknowledgement.get(submission.submissionId) as AcknowledgementRow | undefined;
    const held = statements.heldPeriods.all(submission.enrolmentId) as HeldPeriod[];
    const decision = decideSubmission(input, row && toAcknowledgement(row), held);
    if (decision.action === 'answer-conflict') return { outcome: 'conflict' };
    if (decision.action === 'answer-repeat') return { outcome: 'repeat', acknowledgement: decision.acknowledgement };
    if (decision.action === 'refuse') return { outcome: 'refused', code: decision.code, reason: decision.reason };
    const ack = decision.acknowledgement;
    statements.addSubmission.run(
      ack.submissionId,
      ack.receiptId,
      ack.enrolmentId,
      ack.period,
      ack.revision,
      ack.status,
      ack.bodySha256,
      decision.becomesLatest ? input.canonicalBody : null,
      ack.receivedAt,
    );
    if (decision.becomesLatest) {
      const { threshold, roundingBase } = submission.policy;
      statements.setLatest.run(ack.enrolmentId, ack.period, ack.revision, ack.submissionId, threshold, roundingBase);
    }
    if (decision.supersedes) {
      statements.eraseBody.run(decision.supersedes);
      erasedSinceCheckpoint = true;
    }
    return { outcome: 'new', acknowledgement: ack };
  });

  return {
    kind: 'sqlite',
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async issueEnrolmentCode(code) {
      statements.issueCode.run(code.codeSha256, code.organisation, code.issuedAt, code.expiresAt);
    },
    async redeemEnrolmentCode(input) {
      return redeem.immediate(input);
    },
    async deviceByToken(tokenSha256) {
      const row = statements.deviceByToken.get(tokenSha256) as
        | { enrolment_id: string; token_sha256: string; organisation: string | null }
        | undefined;
      return row && ({ enrolmentId: row.enrolment_id, tokenSha256: row.token_sha256, organisation: row.organisation } satisfies Device);
    },
    async addReader(reader) {
      statements.addReader.run(reader.readerId, reader.tokenSha256, reader.label, reader.createdAt);
    },
    async readerByToken(tokenSha256) {
      const row = statements.readerByToken.get(tokenSha256) as
        | { reader_id: string; token_sha256: string; label: string | null }
        | undefined;
      return row && ({ readerId: row.reader_id, tokenSha256: row.token_sha256, label: row.label } satisfies Reader);
    },
    async recordSubmission(input) {
      const outcome = record.immediate(input);
      if (erasedSinceCheckpoint) {
        // The erased body still sits in earlier WAL frames until the WAL is reset: copy the
        // zeroed pages into the file and empty the WAL now (revisions are rare; this is cheap).
        const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        // Another connection reading: the next erase (or SQLite's own checkpoint) finishes it.
        erasedSinceCheckpoint = result?.busy === 1;
      }
      return outcome;
    },
    async latestSubmissions(period): Promise<Submission[]> {
      // Re-parsed: the file is outside this process and may have been written by an older build.
      return (statements.latestBodies.all(period, SCHEMA_VERSION) as string[]).map((body) =>
        submissionSchema.parse(JSON.parse(body)),
      );
    },
    async latestSubmissionIds(period) {
      return statements.latestIds.all(period) as string[];
    },
    async close() {
      db.close();
    },
  };
}
