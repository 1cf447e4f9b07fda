// The schema the migrations build is committed as text (migrations/schema.sql), so a change to
// it, generated triggers included, shows in review as a diff of the SQL that lands.
import { describe, expect, it } from 'vitest';
import authorities from '../../resources/reference/london-local-authorities.json' with { type: 'json' };
import taxonomies from '../../resources/reference/taxonomies.json' with { type: 'json' };
import { committedSchema, migratedSchema } from '../support/schema-dump.ts';
import { freshStore } from '../support/temp-store.ts';

describe('the migrated schema', () => {
  it('is the one committed in migrations/schema.sql', async () => {
    expect(
      await migratedSchema(),
      'The migrations build a schema other than migrations/schema.sql. If the change is meant, run `npm run schema:dump`, ' +
        'review the diff of migrations/schema.sql and commit it with the migration.',
    ).toBe(committedSchema());
  });

  it('holds the reference lists resources/reference ships (the collector reads those files): a change there needs a migration', async () => {
    const { store } = await freshStore({ withVolunteer: false });
    try {
      const codes = (list: string) =>
        (store.sqlite.prepare('SELECT code, group_code FROM reference_item WHERE list = ? ORDER BY sort').all(list) as { code: string; group_code: string | null }[]).map(
          (r) => (r.group_code ? `${r.code}:${r.group_code}` : r.code),
        );
      const shipped = (items: readonly { code: string; group?: string }[]) => items.map((i) => (i.group ? `${i.code}:${i.group}` : i.code));
      const lists: [string, readonly { code: string; group?: string }[]][] = [
        ['setting_type', taxonomies.settingTypes],
        ['event_kind', taxonomies.eventKinds],
        ['topic_group', taxonomies.topicGroups],
        ['topic', taxonomies.topics],
        ['outcome', taxonomies.outcomes],
        ['depth', taxonomies.depths],
        ['age', taxonomies.bands.age],
        ['sex', taxonomies.bands.sex],
        ['ethnicity', taxonomies.bands.ethnicity],
        ['ethnicity_group', taxonomies.bands.ethnicityGroups],
        ['language', taxonomies.bands.language],
      ];
      for (const [list, items] of lists) expect(codes(list), list).toEqual(shipped(items));
      expect(store.sqlite.prepare('SELECT code, name FROM authority ORDER BY code').all()).toEqual(
        [...authorities.authorities].sort((a, b) => a.code.localeCompare(b.code)),
      );
    } finally {
      store.close();
    }
  });
});
