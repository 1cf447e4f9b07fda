// An event's visitor counts: the list, adding a visit recorded on paper, and correcting a
// count tapped wrong. The two small forms keep their own state; the event screen owns errors.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventDetail } from '../../../../main/api/contract.ts';
import { call } from '../../api.ts';
import { FieldError, fieldId } from '../../components/errors.tsx';
import { formatNumber, formatTime } from '../../format.ts';
import { RowActions } from './RowActions.tsx';

export function EventVisits({
  detail,
  guard,
  error,
  onChanged,
  onHistory,
}: {
  detail: EventDetail;
  /** Runs an action, showing its failure in the event screen's error summary. */
  guard(action: () => Promise<void>): Promise<void>;
  error(field: string): string | undefined;
  /** After a change: say what happened (if there is a message) and reload the event. */
  onChanged(message?: string): void;
  onHistory(id: number): void;
}) {
  const { t, i18n } = useTranslation();
  const [addingVisit, setAddingVisit] = useState<{ adults: string; children: string } | null>(null);
  const [correcting, setCorrecting] = useState<{ id: number; adults: string; children: string } | null>(null);

  const saveCorrection = (submit: FormEvent) => {
    submit.preventDefault();
    if (!correcting) return;
    const count = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : -1);
    void guard(async () => {
      await call('visits.correct', { id: correcting.id, adults: count(correcting.adults), children: count(correcting.children) });
      setCorrecting(null);
      onChanged(t('eventDetail.visitCorrected'));
    });
  };

  const addVisit = (submit: FormEvent) => {
    submit.preventDefault();
    if (!addingVisit) return;
    const count = (text: string) => (text.trim() === '' ? 0 : /^\d+$/.test(text.trim()) ? Number(text) : -1);
    void guard(async () => {
      await call('events.addVisit', { eventId: detail.event.id, adults: count(addingVisit.adults), children: count(addingVisit.children) });
      setAddingVisit(null);
      onChanged(t('eventDetail.visitAdded'));
    });
  };

  const setDeleted = (id: number, deleted: boolean) =>
    void guard(async () => {
      await call('visits.setDeleted', { id, deleted });
      onChanged();
    });

  return (
    <>
      <h2>{t('eventDetail.visitsHeading')}</h2>
      {!detail.event.deleted &&
        (addingVisit ? (
          <form className="add-visit" onSubmit={addVisit} noValidate aria-labelledby="add-visit-heading">
            <h3 id="add-visit-heading">{t('eventDetail.addVisitHeading')}</h3>
            <div className="filters__grid">
              {(['adults', 'children'] as const).map((field) => (
                <div key={field} className={error(field) ? 'field field--error' : 'field'}>
                  <label htmlFor={fieldId('event', field)}>{t(`eventDetail.visitColumns.${field}`)}</label>
                  <FieldError id={fieldId('event', field)} message={error(field)} />
                  <input
                    id={fieldId('event', field)}
                    className="input--number"
                    inputMode="numeric"
                    value={addingVisit[field]}
                    onChange={(e) => setAddingVisit({ ...addingVisit, [field]: e.target.value })}
                  />
                </div>
              ))}
            </div>
            <div className="form-actions">
              <button type="submit" className="button">
                {t('eventDetail.addVisit')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setAddingVisit(null)}>
                {t('eventDetail.cancelVisit')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className="button button--secondary" onClick={() => setAddingVisit({ adults: '', children: '' })}>
            {t('eventDetail.addVisit')}
          </button>
        ))}
      {detail.visits.length === 0 ? (
        <p>{t('eventDetail.noVisits')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('eventDetail.visitsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('eventDetail.visitColumns.time')}</th>
              <th scope="col" className="numeric">{t('eventDetail.visitColumns.adults')}</th>
              <th scope="col" className="numeric">{t('eventDetail.visitColumns.children')}</th>
              <th scope="col">{t('eventDetail.visitColumns.by')}</th>
              <th scope="col">{t('eventDetail.visitColumns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.visits.map((v) =>
              correcting?.id === v.id ? (
                <tr key={v.id}>
                  <td>{formatTime(v.recordedAt, i18n.language)}</td>
                  {(['adults', 'children'] as const).map((field) => (
                    <td key={field} className="numeric">
                      <label className="visually-hidden" htmlFor={`visit-${field}`}>
                        {t(`eventDetail.visitColumns.${field}`)}
                      </label>
                      <input
                        id={`visit-${field}`}
                        form="visit-correction"
                        className="input--number"
                        inputMode="numeric"
                        value={correcting[field]}
                        aria-invalid={error(field) ? true : undefined}
                        onChange={(e) => setCorrecting({ ...correcting, [field]: e.target.value })}
                      />
                    </td>
                  ))}
                  <td>{v.recordedBy ?? '—'}</td>
                  <td className="table__actions">
                    <form id="visit-correction" onSubmit={saveCorrection} noValidate>
                      <button type="submit" className="button button--small">
                        {t('eventDetail.saveVisit')}
                      </button>
                    </form>
                    <button type="button" className="button button--secondary button--small" onClick={() => setCorrecting(null)}>
                      {t('eventDetail.cancelVisit')}
                    </button>
                  </td>
                </tr>
              ) : (
                <tr key={v.id} className={v.deleted ? 'row--deleted' : undefined}>
                  <td>
                    {formatTime(v.recordedAt, i18n.language)}
                    {v.deleted && <span className="tag tag--grey">{t('eventDetail.deletedTag')}</span>}
                  </td>
                  <td className="numeric">{formatNumber(v.adults, i18n.language)}</td>
                  <td className="numeric">{formatNumber(v.children, i18n.language)}</td>
                  <td>{v.recordedBy ?? '—'}</td>
                  <RowActions
                    kind="visit"
                    at={v.recordedAt}
                    deleted={v.deleted}
                    onChange={() => setCorrecting({ id: v.id, adults: String(v.adults), children: String(v.children) })}
                    onSetDeleted={(deleted) => setDeleted(v.id, deleted)}
                    onHistory={() => onHistory(v.id)}
                  />
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </>
  );
}
