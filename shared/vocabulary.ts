// Closed vocabularies shared by the services and the contract. Dependency-free on purpose:
// the contract (and so the renderer and preload bundles) imports this, not the services.

/** Problems a coordinator can fix: each is marked on the events that have it. */
export const dataCheckFlags = ['left_open', 'no_end_time', 'visitors_no_conversations'] as const;
export type DataCheckFlag = (typeof dataCheckFlags)[number];

/**
 * What the events list can be narrowed to: the problems, and events with a conversation that
 * recorded no outcome. Outcomes are optional, so that one is reported as a share, never a flag.
 */
export const eventListChecks = [...dataCheckFlags, 'conversations_without_outcome'] as const;
export type EventListCheck = (typeof eventListChecks)[number];

/**
 * What an audit entry is about. A record entry names the row by its id; an import or a
 * hand-over has no row but its entry, and a list item is keyed by text (list and code, kept in
 * before/after), so those entries name themselves: their entity id is the entry's own id.
 */
const auditedRecords = ['site', 'event', 'visit', 'conversation', 'volunteer', 'help_contact'] as const;
const selfNamedAuditEntities = ['reference_item', 'import', 'handover'] as const;
export const auditEntities = [...auditedRecords, ...selfNamedAuditEntities] as const;
export type AuditedRecord = (typeof auditedRecords)[number];
export type SelfNamedAuditEntity = (typeof selfNamedAuditEntities)[number];
export type AuditedEntity = (typeof auditEntities)[number];
export type AuditAction = 'create' | 'update' | 'delete' | 'restore';

/** The reference lists an organisation may tailor (retire or reinstate items). */
export const managedLists = ['topic', 'outcome', 'event_kind', 'setting_type', 'language'] as const;
