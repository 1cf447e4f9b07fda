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

/** The reference lists an organisation may tailor (retire or reinstate items). */
export const managedLists = ['topic', 'outcome', 'event_kind', 'setting_type', 'language'] as const;
export type ManagedList = (typeof managedLists)[number];
