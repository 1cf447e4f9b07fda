// Recent changes: the audit trail, newest first, paged by id so it stays fast however long
// the trail grows.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { LogTable } from '../components/LogTable.tsx';

const PAGE = 50;

export function Changes() {
  const { t } = useTranslation();
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
        <LogTable
          caption={t('changes.caption')}
          headings={[t('changes.columns.when'), t('changes.columns.who'), t('changes.columns.what'), t('changes.columns.action')]}
          entries={entries}
          who={(entry) => entry.actorName}
          cells={(entry) => [
            `${t(`changes.entities.${entry.entity}`, { defaultValue: entry.entity })} #${entry.entityId}`,
            t(`changes.actions.${entry.action}`),
          ]}
        />
      )}
      {more && (
        <button type="button" className="button button--secondary" onClick={() => void load(entries.at(-1)?.id)}>
          {t('changes.more')}
        </button>
      )}
    </div>
  );
}
