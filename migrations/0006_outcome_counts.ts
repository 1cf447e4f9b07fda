// The data check "conversation with no outcome" must stay fast on a million conversations.
// Each conversation keeps a count of its outcomes, kept in step by triggers whoever writes
// the outcome rows (the app, an import, the seeder), and a partial index holds exactly the
// live conversations with none — usually a few per cent — by event.
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE conversation ADD COLUMN outcome_count INTEGER NOT NULL DEFAULT 0`,
  `UPDATE conversation SET outcome_count = (SELECT count(*) FROM conversation_outcome o WHERE o.conversation_id = conversation.id)`,
  `CREATE TRIGGER conversation_outcome_added AFTER INSERT ON conversation_outcome BEGIN
     UPDATE conversation SET outcome_count = outcome_count + 1 WHERE id = NEW.conversation_id;
   END`,
  `CREATE TRIGGER conversation_outcome_removed AFTER DELETE ON conversation_outcome BEGIN
     UPDATE conversation SET outcome_count = outcome_count - 1 WHERE id = OLD.conversation_id;
   END`,
  `CREATE INDEX conversation_without_outcome ON conversation (event_id) WHERE outcome_count = 0 AND deleted_at IS NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
