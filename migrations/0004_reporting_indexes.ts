// What the coordinator's dashboard and the monthly summary read (main/reports/).
//
// Two covering indexes let the report cache load a month of live conversations and visits
// from the index alone, in local_day order, without touching the table rows.
//
// A version per month (and one for events, sites and volunteers' hours) lets the cache know,
// exactly and cheaply, which months changed since it loaded them. Triggers bump the version
// in the same transaction as the change, whoever writes it (the app, the CLI, an import, a
// second process on the same file), so the dashboard never shows a stale month and never
// relies on a laptop clock that may have been set back. Each trigger is one small upsert on
// a table of a few dozen rows.
import { sql, type Kysely } from 'kysely';

const month = (day: string) => `substr(${day}, 1, 7)`;

/** An upsert that adds 1 to a scope's version (a new scope starts at 1). */
const bump = (scopeSql: string, from = '') =>
  `INSERT INTO report_change (scope, version) SELECT ${scopeSql}, 1 ${from || 'WHERE true'}
     ON CONFLICT (scope) DO UPDATE SET version = version + 1;`;

const conversationScope = (day: string) => `'conversation:' || ${month(day)}`;
const visitScope = (day: string) => `'visit:' || ${month(day)}`;
const eventsScope = `'events'`;

const statements = [
  `CREATE INDEX conversation_live_by_day ON conversation (local_day, event_id, age_band, sex, ethnicity, language)
     WHERE deleted_at IS NULL`,
  `CREATE INDEX visit_live_by_day ON visit (local_day, event_id, adults, children) WHERE deleted_at IS NULL`,
  `CREATE TABLE report_change (
     scope TEXT PRIMARY KEY,
     version INTEGER NOT NULL
   ) WITHOUT ROWID`,

  // Conversations, by the month of the conversation's day. Topics and outcomes carry no
  // trigger of their own: they are only ever written with their conversation's row (recorded
  // with it, or rewritten by a correction that updates the row too), and a trigger per topic
  // and outcome row doubled the time to load a million synthetic conversations.
  `CREATE TRIGGER report_conversation_insert AFTER INSERT ON conversation BEGIN
     ${bump(conversationScope('NEW.local_day'))}
   END`,
  `CREATE TRIGGER report_conversation_update
     AFTER UPDATE OF event_id, local_day, age_band, sex, ethnicity, language, deleted_at ON conversation BEGIN
     ${bump(conversationScope('OLD.local_day'))}
     ${bump(conversationScope('NEW.local_day'), 'WHERE NEW.local_day <> OLD.local_day')}
   END`,
  `CREATE TRIGGER report_conversation_delete AFTER DELETE ON conversation BEGIN
     ${bump(conversationScope('OLD.local_day'))}
   END`,
  // Visits, by the month of the visit's day.
  `CREATE TRIGGER report_visit_insert AFTER INSERT ON visit BEGIN
     ${bump(visitScope('NEW.local_day'))}
   END`,
  `CREATE TRIGGER report_visit_update AFTER UPDATE OF event_id, local_day, adults, children, deleted_at ON visit BEGIN
     ${bump(visitScope('OLD.local_day'))}
     ${bump(visitScope('NEW.local_day'), 'WHERE NEW.local_day <> OLD.local_day')}
   END`,
  `CREATE TRIGGER report_visit_delete AFTER DELETE ON visit BEGIN
     ${bump(visitScope('OLD.local_day'))}
   END`,

  // Events, the volunteers' hours at them and sites: one scope, reloaded whole (tens of
  // thousands of rows at most, a few milliseconds).
  `CREATE TRIGGER report_event_insert AFTER INSERT ON event BEGIN ${bump(eventsScope)} END`,
  `CREATE TRIGGER report_event_update AFTER UPDATE OF site_id, kind, local_day, ends_at, deleted_at ON event BEGIN
     ${bump(eventsScope)}
   END`,
  `CREATE TRIGGER report_event_delete AFTER DELETE ON event BEGIN ${bump(eventsScope)} END`,
  `CREATE TRIGGER report_event_volunteer_insert AFTER INSERT ON event_volunteer BEGIN ${bump(eventsScope)} END`,
  `CREATE TRIGGER report_event_volunteer_update AFTER UPDATE ON event_volunteer BEGIN ${bump(eventsScope)} END`,
  `CREATE TRIGGER report_event_volunteer_delete AFTER DELETE ON event_volunteer BEGIN ${bump(eventsScope)} END`,
  `CREATE TRIGGER report_site_insert AFTER INSERT ON site BEGIN ${bump(eventsScope)} END`,
  `CREATE TRIGGER report_site_update AFTER UPDATE OF name, authority_code ON site BEGIN ${bump(eventsScope)} END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
