// The record tables. Codes (topics, outcomes, bands...) are kept as text referencing
// reference_item so that an organisation's list can grow without a schema change.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE reference_item (
     list TEXT NOT NULL,
     code TEXT NOT NULL,
     label_key TEXT NOT NULL,
     group_code TEXT,
     sort INTEGER NOT NULL,
     retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
     PRIMARY KEY (list, code)
   ) WITHOUT ROWID`,
  `CREATE TABLE authority (
     code TEXT PRIMARY KEY CHECK (code GLOB 'E0900003[0-3]' OR code GLOB 'E090000[0-2][0-9]'),
     name TEXT NOT NULL
   ) WITHOUT ROWID`,
  `CREATE TABLE authority_icb (
     authority_code TEXT NOT NULL REFERENCES authority(code),
     icb TEXT NOT NULL,
     valid_from TEXT NOT NULL,
     valid_to TEXT,
     PRIMARY KEY (authority_code, valid_from)
   ) WITHOUT ROWID`,
  `CREATE TABLE help_contact (
     id INTEGER PRIMARY KEY,
     code TEXT UNIQUE,
     name TEXT NOT NULL,
     name_key TEXT,
     description TEXT NOT NULL,
     description_key TEXT,
     phone TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('crisis', 'local_service')),
     sort INTEGER NOT NULL,
     retired_at TEXT
   )`,
  `CREATE TABLE volunteer (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('volunteer', 'coordinator', 'lead')),
     language TEXT NOT NULL,
     created_at TEXT NOT NULL,
     retired_at TEXT
   )`,
  `CREATE TABLE site (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     authority_code TEXT NOT NULL REFERENCES authority(code),
     setting_type TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     retired_at TEXT
   )`,
  `CREATE INDEX site_by_authority ON site (authority_code)`,
  `CREATE TABLE event (
     id INTEGER PRIMARY KEY,
     site_id INTEGER NOT NULL REFERENCES site(id),
     kind TEXT NOT NULL,
     starts_at TEXT NOT NULL,
     ends_at TEXT,
     local_day TEXT NOT NULL,
     notes TEXT NOT NULL DEFAULT '',
     created_by INTEGER REFERENCES volunteer(id),
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     deleted_at TEXT,
     CHECK (ends_at IS NULL OR ends_at >= starts_at)
   )`,
  `CREATE INDEX event_by_day ON event (local_day)`,
  `CREATE INDEX event_by_site_day ON event (site_id, local_day)`,
  `CREATE TABLE event_volunteer (
     event_id INTEGER NOT NULL REFERENCES event(id),
     volunteer_id INTEGER NOT NULL REFERENCES volunteer(id),
     hours REAL NOT NULL CHECK (hours >= 0 AND hours <= 24),
     PRIMARY KEY (event_id, volunteer_id)
   ) WITHOUT ROWID`,
  `CREATE INDEX event_volunteer_by_volunteer ON event_volunteer (volunteer_id)`,
  `CREATE TABLE visit (
     id INTEGER PRIMARY KEY,
     event_id INTEGER NOT NULL REFERENCES event(id),
     recorded_at TEXT NOT NULL,
     local_day TEXT NOT NULL,
     adults INTEGER NOT NULL CHECK (adults >= 0),
     children INTEGER NOT NULL CHECK (children >= 0),
     recorded_by INTEGER REFERENCES volunteer(id),
     deleted_at TEXT
   )`,
  `CREATE INDEX visit_by_event ON visit (event_id)`,
  `CREATE INDEX visit_by_day ON visit (local_day)`,
  `CREATE TABLE conversation (
     id INTEGER PRIMARY KEY,
     event_id INTEGER NOT NULL REFERENCES event(id),
     recorded_at TEXT NOT NULL,
     local_day TEXT NOT NULL,
     recorded_by INTEGER REFERENCES volunteer(id),
     depth TEXT NOT NULL,
     age_band TEXT NOT NULL,
     sex TEXT NOT NULL,
     ethnicity TEXT NOT NULL,
     language TEXT NOT NULL,
     safeguarding INTEGER NOT NULL CHECK (safeguarding IN (0, 1)),
     notes TEXT NOT NULL DEFAULT '',
     updated_at TEXT NOT NULL,
     deleted_at TEXT
   )`,
  `CREATE INDEX conversation_by_event ON conversation (event_id)`,
  `CREATE INDEX conversation_by_day ON conversation (local_day, event_id)`,
  `CREATE TABLE conversation_topic (
     conversation_id INTEGER NOT NULL REFERENCES conversation(id),
     topic TEXT NOT NULL,
     PRIMARY KEY (conversation_id, topic)
   ) WITHOUT ROWID`,
  `CREATE TABLE conversation_outcome (
     conversation_id INTEGER NOT NULL REFERENCES conversation(id),
     outcome TEXT NOT NULL,
     PRIMARY KEY (conversation_id, outcome)
   ) WITHOUT ROWID`,
  `CREATE TABLE audit (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     actor_id INTEGER REFERENCES volunteer(id),
     entity TEXT NOT NULL,
     entity_id INTEGER NOT NULL,
     action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
     before TEXT,
     after TEXT
   )`,
  `CREATE INDEX audit_by_entity ON audit (entity, entity_id)`,
  `CREATE TABLE setting (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   ) WITHOUT ROWID`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
