// i18next with every locale under resources/locales bundled: one JSON file per language,
// so a community translator reviews one file. The document's lang and dir follow the choice.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

interface LocaleMeta {
  languageName: string;
  direction: 'ltr' | 'rtl';
  reviewStatus: 'reviewed' | 'draft';
}

type LocaleFile = { meta: LocaleMeta } & Record<string, unknown>;

const files = import.meta.glob<LocaleFile>('../../resources/locales/*.json', { eager: true, import: 'default' });

export const locales = Object.entries(files)
  .map(([file, content]) => ({ code: file.replace(/^.*\/([^/]+)\.json$/, '$1'), meta: content.meta, content }))
  .sort((a, b) => (a.code === 'en-GB' ? -1 : b.code === 'en-GB' ? 1 : a.meta.languageName.localeCompare(b.meta.languageName)));

export const FALLBACK_LANGUAGE = 'en-GB';

export function localeMeta(code: string): LocaleMeta {
  return (locales.find((l) => l.code === code) ?? locales.find((l) => l.code === FALLBACK_LANGUAGE)!).meta;
}

function applyDocumentLanguage(code: string): void {
  document.documentElement.lang = code;
  document.documentElement.dir = localeMeta(code).direction;
}

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: Object.fromEntries(locales.map((l) => [l.code, { translation: l.content }])),
    lng: FALLBACK_LANGUAGE,
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
