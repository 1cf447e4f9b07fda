// Recent changes: the audit trail, newest first, paged by id so it stays fast however long
// the trail grows.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { startRequest } from '../app/contract-request.ts';
import { useContract } from '../app/useContract.ts';
import { LoadProblem } from '../components/errors.tsx';
import { LogTable } from '../components/LogTable.tsx';

const PAGE = 50;

export function Changes() {
  const { t } = useTranslation();
  const first = useContract('audit.recent', { limit: PAGE });
  // Older pages, asked for one at a time with "Show older changes"; a reply after the screen has gone is dropped.
  const [older, setOlder] = useState<{ entries: AuditEntry[]; more: boolean } | null>(null);
  const [olderError, setOlderError] = useState<unknown>(null);
  const [asking, setAsking] = useState(false);
  const cancelOlder = useRef<(() => void) | null>(null);
  useEffect(() => () => cancelOlder.current?.(), []);

  const entries = [...(first.value ?? []), ...(older?.entries ?? [])];
  const more = older ? older.more : first.value?.length === PAGE;

  const showOlder = () => {
    const beforeId = entries.at(-1)?.id;
    if (beforeId === undefined) return;
    cancelOlder.current?.();
    cancelOlder.current = startRequest(
      () => call('audit.recent', { limit: PAGE, beforeId }),
      (state) => {
        setAsking(state.status === 'loading');
        if (state.status === 'failed') setOlderError(state.error);
        if (state.status !== 'done') return;
        setOlderError(null);
        setOlder((current) => ({ entries: [...(current?.entries ?? []), ...state.value], more: state.value.length === PAGE }));
      },
    );
  };

  return (
    <div className="changes">
      <h1>{t('changes.title')}</h1>
      <LoadProblem error={first.error} />
      {entries.length === 0 ? (
        first.value && <p>{t('changes.none')}</p>
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
      <LoadProblem error={olderError} />
      {more && (
        <button type="button" className="button button--secondary" disabled={asking} onClick={showOlder}>
          {t('changes.more')}
        </button>
      )}
    </div>
  );
}
