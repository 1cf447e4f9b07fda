// Recent changes: the audit trail, newest first, paged by id so it stays fast however long
// the trail grows.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { formatDateTime } from '../format.ts';

const PAGE = 50;

export function Changes() {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);

  const load = async (beforeId?: number) => {
    const page = await call('audit.recent', beforeId === undefined ? { limit: PAGE } : { limit: PAGE, beforeId });
    setEntries((current) => (beforeId === undefined ? page : [...current, ...page]));
    setMore(page.length === PAGE);
  };

  useEffect(() => {
    void load();
  }, []);

  return (
    <div className="changes">
      <h1>{t('changes.title')}</h1>
      {entries.length === 0 ? (
        <p>{t('changes.none')}</p>
      ) : (
        <table className="table">
          <caption>{t('changes.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('changes.columns.when')}</th>
              <th scope="col">{t('changes.columns.who')}</th>
              <th scope="col">{t('changes.columns.what')}</th>
              <th scope="col">{t('changes.columns.action')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at, i18n.language)}</td>
                <td>{entry.actorName ?? '—'}</td>
                <td>
                  {t(`changes.entities.${entry.entity}`, { defaultValue: entry.entity })} #{entry.entityId}
                </td>
                <td>{t(`changes.actions.${entry.action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && (
        <button type="button" className="button button--secondary" onClick={() => void load(entries.at(-1)?.id)}>
          {t('changes.more')}
        </button>
      )}
    </div>
  );
}
