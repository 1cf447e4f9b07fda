// One open session: big tally targets, the running totals, the conversation form and an undo
// for the last action. Built for a touch laptop and for the keyboard (shortcuts listed).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventSummary, SessionTotals } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useContract } from '../app/useContract.ts';
import { ErrorSummary, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { formatNumber, formatTime } from '../format.ts';
import { ConversationForm } from './ConversationForm.tsx';

type LastAction = { kind: 'visit' | 'conversation'; id: number; message: string };

const UNDO_WINDOW_MS = 10_000;

function typingInField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

export function SessionPanel({ session, onLeave }: { session: EventSummary; onLeave(message?: string): void }) {
  const { t, i18n } = useTranslation();
  // The totals read when the session opens, until a tap, an undo or a save hands back newer ones.
  const opening = useContract('sessions.totals', { eventId: session.id });
  const [latest, setTotals] = useState<SessionTotals | null>(null);
  const totals = latest ?? opening.value ?? null;
  const [formOpen, setFormOpen] = useState(false);
  const [last, setLast] = useState<LastAction | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [problems, setProblems] = useState<FormProblems | null>(null);
  /** Closing asks once, with what the session recorded, before it ends. */
  const [confirmingClose, setConfirmingClose] = useState<{ minutesOpen: number } | null>(null);
  const logButton = useRef<HTMLButtonElement>(null);
  const closeConfirmButton = useRef<HTMLButtonElement>(null);
  const wasFormOpen = useRef(false);

  // When the form closes, the hand goes back to "Log conversation" for the next one.
  useEffect(() => {
    if (wasFormOpen.current && !formOpen) logButton.current?.focus();
    wasFormOpen.current = formOpen;
  }, [formOpen]);

  useEffect(() => {
    if (!last) return;
    const timer = setTimeout(() => setLast(null), UNDO_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [last]);

  const act = useCallback(
    async (action: () => Promise<void>) => {
      try {
        setProblems(null);
        await action();
      } catch (error) {
        setProblems(problemsFrom(error, t));
      }
    },
    [t],
  );

  const addVisit = useCallback(
    (adults: number, children: number) =>
      act(async () => {
        const result = await call('visits.record', { eventId: session.id, adults, children });
        setTotals(result.totals);
        const message = t('today.visitAdded', { count: adults + children });
        setLast({ kind: 'visit', id: result.visitId, message });
        setAnnouncement(message);
      }),
    [act, session.id, t],
  );

  const undo = useCallback(
    () =>
      act(async () => {
        if (!last) return;
        const result =
          last.kind === 'visit'
            ? await call('visits.setDeleted', { id: last.id, deleted: true })
            : await call('conversations.setDeleted', { id: last.id, deleted: true });
        setTotals(result.totals);
        setLast(null);
        setAnnouncement(t('today.undone'));
      }),
    [act, last, t],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (formOpen || event.ctrlKey || event.altKey || event.metaKey || typingInField(event.target)) return;
      // Physical keys (event.code), so the shortcuts work whatever keyboard layout is active.
      const digit = /^Digit([123])$/.exec(event.code);
      if (digit) {
        event.preventDefault();
        const count = Number(digit[1]);
        void (event.shiftKey ? addVisit(0, count) : addVisit(count, 0));
      } else if (event.code === 'KeyC') {
        event.preventDefault();
        setFormOpen(true);
      } else if (event.code === 'KeyU') {
        event.preventDefault();
        void undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [formOpen, addVisit, undo]);

  useEffect(() => {
    if (confirmingClose) closeConfirmButton.current?.focus();
  }, [confirmingClose]);

  const closeSession = () =>
    act(async () => {
      await call('sessions.close', { eventId: session.id });
      onLeave(t('today.closed'));
    });

  const askToClose = () => setConfirmingClose({ minutesOpen: Math.max(0, Math.round((Date.now() - Date.parse(session.startsAt)) / 60_000)) });

  const kindLabel = t(`reference.eventKind.${session.kind}`);
  return (
    <div className={formOpen ? 'session session--compact' : 'session'}>
      <div className="session__heading">
        <h1>{t('today.sessionAt', { kind: kindLabel, site: session.siteName })}</h1>
        <p className="hint">{t('today.startedAt', { time: formatTime(session.startsAt, i18n.language) })}</p>
      </div>
      <ErrorSummary problems={problems} form="session" />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {formOpen ? (
        <ConversationForm
          mode={{
            kind: 'record',
            eventId: session.id,
            onSaved: (result) => {
              setTotals(result.totals);
              setFormOpen(false);
              const message = t('today.conversationSaved');
              setLast({ kind: 'conversation', id: result.conversationId, message });
              setAnnouncement(message);
            },
          }}
          onCancel={() => setFormOpen(false)}
        />
      ) : (
        <>
          <section aria-labelledby="visitors-heading" className="tally">
            <h2 id="visitors-heading">{t('today.visitorsHeading')}</h2>
            <div className="tally__row" role="group" aria-label={t('today.adults')}>
              {[1, 2, 3].map((n) => (
                <button key={n} type="button" className="tally__button" onClick={() => void addVisit(n, 0)}>
                  {t('today.addAdults', { count: n })}
                </button>
              ))}
            </div>
            <div className="tally__row" role="group" aria-label={t('today.children')}>
              {[1, 2, 3].map((n) => (
                <button key={n} type="button" className="tally__button tally__button--children" onClick={() => void addVisit(0, n)}>
                  {t('today.addChildren', { count: n })}
                </button>
              ))}
            </div>
          </section>
          <button type="button" className="button button--large" ref={logButton} onClick={() => setFormOpen(true)}>
            {t('today.logConversation')}
          </button>
        </>
      )}

      {last && (
        <div className="undo-bar">
          <span>{last.message}</span>
          <button type="button" className="button button--secondary" onClick={() => void undo()}>
            {t('today.undo')}
          </button>
        </div>
      )}

      <section aria-labelledby="totals-heading" className="totals">
        <h2 id="totals-heading">{t('today.totalsHeading')}</h2>
        {!totals && <LoadProblem error={opening.error} />}
        {totals && (
          <>
            <dl className="totals__grid">
              <div>
                <dt>{t('today.totalAdults')}</dt>
                <dd data-testid="total-adults">{formatNumber(totals.adults, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('today.totalChildren')}</dt>
                <dd data-testid="total-children">{formatNumber(totals.children, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('today.totalConversations')}</dt>
                <dd data-testid="total-conversations">{formatNumber(totals.conversations, i18n.language)}</dd>
              </div>
            </dl>
            {totals.byTopic.length > 0 && (
              <>
                <h3>{t('today.topTopics')}</h3>
                <ul className="topic-totals">
                  {totals.byTopic.map((row) => (
                    <li key={row.topic}>
                      {t(`reference.topic.${row.topic}`)}: {formatNumber(row.count, i18n.language)}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>

      <details className="shortcuts">
        <summary>{t('today.shortcutsHeading')}</summary>
        <ul>
          <li>{t('today.shortcuts.adults')}</li>
          <li>{t('today.shortcuts.children')}</li>
          <li>{t('today.shortcuts.conversation')}</li>
          <li>{t('today.shortcuts.undo')}</li>
          <li>{t('today.shortcuts.save')}</li>
        </ul>
      </details>

      {confirmingClose ? (
        <section className="close-summary" aria-labelledby="close-summary-title">
          <h2 id="close-summary-title">{t('today.closeSummary.title')}</h2>
          <dl className="close-summary__figures">
            <div>
              <dt>{t('today.closeSummary.visitors')}</dt>
              <dd>
                {t('today.closeSummary.visitorsValue', {
                  adults: formatNumber(totals?.adults ?? 0, i18n.language),
                  children: formatNumber(totals?.children ?? 0, i18n.language),
                })}
              </dd>
            </div>
            <div>
              <dt>{t('today.closeSummary.conversations')}</dt>
              <dd>{formatNumber(totals?.conversations ?? 0, i18n.language)}</dd>
            </div>
            <div>
              <dt>{t('today.closeSummary.time')}</dt>
              <dd>
                {t('today.closeSummary.timeValue', {
                  start: formatTime(session.startsAt, i18n.language),
                  hours: Math.floor(confirmingClose.minutesOpen / 60),
                  minutes: confirmingClose.minutesOpen % 60,
                })}
              </dd>
            </div>
          </dl>
          <div className="form-actions">
            <button type="button" className="button" ref={closeConfirmButton} onClick={() => void closeSession()}>
              {t('today.closeSummary.confirm')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirmingClose(null)}>
              {t('today.closeSummary.keepOpen')}
            </button>
          </div>
        </section>
      ) : (
        <div className="session__actions">
          <button type="button" className="button button--secondary" onClick={() => onLeave()}>
            {t('today.switchSession')}
          </button>
          <button type="button" className="button button--secondary" onClick={askToClose}>
            {t('today.close')}
          </button>
        </div>
      )}
    </div>
  );
}
