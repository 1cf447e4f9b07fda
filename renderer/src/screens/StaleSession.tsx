// One session left open since an earlier day: its date is shown, and the volunteer either closes
// it with the time it really ended or leaves it for a coordinator (the events' data checks list it).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventSummary } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { ErrorSummary, FieldError, fieldId, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { formatDateTime, fromLondonInput, toLondonInput } from '../format.ts';

/** A first guess at the end: three hours after the start, which the volunteer corrects. */
const GUESSED_LENGTH_MS = 3 * 3_600_000;

export function StaleSession({ session, onDone }: { session: EventSummary; onDone(message: string): void }) {
  const { t, i18n } = useTranslation();
  const form = `stale-${session.id}`;
  const [endsAt, setEndsAt] = useState(() => toLondonInput(new Date(Date.parse(session.startsAt) + GUESSED_LENGTH_MS).toISOString()));
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const title = t('today.sessionAt', { kind: t(`reference.eventKind.${session.kind}`), site: session.siteName });

  const act = async (action: () => Promise<string>) => {
    try {
      setProblems(null);
      onDone(await action());
    } catch (error) {
      setProblems(problemsFrom(error, t));
    }
  };

  const close = (event: FormEvent) => {
    event.preventDefault();
    const instant = fromLondonInput(endsAt);
    if (!instant) {
      setProblems({ summary: t('errors.invalidInput'), fields: { endsAt: t('errors.enterEndTime') } });
      return;
    }
    void act(async () => {
      await call('sessions.close', { eventId: session.id, endsAt: instant });
      return t('today.closed');
    });
  };

  return (
    <form className="stale-session" onSubmit={close} noValidate aria-labelledby={`${form}-title`}>
      <h3 id={`${form}-title`}>{title}</h3>
      <p>{t('today.stale.startedOn', { when: formatDateTime(session.startsAt, i18n.language) })}</p>
      <ErrorSummary problems={problems} form={form} />
      <div className={problems?.fields.endsAt ? 'field field--error' : 'field'}>
        <label htmlFor={fieldId(form, 'endsAt')}>{t('today.stale.endedAt')}</label>
        <FieldError id={fieldId(form, 'endsAt')} message={problems?.fields.endsAt} />
        <input
          id={fieldId(form, 'endsAt')}
          type="datetime-local"
          value={endsAt}
          onChange={(e) => setEndsAt(e.target.value)}
          aria-describedby={problems?.fields.endsAt ? `${fieldId(form, 'endsAt')}-error` : undefined}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          {t('today.stale.close')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() =>
            void act(async () => {
              await call('sessions.leaveForCoordinator', { eventId: session.id });
              return t('today.stale.leftForCoordinator', { site: session.siteName });
            })
          }
        >
          {t('today.stale.leave')}
        </button>
      </div>
    </form>
  );
}
