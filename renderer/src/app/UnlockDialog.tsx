// Asks a coordinator or lead for their PIN: before a coordinator's action once the last one is
// a few minutes old, or when someone switches to their profile. A native <dialog> traps focus.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessStatus } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { ErrorSummary, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { SecretField } from '../components/SecretField.tsx';

type Person = AccessStatus['people'][number];

export function UnlockDialog({ person, onDone }: { person: Person; onDone(unlocked: boolean): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [secret, setSecret] = useState('');
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await call('access.unlock', { id: person.id, secret });
      onDone(true);
    } catch (error) {
      setSecret('');
      setProblems(problemsFrom(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="access-dialog" aria-labelledby="unlock-title" onCancel={() => onDone(false)}>
      <h2 id="unlock-title">{t('unlock.title')}</h2>
      <p>{t('unlock.intro', { name: person.name })}</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary problems={problems} form="unlock" />
        <SecretField
          id="unlock-secret"
          label={t('access.pinLabel')}
          error={problems?.fields.secret}
          value={secret}
          onChange={setSecret}
          purpose="current"
          autoFocus
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('lock.unlock')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => onDone(false)}>
            {t('access.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
