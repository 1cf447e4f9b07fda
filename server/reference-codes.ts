// The codes a device may send, from the same reference lists the app seeds its database with
// (resources/reference/taxonomies.json). Organisations can retire items but never add codes,
// so a code outside these lists is a broken or hostile client, not a local variation.
import taxonomies from '../resources/reference/taxonomies.json' with { type: 'json' };
import londonAuthorities from '../resources/reference/london-local-authorities.json' with { type: 'json' };
import type { TableName } from '../main/sync/protocol.ts';

const codesOf = (items: readonly { code: string }[]) => new Set(items.map((item) => item.code));

export const londonAuthorityCodes = codesOf(londonAuthorities.authorities);
export const eventKindCodes = codesOf(taxonomies.eventKinds);
export const topicCodes = codesOf(taxonomies.topics);
export const topicGroupCodes = codesOf(taxonomies.topicGroups);
export const outcomeCodes = codesOf(taxonomies.outcomes);

/** Topic -> its topic group. */
export const topicGroupOf = new Map(taxonomies.topics.map((topic) => [topic.code, topic.group]));

/** The bands of each topic group x band table (ethnicity is sent as its five groups plus not stated). */
export const bandCodes: Record<Exclude<TableName, 'byTopic' | 'byTopicOutcome'>, ReadonlySet<string>> = {
  byTopicGroupAge: codesOf(taxonomies.bands.age),
  byTopicGroupSex: codesOf(taxonomies.bands.sex),
  byTopicGroupEthnicGroup: codesOf(taxonomies.bands.ethnicityGroups),
  byTopicGroupLanguage: codesOf(taxonomies.bands.language),
};
