// Kysely table types. Timestamps are ISO-8601 UTC text; `local_day` columns hold the
// Europe/London calendar day so periods (months, ISO weeks) group on an index, not on a
// time-zone conversion at query time.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ConversationTallyColumns, EventTallyColumns, TallyTables } from '../tallies/tables.ts';

export interface ReferenceItemTable {
  list: string; // 'setting_type' | 'event_kind' | 'topic' | 'outcome' | 'depth' | 'age' | 'sex' | 'ethnicity' | 'language' | ...
  code: string;
  label_key: string;
  group_code: string | null;
  sort: number;
  retired: ColumnType<number, number | undefined, number>;
}

export interface AuthorityTable {
  code: string; // ONS code, e.g. E09000023
  name: string;
}

export interface AuthorityIcbTable {
  authority_code: string;
  icb: string;
  valid_from: string;
  valid_to: string | null;
}

export interface HelpContactTable {
  id: Generated<number>;
  code: string | null;
  name: string;
  name_key: string | null;
  description: string;
  description_key: string | null;
  phone: string;
  kind: string; // 'crisis' | 'local_service'
  sort: number;
  retired_at: string | null;
}

export interface VolunteerTable {
  id: Generated<number>;
  name: string;
  role: string; // 'volunteer' | 'coordinator' | 'lead'
  language: string; // UI language (BCP 47), remembered per profile
  created_at: string;
  retired_at: string | null;
  /** Stable id made on the laptop that recorded it (migration 0011); given at the first hand-over if missing. */
  uid: ColumnType<string | null, string | null | undefined, string | null>;
  /** The laptop it was recorded on when merged from a hand-over file; NULL: recorded on this laptop. */
  recorded_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SiteTable {
  id: Generated<number>;
  name: string;
  authority_code: string;
  setting_type: string;
  created_at: string;
  updated_at: string;
  retired_at: string | null;
  /** Stable id made on the laptop that recorded it (migration 0011); given at the first hand-over if missing. */
  uid: ColumnType<string | null, string | null | undefined, string | null>;
  /** The laptop it was recorded on when merged from a hand-over file; NULL: recorded on this laptop. */
  recorded_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EventTable extends EventTallyColumns {
  id: Generated<number>;
  site_id: number;
  kind: string;
  starts_at: string;
  ends_at: string | null;
  local_day: string;
  notes: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** Stable id made on the laptop that recorded it (migration 0011); given at the first hand-over if missing. */
  uid: ColumnType<string | null, string | null | undefined, string | null>;
  /** The laptop it was recorded on when merged from a hand-over file; NULL: recorded on this laptop. */
  recorded_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EventVolunteerTable {
  event_id: number;
  volunteer_id: number;
  hours: number;
}

export interface VisitTable {
  id: Generated<number>;
  event_id: number;
  recorded_at: string;
  local_day: string;
  adults: number;
  children: number;
  recorded_by: number | null;
  deleted_at: string | null;
  /** Stable id made on the laptop that recorded it (migration 0011); given at the first hand-over if missing. */
  uid: ColumnType<string | null, string | null | undefined, string | null>;
  /** The laptop it was recorded on when merged from a hand-over file; NULL: recorded on this laptop. */
  recorded_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ConversationTable extends ConversationTallyColumns {
  id: Generated<number>;
  event_id: number;
  recorded_at: string;
  local_day: string;
  recorded_by: number | null;
  depth: string;
  age_band: string;
  sex: string;
  ethnicity: string;
  language: string;
  safeguarding: number; // 0 | 1
  notes: string;
  updated_at: string;
  deleted_at: string | null;
  /** Stable id made on the laptop that recorded it (migration 0011); given at the first hand-over if missing. */
  uid: ColumnType<string | null, string | null | undefined, string | null>;
  /** The laptop it was recorded on when merged from a hand-over file; NULL: recorded on this laptop. */
  recorded_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ConversationTopicTable {
  conversation_id: number;
  topic: string;
}

export interface ConversationOutcomeTable {
  conversation_id: number;
  outcome: string;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  entity: string;
  entity_id: number;
  action: string; // 'create' | 'update' | 'delete' | 'restore'
  before: string | null; // JSON
  after: string | null; // JSON
  /** Stable id made on the laptop that recorded it (migration 0011); given at the first hand-over if missing. */
  uid: ColumnType<string | null, string | null | undefined, string | null>;
  /** The laptop it was recorded on when merged from a hand-over file; NULL: recorded on this laptop. */
  recorded_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** A coordinator's or lead's PIN or passphrase, as a scrypt hash (migration 0008). */
export interface ProfileSecretTable {
  volunteer_id: number;
  kind: string; // 'pin' | 'passphrase'
  algorithm: string; // 'scrypt'
  params: string; // JSON: { N, r, p, keyLength }
  salt: Buffer;
  hash: Buffer;
  set_at: string;
  failed_attempts: ColumnType<number, number | undefined, number>;
  last_failed_at: string | null;
}

export interface AccessLogTable {
  id: Generated<number>;
  at: string;
  volunteer_id: number | null;
  event: string; // 'set_up' | 'unlocked' | 'unlock_failed' | 'unlock_refused' | 'continued' | 'locked' | 'pin_set' | 'pin_reset'
}

/** Laptops whose hand-over files were merged here (migration 0011). */
export interface TeamLaptopTable {
  id: string;
  name: string;
  public_key: string;
  last_written_at: string;
  last_merged_at: string;
}

/** Each merged record as its laptop last handed it over. */
export interface TeamRecordTable {
  entity: string;
  uid: string;
  content_hash: string;
}

/** The tally tables (main/tallies/tables.ts) are part of it too. */
export interface Database extends TallyTables {
  reference_item: ReferenceItemTable;
  authority: AuthorityTable;
  authority_icb: AuthorityIcbTable;
  help_contact: HelpContactTable;
  volunteer: VolunteerTable;
  site: SiteTable;
  event: EventTable;
  event_volunteer: EventVolunteerTable;
  visit: VisitTable;
  conversation: ConversationTable;
  conversation_topic: ConversationTopicTable;
  conversation_outcome: ConversationOutcomeTable;
  audit: AuditTable;
  setting: SettingTable;
  profile_secret: ProfileSecretTable;
  access_log: AccessLogTable;
  team_laptop: TeamLaptopTable;
  team_record: TeamRecordTable;
}

export type SiteRow = Selectable<SiteTable>;
export type EventRow = Selectable<EventTable>;
export type ConversationRow = Selectable<ConversationTable>;
export type NewConversation = Insertable<ConversationTable>;
