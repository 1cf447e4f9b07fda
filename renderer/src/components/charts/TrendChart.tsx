// Activity over time, week by week or month by month: a column chart of conversations (each
// column labelled with its value) above a table of events, visitors and conversations for
// each period, every count a button to the records behind it.
import { useTranslation } from 'react-i18next';
import type { TrendGranularity, TrendPoint } from '../../../../main/api/contract.ts';
import { formatNumber } from '../../format.ts';
import { formatDay, formatMonth, formatRange } from '../reports/dates.ts';
import { barShare } from './BarChartFigure.tsx';
import { FigureButton } from './FigureButton.tsx';

export type TrendMeasure = 'events' | 'visitors' | 'conversations';

export function TrendChart({
  id,
  points,
  granularity,
  onSelect,
}: {
  id: string;
  points: TrendPoint[];
  granularity: TrendGranularity;
  onSelect(point: TrendPoint, measure: TrendMeasure, label: string): void;
}) {
  const { t, i18n } = useTranslation();
  const label = (p: TrendPoint) =>
    granularity === 'month' ? formatMonth(p.start.slice(0, 7), i18n.language) : t('dashboard.weekOf', { day: formatDay(p.start, i18n.language) });
  const largest = Math.max(0, ...points.map((p) => p.conversations));
  // Every period's column is drawn. With many (a quarter or a year by week) the columns are named
  // by their first day alone, and only every so many, so the names never run into each other.
  const many = points.length > 6;
  const labelEvery = points.length > 8 ? Math.ceil(points.length / 6) : 1;
  const shortLabel = (p: TrendPoint) => (granularity === 'month' ? formatMonth(p.start.slice(0, 7), i18n.language) : formatDay(p.start, i18n.language));
  const measures: TrendMeasure[] = ['events', 'visitors', 'conversations'];
  const title = granularity === 'month' ? t('dashboard.trendByMonth') : t('dashboard.trendByWeek');
  // Right to left (Arabic, Urdu): time runs from the right, as the page reads, by CSS alone.
  const rtl = i18n.dir(i18n.language) === 'rtl';
  return (
    <section className="report-section" aria-labelledby={`${id}-heading`} data-testid={`section-${id}`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      <p className="hint">{t('dashboard.trendHint')}</p>
      {points.length > 0 && (
        <div className="report-chart column-chart" aria-hidden="true" data-testid={`chart-${id}`} data-mirrored={rtl}>
          {points.map((p, index) => (
            <div key={p.start} className="column-chart__column">
              <span className="column-chart__value">{points.length <= 13 ? formatNumber(p.conversations, i18n.language) : ''}</span>
              <span className="column-chart__bar" style={{ ['--bar' as string]: barShare(p.conversations, largest) }} />
              <span className="column-chart__label">{index % labelEvery === 0 ? (many ? shortLabel(p) : label(p)) : ''}</span>
            </div>
          ))}
        </div>
      )}
      <div className="report-scroll">
        <table className="table report-table">
          <caption className="visually-hidden">{t('dashboard.tableCaption', { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{granularity === 'month' ? t('dashboard.month') : t('dashboard.week')}</th>
              {measures.map((m) => (
                <th key={m} scope="col" className="number">
                  {t(`report.measures.${m}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => {
              const name = label(p);
              return (
                <tr key={p.start}>
                  <th scope="row">
                    {name}
                    {(p.from !== p.start || granularity === 'week') && (
                      <span className="visually-hidden"> ({formatRange(p, i18n.language)})</span>
                    )}
                  </th>
                  {measures.map((m) => (
                    <td key={m} className="number">
                      <FigureButton value={p[m]} what={`${name} — ${t(`report.measures.${m}`)}`} onSelect={() => onSelect(p, m, name)} />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
