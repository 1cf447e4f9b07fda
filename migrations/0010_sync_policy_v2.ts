// Disclosure policy version 2 (PRODUCT.md, "What leaves the device", rules 6 and 7): each
// period keeps the policy of its first send, and each revision keeps what it was built from,
// so the next one can be checked as a difference (main/sync/revisions.ts). Frozen: plain SQL.
import { sql, type Kysely } from 'kysely';

const statements = [
  // The policy a period was first sent with, as JSON; every later revision uses it.
  `ALTER TABLE sync_period ADD COLUMN policy TEXT`,
  // Late changes not sent yet, and why (JSON list), for the Sync screen.
  `ALTER TABLE sync_period ADD COLUMN held TEXT`,
  // Per revision: the exact activity it was built from (JSON), to measure the next change.
  `ALTER TABLE sync_submission ADD COLUMN activity_basis TEXT`,
  // Per revision: each conversation it counted, by borough, as what it counted under.
  `CREATE TABLE sync_basis_conversation (
     submission_id TEXT NOT NULL REFERENCES sync_submission (id) ON DELETE CASCADE,
     authority_code TEXT NOT NULL,
     conversation_id INTEGER NOT NULL,
     signature TEXT NOT NULL,
     PRIMARY KEY (submission_id, authority_code, conversation_id)
   ) WITHOUT ROWID`,
  // Periods already queued keep the policy their latest revision was built with.
  `UPDATE sync_period SET policy = (
     SELECT json_extract(s.payload, '$.policy') FROM sync_submission s
      WHERE s.period = sync_period.period ORDER BY s.revision DESC LIMIT 1)`,
  // Version 1 bodies not yet attempted would be refused by a version 2 collector: build them again.
  `UPDATE sync_submission SET status = 'superseded', next_attempt_at = NULL
    WHERE status = 'pending' AND attempts = 0 AND json_extract(payload, '$.schemaVersion') = 1`,
  `DELETE FROM sync_period WHERE period NOT IN (SELECT period FROM sync_submission WHERE status <> 'superseded')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
