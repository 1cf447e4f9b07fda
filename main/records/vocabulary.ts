// Closed vocabularies shared by the services and the contract. Dependency-free on purpose:
// the contract (and so the renderer and preload bundles) imports this, not the services.

export const dataQualityFlags = ['left_open', 'no_end_time', 'visitors_no_conversations', 'conversations_without_outcome'] as const;
export type DataQualityFlag = (typeof dataQualityFlags)[number];

/** The reference lists an organisation may tailor (retire or reinstate items). */
export const managedLists = ['topic', 'outcome', 'event_kind', 'setting_type', 'language'] as const;
export type ManagedList = (typeof managedLists)[number];
