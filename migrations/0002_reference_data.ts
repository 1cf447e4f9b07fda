// Seeds the reference lists from resources/reference. Items carry a stable code (what
// records store and what sync sends) and an i18next key for their label.
import type { Kysely } from 'kysely';
import authorities from '../resources/reference/london-local-authorities.json' with { type: 'json' };
import taxonomies from '../resources/reference/taxonomies.json' with { type: 'json' };
import type { Database } from '../main/db/schema.ts';

interface Item {
  code: string;
  labelKey: string;
  group?: string;
}

function rows(list: string, items: readonly Item[]) {
  return items.map((item, sort) => ({
    list,
    code: item.code,
    label_key: item.labelKey,
    group_code: item.group ?? null,
    sort,
  }));
}

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as Kysely<Database>;
  await db.insertInto('authority').values(authorities.authorities).execute();
  await db
    .insertInto('authority_icb')
    .values(
      authorities.icbMembership.map((m) => ({
        authority_code: m.authorityCode,
        icb: m.icb,
        valid_from: m.validFrom,
        valid_to: m.validTo,
      })),
    )
    .execute();
  const lists = [
    ...rows('setting_type', taxonomies.settingTypes),
    ...rows('event_kind', taxonomies.eventKinds),
    ...rows('topic_group', taxonomies.topicGroups),
    ...rows('topic', taxonomies.topics),
    ...rows('outcome', taxonomies.outcomes),
    ...rows('depth', taxonomies.depths),
    ...rows('age', taxonomies.bands.age),
    ...rows('sex', taxonomies.bands.sex),
    ...rows('ethnicity', taxonomies.bands.ethnicity),
    ...rows('ethnicity_group', taxonomies.bands.ethnicityGroups),
    ...rows('language', taxonomies.bands.language),
  ];
  // SQLite caps bound parameters per statement; insert in slices.
  for (let i = 0; i < lists.length; i += 100) {
    await db.insertInto('reference_item').values(lists.slice(i, i + 100)).execute();
  }
  await db
    .insertInto('help_contact')
    .values(
      taxonomies.helpContacts.map((c, sort) => ({
        code: c.code,
        name: c.code,
        name_key: c.nameKey,
        description: '',
        description_key: c.descriptionKey,
        phone: c.phone,
        kind: c.kind,
        sort,
      })),
    )
    .execute();
}
