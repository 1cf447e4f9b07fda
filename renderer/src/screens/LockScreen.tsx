// The lock screen: nothing recorded is on it. A volunteer picks their name to go on; a
// coordinator or lead types their PIN. The crisis panel and the language stay one click away.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessStatus } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { LanguageSelect } from '../app/LanguageSelect.tsx';
import { ErrorSummary, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { SecretField } from '../components/SecretField.tsx';

export function LockScreen({ access, onUnlocked, onOpenCrisis }: { access: AccessStatus; onUnlocked(): void; onOpenCrisis(): void }) {
  const { t, i18n } = useTranslation();
  // Before any PIN is set (an older laptop), nobody's profile needs one.
  const needsPin = (role: string) => access.protected && role !== 'volunteer';
  const pickers = access.people.filter((p) => !needsPin(p.role));
  const unlockers = access.people.filter((p) => needsPin(p.role));
  const [who, setWho] = useState<number>(unlockers[0]?.id ?? 0);
  const [secret, setSecret] = useState('');
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [busy, setBusy] = useState(false);

  const guard = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      onUnlocked();
    } catch (error) {
      setSecret('');
      setProblems(problemsFrom(error, t));
    } finally {
      setBusy(false);
    }
  };

  const unlock = (event: FormEvent) => {
    event.preventDefault();
    void guard(() => call('access.unlock', { id: who, secret }));
  };

  return (
    <main id="main" className="welcome lock-screen">
      <div className="welcome__tools">
        <LanguageSelect id="lock-language" onChange={(language) => void i18n.changeLanguage(language)} />
        <button type="button" className="button button--warning" onClick={onOpenCrisis}>
          {t('crisis.open')}
        </button>
      </div>
      <h1>{t('lock.title')}</h1>
      <p className="lede">{t('lock.intro')}</p>
      <ErrorSummary problems={problems} form="lock" />
      {pickers.length > 0 && (
        <section aria-labelledby="lock-volunteers">
          <h2 id="lock-volunteers">{t('lock.volunteersHeading')}</h2>
          <ul className="lock-screen__names">
            {pickers.map((person) => (
              <li key={person.id}>
                <button type="button" className="button button--secondary" disabled={busy} onClick={() => void guard(() => call('access.continueAs', { id: person.id }))}>
                  {person.name}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {unlockers.length > 0 && (
        <section aria-labelledby="lock-coordinators">
          <h2 id="lock-coordinators">{t('lock.coordinatorsHeading')}</h2>
          <form onSubmit={unlock} noValidate className="lock-screen__unlock">
            <div className="field">
              <label htmlFor="lock-who">{t('lock.whoLabel')}</label>
              <select id="lock-who" value={who} onChange={(e) => setWho(Number(e.target.value))}>
                {unlockers.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name} ({t(`profile.roles.${person.role}`)})
                  </option>
                ))}
              </select>
            </div>
            <SecretField id="lock-secret" label={t('access.pinLabel')} error={problems?.fields.secret} value={secret} onChange={setSecret} purpose="current" />
            <button type="submit" className="button" disabled={busy}>
              {t('lock.unlock')}
            </button>
          </form>
        </section>
      )}
    </main>
  );
}
