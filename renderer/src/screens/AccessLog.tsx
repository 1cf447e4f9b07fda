// On the Volunteers screen: the newest unlocks, wrong PINs and PIN changes on this laptop, so a
// coordinator can see if someone has been trying PINs. What was typed is never kept.
import { useTranslation } from 'react-i18next';
import { useContract } from '../app/useContract.ts';
import { LoadProblem } from '../components/errors.tsx';
import { formatDateTime } from '../format.ts';

export function AccessLog() {
  const { t, i18n } = useTranslation();
  const { value: entries, error } = useContract('access.log', { limit: 20 });
  return (
    <section aria-labelledby="access-log-heading">
      <h2 id="access-log-heading">{t('accessLog.heading')}</h2>
      <LoadProblem error={error} />
      {entries !== undefined && entries.length === 0 && <p>{t('accessLog.none')}</p>}
      {entries !== undefined && entries.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t('accessLog.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accessLog.columns.at')}</th>
              <th scope="col">{t('accessLog.columns.who')}</th>
              <th scope="col">{t('accessLog.columns.event')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at, i18n.language)}</td>
                <td>{entry.name ?? '—'}</td>
                <td>{t(`accessLog.events.${entry.event}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
