// The report tallies' triggers as literal text, frozen: the same triggers 0007 generated from
// its templates (a test holds them equal, whitespace aside), written out so that what lands in
// sqlite_master can be read and reviewed here; main/tallies/triggers.ts names this text as the
// triggers in force. Never edit it: a change to the counting rule is a new migration with new
// literal text (docs/tallies.md, "Changing what is counted").
import { sql, type Kysely } from 'kysely';

/** Each tally trigger's CREATE statement, by name, exactly as sqlite_master holds it, in 0007's order. */
export const TALLY_TRIGGERS: Readonly<Record<string, string>> = {
  report_tally_topic_insert: `CREATE TRIGGER report_tally_topic_insert AFTER INSERT ON conversation_topic WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
         INSERT OR IGNORE INTO code_set (codes) SELECT (SELECT coalesce(group_concat(topic, ' '), '') FROM (SELECT topic FROM conversation_topic WHERE conversation_id = NEW.conversation_id ORDER BY topic));
         UPDATE conversation SET topic_set = (SELECT id FROM code_set WHERE codes = (SELECT coalesce(group_concat(topic, ' '), '') FROM (SELECT topic FROM conversation_topic WHERE conversation_id = NEW.conversation_id ORDER BY topic))) WHERE id = NEW.conversation_id;
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, n FROM (SELECT day, kind, d, code, 1 AS n FROM (SELECT c.local_day AS day, e.kind FROM conversation AS c JOIN event AS e ON e.id = c.event_id
         WHERE c.id = NEW.conversation_id AND c.deleted_at IS NULL AND e.deleted_at IS NULL) AS x, (
             SELECT 'topic' AS d, NEW.topic AS code
             UNION ALL SELECT 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = NEW.topic), 'ungrouped')
              WHERE NOT EXISTS (SELECT 1 FROM conversation_topic AS other WHERE other.conversation_id = NEW.conversation_id
                                  AND other.topic <> NEW.topic AND coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = other.topic), 'ungrouped') = coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = NEW.topic), 'ungrouped'))
           )) WHERE true
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, n FROM (SELECT day, kind, d, code, 1 AS n FROM (SELECT c.local_day AS day, e.kind FROM conversation AS c JOIN event AS e ON e.id = c.event_id
         WHERE c.id = NEW.conversation_id AND c.deleted_at IS NULL AND e.deleted_at IS NULL) AS x, (
             SELECT 'topic' AS d, NEW.topic AS code
             UNION ALL SELECT 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = NEW.topic), 'ungrouped')
              WHERE NOT EXISTS (SELECT 1 FROM conversation_topic AS other WHERE other.conversation_id = NEW.conversation_id
                                  AND other.topic <> NEW.topic AND coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = other.topic), 'ungrouped') = coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = NEW.topic), 'ungrouped'))
           )) WHERE true
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_topic_delete: `CREATE TRIGGER report_tally_topic_delete AFTER DELETE ON conversation_topic WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
         INSERT OR IGNORE INTO code_set (codes) SELECT (SELECT coalesce(group_concat(topic, ' '), '') FROM (SELECT topic FROM conversation_topic WHERE conversation_id = OLD.conversation_id ORDER BY topic));
         UPDATE conversation SET topic_set = (SELECT id FROM code_set WHERE codes = (SELECT coalesce(group_concat(topic, ' '), '') FROM (SELECT topic FROM conversation_topic WHERE conversation_id = OLD.conversation_id ORDER BY topic))) WHERE id = OLD.conversation_id;
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, n FROM (SELECT day, kind, d, code, -1 AS n FROM (SELECT c.local_day AS day, e.kind FROM conversation AS c JOIN event AS e ON e.id = c.event_id
         WHERE c.id = OLD.conversation_id AND c.deleted_at IS NULL AND e.deleted_at IS NULL) AS x, (
             SELECT 'topic' AS d, OLD.topic AS code
             UNION ALL SELECT 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = OLD.topic), 'ungrouped')
              WHERE NOT EXISTS (SELECT 1 FROM conversation_topic AS other WHERE other.conversation_id = OLD.conversation_id
                                  AND coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = other.topic), 'ungrouped') = coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = OLD.topic), 'ungrouped'))
           )) WHERE true
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, n FROM (SELECT day, kind, d, code, -1 AS n FROM (SELECT c.local_day AS day, e.kind FROM conversation AS c JOIN event AS e ON e.id = c.event_id
         WHERE c.id = OLD.conversation_id AND c.deleted_at IS NULL AND e.deleted_at IS NULL) AS x, (
             SELECT 'topic' AS d, OLD.topic AS code
             UNION ALL SELECT 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = OLD.topic), 'ungrouped')
              WHERE NOT EXISTS (SELECT 1 FROM conversation_topic AS other WHERE other.conversation_id = OLD.conversation_id
                                  AND coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = other.topic), 'ungrouped') = coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = OLD.topic), 'ungrouped'))
           )) WHERE true
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_outcome_insert: `CREATE TRIGGER report_tally_outcome_insert AFTER INSERT ON conversation_outcome WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
         INSERT OR IGNORE INTO code_set (codes) SELECT (SELECT coalesce(group_concat(outcome, ' '), '') FROM (SELECT outcome FROM conversation_outcome WHERE conversation_id = NEW.conversation_id ORDER BY outcome));
         UPDATE conversation SET outcome_set = (SELECT id FROM code_set WHERE codes = (SELECT coalesce(group_concat(outcome, ' '), '') FROM (SELECT outcome FROM conversation_outcome WHERE conversation_id = NEW.conversation_id ORDER BY outcome))), outcome_count = outcome_count + 1
          WHERE id = NEW.conversation_id;
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, n FROM (SELECT day, kind, d, code, n FROM (SELECT c.local_day AS day, e.kind FROM conversation AS c JOIN event AS e ON e.id = c.event_id
         WHERE c.id = NEW.conversation_id AND c.deleted_at IS NULL AND e.deleted_at IS NULL) AS x, (
             SELECT 'outcome' AS d, NEW.outcome AS code, 1 AS n
             UNION ALL SELECT 'no_outcome', '', -1 WHERE (SELECT outcome_count FROM conversation WHERE id = NEW.conversation_id) = 1
           )) WHERE true
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, n FROM (SELECT day, kind, d, code, n FROM (SELECT c.local_day AS day, e.kind FROM conversation AS c JOIN event AS e ON e.id = c.event_id
         WHERE c.id = NEW.conversation_id AND c.deleted_at IS NULL AND e.deleted_at IS NULL) AS x, (
             SELECT 'outcome' AS d, NEW.outcome AS code, 1 AS n
             UNION ALL SELECT 'no_outcome', '', -1 WHERE (SELECT outcome_count FROM conversation WHERE id = NEW.conversation_id) = 1
           )) WHERE true
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_outcome_delete: `CREATE TRIGGER report_tally_outcome_delete AFTER DELETE ON conversation_outcome WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
         INSERT OR IGNORE INTO code_set (codes) SELECT (SELECT coalesce(group_concat(outcome, ' '), '') FROM (SELECT outcome FROM conversation_outcome WHERE conversation_id = OLD.conversation_id ORDER BY outcome));
         UPDATE conversation SET outcome_set = (SELECT id FROM code_set WHERE codes = (SELECT coalesce(group_concat(outcome, ' '), '') FROM (SELECT outcome FROM conversation_outcome WHERE conversation_id = OLD.conversation_id ORDER BY outcome))), outcome_count = outcome_count - 1
          WHERE id = OLD.conversation_id;
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, n FROM (SELECT day, kind, d, code, n FROM (SELECT c.local_day AS day, e.kind FROM conversation AS c JOIN event AS e ON e.id = c.event_id
         WHERE c.id = OLD.conversation_id AND c.deleted_at IS NULL AND e.deleted_at IS NULL) AS x, (
             SELECT 'outcome' AS d, OLD.outcome AS code, -1 AS n
             UNION ALL SELECT 'no_outcome', '', 1 WHERE (SELECT outcome_count FROM conversation WHERE id = OLD.conversation_id) = 0
           )) WHERE true
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, n FROM (SELECT day, kind, d, code, n FROM (SELECT c.local_day AS day, e.kind FROM conversation AS c JOIN event AS e ON e.id = c.event_id
         WHERE c.id = OLD.conversation_id AND c.deleted_at IS NULL AND e.deleted_at IS NULL) AS x, (
             SELECT 'outcome' AS d, OLD.outcome AS code, -1 AS n
             UNION ALL SELECT 'no_outcome', '', 1 WHERE (SELECT outcome_count FROM conversation WHERE id = OLD.conversation_id) = 0
           )) WHERE true
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_topic_update: `CREATE TRIGGER report_tally_topic_update BEFORE UPDATE ON conversation_topic BEGIN
    SELECT RAISE(ABORT, 'conversation_topic rows are inserted and deleted, never updated');
END`,
  report_tally_outcome_update: `CREATE TRIGGER report_tally_outcome_update BEFORE UPDATE ON conversation_outcome BEGIN
    SELECT RAISE(ABORT, 'conversation_outcome rows are inserted and deleted, never updated');
END`,
  report_tally_conversation_insert: `CREATE TRIGGER report_tally_conversation_insert AFTER INSERT ON conversation WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
         -- Its sets; its topics and outcomes may have been written first (rows buffered per table).
         INSERT OR IGNORE INTO code_set (codes) SELECT NEW.age_band || ' ' || NEW.sex || ' ' || NEW.ethnicity || ' ' || NEW.language UNION ALL SELECT (SELECT coalesce(group_concat(topic, ' '), '') FROM (SELECT topic FROM conversation_topic WHERE conversation_id = NEW.id ORDER BY topic)) UNION ALL SELECT (SELECT coalesce(group_concat(outcome, ' '), '') FROM (SELECT outcome FROM conversation_outcome WHERE conversation_id = NEW.id ORDER BY outcome));
         UPDATE conversation SET band_set = (SELECT id FROM code_set WHERE codes = NEW.age_band || ' ' || NEW.sex || ' ' || NEW.ethnicity || ' ' || NEW.language), topic_set = (SELECT id FROM code_set WHERE codes = (SELECT coalesce(group_concat(topic, ' '), '') FROM (SELECT topic FROM conversation_topic WHERE conversation_id = NEW.id ORDER BY topic))),
                outcome_set = (SELECT id FROM code_set WHERE codes = (SELECT coalesce(group_concat(outcome, ' '), '') FROM (SELECT outcome FROM conversation_outcome WHERE conversation_id = NEW.id ORDER BY outcome))), outcome_count = (SELECT count(*) FROM conversation_outcome WHERE conversation_id = NEW.id)
          WHERE id = NEW.id;
         INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
         SELECT NEW.local_day, NEW.event_id, 1, 0, 0, 0 WHERE NEW.deleted_at IS NULL
         ON CONFLICT (local_day, event_id) DO UPDATE SET
         conversations = conversations + excluded.conversations, visits = visits + excluded.visits,
         adults = adults + excluded.adults, children = children + excluded.children;
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, n FROM (SELECT day, k.kind, d, code, 1 AS n FROM (SELECT kind FROM event WHERE id = NEW.event_id AND deleted_at IS NULL) AS k,
           (
           SELECT NEW.local_day AS day, 'age' AS d, NEW.age_band AS code
           UNION ALL SELECT NEW.local_day, 'sex', NEW.sex
           UNION ALL SELECT NEW.local_day, 'ethnicity', NEW.ethnicity
           UNION ALL SELECT NEW.local_day, 'language', NEW.language
           UNION ALL SELECT NEW.local_day, 'topic', t.topic FROM conversation_topic AS t WHERE t.conversation_id = NEW.id
           UNION ALL SELECT DISTINCT NEW.local_day, 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') FROM conversation_topic AS t WHERE t.conversation_id = NEW.id
           UNION ALL SELECT NEW.local_day, 'outcome', o.outcome FROM conversation_outcome AS o WHERE o.conversation_id = NEW.id
           UNION ALL SELECT NEW.local_day, 'no_outcome', '' WHERE NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = NEW.id)) WHERE NEW.deleted_at IS NULL) WHERE true
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, n FROM (SELECT day, k.kind, d, code, 1 AS n FROM (SELECT kind FROM event WHERE id = NEW.event_id AND deleted_at IS NULL) AS k,
           (
           SELECT NEW.local_day AS day, 'age' AS d, NEW.age_band AS code
           UNION ALL SELECT NEW.local_day, 'sex', NEW.sex
           UNION ALL SELECT NEW.local_day, 'ethnicity', NEW.ethnicity
           UNION ALL SELECT NEW.local_day, 'language', NEW.language
           UNION ALL SELECT NEW.local_day, 'topic', t.topic FROM conversation_topic AS t WHERE t.conversation_id = NEW.id
           UNION ALL SELECT DISTINCT NEW.local_day, 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') FROM conversation_topic AS t WHERE t.conversation_id = NEW.id
           UNION ALL SELECT NEW.local_day, 'outcome', o.outcome FROM conversation_outcome AS o WHERE o.conversation_id = NEW.id
           UNION ALL SELECT NEW.local_day, 'no_outcome', '' WHERE NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = NEW.id)) WHERE NEW.deleted_at IS NULL) WHERE true
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_conversation_update: `CREATE TRIGGER report_tally_conversation_update
         AFTER UPDATE OF event_id, local_day, deleted_at, age_band, sex, ethnicity, language ON conversation
         WHEN (SELECT paused FROM report_tally_state) = 0 AND (OLD.event_id IS NOT NEW.event_id OR OLD.local_day IS NOT NEW.local_day OR OLD.deleted_at IS NOT NEW.deleted_at
      OR OLD.age_band IS NOT NEW.age_band OR OLD.sex IS NOT NEW.sex OR OLD.ethnicity IS NOT NEW.ethnicity OR OLD.language IS NOT NEW.language) BEGIN
         INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
         SELECT OLD.local_day, OLD.event_id, -1, 0, 0, 0 WHERE OLD.deleted_at IS NULL
         ON CONFLICT (local_day, event_id) DO UPDATE SET
         conversations = conversations + excluded.conversations, visits = visits + excluded.visits,
         adults = adults + excluded.adults, children = children + excluded.children;
         INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
         SELECT NEW.local_day, NEW.event_id, 1, 0, 0, 0 WHERE NEW.deleted_at IS NULL
         ON CONFLICT (local_day, event_id) DO UPDATE SET
         conversations = conversations + excluded.conversations, visits = visits + excluded.visits,
         adults = adults + excluded.adults, children = children + excluded.children;
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, n FROM (SELECT day, k.kind, d, code, -1 AS n FROM (SELECT kind FROM event WHERE id = OLD.event_id AND deleted_at IS NULL) AS k,
           (
           SELECT OLD.local_day AS day, 'age' AS d, OLD.age_band AS code
           UNION ALL SELECT OLD.local_day, 'sex', OLD.sex
           UNION ALL SELECT OLD.local_day, 'ethnicity', OLD.ethnicity
           UNION ALL SELECT OLD.local_day, 'language', OLD.language
           UNION ALL SELECT OLD.local_day, 'topic', t.topic FROM conversation_topic AS t WHERE t.conversation_id = OLD.id
           UNION ALL SELECT DISTINCT OLD.local_day, 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') FROM conversation_topic AS t WHERE t.conversation_id = OLD.id
           UNION ALL SELECT OLD.local_day, 'outcome', o.outcome FROM conversation_outcome AS o WHERE o.conversation_id = OLD.id
           UNION ALL SELECT OLD.local_day, 'no_outcome', '' WHERE NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = OLD.id)) WHERE OLD.deleted_at IS NULL) WHERE true
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, n FROM (SELECT day, k.kind, d, code, -1 AS n FROM (SELECT kind FROM event WHERE id = OLD.event_id AND deleted_at IS NULL) AS k,
           (
           SELECT OLD.local_day AS day, 'age' AS d, OLD.age_band AS code
           UNION ALL SELECT OLD.local_day, 'sex', OLD.sex
           UNION ALL SELECT OLD.local_day, 'ethnicity', OLD.ethnicity
           UNION ALL SELECT OLD.local_day, 'language', OLD.language
           UNION ALL SELECT OLD.local_day, 'topic', t.topic FROM conversation_topic AS t WHERE t.conversation_id = OLD.id
           UNION ALL SELECT DISTINCT OLD.local_day, 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') FROM conversation_topic AS t WHERE t.conversation_id = OLD.id
           UNION ALL SELECT OLD.local_day, 'outcome', o.outcome FROM conversation_outcome AS o WHERE o.conversation_id = OLD.id
           UNION ALL SELECT OLD.local_day, 'no_outcome', '' WHERE NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = OLD.id)) WHERE OLD.deleted_at IS NULL) WHERE true
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, n FROM (SELECT day, k.kind, d, code, 1 AS n FROM (SELECT kind FROM event WHERE id = NEW.event_id AND deleted_at IS NULL) AS k,
           (
           SELECT NEW.local_day AS day, 'age' AS d, NEW.age_band AS code
           UNION ALL SELECT NEW.local_day, 'sex', NEW.sex
           UNION ALL SELECT NEW.local_day, 'ethnicity', NEW.ethnicity
           UNION ALL SELECT NEW.local_day, 'language', NEW.language
           UNION ALL SELECT NEW.local_day, 'topic', t.topic FROM conversation_topic AS t WHERE t.conversation_id = NEW.id
           UNION ALL SELECT DISTINCT NEW.local_day, 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') FROM conversation_topic AS t WHERE t.conversation_id = NEW.id
           UNION ALL SELECT NEW.local_day, 'outcome', o.outcome FROM conversation_outcome AS o WHERE o.conversation_id = NEW.id
           UNION ALL SELECT NEW.local_day, 'no_outcome', '' WHERE NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = NEW.id)) WHERE NEW.deleted_at IS NULL) WHERE true
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, n FROM (SELECT day, k.kind, d, code, 1 AS n FROM (SELECT kind FROM event WHERE id = NEW.event_id AND deleted_at IS NULL) AS k,
           (
           SELECT NEW.local_day AS day, 'age' AS d, NEW.age_band AS code
           UNION ALL SELECT NEW.local_day, 'sex', NEW.sex
           UNION ALL SELECT NEW.local_day, 'ethnicity', NEW.ethnicity
           UNION ALL SELECT NEW.local_day, 'language', NEW.language
           UNION ALL SELECT NEW.local_day, 'topic', t.topic FROM conversation_topic AS t WHERE t.conversation_id = NEW.id
           UNION ALL SELECT DISTINCT NEW.local_day, 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') FROM conversation_topic AS t WHERE t.conversation_id = NEW.id
           UNION ALL SELECT NEW.local_day, 'outcome', o.outcome FROM conversation_outcome AS o WHERE o.conversation_id = NEW.id
           UNION ALL SELECT NEW.local_day, 'no_outcome', '' WHERE NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = NEW.id)) WHERE NEW.deleted_at IS NULL) WHERE true
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_conversation_bands: `CREATE TRIGGER report_tally_conversation_bands AFTER UPDATE OF age_band, sex, ethnicity, language ON conversation
    WHEN (SELECT paused FROM report_tally_state) = 0 AND OLD.age_band || ' ' || OLD.sex || ' ' || OLD.ethnicity || ' ' || OLD.language IS NOT NEW.age_band || ' ' || NEW.sex || ' ' || NEW.ethnicity || ' ' || NEW.language BEGIN
    INSERT OR IGNORE INTO code_set (codes) SELECT NEW.age_band || ' ' || NEW.sex || ' ' || NEW.ethnicity || ' ' || NEW.language;
    UPDATE conversation SET band_set = (SELECT id FROM code_set WHERE codes = NEW.age_band || ' ' || NEW.sex || ' ' || NEW.ethnicity || ' ' || NEW.language) WHERE id = NEW.id;
END`,
  report_tally_conversation_delete: `CREATE TRIGGER report_tally_conversation_delete AFTER DELETE ON conversation WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
         INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
         SELECT OLD.local_day, OLD.event_id, -1, 0, 0, 0 WHERE OLD.deleted_at IS NULL
         ON CONFLICT (local_day, event_id) DO UPDATE SET
         conversations = conversations + excluded.conversations, visits = visits + excluded.visits,
         adults = adults + excluded.adults, children = children + excluded.children;
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, n FROM (SELECT day, k.kind, d, code, -1 AS n FROM (SELECT kind FROM event WHERE id = OLD.event_id AND deleted_at IS NULL) AS k,
           (
           SELECT OLD.local_day AS day, 'age' AS d, OLD.age_band AS code
           UNION ALL SELECT OLD.local_day, 'sex', OLD.sex
           UNION ALL SELECT OLD.local_day, 'ethnicity', OLD.ethnicity
           UNION ALL SELECT OLD.local_day, 'language', OLD.language
           UNION ALL SELECT OLD.local_day, 'topic', t.topic FROM conversation_topic AS t WHERE t.conversation_id = OLD.id
           UNION ALL SELECT DISTINCT OLD.local_day, 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') FROM conversation_topic AS t WHERE t.conversation_id = OLD.id
           UNION ALL SELECT OLD.local_day, 'outcome', o.outcome FROM conversation_outcome AS o WHERE o.conversation_id = OLD.id
           UNION ALL SELECT OLD.local_day, 'no_outcome', '' WHERE NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = OLD.id)) WHERE OLD.deleted_at IS NULL) WHERE true
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, n FROM (SELECT day, k.kind, d, code, -1 AS n FROM (SELECT kind FROM event WHERE id = OLD.event_id AND deleted_at IS NULL) AS k,
           (
           SELECT OLD.local_day AS day, 'age' AS d, OLD.age_band AS code
           UNION ALL SELECT OLD.local_day, 'sex', OLD.sex
           UNION ALL SELECT OLD.local_day, 'ethnicity', OLD.ethnicity
           UNION ALL SELECT OLD.local_day, 'language', OLD.language
           UNION ALL SELECT OLD.local_day, 'topic', t.topic FROM conversation_topic AS t WHERE t.conversation_id = OLD.id
           UNION ALL SELECT DISTINCT OLD.local_day, 'topic_group', coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') FROM conversation_topic AS t WHERE t.conversation_id = OLD.id
           UNION ALL SELECT OLD.local_day, 'outcome', o.outcome FROM conversation_outcome AS o WHERE o.conversation_id = OLD.id
           UNION ALL SELECT OLD.local_day, 'no_outcome', '' WHERE NOT EXISTS (SELECT 1 FROM conversation_outcome WHERE conversation_id = OLD.id)) WHERE OLD.deleted_at IS NULL) WHERE true
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_visit_insert: `CREATE TRIGGER report_tally_visit_insert AFTER INSERT ON visit WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
    SELECT NEW.local_day, NEW.event_id, 0, 1, 1 * NEW.adults, 1 * NEW.children WHERE NEW.deleted_at IS NULL
    ON CONFLICT (local_day, event_id) DO UPDATE SET
    conversations = conversations + excluded.conversations, visits = visits + excluded.visits,
    adults = adults + excluded.adults, children = children + excluded.children; END`,
  report_tally_visit_update: `CREATE TRIGGER report_tally_visit_update AFTER UPDATE OF event_id, local_day, adults, children, deleted_at ON visit WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
    INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
    SELECT OLD.local_day, OLD.event_id, 0, -1, -1 * OLD.adults, -1 * OLD.children WHERE OLD.deleted_at IS NULL
    ON CONFLICT (local_day, event_id) DO UPDATE SET
    conversations = conversations + excluded.conversations, visits = visits + excluded.visits,
    adults = adults + excluded.adults, children = children + excluded.children;
    INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
    SELECT NEW.local_day, NEW.event_id, 0, 1, 1 * NEW.adults, 1 * NEW.children WHERE NEW.deleted_at IS NULL
    ON CONFLICT (local_day, event_id) DO UPDATE SET
    conversations = conversations + excluded.conversations, visits = visits + excluded.visits,
    adults = adults + excluded.adults, children = children + excluded.children;
END`,
  report_tally_visit_delete: `CREATE TRIGGER report_tally_visit_delete AFTER DELETE ON visit WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN INSERT INTO report_day_event (local_day, event_id, conversations, visits, adults, children)
    SELECT OLD.local_day, OLD.event_id, 0, -1, -1 * OLD.adults, -1 * OLD.children WHERE OLD.deleted_at IS NULL
    ON CONFLICT (local_day, event_id) DO UPDATE SET
    conversations = conversations + excluded.conversations, visits = visits + excluded.visits,
    adults = adults + excluded.adults, children = children + excluded.children; END`,
  report_tally_event_deleted: `CREATE TRIGGER report_tally_event_deleted AFTER UPDATE OF deleted_at ON event
         WHEN (SELECT paused FROM report_tally_state) = 0 AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, sum(n) FROM (SELECT day, kind, d, code, -1 AS n FROM (
           SELECT c.local_day AS day, OLD.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, OLD.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, OLD.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY day, d, code
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM (SELECT day, kind, d, code, -1 AS n FROM (
           SELECT c.local_day AS day, OLD.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, OLD.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, OLD.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations; END`,
  report_tally_event_restored: `CREATE TRIGGER report_tally_event_restored AFTER UPDATE OF deleted_at ON event
         WHEN (SELECT paused FROM report_tally_state) = 0 AND OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL BEGIN INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, sum(n) FROM (SELECT day, kind, d, code, 1 AS n FROM (
           SELECT c.local_day AS day, NEW.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, NEW.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, NEW.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY day, d, code
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM (SELECT day, kind, d, code, 1 AS n FROM (
           SELECT c.local_day AS day, NEW.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, NEW.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, NEW.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations; END`,
  report_tally_event_kind: `CREATE TRIGGER report_tally_event_kind AFTER UPDATE OF kind ON event
         WHEN (SELECT paused FROM report_tally_state) = 0 AND OLD.kind IS NOT NEW.kind AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL BEGIN
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, sum(n) FROM (SELECT day, kind, d, code, -1 AS n FROM (
           SELECT c.local_day AS day, OLD.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, OLD.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, OLD.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY day, d, code
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM (SELECT day, kind, d, code, -1 AS n FROM (
           SELECT c.local_day AS day, OLD.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, OLD.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, OLD.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, sum(n) FROM (SELECT day, kind, d, code, 1 AS n FROM (
           SELECT c.local_day AS day, NEW.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, NEW.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, NEW.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY day, d, code
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM (SELECT day, kind, d, code, 1 AS n FROM (
           SELECT c.local_day AS day, NEW.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, NEW.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, NEW.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_event_insert: `CREATE TRIGGER report_tally_event_insert AFTER INSERT ON event WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
         UPDATE event SET volunteer_hours = (SELECT total(hours) FROM event_volunteer WHERE event_id = NEW.id)
          WHERE id = NEW.id AND EXISTS (SELECT 1 FROM event_volunteer WHERE event_id = NEW.id);
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, sum(n) FROM (SELECT day, kind, d, code, 1 AS n FROM (
           SELECT c.local_day AS day, NEW.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, NEW.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, NEW.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY day, d, code
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM (SELECT day, kind, d, code, 1 AS n FROM (
           SELECT c.local_day AS day, NEW.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, NEW.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, NEW.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL
           UNION ALL SELECT c.local_day, NEW.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = NEW.id AND c.deleted_at IS NULL AND NEW.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_event_delete: `CREATE TRIGGER report_tally_event_delete AFTER DELETE ON event WHEN (SELECT paused FROM report_tally_state) = 0 AND OLD.deleted_at IS NULL BEGIN
         INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, sum(n) FROM (SELECT day, kind, d, code, -1 AS n FROM (
           SELECT c.local_day AS day, OLD.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, OLD.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = OLD.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, OLD.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = OLD.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY day, d, code
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM (SELECT day, kind, d, code, -1 AS n FROM (
           SELECT c.local_day AS day, OLD.kind AS kind, 'age' AS d, c.age_band AS code FROM conversation AS c WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'sex', c.sex FROM conversation AS c WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'ethnicity', c.ethnicity FROM conversation AS c WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'language', c.language FROM conversation AS c WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'topic', t.topic FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT day, kind, 'topic_group', g FROM (
             SELECT DISTINCT c.id, c.local_day AS day, OLD.kind AS kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN conversation_topic AS t ON t.conversation_id = c.id WHERE c.event_id = OLD.id AND c.deleted_at IS NULL)
           UNION ALL SELECT c.local_day, OLD.kind, 'outcome', o.outcome FROM conversation AS c JOIN conversation_outcome AS o ON o.conversation_id = c.id WHERE c.event_id = OLD.id AND c.deleted_at IS NULL
           UNION ALL SELECT c.local_day, OLD.kind, 'no_outcome', '' FROM conversation AS c
            WHERE c.event_id = OLD.id AND c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_outcome AS o WHERE o.conversation_id = c.id))) WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
END`,
  report_tally_team_insert: `CREATE TRIGGER report_tally_team_insert AFTER INSERT ON event_volunteer WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
    UPDATE event SET volunteer_hours = (SELECT total(hours) FROM event_volunteer WHERE event_id = NEW.event_id) WHERE id = NEW.event_id;
END`,
  report_tally_team_update: `CREATE TRIGGER report_tally_team_update AFTER UPDATE ON event_volunteer WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
    UPDATE event SET volunteer_hours = (SELECT total(hours) FROM event_volunteer WHERE event_id = id) WHERE id IN (OLD.event_id, NEW.event_id);
END`,
  report_tally_team_delete: `CREATE TRIGGER report_tally_team_delete AFTER DELETE ON event_volunteer WHEN (SELECT paused FROM report_tally_state) = 0 BEGIN
    UPDATE event SET volunteer_hours = (SELECT total(hours) FROM event_volunteer WHERE event_id = OLD.event_id) WHERE id = OLD.event_id;
END`,
  report_tally_topic_regrouped: `CREATE TRIGGER report_tally_topic_regrouped AFTER UPDATE OF list, code, group_code ON reference_item
         WHEN 'topic' IN (OLD.list, NEW.list) AND (OLD.list IS NOT NEW.list OR OLD.code IS NOT NEW.code OR OLD.group_code IS NOT NEW.group_code)
         BEGIN
      DELETE FROM report_day_code WHERE dimension = 'topic_group';
      DELETE FROM report_month_code WHERE dimension = 'topic_group';
      INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, sum(n) FROM (SELECT day, kind, 'topic_group' AS d, g AS code, 1 AS n FROM (
             SELECT DISTINCT c.id, c.local_day AS day, e.kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN event AS e ON e.id = c.event_id JOIN conversation_topic AS t ON t.conversation_id = c.id
              WHERE c.deleted_at IS NULL AND e.deleted_at IS NULL)) WHERE true GROUP BY day, d, code
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM (SELECT day, kind, 'topic_group' AS d, g AS code, 1 AS n FROM (
             SELECT DISTINCT c.id, c.local_day AS day, e.kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN event AS e ON e.id = c.event_id JOIN conversation_topic AS t ON t.conversation_id = c.id
              WHERE c.deleted_at IS NULL AND e.deleted_at IS NULL)) WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations; END`,
  report_tally_topic_listed: `CREATE TRIGGER report_tally_topic_listed AFTER INSERT ON reference_item WHEN NEW.list = 'topic' AND NEW.group_code IS NOT NULL
         BEGIN
      DELETE FROM report_day_code WHERE dimension = 'topic_group';
      DELETE FROM report_month_code WHERE dimension = 'topic_group';
      INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, sum(n) FROM (SELECT day, kind, 'topic_group' AS d, g AS code, 1 AS n FROM (
             SELECT DISTINCT c.id, c.local_day AS day, e.kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN event AS e ON e.id = c.event_id JOIN conversation_topic AS t ON t.conversation_id = c.id
              WHERE c.deleted_at IS NULL AND e.deleted_at IS NULL)) WHERE true GROUP BY day, d, code
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM (SELECT day, kind, 'topic_group' AS d, g AS code, 1 AS n FROM (
             SELECT DISTINCT c.id, c.local_day AS day, e.kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN event AS e ON e.id = c.event_id JOIN conversation_topic AS t ON t.conversation_id = c.id
              WHERE c.deleted_at IS NULL AND e.deleted_at IS NULL)) WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations; END`,
  report_tally_topic_unlisted: `CREATE TRIGGER report_tally_topic_unlisted AFTER DELETE ON reference_item WHEN OLD.list = 'topic' AND OLD.group_code IS NOT NULL
         BEGIN
      DELETE FROM report_day_code WHERE dimension = 'topic_group';
      DELETE FROM report_month_code WHERE dimension = 'topic_group';
      INSERT INTO report_day_code (local_day, dimension, code, conversations)
        SELECT day, d, code, sum(n) FROM (SELECT day, kind, 'topic_group' AS d, g AS code, 1 AS n FROM (
             SELECT DISTINCT c.id, c.local_day AS day, e.kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN event AS e ON e.id = c.event_id JOIN conversation_topic AS t ON t.conversation_id = c.id
              WHERE c.deleted_at IS NULL AND e.deleted_at IS NULL)) WHERE true GROUP BY day, d, code
        ON CONFLICT (local_day, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations;
    INSERT INTO report_month_code (month, kind, dimension, code, conversations)
        SELECT substr(day, 1, 7), kind, d, code, sum(n) FROM (SELECT day, kind, 'topic_group' AS d, g AS code, 1 AS n FROM (
             SELECT DISTINCT c.id, c.local_day AS day, e.kind, coalesce((SELECT r.group_code FROM reference_item AS r WHERE r.list = 'topic' AND r.code = t.topic), 'ungrouped') AS g
               FROM conversation AS c JOIN event AS e ON e.id = c.event_id JOIN conversation_topic AS t ON t.conversation_id = c.id
              WHERE c.deleted_at IS NULL AND e.deleted_at IS NULL)) WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, kind, dimension, code) DO UPDATE SET conversations = conversations + excluded.conversations; END`,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const name of Object.keys(TALLY_TRIGGERS)) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  for (const statement of Object.values(TALLY_TRIGGERS)) await sql.raw(statement).execute(db);
}
