// What a report shows for a period with nothing recorded: says so in a sentence, and offers the
// last month that has activity (instead of pages of zero charts and tables).
import { useTranslation } from 'react-i18next';
import { useContract } from '../../app/useContract.ts';
import { LoadProblem } from '../errors.tsx';
import { formatMonth, formatRange, monthOf, previousMonth } from './dates.ts';

export function EmptyPeriod({ range, onShowMonth }: { range: { from: string; to: string }; onShowMonth(month: string): void }) {
  const { t, i18n } = useTranslation();
  // The last active month wholly before the period; failing that, the latest there is (data recorded after it).
  const before = useContract('reports.lastActiveMonth', { atOrBefore: previousMonth(monthOf(range.from)) });
  const beforeMonth = before.loading || before.error ? undefined : before.value?.month;
  const latest = useContract('reports.lastActiveMonth', beforeMonth === null ? {} : null);
  const suggestion: string | null | undefined = beforeMonth === null ? (latest.loading || latest.error ? undefined : latest.value?.month) : beforeMonth;

  return (
    <section className="report-empty" aria-labelledby="report-empty-heading" data-testid="report-empty">
      <h2 id="report-empty-heading">{t('report.empty.heading')}</h2>
      <p>{t('report.empty.body', { range: formatRange(range, i18n.language) })}</p>
      <LoadProblem error={before.error ?? (beforeMonth === null ? latest.error : null)} />
      {suggestion === null && <p>{t('report.empty.nothingYet')}</p>}
      {suggestion && (
        <>
          <p>{t('report.empty.lastActive', { month: formatMonth(suggestion, i18n.language) })}</p>
          <button type="button" className="button" onClick={() => onShowMonth(suggestion)}>
            {t('report.empty.showMonth', { month: formatMonth(suggestion, i18n.language) })}
          </button>
        </>
      )}
    </section>
  );
}

/** True when a period's figures hold nothing at all: no event, visitor or conversation. */
export function nothingRecorded(headline: { events: number; visitors: number; conversations: number }): boolean {
  return headline.events === 0 && headline.visitors === 0 && headline.conversations === 0;
}
