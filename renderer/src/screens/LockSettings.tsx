// The lock's timings, on the Volunteers screen: how long the laptop may sit idle before it
// locks, and how long a coordinator's PIN holds after their last coordinator action.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { ErrorSummary, FieldError, fieldId, problemsFrom, type FormProblems } from '../components/errors.tsx';

export function LockSettings() {
  const { t } = useTranslation();
  const { access, refreshAccess } = useApp();
  const [idle, setIdle] = useState(String(access.settings.idleLockMinutes));
  const [unlock, setUnlock] = useState(String(access.settings.unlockMinutes));
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [status, setStatus] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await call('access.updateSettings', { idleLockMinutes: Number(idle), unlockMinutes: Number(unlock) });
      setProblems(null);
      setStatus(t('lockSettings.saved'));
      await refreshAccess();
    } catch (error) {
      setStatus('');
      setProblems(problemsFrom(error, t));
    }
  };

  const field = (name: 'idleLockMinutes' | 'unlockMinutes', label: string, value: string, onChange: (v: string) => void) => (
    <div className={problems?.fields[name] ? 'field field--error' : 'field'}>
      <label htmlFor={fieldId('lock', name)}>{label}</label>
      <FieldError id={`lock-${name}`} message={problems?.fields[name]} />
      <input
        id={fieldId('lock', name)}
        className="input--minutes"
        type="number"
        inputMode="numeric"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={problems?.fields[name] ? `lock-${name}-error` : undefined}
      />
    </div>
  );

  return (
    <form onSubmit={submit} noValidate className="site-form" aria-labelledby="lock-settings-heading">
      <h2 id="lock-settings-heading">{t('lockSettings.heading')}</h2>
      <p>{t('lockSettings.intro')}</p>
      <p role="status" className="status-message">
        {status}
      </p>
      <ErrorSummary problems={problems} form="lock" />
      {field('idleLockMinutes', t('lockSettings.idleLabel'), idle, setIdle)}
      {field('unlockMinutes', t('lockSettings.unlockLabel'), unlock, setUnlock)}
      <button type="submit" className="button">
        {t('lockSettings.save')}
      </button>
    </form>
  );
}
