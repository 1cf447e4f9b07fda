// One session left open since an earlier day: its date is shown, and the volunteer either closes
// it with the time it really ended or leaves it for a coordinator (the events' data checks list it).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventSummary } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { composeDateTime, DateTimeInput, partsFrom } from '../components/DateTimeInput.tsx';
import { ErrorSummary, fieldId, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { formatDateTime, fromLondonInput, toLondonInput } from '../format.ts';

/** A first guess at the end: three hours after the start, which the volunteer corrects. */
const GUESSED_LENGTH_MS = 3 * 3_600_000;

export function StaleSession({ session, onDone }: { session: EventSummary; onDone(message: string): void }) {
  const { t, i18n } = useTranslation();
  const form = `stale-${session.id}`;
  const [endsAt, setEndsAt] = useState(() => partsFrom(toLondonInput(new Date(Date.parse(session.startsAt) + GUESSED_LENGTH_MS).toISOString())));
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
    const typed = composeDateTime(endsAt);
    const instant = 'value' in typed ? fromLondonInput(typed.value) : null;
    if (!instant) {
      const message = 'problem' in typed ? t(`dateInput.problems.${typed.problem}`, { field: t('today.stale.endedAt') }) : t('errors.enterEndTime');
      setProblems({ summary: t('errors.invalidInput'), fields: { endsAt: message } });
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
      <DateTimeInput id={fieldId(form, 'endsAt')} legend={t('today.stale.endedAt')} error={problems?.fields.endsAt} value={endsAt} onChange={setEndsAt} />
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
