// First start on a laptop: choose a language and say who is recording.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, Volunteer } from '../../../main/records/volunteers.ts';
import { call } from '../api.ts';
import { LanguageSelect } from '../app/LanguageSelect.tsx';
import { ErrorSummary, FieldError, fieldId, problemsFrom, type FormProblems } from '../components/errors.tsx';

const roles: Role[] = ['volunteer', 'coordinator', 'lead'];

export function Welcome({ onCreated, onOpenCrisis }: { onCreated(profile: Volunteer): void; onOpenCrisis(): void }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('volunteer');
  const [problems, setProblems] = useState<FormProblems | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onCreated(await call('profiles.create', { name, role, language: i18n.language }));
    } catch (error) {
      setProblems(problemsFrom(error, t));
    }
  };

  return (
    <main id="main" className="welcome">
      <div className="welcome__tools">
        <LanguageSelect id="welcome-language" onChange={(language) => void i18n.changeLanguage(language)} />
        <button type="button" className="button button--warning" onClick={onOpenCrisis}>
          {t('crisis.open')}
        </button>
      </div>
      <h1>{t('welcome.title')}</h1>
      <p className="lede">{t('welcome.intro')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary problems={problems} form="welcome" />
        <h2>{t('welcome.profileHeading')}</h2>
        <div className={problems?.fields.name ? 'field field--error' : 'field'}>
          <label htmlFor={fieldId('welcome', 'name')}>{t('welcome.nameLabel')}</label>
          <p className="hint" id="welcome-name-hint">
            {t('welcome.nameHint')}
          </p>
          <FieldError id="welcome-name" message={problems?.fields.name} />
          <input
            id={fieldId('welcome', 'name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
            aria-describedby={problems?.fields.name ? 'welcome-name-hint welcome-name-error' : 'welcome-name-hint'}
            aria-invalid={problems?.fields.name ? true : undefined}
          />
        </div>
        <fieldset className="field">
          <legend>{t('welcome.roleLabel')}</legend>
          <div className="radios">
            {roles.map((r) => (
              <label key={r} className="radio">
                <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
                <span>{t(`profile.roles.${r}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button">
          {t('welcome.submit')}
        </button>
      </form>
    </main>
  );
}
