// The volunteer's screen at a busy table: open or continue a session, then tally visitors,
// log conversations and watch the running totals. A session left open since an earlier day is
// never offered as today's: it is closed (with its end time) or left for a coordinator first.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventSummary } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useContract } from '../app/useContract.ts';
import { KindPicker } from '../components/KindPicker.tsx';
import { SitePicker } from '../components/SitePicker.tsx';
import { useListsVersion } from '../data-changes.ts';
import { ErrorSummary, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { formatDateTime, formatTime, londonDay } from '../format.ts';
import { SessionPanel } from './SessionPanel.tsx';
import { StaleSession } from './StaleSession.tsx';

export function Today() {
  const { t, i18n } = useTranslation();
  const [active, setActive] = useState<EventSummary | null>(null);
  const [siteId, setSiteId] = useState('');
  const [kind, setKind] = useState('popup_shop');
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [leaveAllProblems, setLeaveAllProblems] = useState<FormProblems | null>(null);
  const [message, setMessage] = useState('');
  // All three are read again when a site changes anywhere, and after a session is left or closed here.
  const sitesVersion = useListsVersion('sites');
  const [asked, setAsked] = useState(0);
  const version = `${sitesVersion}:${asked}`;
  const reload = () => setAsked((n) => n + 1);
  const todayRead = useContract('sessions.today', {}, { version });
  const staleRead = useContract('sessions.stale', {}, { version });
  const sitesRead = useContract('sites.list', {}, { version });
  const sessions = todayRead.value ?? [];
  const stale = staleRead.value;
  const sites = sitesRead.value ?? [];
  // The site chosen stays chosen while it is in the list; otherwise the first site is.
  const chosenSite = sites.some((s) => String(s.id) === siteId) ? siteId : String(sites[0]?.id ?? '');

  const leaveAllForCoordinator = async () => {
    try {
      setLeaveAllProblems(null);
      await call('sessions.leaveAllForCoordinator', {});
      setMessage(t('today.stale.allLeft'));
    } catch (error) {
      setLeaveAllProblems(problemsFrom(error, t));
    } finally {
      reload();
    }
  };

  const open = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setProblems(null);
      setMessage('');
      setActive(await call('sessions.open', { siteId: Number(chosenSite), kind }));
    } catch (error) {
      setProblems(problemsFrom(error, t));
    }
  };

  if (active) {
    return (
      <SessionPanel
        key={active.id}
        session={active}
        onLeave={(leaving) => {
          setActive(null);
          setMessage(leaving ?? '');
          reload();
        }}
      />
    );
  }

  const openSessions = sessions.filter((s) => s.endsAt === null);
  const blocked = stale !== undefined && stale.length > 0;
  return (
    <div className="today">
      <h1>{t('today.title')}</h1>
      <p role="status" className="status-message">
        {message}
      </p>
      {blocked && (
        <section aria-labelledby="stale-heading" className="stale-sessions">
          <h2 id="stale-heading">{t('today.stale.heading')}</h2>
          <p>{t('today.stale.explain')}</p>
          <ErrorSummary problems={leaveAllProblems} form="stale-all" />
          {stale.length > 1 && (
            <button type="button" className="button button--secondary" onClick={() => void leaveAllForCoordinator()}>
              {t('today.stale.leaveAll', { count: stale.length })}
            </button>
          )}
          {stale.map((s) => (
            <StaleSession
              key={s.id}
              session={s}
              onDone={(done) => {
                setMessage(done);
                reload();
              }}
            />
          ))}
        </section>
      )}
      <section aria-labelledby="continue-heading">
        <h2 id="continue-heading">{t('today.continueSession')}</h2>
        <LoadProblem error={todayRead.error} />
        {todayRead.value === undefined ? null : openSessions.length === 0 ? (
          <p>{t('today.noSessions')}</p>
        ) : (
          <ul className="session-list">
            {openSessions.map((s) => (
              <li key={s.id}>
                <span>
                  {t('today.sessionAt', { kind: t(`reference.eventKind.${s.kind}`), site: s.siteName })} —{' '}
                  {t('today.startedAt', {
                    // A late session still going after midnight says which day it began.
                    time: londonDay(new Date(s.startsAt)) === londonDay(new Date()) ? formatTime(s.startsAt, i18n.language) : formatDateTime(s.startsAt, i18n.language),
                  })}
                </span>
                <button type="button" className="button button--secondary" onClick={() => setActive(s)}>
                  {t('today.continue')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t('today.pickSession')}</h2>
        <LoadProblem error={staleRead.error ?? sitesRead.error} />
        {blocked ? (
          <p>{t('today.stale.openLater')}</p>
        ) : stale === undefined || sitesRead.value === undefined ? null : sites.length === 0 ? (
          <p>{t('today.noSites')}</p>
        ) : (
          <form onSubmit={open} className="open-session" noValidate>
            <ErrorSummary problems={problems} form="open" />
            <div className="field">
              <label htmlFor="open-siteId">{t('today.siteLabel')}</label>
              <SitePicker id="open-siteId" value={chosenSite} onChange={(value) => setSiteId(value)} sites={sites} />
            </div>
            <div className="field">
              <label htmlFor="open-kind">{t('today.kindLabel')}</label>
              <KindPicker id="open-kind" value={kind} onChange={(value) => setKind(value)} />
            </div>
            <button type="submit" className="button">
              {t('today.open')}
            </button>
          </form>
        )}
      </section>
    </div>
  );
}
