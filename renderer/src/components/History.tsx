// One record's audit trail: who changed it, when, and each field's value before and after.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditedEntity } from '../../../main/api/contract.ts';
import { useContract } from '../app/useContract.ts';
import { useApp } from '../app/context.ts';
import { formatDateTime } from '../format.ts';
import { LoadProblem } from './errors.tsx';
import { describeValue, fieldLabel } from './history-values.ts';

function changedFields(entry: AuditEntry): [string, unknown, unknown][] {
  const keys = new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})]);
  return [...keys]
    .map((key) => [key, entry.before?.[key], entry.after?.[key]] as [string, unknown, unknown])
    .filter(([, before, after]) => JSON.stringify(before) !== JSON.stringify(after));
}

export function History({ entity, id, onClose }: { entity: AuditedEntity; id: number; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { reference } = useApp();
  const show = (field: string, value: unknown) => describeValue(field, value, t, reference, i18n.language);
  const { value: entries, error } = useContract('audit.trail', { entity, id });
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, [entity, id]);
  return (
    <dialog ref={ref} className="history" aria-labelledby="history-title" onClose={onClose}>
      <h2 id="history-title">{t('eventDetail.historyHeading')}</h2>
      <LoadProblem error={error} />
      {entries?.length === 0 && <p>{t('eventDetail.historyEmpty')}</p>}
      {entries?.map((entry) => (
        <section key={entry.id} className="history__entry">
          <h3>
            {t(`changes.actions.${entry.action}`)} — {formatDateTime(entry.at, i18n.language)} — {entry.actorName ?? '—'}
          </h3>
          {entry.action === 'update' && (
            <table className="table">
              <caption className="visually-hidden">{t('eventDetail.historyHeading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('eventDetail.field')}</th>
                  <th scope="col">{t('eventDetail.before')}</th>
                  <th scope="col">{t('eventDetail.after')}</th>
                </tr>
              </thead>
              <tbody>
                {changedFields(entry).map(([field, before, after]) => (
                  <tr key={field}>
                    <th scope="row">{fieldLabel(field, t)}</th>
                    <td>{show(field, before)}</td>
                    <td>{show(field, after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
      <button type="button" className="button" onClick={onClose} autoFocus>
        {t('eventDetail.historyClose')}
      </button>
    </dialog>
  );
}
