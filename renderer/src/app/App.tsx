import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessStatus } from '../../../main/api/contract.ts';
import type { Volunteer } from '../../../main/api/contract.ts';
import { call, setAccessPrompts } from '../api.ts';
import { CrisisPanel } from '../components/CrisisPanel.tsx';
import { LoadProblem } from '../components/errors.tsx';
import { UpdateBanner } from '../components/UpdateBanner.tsx';
import { useListsVersion } from '../data-changes.ts';
import { isSupportedLanguage } from '../i18n.ts';
import { LockScreen } from '../screens/LockScreen.tsx';
import { Today } from '../screens/Today.tsx';
import { Welcome } from '../screens/Welcome.tsx';
import { startRequest } from './contract-request.ts';
import { AppContext } from './context.ts';
import { Header, screensFor, type Screen } from './Header.tsx';
import { Changes, Dashboard, Events, Import, Lists, Maintenance, MonthlyReport, Sites, Sync, Team, Volunteers } from './lazy-screens.tsx';
import { ProtectDialog } from './ProtectDialog.tsx';
import { UnlockDialog } from './UnlockDialog.tsx';
import { answerPrompt, askFor, showPromptsWith, type Prompt } from './prompt-broker.ts';
import { useContract } from './useContract.ts';
import { useIdleLock } from './useIdleLock.ts';

export function App() {
  const { t, i18n } = useTranslation();
  const liveLists = useListsVersion('volunteers', 'reference'); // a change on one screen shows on every other
  const referenceRead = useContract('reference.get', {}, { version: liveLists });
  const reference = referenceRead.value ?? null;
  const [access, setAccess] = useState<AccessStatus | null>(null);
  const [accessError, setAccessError] = useState<unknown>(null);
  const [screen, setScreen] = useState<Screen>('today');
  const [crisisOpen, setCrisisOpen] = useState(false);
  const [prompt, setPrompt] = useState<Prompt | null>(null);

  const showLanguageOf = useCallback(
    (profile: Volunteer | null) => {
      if (profile && isSupportedLanguage(profile.language) && profile.language !== i18n.language) void i18n.changeLanguage(profile.language);
    },
    [i18n],
  );

  const showAccess = useCallback(
    (next: AccessStatus) => {
      setAccess(next);
      setAccessError(null);
      showLanguageOf(next.profile);
    },
    [showLanguageOf],
  );

  const refreshAccess = useCallback(async () => {
    const next = await call('access.status', {});
    showAccess(next);
    return next;
  }, [showAccess]);

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

  // Who is recording, read at start and whenever the people change; a late reply is dropped.
  useEffect(
    () =>
      startRequest(
        () => call('access.status', {}),
        (state) => {
          if (state.status === 'done') showAccess(state.value);
          if (state.status === 'failed') setAccessError(state.error);
        },
      ),
    [showAccess, liveLists],
  );

  useEffect(() => {
    document.title = t('app.name');
  }, [t, i18n.language]);

  // Whether or not the lock call got through, the screen then shows the laptop's real state, and why if it failed.
  const lockNow = useCallback(async () => {
    let failure: unknown = null;
    try {
      await call('access.lock', {});
    } catch (error) {
      failure = error;
    }
    try {
      await refreshAccess();
    } catch (error) {
      failure ??= error;
    }
    if (failure) setAccessError(failure);
  }, [refreshAccess]);

  const lock = useCallback(() => {
    setScreen('today');
    answerPrompt(false);
    void lockNow();
  }, [lockNow]);

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

  if (!reference || access === null) {
    const problem = (!reference && referenceRead.error) || (access === null && accessError);
    return problem ? <LoadProblem error={problem} /> : <p aria-live="polite">{t('app.loading')}</p>;
  }

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
      <LoadProblem error={referenceRead.error ?? accessError} />
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
