// A team of laptops (docs/handover-format.md): every record gets a stable id made on the laptop
// that recorded it, and the laptop it came from. `recorded_on` is NULL for records made on this
// laptop and the other laptop's id for records merged from a hand-over file, so the everyday
// writers (the app, import, seed) need no change and "recorded here" is one cheap predicate.
// Records written after this migration get their uid when first handed over; the laptop's own
// id (setting laptop_id) is made the first time it is asked for (main/team/laptop.ts), so a
// database that never joins a team holds nothing new. Frozen: plain SQL.
import { sql, type Kysely } from 'kysely';

/** A random (version 4) UUID, per row. */
const UUID = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
  || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

const TABLES = ['site', 'volunteer', 'event', 'visit', 'conversation', 'audit'];

const statements = [
  ...TABLES.flatMap((table) => [
    `ALTER TABLE ${table} ADD COLUMN uid TEXT`,
    `ALTER TABLE ${table} ADD COLUMN recorded_on TEXT`,
    `UPDATE ${table} SET uid = ${UUID}`,
    `CREATE UNIQUE INDEX ${table}_by_uid ON ${table} (uid)`,
  ]),
  // Only merged sessions have an origin: this index holds nothing on a volunteer's laptop. A
  // session's visits and conversations share its origin, and are found through it.
  `CREATE INDEX event_by_origin ON event (recorded_on) WHERE recorded_on IS NOT NULL`,
  // Laptops whose hand-over files were merged here: the key that signed the first file (a later
  // file under the same id must carry the same key) and the newest file merged, so an older or
  // repeated file changes nothing.
  `CREATE TABLE team_laptop (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     public_key TEXT NOT NULL,
     last_written_at TEXT NOT NULL,
     last_merged_at TEXT NOT NULL
   ) WITHOUT ROWID`,
  // Each merged record as its laptop last handed it over (sha256 of its canonical form), to tell
  // a change made there from a correction made here.
  `CREATE TABLE team_record (
     entity TEXT NOT NULL,
     uid TEXT NOT NULL,
     content_hash TEXT NOT NULL,
     PRIMARY KEY (entity, uid)
   ) WITHOUT ROWID`,
  // A session merged from another laptop is that laptop's to add to: it counts centrally there
  // (docs/sync-protocol.md, "Counted once"). Merges write recorded_on, so they pass.
  ...['conversation', 'visit'].map(
    (table) => `CREATE TRIGGER team_${table}_at_merged_event BEFORE INSERT ON ${table}
     WHEN NEW.recorded_on IS NULL AND (SELECT recorded_on FROM event WHERE id = NEW.event_id) IS NOT NULL BEGIN
       SELECT RAISE(ABORT, 'team_record_read_only');
     END`,
  ),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
