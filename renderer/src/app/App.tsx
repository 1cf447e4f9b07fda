import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessStatus } from '../../../main/api/contract.ts';
import type { ReferenceData } from '../../../main/api/contract.ts';
import type { Volunteer } from '../../../main/api/contract.ts';
import { call, setAccessPrompts } from '../api.ts';
import { CrisisPanel } from '../components/CrisisPanel.tsx';
import { UpdateBanner } from '../components/UpdateBanner.tsx';
import { useListsVersion } from '../data-changes.ts';
import { isSupportedLanguage } from '../i18n.ts';
import { LockScreen } from '../screens/LockScreen.tsx';
import { Today } from '../screens/Today.tsx';
import { Welcome } from '../screens/Welcome.tsx';
import { AppContext } from './context.ts';
import { Header, screensFor, type Screen } from './Header.tsx';
import { Changes, Dashboard, Events, Import, Lists, Maintenance, MonthlyReport, Sites, Sync, Team, Volunteers } from './lazy-screens.tsx';
import { ProtectDialog } from './ProtectDialog.tsx';
import { UnlockDialog } from './UnlockDialog.tsx';
import { answerPrompt, askFor, showPromptsWith, type Prompt } from './prompt-broker.ts';
import { useIdleLock } from './useIdleLock.ts';

export function App() {
  const { t, i18n } = useTranslation();
  const [reference, setReference] = useState<ReferenceData | null>(null);
  const [access, setAccess] = useState<AccessStatus | null>(null);
  const [screen, setScreen] = useState<Screen>('today');
  const [crisisOpen, setCrisisOpen] = useState(false);
  const [loadError, setLoadError] = useState(false);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const liveLists = useListsVersion('volunteers', 'reference'); // a change on one screen shows on every other

  const showLanguageOf = useCallback(
    (profile: Volunteer | null) => {
      if (profile && isSupportedLanguage(profile.language) && profile.language !== i18n.language) void i18n.changeLanguage(profile.language);
    },
    [i18n],
  );

  const refreshAccess = useCallback(async () => {
    const next = await call('access.status', {});
    setAccess(next);
    showLanguageOf(next.profile);
    return next;
  }, [showLanguageOf]);

  useEffect(() => showPromptsWith(setPrompt), []);

  useEffect(() => {
    setAccessPrompts({
      unlock: async (error) => {
        if (error.code === 'setup_required') return askFor({ kind: 'protect' });
        const current = await refreshAccess();
        const person = current.people.find((p) => p.id === current.profile?.id);
        return person ? askFor({ kind: 'unlock', person }) : false;
      },
      locked: () => void refreshAccess(),
    });
    return () => setAccessPrompts(null);
  }, [refreshAccess]);

  useEffect(() => {
    Promise.all([call('reference.get', {}), refreshAccess()])
      .then(([ref]) => setReference(ref))
      .catch(() => setLoadError(true));
  }, [refreshAccess, liveLists]);

  useEffect(() => {
    document.title = t('app.name');
  }, [t, i18n.language]);

  const lock = useCallback(() => {
    setScreen('today');
    answerPrompt(false);
    void call('access.lock', {}).finally(() => void refreshAccess());
  }, [refreshAccess]);

  const answer = useCallback(
    async (unlocked: boolean) => {
      if (unlocked) await refreshAccess();
      answerPrompt(unlocked);
    },
    [refreshAccess],
  );

  const unlockedApp = access !== null && access.profile !== null && !access.locked;
  useIdleLock(unlockedApp && access.protected, access?.times.idleLockSeconds ?? 600, lock);

  const state = useMemo(() => {
    if (!reference || !access?.profile) return null;
    return {
      reference,
      access,
      profile: access.profile,
      setProfile: (profile: Volunteer) => {
        setAccess((current) => (current ? { ...current, profile } : current));
        showLanguageOf(profile);
      },
      openCrisisPanel: () => setCrisisOpen(true),
      refreshAccess: async () => void (await refreshAccess()),
      lock,
      switchTo: async (id: number) => {
        const person = access.people.find((p) => p.id === id);
        if (!person) return;
        if (person.role === 'volunteer' || !access.protected) {
          await call('profiles.switch', { id });
          await refreshAccess();
        } else {
          await askFor({ kind: 'unlock', person });
        }
      },
    };
  }, [reference, access, refreshAccess, lock, showLanguageOf]);

  if (loadError) return <p role="alert">{t('errors.internal')}</p>;
  if (!reference || access === null) return <p aria-live="polite">{t('app.loading')}</p>;

  const crisis = <CrisisPanel open={crisisOpen} contacts={reference.helpContacts} onClose={() => setCrisisOpen(false)} />;
  const dialogs = (
    <>
      {prompt?.kind === 'unlock' && <UnlockDialog person={prompt.person} onDone={(unlocked) => void answer(unlocked)} />}
      {prompt?.kind === 'protect' && <ProtectDialog access={access} onDone={(done) => void answer(done)} />}
    </>
  );
  if (access.people.length === 0) {
    return (
      <>
        <Welcome onSetUp={() => void refreshAccess()} onOpenCrisis={() => setCrisisOpen(true)} />
        {crisis}
      </>
    );
  }
  if (!state) {
    return (
      <>
        <LockScreen access={access} onUnlocked={() => void refreshAccess()} onOpenCrisis={() => setCrisisOpen(true)} />
        {crisis}
      </>
    );
  }
  const allowed = screensFor(state.profile.role);
  const shown = allowed.includes(screen) ? screen : 'today';
  return (
    <AppContext.Provider value={state}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header key={liveLists} screen={shown} onNavigate={setScreen} />
      <UpdateBanner />
      <main id="main" tabIndex={-1}>
        {shown === 'today' && <Today />}
        {shown === 'events' && <Events />}
        {shown === 'dashboard' && <Dashboard />}
        {shown === 'report' && <MonthlyReport />}
        {shown === 'import' && <Import />}
        {shown === 'sites' && <Sites />}
        {shown === 'volunteers' && <Volunteers />}
        {shown === 'lists' && <Lists />}
        {shown === 'sync' && <Sync />}
        {shown === 'team' && <Team />}
        {shown === 'maintenance' && <Maintenance />}
        {shown === 'changes' && <Changes />}
      </main>
      {crisis}
      {dialogs}
    </AppContext.Provider>
  );
}
