// Every language has every string, in the plural forms its grammar needs, with the same
// placeholders; and the code uses no key that en-GB does not define.
import { describe, expect, it } from 'vitest';
import { SOURCE, checkLocale, keysUsedInCode, loadLocale, localeCodes } from '../../scripts/i18n.ts';

const source = loadLocale(SOURCE);

describe('locales', () => {
  it.each(localeCodes().filter((c) => c !== SOURCE))('%s has exactly the keys and placeholders of en-GB', (code) => {
    const problems = checkLocale(code);
    expect(problems.missing, `missing keys in ${code}`).toEqual([]);
    expect(problems.extra, `keys in ${code} that en-GB lacks`).toEqual([]);
    expect(problems.placeholders, `broken placeholders in ${code}`).toEqual([]);
    const meta = loadLocale(code);
    expect(['ltr', 'rtl']).toContain(meta.get('meta.direction'));
    // Developer-written translations stay marked as drafts until a community translator reviews them.
    expect(['draft', 'reviewed']).toContain(meta.get('meta.reviewStatus'));
  });

  it('defines every key the renderer uses', () => {
    const { literal, prefixes } = keysUsedInCode();
    const plural = (key: string) => source.has(`${key}_one`) || source.has(`${key}_other`);
    const undefinedKeys = [...literal].filter((key) => !source.has(key) && !plural(key));
    expect(undefinedKeys).toEqual([]);
    const allKeys = [...source.keys()];
    const emptyPrefixes = [...prefixes].filter((prefix) => !allKeys.some((key) => key.startsWith(`${prefix}.`)));
    expect(emptyPrefixes).toEqual([]);
  });

  it('labels every reference item the database seeds', async () => {
    const taxonomies = (await import('../../resources/reference/taxonomies.json', { with: { type: 'json' } })).default;
    const keys: string[] = [
      ...[taxonomies.settingTypes, taxonomies.eventKinds, taxonomies.topicGroups, taxonomies.topics, taxonomies.outcomes, taxonomies.depths]
        .flat()
        .map((item) => item.labelKey),
      ...Object.values(taxonomies.bands).flat().map((item) => item.labelKey),
      ...taxonomies.helpContacts.flatMap((c) => [c.nameKey, c.descriptionKey]),
    ];
    expect(keys.filter((key) => !source.has(key))).toEqual([]);
  });
});
