// Words for the exported files. Exports are written in the main process, which has no
// i18next; they use the same locale files as the UI (resources/locales), so a label reads the
// same on screen and on paper. A new language is one more entry in `locales`.
import enGB from '../../resources/locales/en-GB.json' with { type: 'json' };

type Dictionary = { [key: string]: unknown };

const locales: Record<string, Dictionary> = { 'en-GB': enGB as Dictionary };
export const EXPORT_FALLBACK_LANGUAGE = 'en-GB';

export interface Translate {
  (key: string, values?: Record<string, string | number>): string;
  readonly language: string;
}

function lookup(dictionary: Dictionary, key: string): unknown {
  let node: unknown = dictionary;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Dictionary)[part];
  }
  return node;
}

/** An i18next-compatible lookup: dotted keys, {{value}} interpolation, _one/_other plurals. */
export function exportTranslator(language: string = EXPORT_FALLBACK_LANGUAGE): Translate {
  const chosen = locales[language] ? language : EXPORT_FALLBACK_LANGUAGE;
  const dictionaries = [locales[chosen]!, locales[EXPORT_FALLBACK_LANGUAGE]!];
  const plural = new Intl.PluralRules(chosen);
  const find = (key: string): string | undefined => {
    for (const dictionary of dictionaries) {
      const found = lookup(dictionary, key);
      if (typeof found === 'string') return found;
    }
    return undefined;
  };
  const translate = (key: string, values: Record<string, string | number> = {}) => {
    const count = values.count;
    const text = (typeof count === 'number' ? find(`${key}_${plural.select(count)}`) ?? find(`${key}_other`) : undefined) ?? find(key) ?? key;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
  return Object.assign(translate, { language: chosen });
}
