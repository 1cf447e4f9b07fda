// The counting rule in code: the one function the bulk writers and the tests count with.
import { NO_OUTCOME_CODE, UNGROUPED, type Bands, type TallyDimension } from './dimensions.ts';

export interface CountedConversation {
  bands: Bands;
  topics: readonly string[];
  outcomes: readonly string[];
}

/** Topic -> its group, from reference_item (list 'topic'). */
export type TopicGroups = ReadonlyMap<string, string>;

/** The distinct groups of a conversation's topics: each is counted once. */
export function topicGroupsOf(topics: readonly string[], groupOf: TopicGroups): string[] {
  if (topics.length === 1) return [groupOf.get(topics[0]!) ?? UNGROUPED];
  return [...new Set(topics.map((topic) => groupOf.get(topic) ?? UNGROUPED))];
}

/**
 * Calls `count` once for each (dimension, code) a live conversation at a live event counts
 * under (the trigger text of migration 0012 says the same in SQL; a test holds them together).
 */
export function countConversation(conversation: CountedConversation, groupOf: TopicGroups, count: (dimension: TallyDimension, code: string) => void): void {
  const { bands, topics, outcomes } = conversation;
  count('age', bands.age);
  count('sex', bands.sex);
  count('ethnicity', bands.ethnicity);
  count('language', bands.language);
  for (const topic of topics) count('topic', topic);
  for (const group of topicGroupsOf(topics, groupOf)) count('topic_group', group);
  for (const outcome of outcomes) count('outcome', outcome);
  if (outcomes.length === 0) count('no_outcome', NO_OUTCOME_CODE);
}
