// Protecting a laptop: a coordinator or lead profile with a PIN. At first start it is a new
// profile; on a laptop from before PINs, an existing coordinator's profile may be chosen instead.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessStatus } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { ErrorSummary, FieldError, fieldId, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { SecretField } from '../components/SecretField.tsx';

type Person = AccessStatus['people'][number];
const roles = ['coordinator', 'lead'] as const;

export function ProtectForm({
  form,
  candidates,
  submitLabel,
  onDone,
  children,
}: {
  form: string;
  /** Existing coordinator and lead profiles with no PIN yet. */
  candidates: Person[];
  submitLabel: string;
  onDone(): void;
  children?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [who, setWho] = useState<number | 'new'>(candidates[0]?.id ?? 'new');
  const [name, setName] = useState('');
  const [role, setRole] = useState<(typeof roles)[number]>('coordinator');
  const [secret, setSecret] = useState('');
  const [again, setAgain] = useState('');
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (secret !== again) {
      const message = t('errors.access.pinsDiffer');
      setProblems({ summary: t('errors.invalidInput'), fields: { secretAgain: message } });
      return;
    }
    setBusy(true);
    try {
      if (who === 'new') await call('access.setUp', { name, role, secret, language: i18n.language });
      else await call('access.protectProfile', { id: who, secret });
      onDone();
    } catch (error) {
      setProblems(problemsFrom(error, t));
    } finally {
      setBusy(false);
    }
  };

  const nameError = problems?.fields.name;
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary problems={problems} form={form} />
      {children}
      {candidates.length > 0 && (
        <fieldset className="field">
          <legend>{t('protect.whoLabel')}</legend>
          <div className="radios">
            {candidates.map((person) => (
              <label key={person.id} className="radio">
                <input type="radio" name={`${form}-who`} checked={who === person.id} onChange={() => setWho(person.id)} />
                <span>
                  {person.name} ({t(`profile.roles.${person.role}`)})
                </span>
              </label>
            ))}
            <label className="radio">
              <input type="radio" name={`${form}-who`} checked={who === 'new'} onChange={() => setWho('new')} />
              <span>{t('protect.newProfile')}</span>
            </label>
          </div>
        </fieldset>
      )}
      {who === 'new' && (
        <>
          <div className={nameError ? 'field field--error' : 'field'}>
            <label htmlFor={fieldId(form, 'name')}>{t('welcome.nameLabel')}</label>
            <p className="hint" id={`${form}-name-hint`}>
              {t('welcome.nameHint')}
            </p>
            <FieldError id={`${form}-name`} message={nameError} />
            <input
              id={fieldId(form, 'name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="name"
              aria-describedby={nameError ? `${form}-name-hint ${form}-name-error` : `${form}-name-hint`}
              aria-invalid={nameError ? true : undefined}
            />
          </div>
          <fieldset className="field" aria-describedby={`${form}-role-hint`}>
            <legend>{t('welcome.roleLabel')}</legend>
            <p className="hint" id={`${form}-role-hint`}>
              {t('welcome.roleHint')}
            </p>
            <div className="radios">
              {roles.map((r) => (
                <label key={r} className="radio">
                  <input type="radio" name={`${form}-role`} value={r} checked={role === r} onChange={() => setRole(r)} />
                  <span>{t(`profile.roles.${r}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </>
      )}
      <SecretField
        id={fieldId(form, 'secret')}
        label={t('access.pinLabel')}
        hint={t('access.pinHint')}
        error={problems?.fields.secret}
        value={secret}
        onChange={setSecret}
        purpose="new"
      />
      <SecretField
        id={fieldId(form, 'secretAgain')}
        label={t('access.pinAgainLabel')}
        error={problems?.fields.secretAgain}
        value={again}
        onChange={setAgain}
        purpose="new"
      />
      <button type="submit" className="button" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
