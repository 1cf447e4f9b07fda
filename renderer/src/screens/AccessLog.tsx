// On the Volunteers screen: the newest unlocks, wrong PINs and PIN changes on this laptop, so a
// coordinator can see if someone has been trying PINs. What was typed is never kept.
import { useTranslation } from 'react-i18next';
import { useContract } from '../app/useContract.ts';
import { LoadProblem } from '../components/errors.tsx';
import { LogTable } from '../components/LogTable.tsx';

export function AccessLog() {
  const { t } = useTranslation();
  const { value: entries, error } = useContract('access.log', { limit: 20 });
  return (
    <section aria-labelledby="access-log-heading">
      <h2 id="access-log-heading">{t('accessLog.heading')}</h2>
      <LoadProblem error={error} />
      {entries !== undefined && entries.length === 0 && <p>{t('accessLog.none')}</p>}
      {entries !== undefined && entries.length > 0 && (
        <LogTable
          caption={t('accessLog.heading')}
          captionHidden
          headings={[t('accessLog.columns.at'), t('accessLog.columns.who'), t('accessLog.columns.event')]}
          entries={entries}
          who={(entry) => entry.name}
          cells={(entry) => [t(`accessLog.events.${entry.event}`)]}
        />
      )}
    </section>
  );
}
