// Words the main process writes: the exported files, and the shell's own dialogs before the
// page is up. The main process has no i18next; it uses the same locale files as the UI
// (resources/locales), so a label reads the same on screen, on paper and in a dialog. A new
// language is one more entry in `locales`.
import ar from '../resources/locales/ar.json' with { type: 'json' };
import bn from '../resources/locales/bn.json' with { type: 'json' };
import enGB from '../resources/locales/en-GB.json' with { type: 'json' };
import es from '../resources/locales/es.json' with { type: 'json' };
import gu from '../resources/locales/gu.json' with { type: 'json' };
import pl from '../resources/locales/pl.json' with { type: 'json' };
import pt from '../resources/locales/pt.json' with { type: 'json' };
import ro from '../resources/locales/ro.json' with { type: 'json' };
import so from '../resources/locales/so.json' with { type: 'json' };
import tr from '../resources/locales/tr.json' with { type: 'json' };
import ur from '../resources/locales/ur.json' with { type: 'json' };

type Dictionary = { [key: string]: unknown };

const locales: Record<string, Dictionary> = { 'en-GB': enGB, ar, bn, es, gu, pl, pt, ro, so, tr, ur };

/** The first of a person's preferred languages (BCP 47, e.g. from the OS) that the app speaks. */
export function supportedLanguage(preferred: readonly string[]): string {
  for (const tag of preferred) {
    if (locales[tag]) return tag;
    const base = tag.split('-')[0]!.toLowerCase();
    if (base === 'en') return EXPORT_FALLBACK_LANGUAGE;
    if (locales[base]) return base;
  }
  return EXPORT_FALLBACK_LANGUAGE;
}
const EXPORT_FALLBACK_LANGUAGE = 'en-GB';

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
