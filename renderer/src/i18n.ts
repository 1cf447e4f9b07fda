// i18next with every locale under resources/locales: one JSON file per language, so a community
// translator reviews one file. Each language's strings are their own chunk, loaded when chosen
// (the first screen loads its language and the fallback, not all eleven); the list of languages
// (name, direction, review status) is bundled. The document's lang and dir follow the choice.
import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import metas from 'virtual:locale-meta';

interface LocaleMeta {
  languageName: string;
  direction: 'ltr' | 'rtl';
  reviewStatus: 'reviewed' | 'draft';
}

const codeOf = (file: string) => file.replace(/^.*\/([^/]+)\.json$/, '$1');
const loaders = new Map(
  Object.entries(import.meta.glob<ResourceKey>('../../resources/locales/*.json', { import: 'default' })).map(([file, load]) => [codeOf(file), load]),
);

export const locales = Object.entries(metas)
  .map(([code, meta]): { code: string; meta: LocaleMeta } => ({ code, meta }))
  .sort((a, b) => (a.code === 'en-GB' ? -1 : b.code === 'en-GB' ? 1 : a.meta.languageName.localeCompare(b.meta.languageName)));

/** Hands i18next a language's strings from its own chunk. */
const bundledLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(language, _namespace, callback) {
    const load = loaders.get(language);
    if (!load) {
      callback(new Error(`No locale file for ${language}`), false);
      return;
    }
    load().then(
      (content) => callback(null, content),
      (error: Error) => callback(error, false),
    );
  },
};

export const FALLBACK_LANGUAGE = 'en-GB';

export function localeMeta(code: string): LocaleMeta {
  return (locales.find((l) => l.code === code) ?? locales.find((l) => l.code === FALLBACK_LANGUAGE)!).meta;
}

function applyDocumentLanguage(code: string): void {
  document.documentElement.lang = code;
  document.documentElement.dir = localeMeta(code).direction;
}

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(bundledLocales).use(initReactI18next).init({
    lng: FALLBACK_LANGUAGE,
    load: 'currentOnly',
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: locales.map((l) => l.code),
    interpolation: { escapeValue: false }, // React escapes already
  });
  applyDocumentLanguage(i18next.language);
  i18next.on('languageChanged', applyDocumentLanguage);
  return i18next;
}

export function isSupportedLanguage(code: string): boolean {
  return locales.some((l) => l.code === code);
}
