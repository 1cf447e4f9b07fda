// Summary tables for the dashboard and the sync payload, kept in step by triggers.
//
// Measured on the 1,000,000-conversation benchmark database, the report cache of 0004 read
// every conversation of a range, with its topic and outcome rows, after each start: 3 s and
// 300 MB for a year, 0.5 s for a month. The sync payload gathered each conversation's topics
// and outcomes by correlated subqueries: 0.5 s for a month. Now:
//
//   - report_day_code / report_month_code: per London day / per month and kind of event, the
//     live conversations at live events by age band, sex, ethnicity, language, topic, topic
//     group (a conversation touching two topics of a group counts once), outcome, and with no
//     outcome. ~100 rows a day; a year is its months' rows (~10,000, or ~1,000 for one kind
//     of event), plus the days of any month the range cuts.
//   - report_day_event: per London day and event, the live conversations and the live visits
//     with their adults and children (deleted events included: readers join the event).
//   - conversation.topic_set, .outcome_set and .band_set: the conversation's topics, its
//     outcomes and its bands ("age sex ethnicity language") as the id of that string in
//     code_set (codes sorted, separated by a space: codes are [a-z0-9_]; id 0 is ''). A period's
//     conversations then come with everything they count under as four integers, with no
//     subquery per row and no string to make or hash per row in JavaScript (the sync payload;
//     dashboards narrowed to some events): a month's 40,000 conversations were ~180 ms as
//     strings, ~60 ms as ids. A few thousand distinct sets exist in a million conversations.
//     outcome_count (0006) is kept by the same triggers, and recomputed here: 0006 missed
//     outcomes written before their conversation (the seeder and the import buffer rows per
//     table), which flagged most seeded conversations as having none.
//   - event.volunteer_hours: the total of its volunteers' hours.
//
// Every writer keeps them right (the app, the CLI, an import, the seeder, a second process):
// a conversation counts once its row, its topic and outcome rows and its live event exist, in
// whatever order they were written. Topic groups are read from reference_item as topic rows
// are written; regrouping a topic recounts the groups (seconds on a million conversations; a
// migration's job). A bulk writer may pause the triggers inside its own transaction
// (report_tally_state.paused): it must then write the set columns (their strings interned in
// code_set), outcome_count and volunteer_hours itself and add its rows to the tallies before
// it commits (the import does,
// main/records/import/tallies.ts). The pause never commits, so no other connection sees it.
//
// The report cache's versions (report_change), triggers and covering indexes (0004) go:
// nothing reads them now, and every tally tap and logged conversation paid for them.
import { sql, type Kysely } from 'kysely';

const ACTIVE = '(SELECT paused FROM report_tally_state) = 0';
// Sorted by the primary-key scan (conversation_id, code). Not group_concat(... ORDER BY ...):
// the schema must stay readable by SQLite tools older than 3.44 (data recovery).
const topicCodes = (id: string) =>
  `(SELECT coalesce(group_concat(topic, ' '), '') FROM (SELECT topic FROM conversation_topic WHERE conversation_id = ${id} ORDER BY topic))`;
const outcomeCodes = (id: string) =>
  `(SELECT coalesce(group_concat(outcome, ' '), '') FROM (SELECT outcome FROM conversation_outcome WHERE conversation_id = ${id} ORDER BY outcome))`;
const bandsOf = (c: string) => `${c}.age_band || ' ' || ${c}.sex || ' ' || ${c}.ethnicity || ' ' || ${c}.language`;
/** The code_set id of a string (interned first with internCodes). */
const setId = (codes: string) => `(SELECT id FROM code_set WHERE codes = ${codes})`;
const internCodes = (...codes: string[]) => `INSERT OR IGNORE INTO code_set (codes) ${codes.map((c) => `SELECT ${c}`).join(' UNION ALL ')};`;
const groupOf = (topic: string) =>
  `coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = ${topic}), 'ungrouped')`;
const volunteerHours = (id: string) => `(SELECT total(hours) FROM event_volunteer WHERE event_id = ${id})`;

const upsertDay = `ON CONFLICT (local_day, event_id) DO UPDATE SET
     conversations = conversations + excluded.conversations, visits = visits + excluded.visits,
     adults = adults + excluded.adults, children = children + excluded.children`;

/**
 * Adds `select`'s rows (day, kind, d, code, n) to report_day_code and, by month and the
 * event's kind, to report_month_code: two statements. Rows with the same key may repeat (each
 * upserts onto the last); `grouped` sums them first, for selects over many conversations.
 * (An upsert's SELECT needs a WHERE: SQLite's parsing rule.)
 */
const addCodeStatements = (select: string, grouped = false) => [
  `INSERT INTO report_day_code (local_day, dimension, code, conversations)
    SELECT day, d, code, ${grouped ? 'sum(n)' : 'n'} FROM (${select}) WHERE true${grouped ? ' GROUP BY day, d, code' : ''}
    ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations`,
  `INSERT INTO report_month_code (month, kind, dimension, code, conversations)
    SELECT substr(day, 1, 7), kind, d, code, ${grouped ? 'sum(n)' : 'n'} FROM (${select}) WHERE true${grouped ? ' GROUP BY 1, 2, 3, 4' : ''}
    ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations`,
];
/** The same, as the body of a trigger. */
const asBody = (statements: string[]) => statements.map((statement) => `${statement};`).join('\n');
const addCodes = (select: string) => asBody(addCodeStatements(select));

/** The (day, dimension, code) rows of the conversation row `c` (NEW or OLD in a trigger). */
const contribution = (c: string) => `
       SELECT ${c}.local_day AS day, 'age' AS d, ${c}.age_band AS code
       UNION ALL SELECT ${c}.local_day, 'sex', ${c}.sex
       UNION ALL SELECT ${c}.local_day, 'ethnicity', ${c}.ethnicity
       UNION ALL SELECT ${c}.local_day, 'language', ${c}.language
       UNION ALL SELECT ${c}.local_day, 'topic', t.topic FROM conversation_topic AS t WHERE t.conversation_id = ${c}.id
       UNION ALL SELECT DISTINCT ${c}.local_day, 'topic_group', ${groupOf('t.topic')} FROM conversation_topic AS t WHERE t.conversation_id = ${c}.id
       UNION ALL SELECT ${c}.local_day, 'outcome', o.outcome FROM conversation_outcome AS o WHERE o.conversation_id = ${c}.id
       UNION ALL SELECT ${c}.local_day, 'no_outcome', '' WHERE NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = ${c}.id)`;

/**
 * The (day, kind, dimension, code) rows of every conversation `c` matching `where` (SQLite
 * has no LATERAL join: a branch per dimension). `kind` is the kind to count them under: its
 * event's, `e.kind` (joined), or a trigger's OLD.kind / NEW.kind.
 */
const contributions = (where: string, kind = 'e.kind') => {
  const from = kind === 'e.kind' ? 'conversation AS c JOIN event AS e ON e.id = c.event_id' : 'conversation AS c';
  return `
       SELECT c.local_day AS day, ${kind} AS kind, 'age' AS d, c.age_band AS code FROM ${from} WHERE ${where}
       UNION ALL SELECT c.local_day, ${kind}, 'sex', c.sex FROM ${from} WHERE ${where}
       UNION ALL SELECT c.local_day, ${kind}, 'ethnicity', c.ethnicity FROM ${from} WHERE ${where}
       UNION ALL SELECT c.local_day, ${kind}, 'language', c.language FROM ${from} WHERE ${where}
       UNION ALL SELECT c.local_day, ${kind}, 'topic', t.topic FROM ${from} JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE ${where}
       UNION ALL SELECT day, kind, 'topic_group', g FROM (
         SELECT DISTINCT c.id, c.local_day AS day, ${kind} AS kind, ${groupOf('t.topic')} AS g
           FROM ${from} JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE ${where})
       UNION ALL SELECT c.local_day, ${kind}, 'outcome', o.outcome FROM ${from} JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE ${where}
       UNION ALL SELECT c.local_day, ${kind}, 'no_outcome', '' FROM ${from}
        WHERE ${where} AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id)`;
};

/** A conversation row's share of the code tallies, added (+1) or taken off (-1), if it and its event are live. */
const codes = (row: 'NEW' | 'OLD', sign: 1 | -1) =>
  addCodes(
    `SELECT day, k.kind, d, code, ${sign} AS n FROM (SELECT kind FROM event WHERE id = ${row}.event_id AND deleted_at IS NULL) AS k,
       (${contribution(row)}) WHERE ${row}.deleted_at IS NULL`,
  );

/** Every conversation matching `where`, added to (+1) or taken off (-1) the code tallies. */
const manyCodeStatements = (where: string, sign: 1 | -1, kind?: string) =>
  addCodeStatements(`SELECT day, kind, d, code, ${sign} AS n FROM (${contributions(where, kind)})`, true);
const manyCodes = (where: string, sign: 1 | -1, kind?: string) => asBody(manyCodeStatements(where, sign, kind));

/** Every live conversation of an event, under the given kind. */
const eventCodes = (id: string, sign: 1 | -1, kind: string) => manyCodes(`c.event_id = ${id} AND c.deleted_at IS NULL`, sign, kind);

/** A conversation row's share of report_day_event. */
const conversationDay = (row: 'NEW' | 'OLD', sign: 1 | -1) =>
  `INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
     SELECT ${row}.local_day, ${row}.event_id, ${sign}, 0, 0, 0 WHERE ${row}.deleted_at IS NULL
     ${upsertDay};`;

/** A visit row's share of report_day_event. */
const visitDay = (row: 'NEW' | 'OLD', sign: 1 | -1) =>
  `INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
     SELECT ${row}.local_day, ${row}.event_id, 0, ${sign}, ${sign} * ${row}.adults, ${sign} * ${row}.children WHERE ${row}.deleted_at IS NULL
     ${upsertDay};`;

/** The day of the conversation a topic or outcome row belongs to, if it exists and counts. */
const counted = (id: string) =>
  `(SELECT c.local_day AS day, e.kind FROM conversation AS c JOIN event AS e ON e.id = c.event_id
     WHERE c.id = ${id} AND c.deleted_at IS NULL AND e.deleted_at IS NULL)`;

/**
 * The backfill: every live conversation and visit counted into the new tables. The
 * conversations' rows are counted once, into a temporary table, then summed by day and by
 * month and kind (counting them twice doubled the time on a million conversations).
 */
const backfill = [
  `CREATE TEMP TABLE report_tally_rows (day TEXT, kind TEXT, d TEXT, code TEXT, n INTEGER)`,
  `INSERT INTO temp.report_tally_rows (day, kind, d, code, n)
     SELECT day, kind, d, code, count(*) FROM (${contributions('c.deleted_at IS NULL AND e.deleted_at IS NULL')})
      GROUP BY day, kind, d, code`,
  `INSERT INTO report_day_code (local_day, dimension, code, conversations)
     SELECT day, d, code, sum(n) FROM temp.report_tally_rows WHERE true GROUP BY day, d, code
     ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations`,
  `INSERT INTO report_month_code (month, kind, dimension, code, conversations)
     SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM temp.report_tally_rows WHERE true GROUP BY 1, 2, 3, 4
     ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations`,
  `DROP TABLE temp.report_tally_rows`,
  `INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
     SELECT local_day, event_id, sum(conversations), sum(visits), sum(adults), sum(children) FROM (
       SELECT local_day, event_id, count(*) AS conversations, 0 AS visits, 0 AS adults, 0 AS children
         FROM conversation WHERE deleted_at IS NULL GROUP BY local_day, event_id
       UNION ALL
       SELECT local_day, event_id, 0, count(*), sum(adults), sum(children) FROM visit
        WHERE deleted_at IS NULL GROUP BY local_day, event_id
     ) WHERE true GROUP BY local_day, event_id
     ${upsertDay}`,
];

const bandsOrPlaceChanged = `(OLD.event_id IS NOT NEW.event_id OR OLD.local_day IS NOT NEW.local_day OR OLD.deleted_at IS NOT NEW.deleted_at
  OR OLD.age_band IS NOT NEW.age_band OR OLD.sex IS NOT NEW.sex OR OLD.ethnicity IS NOT NEW.ethnicity OR OLD.language IS NOT NEW.language)`;

/** Topic groups counted again from the topic rows, after a topic's group changed. */
const recountGroups = `
  DELETE FROM report_day_code WHERE dimension = 'topic_group';
  DELETE FROM report_month_code WHERE dimension = 'topic_group';
  ${asBody(
    addCodeStatements(
      `SELECT day, kind, 'topic_group' AS d, g AS code, 1 AS n FROM (
         SELECT DISTINCT c.id, c.local_day AS day, e.kind, ${groupOf('t.topic')} AS g
           FROM conversation AS c JOIN event AS e ON e.id = c.event_id JOIN conversation_topic AS t ON t.conversation_id = c.id
          WHERE c.deleted_at IS NULL AND e.deleted_at IS NULL)`,
      true,
    ),
  )}`;

const statements = [
  // The report cache's machinery (0004), replaced by the tables below.
  ...['conversation_insert', 'conversation_update', 'conversation_delete', 'visit_insert', 'visit_update', 'visit_delete']
    .concat(['event_insert', 'event_update', 'event_delete', 'event_volunteer_insert', 'event_volunteer_update'])
    .concat(['event_volunteer_delete', 'site_insert', 'site_update'])
    .map((name) => `DROP TRIGGER report_${name}`),
  `DROP TABLE report_change`,
  `DROP INDEX conversation_live_by_day`,
  `DROP INDEX visit_live_by_day`,
  // One index by day instead of two (0001's by day and event, 0003's by day and last change):
  // the same range reads and fingerprints, one B-tree less to write per conversation.
  `DROP INDEX conversation_by_day`,
  `DROP INDEX conversation_changes_by_day`,
  `CREATE INDEX conversation_by_day ON conversation (local_day, event_id, updated_at)`,

  `CREATE TABLE code_set (
     id INTEGER PRIMARY KEY,
     codes TEXT NOT NULL UNIQUE
   )`,
  `INSERT INTO code_set (id, codes) VALUES (0, '')`,
  `ALTER TABLE conversation ADD COLUMN topic_set INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE conversation ADD COLUMN outcome_set INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE conversation ADD COLUMN band_set INTEGER NOT NULL DEFAULT 0`,
  `CREATE TEMP TABLE backfill_sets AS
     SELECT conversation_id, group_concat(topic, ' ') AS topics, NULL AS outcomes, 0 AS n
       FROM (SELECT conversation_id, topic FROM conversation_topic ORDER BY conversation_id, topic) GROUP BY conversation_id
     UNION ALL
     SELECT conversation_id, NULL, group_concat(outcome, ' '), count(*)
       FROM (SELECT conversation_id, outcome FROM conversation_outcome ORDER BY conversation_id, outcome) GROUP BY conversation_id`,
  `INSERT OR IGNORE INTO code_set (codes)
     SELECT topics FROM backfill_sets WHERE topics IS NOT NULL UNION SELECT outcomes FROM backfill_sets WHERE outcomes IS NOT NULL
     UNION SELECT DISTINCT ${bandsOf('conversation')} FROM conversation`,
  `UPDATE conversation SET topic_set = cs.id FROM backfill_sets AS b JOIN code_set AS cs ON cs.codes = b.topics
    WHERE b.conversation_id = conversation.id AND b.topics IS NOT NULL`,
  `UPDATE conversation SET outcome_set = cs.id, outcome_count = b.n FROM backfill_sets AS b JOIN code_set AS cs ON cs.codes = b.outcomes
    WHERE b.conversation_id = conversation.id AND b.outcomes IS NOT NULL`,
  `UPDATE conversation SET outcome_count = 0 WHERE outcome_count <> 0 AND outcome_set = 0`,
  `UPDATE conversation SET band_set = cs.id FROM code_set AS cs WHERE cs.codes = ${bandsOf('conversation')}`,
  `DROP TABLE temp.backfill_sets`,
  `ALTER TABLE event ADD COLUMN volunteer_hours REAL NOT NULL DEFAULT 0`,
  `UPDATE event SET volunteer_hours = h.hours FROM (SELECT event_id, total(hours) AS hours FROM event_volunteer GROUP BY event_id) h
    WHERE h.event_id = event.id`,

  `CREATE TABLE report_tally_state (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     paused INTEGER NOT NULL CHECK (paused IN (0, 1))
   )`,
  `INSERT INTO report_tally_state (id, paused) VALUES (1, 0)`,
  `CREATE TABLE report_day_event (
     local_day TEXT NOT NULL,
     event_id INTEGER NOT NULL,
     conversations INTEGER NOT NULL,
     visits INTEGER NOT NULL,
     adults INTEGER NOT NULL,
     children INTEGER NOT NULL,
     PRIMARY KEY (local_day, event_id)
   ) WITHOUT ROWID`,
  // Whether a session holds any record on any day (the dashboard's "sessions without
  // records"): one entry per session day, written once, when that day's first record is.
  `CREATE INDEX report_day_event_by_event ON report_day_event (event_id)`,
  `CREATE TABLE report_day_code (
     local_day TEXT NOT NULL,
     dimension TEXT NOT NULL,
     code TEXT NOT NULL,
     conversations INTEGER NOT NULL,
     PRIMARY KEY (local_day, dimension, code)
   ) WITHOUT ROWID`,
  `CREATE TABLE report_month_code (
     month TEXT NOT NULL,
     kind TEXT NOT NULL,
     dimension TEXT NOT NULL,
     code TEXT NOT NULL,
     conversations INTEGER NOT NULL,
     PRIMARY KEY (month, kind, dimension, code)
   ) WITHOUT ROWID`,
  ...backfill,

  // Topic rows: the codes column, and the topic and its group (once per conversation).
  `CREATE TRIGGER report_tally_topic_insert AFTER INSERT ON conversation_topic WHEN ${ACTIVE} BEGIN
     ${internCodes(topicCodes('NEW.conversation_id'))}
     UPDATE conversation SET topic_set = ${setId(topicCodes('NEW.conversation_id'))} WHERE id = NEW.conversation_id;
     ${addCodes(`SELECT day, kind, d, code, 1 AS n FROM ${counted('NEW.conversation_id')} AS x, (
         SELECT 'topic' AS d, NEW.topic AS code
         UNION ALL SELECT 'topic_group', ${groupOf('NEW.topic')}
          WHERE NOT EXISTS (SELECT 1 FROM conversation_topic AS other WHERE other.conversation_id = NEW.conversation_id
                              AND other.topic <> NEW.topic AND ${groupOf('other.topic')} = ${groupOf('NEW.topic')})
       )`)}
   END`,
  `CREATE TRIGGER report_tally_topic_delete AFTER DELETE ON conversation_topic WHEN ${ACTIVE} BEGIN
     ${internCodes(topicCodes('OLD.conversation_id'))}
     UPDATE conversation SET topic_set = ${setId(topicCodes('OLD.conversation_id'))} WHERE id = OLD.conversation_id;
     ${addCodes(`SELECT day, kind, d, code, -1 AS n FROM ${counted('OLD.conversation_id')} AS x, (
         SELECT 'topic' AS d, OLD.topic AS code
         UNION ALL SELECT 'topic_group', ${groupOf('OLD.topic')}
          WHERE NOT EXISTS (SELECT 1 FROM conversation_topic AS other WHERE other.conversation_id = OLD.conversation_id
                              AND ${groupOf('other.topic')} = ${groupOf('OLD.topic')})
       )`)}
   END`,
  // Outcome rows: the codes column and outcome_count, and the outcome (and "no outcome").
  `DROP TRIGGER conversation_outcome_added`,
  `DROP TRIGGER conversation_outcome_removed`,
  `CREATE TRIGGER report_tally_outcome_insert AFTER INSERT ON conversation_outcome WHEN ${ACTIVE} BEGIN
     ${internCodes(outcomeCodes('NEW.conversation_id'))}
     UPDATE conversation SET outcome_set = ${setId(outcomeCodes('NEW.conversation_id'))}, outcome_count = outcome_count + 1
      WHERE id = NEW.conversation_id;
     ${addCodes(`SELECT day, kind, d, code, n FROM ${counted('NEW.conversation_id')} AS x, (
         SELECT 'outcome' AS d, NEW.outcome AS code, 1 AS n
         UNION ALL SELECT 'no_outcome', '', -1 WHERE (SELECT outcome_count FROM conversation WHERE id = NEW.conversation_id) = 1
       )`)}
   END`,
  `CREATE TRIGGER report_tally_outcome_delete AFTER DELETE ON conversation_outcome WHEN ${ACTIVE} BEGIN
     ${internCodes(outcomeCodes('OLD.conversation_id'))}
     UPDATE conversation SET outcome_set = ${setId(outcomeCodes('OLD.conversation_id'))}, outcome_count = outcome_count - 1
      WHERE id = OLD.conversation_id;
     ${addCodes(`SELECT day, kind, d, code, n FROM ${counted('OLD.conversation_id')} AS x, (
         SELECT 'outcome' AS d, OLD.outcome AS code, -1 AS n
         UNION ALL SELECT 'no_outcome', '', 1 WHERE (SELECT outcome_count FROM conversation WHERE id = OLD.conversation_id) = 0
       )`)}
   END`,
  // Topic and outcome rows are only ever inserted and deleted (the primary key is the whole
  // row); an UPDATE is refused rather than half handled.
  `CREATE TRIGGER report_tally_topic_update BEFORE UPDATE ON conversation_topic BEGIN
     SELECT RAISE(ABORT, 'conversation_topic rows are inserted and deleted, never updated');
   END`,
  `CREATE TRIGGER report_tally_outcome_update BEFORE UPDATE ON conversation_outcome BEGIN
     SELECT RAISE(ABORT, 'conversation_outcome rows are inserted and deleted, never updated');
   END`,

  // Conversations.
  `CREATE TRIGGER report_tally_conversation_insert AFTER INSERT ON conversation WHEN ${ACTIVE} BEGIN
     -- Its sets; its topics and outcomes may have been written first (rows buffered per table).
     ${internCodes(bandsOf('NEW'), topicCodes('NEW.id'), outcomeCodes('NEW.id'))}
     UPDATE conversation SET band_set = ${setId(bandsOf('NEW'))}, topic_set = ${setId(topicCodes('NEW.id'))},
            outcome_set = ${setId(outcomeCodes('NEW.id'))}, outcome_count = (SELECT count(*) FROM conversation_outcome WHERE conversation_id = NEW.id)
      WHERE id = NEW.id;
     ${conversationDay('NEW', 1)}
     ${codes('NEW', 1)}
   END`,
  `CREATE TRIGGER report_tally_conversation_update
     AFTER UPDATE OF event_id, local_day, deleted_at, age_band, sex, ethnicity, language ON conversation
     WHEN ${ACTIVE} AND ${bandsOrPlaceChanged} BEGIN
     ${conversationDay('OLD', -1)}
     ${conversationDay('NEW', 1)}
     ${codes('OLD', -1)}
     ${codes('NEW', 1)}
   END`,
  `CREATE TRIGGER report_tally_conversation_bands AFTER UPDATE OF age_band, sex, ethnicity, language ON conversation
     WHEN ${ACTIVE} AND ${bandsOf('OLD')} IS NOT ${bandsOf('NEW')} BEGIN
     ${internCodes(bandsOf('NEW'))}
     UPDATE conversation SET band_set = ${setId(bandsOf('NEW'))} WHERE id = NEW.id;
   END`,
  `CREATE TRIGGER report_tally_conversation_delete AFTER DELETE ON conversation WHEN ${ACTIVE} BEGIN
     ${conversationDay('OLD', -1)}
     ${codes('OLD', -1)}
   END`,

  // Visits.
  `CREATE TRIGGER report_tally_visit_insert AFTER INSERT ON visit WHEN ${ACTIVE} BEGIN ${visitDay('NEW', 1)} END`,
  `CREATE TRIGGER report_tally_visit_update AFTER UPDATE OF event_id, local_day, adults, children, deleted_at ON visit WHEN ${ACTIVE} BEGIN
     ${visitDay('OLD', -1)}
     ${visitDay('NEW', 1)}
   END`,
  `CREATE TRIGGER report_tally_visit_delete AFTER DELETE ON visit WHEN ${ACTIVE} BEGIN ${visitDay('OLD', -1)} END`,

  // Events: deleting one takes its conversations out of the code tallies, restoring puts them
  // back, a new kind moves them; conversations (and volunteers) written before their event
  // count once it exists.
  `CREATE TRIGGER report_tally_event_deleted AFTER UPDATE OF deleted_at ON event
     WHEN ${ACTIVE} AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN ${eventCodes('NEW.id', -1, 'OLD.kind')} END`,
  `CREATE TRIGGER report_tally_event_restored AFTER UPDATE OF deleted_at ON event
     WHEN ${ACTIVE} AND OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL BEGIN ${eventCodes('NEW.id', 1, 'NEW.kind')} END`,
  `CREATE TRIGGER report_tally_event_kind AFTER UPDATE OF kind ON event
     WHEN ${ACTIVE} AND OLD.kind IS NOT NEW.kind AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL BEGIN
     ${eventCodes('NEW.id', -1, 'OLD.kind')}
     ${eventCodes('NEW.id', 1, 'NEW.kind')}
   END`,
  `CREATE TRIGGER report_tally_event_insert AFTER INSERT ON event WHEN ${ACTIVE} BEGIN
     UPDATE event SET volunteer_hours = ${volunteerHours('NEW.id')}
      WHERE id = NEW.id AND EXISTS (SELECT 1 FROM event_volunteer WHERE event_id = NEW.id);
     ${manyCodes('c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL', 1, 'NEW.kind')}
   END`,
  `CREATE TRIGGER report_tally_event_delete AFTER DELETE ON event WHEN ${ACTIVE} AND OLD.deleted_at IS NULL BEGIN
     ${eventCodes('OLD.id', -1, 'OLD.kind')}
   END`,
  `CREATE TRIGGER report_tally_team_insert AFTER INSERT ON event_volunteer WHEN ${ACTIVE} BEGIN
     UPDATE event SET volunteer_hours = ${volunteerHours('NEW.event_id')} WHERE id = NEW.event_id;
   END`,
  `CREATE TRIGGER report_tally_team_update AFTER UPDATE ON event_volunteer WHEN ${ACTIVE} BEGIN
     UPDATE event SET volunteer_hours = ${volunteerHours('id')} WHERE id IN (OLD.event_id, NEW.event_id);
   END`,
  `CREATE TRIGGER report_tally_team_delete AFTER DELETE ON event_volunteer WHEN ${ACTIVE} BEGIN
     UPDATE event SET volunteer_hours = ${volunteerHours('OLD.event_id')} WHERE id = OLD.event_id;
   END`,

  // A topic regrouped (or added to, or removed from, the list with a group).
  `CREATE TRIGGER report_tally_topic_regrouped AFTER UPDATE OF list, code, group_code ON reference_item
     WHEN 'topic' IN (OLD.list, NEW.list) AND (OLD.list IS NOT NEW.list OR OLD.code IS NOT NEW.code OR OLD.group_code IS NOT NEW.group_code)
     BEGIN ${recountGroups} END`,
  `CREATE TRIGGER report_tally_topic_listed AFTER INSERT ON reference_item WHEN NEW.list = 'topic' AND NEW.group_code IS NOT NULL
     BEGIN ${recountGroups} END`,
  `CREATE TRIGGER report_tally_topic_unlisted AFTER DELETE ON reference_item WHEN OLD.list = 'topic' AND OLD.group_code IS NOT NULL
     BEGIN ${recountGroups} END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
