// What a report shows for a period with nothing recorded: says so in a sentence, and offers the
// last month that has activity (instead of pages of zero charts and tables).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.ts';
import { formatMonth, formatRange, monthOf, previousMonth } from './dates.ts';

export function EmptyPeriod({ range, onShowMonth }: { range: { from: string; to: string }; onShowMonth(month: string): void }) {
  const { t, i18n } = useTranslation();
  const [suggestion, setSuggestion] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    let current = true;
    void (async () => {
      // The last active month wholly before the period; failing that, the latest there is (data recorded after it).
      const before = await call('reports.lastActiveMonth', { atOrBefore: previousMonth(monthOf(range.from)) });
      const month = before.month ?? (await call('reports.lastActiveMonth', {})).month;
      if (current) setSuggestion(month);
    })();
    return () => {
      current = false;
    };
  }, [range.from, range.to]);

  return (
    <section className="report-empty" aria-labelledby="report-empty-heading" data-testid="report-empty">
      <h2 id="report-empty-heading">{t('report.empty.heading')}</h2>
      <p>{t('report.empty.body', { range: formatRange(range, i18n.language) })}</p>
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
