import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceData } from '../../../main/records/reference.ts';
import type { Volunteer } from '../../../main/records/volunteers.ts';
import { call } from '../api.ts';
import { CrisisPanel } from '../components/CrisisPanel.tsx';
import { UpdateBanner } from '../components/UpdateBanner.tsx';
import { isSupportedLanguage } from '../i18n.ts';
import { Changes } from '../screens/Changes.tsx';
import { Dashboard } from '../screens/Dashboard.tsx';
import { Events } from '../screens/Events.tsx';
import { Import } from '../screens/Import.tsx';
import { Lists } from '../screens/Lists.tsx';
import { Maintenance } from '../screens/Maintenance.tsx';
import { MonthlyReport } from '../screens/MonthlyReport.tsx';
import { Sites } from '../screens/Sites.tsx';
import { Sync } from '../screens/Sync.tsx';
import { Team } from '../screens/Team.tsx';
import { Today } from '../screens/Today.tsx';
import { Volunteers } from '../screens/Volunteers.tsx';
import { Welcome } from '../screens/Welcome.tsx';
import { AppContext } from './context.ts';
import { Header, type Screen } from './Header.tsx';

export function App() {
  const { t, i18n } = useTranslation();
  const [reference, setReference] = useState<ReferenceData | null>(null);
  const [profile, setProfileState] = useState<Volunteer | null | undefined>(undefined);
  const [screen, setScreen] = useState<Screen>('today');
  const [crisisOpen, setCrisisOpen] = useState(false);
  const [loadError, setLoadError] = useState(false);

  const setProfile = useCallback(
    (next: Volunteer) => {
      setProfileState(next);
      if (isSupportedLanguage(next.language) && next.language !== i18n.language) void i18n.changeLanguage(next.language);
    },
    [i18n],
  );

  useEffect(() => {
    Promise.all([call('reference.get', {}), call('profiles.current', {})])
      .then(([ref, current]) => {
        setReference(ref);
        if (current) setProfile(current);
        else setProfileState(null);
      })
      .catch(() => setLoadError(true));
  }, [setProfile]);

  useEffect(() => {
    document.title = t('app.name');
  }, [t, i18n.language]);

  if (loadError) return <p role="alert">{t('errors.internal')}</p>;
  if (!reference || profile === undefined) return <p aria-live="polite">{t('app.loading')}</p>;

  const crisis = <CrisisPanel open={crisisOpen} contacts={reference.helpContacts} onClose={() => setCrisisOpen(false)} />;
  if (profile === null) {
    return (
      <>
        <Welcome onCreated={setProfile} onOpenCrisis={() => setCrisisOpen(true)} />
        {crisis}
      </>
    );
  }
  return (
    <AppContext.Provider value={{ reference, profile, setProfile, openCrisisPanel: () => setCrisisOpen(true) }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header screen={screen} onNavigate={setScreen} />
      <UpdateBanner />
      <main id="main" tabIndex={-1}>
        {screen === 'today' && <Today />}
        {screen === 'events' && <Events />}
        {screen === 'dashboard' && <Dashboard />}
        {screen === 'report' && <MonthlyReport />}
        {screen === 'import' && <Import />}
        {screen === 'sites' && <Sites />}
        {screen === 'volunteers' && <Volunteers />}
        {screen === 'lists' && <Lists />}
        {screen === 'sync' && <Sync />}
        {screen === 'team' && <Team />}
        {screen === 'maintenance' && <Maintenance />}
        {screen === 'changes' && <Changes />}
      </main>
      {crisis}
    </AppContext.Provider>
  );
}
