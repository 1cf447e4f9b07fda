import { useTranslation } from 'react-i18next';
import type { Role } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from './context.ts';
import { SyncIndicator } from '../components/SyncIndicator.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';

export type Screen = 'today' | 'events' | 'dashboard' | 'report' | 'import' | 'sites' | 'volunteers' | 'lists' | 'sync' | 'changes' | 'maintenance' | 'team';

const screens: Screen[] = ['today', 'events', 'dashboard', 'report', 'import', 'sites', 'volunteers', 'lists', 'sync', 'team', 'maintenance', 'changes'];

/** Volunteers see what they use at a stall; coordinators and leads see everything. */
const volunteerScreens: Screen[] = ['today', 'sites', 'sync'];

export function screensFor(role: Role): Screen[] {
  return role === 'volunteer' ? volunteerScreens : screens;
}

export function Header({ screen, onNavigate }: { screen: Screen; onNavigate(screen: Screen): void }) {
  const { t, i18n } = useTranslation();
  const { profile, setProfile, openCrisisPanel, access, switchTo, lock } = useApp();

  const changeLanguage = async (language: string) => {
    await i18n.changeLanguage(language);
    setProfile(await call('profiles.setLanguage', { language }));
  };

  return (
    <header className="app-header">
      <div className="app-header__bar">
        <span className="app-header__name">{t('app.name')}</span>
        <div className="app-header__tools">
          <div className="profile-select">
            <label htmlFor="profile-select">{t('profile.label')}</label>
            <select
              id="profile-select"
              value={profile.id}
              onChange={(e) => void switchTo(Number(e.target.value))}
            >
              {access.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({t(`profile.roles.${p.role}`)})
                </option>
              ))}
            </select>
          </div>
          <LanguageSelect id="header-language" onChange={(language) => void changeLanguage(language)} />
          <SyncIndicator onOpen={() => onNavigate('sync')} />
          {access.protected && (
            <button type="button" className="button button--secondary" onClick={lock}>
              {t('lock.lockNow')}
            </button>
          )}
          <button type="button" className="button button--warning" onClick={openCrisisPanel}>
            {t('crisis.open')}
          </button>
        </div>
      </div>
      <nav aria-label={t('nav.label')} className="app-nav">
        <ul>
          {screensFor(profile.role).map((s) => (
            <li key={s}>
              <button
                type="button"
                className="app-nav__link"
                aria-current={s === screen ? 'page' : undefined}
                onClick={() => onNavigate(s)}
              >
                {t(`nav.${s}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
