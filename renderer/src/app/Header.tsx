import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from './context.ts';
import { SyncIndicator } from '../components/SyncIndicator.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';
import { preloadScreen } from './lazy-screens.tsx';

export type Screen = 'today' | 'events' | 'dashboard' | 'report' | 'import' | 'sites' | 'volunteers' | 'lists' | 'sync' | 'changes' | 'maintenance' | 'team';

const screens: Screen[] = ['today', 'events', 'dashboard', 'report', 'import', 'sites', 'volunteers', 'lists', 'sync', 'team', 'maintenance', 'changes'];

/** Volunteers see what they use at a stall; coordinators and leads see everything. */
const volunteerScreens: Screen[] = ['today', 'sites', 'sync'];

/** The screens used every day stay in the row; the rest go under "More" so the row fits at 1280 px in every language. */
const everyday: Screen[] = ['today', 'events', 'dashboard', 'report', 'sites', 'sync'];
const rowLimit = 4;

export function screensFor(role: Role): Screen[] {
  return role === 'volunteer' ? volunteerScreens : screens;
}

/** Splits a role's screens into the row and the "More" list, keeping the menu's order in each. */
export function splitScreens(allowed: Screen[]): { row: Screen[]; more: Screen[] } {
  const row = allowed.filter((s) => everyday.includes(s)).slice(0, rowLimit);
  return { row, more: allowed.filter((s) => !row.includes(s)) };
}

type Open = 'none' | 'menu' | 'more';

export function Header({ screen, onNavigate }: { screen: Screen; onNavigate(screen: Screen): void }) {
  const { t, i18n } = useTranslation();
  const { profile, setProfile, openCrisisPanel, access, switchTo, lock } = useApp();
  // One state for both disclosures: the narrow "Menu" (everything) and the wide "More" (the rest).
  const [open, setOpen] = useState<Open>('none');
  const menuButton = useRef<HTMLButtonElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const header = useRef<HTMLElement>(null);
  const { row, more } = splitScreens(screensFor(profile.role));

  // A click outside the header closes an open menu, as a disclosure dropdown is expected to.
  useEffect(() => {
    if (open === 'none') return;
    const close = (e: MouseEvent) => {
      if (header.current && !header.current.contains(e.target as Node)) setOpen('none');
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const changeLanguage = async (language: string) => {
    await i18n.changeLanguage(language);
    setProfile(await call('profiles.setLanguage', { language }));
  };

  const go = (s: Screen) => {
    setOpen('none');
    onNavigate(s);
  };

  // Esc closes the open menu and puts focus back on the button that opened it.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || open === 'none') return;
    e.stopPropagation();
    (open === 'more' ? moreButton : menuButton).current?.focus();
    setOpen('none');
  };

  const link = (s: Screen) => (
    <li key={s}>
      <button
        type="button"
        className="app-nav__link"
        aria-current={s === screen ? 'page' : undefined}
        onPointerEnter={() => preloadScreen(s)}
        onFocus={() => preloadScreen(s)}
        onClick={() => go(s)}
      >
        {t(`nav.${s}`)}
      </button>
    </li>
  );

  return (
    <header className={`app-header app-header--${open}`} ref={header} onKeyDown={onKeyDown}>
      <div className="app-header__bar">
        <span className="app-header__name">{t('app.name')}</span>
        <button
          type="button"
          ref={menuButton}
          className="app-header__toggle app-header__toggle--menu"
          aria-expanded={open === 'menu'}
          aria-controls="app-menu"
          onClick={() => setOpen(open === 'menu' ? 'none' : 'menu')}
        >
          {t('nav.menu')}
        </button>
        <div id="app-menu" className="app-header__menu">
          <nav aria-label={t('nav.label')} className="app-nav">
            <ul className="app-nav__row">{row.map(link)}</ul>
            <div className="app-nav__more">
              <button
                type="button"
                ref={moreButton}
                className="app-header__toggle app-header__toggle--more"
                aria-expanded={open === 'more'}
                aria-controls="app-nav-more"
                onClick={() => setOpen(open === 'more' ? 'none' : 'more')}
              >
                {t('nav.more')}
              </button>
              <div id="app-nav-more" className="app-nav__panel">
                {more.length > 0 && <ul className="app-nav__list">{more.map(link)}</ul>}
                <div className="app-header__settings">
                  <div className="profile-select">
                    <label htmlFor="profile-select">{t('profile.label')}</label>
                    <select id="profile-select" value={profile.id} onChange={(e) => void switchTo(Number(e.target.value))}>
                      {access.people.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name} ({t(`profile.roles.${p.role}`)})
                        </option>
                      ))}
                    </select>
                  </div>
                  <LanguageSelect id="header-language" onChange={(language) => void changeLanguage(language)} />
                </div>
              </div>
            </div>
          </nav>
          <SyncIndicator onOpen={() => go('sync')} />
        </div>
        <div className="app-header__always">
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
    </header>
  );
}
