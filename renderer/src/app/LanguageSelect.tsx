// The language switcher. Draft translations say so in the list itself, so nobody mistakes an
// unreviewed machine-assisted text for one a community translator has checked.
import { useTranslation } from 'react-i18next';
import { locales } from '../i18n.ts';

export function LanguageSelect({ id, onChange }: { id: string; onChange(language: string): void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-select">
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} value={i18n.language} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`}>
        {locales.map((locale) => (
          <option key={locale.code} value={locale.code} lang={locale.code}>
            {locale.meta.reviewStatus === 'draft'
              ? t('language.draftSuffix', { name: locale.meta.languageName })
              : locale.meta.languageName}
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className="visually-hidden">
        {t('language.hint')}
      </span>
    </div>
  );
}
