// Activity over time, week by week or month by month: a column chart of conversations (each
// column labelled with its value) above a table of events, visitors and conversations for
// each period, every count a button to the records behind it.
import { Bar, BarChart, LabelList, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { TrendGranularity, TrendPoint } from '../../../../main/api/contract.ts';
import { formatNumber } from '../../format.ts';
import { formatDay, formatMonth, formatRange } from '../reports/dates.ts';
import { BAR_COLOUR } from './BarChartFigure.tsx';
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
  const data = points.map((p) => ({ label: label(p), conversations: p.conversations, valueText: formatNumber(p.conversations, i18n.language) }));
  const measures: TrendMeasure[] = ['events', 'visitors', 'conversations'];
  const title = granularity === 'month' ? t('dashboard.trendByMonth') : t('dashboard.trendByWeek');
  // Right to left (Arabic, Urdu): time runs from the right, as the page reads (see BarChartFigure).
  const rtl = i18n.dir(i18n.language) === 'rtl';
  return (
    <section className="report-section" aria-labelledby={`${id}-heading`} data-testid={`section-${id}`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      <p className="hint">{t('dashboard.trendHint')}</p>
      {points.length > 0 && (
        <div className="report-chart" aria-hidden="true" dir="ltr" data-testid={`chart-${id}`} data-mirrored={rtl}>
          <BarChart data={data} responsive style={{ width: '100%', height: 260 }} margin={{ top: 24, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
            <XAxis dataKey="label" tick={{ fill: '#212b32', fontSize: 12 }} interval="preserveStartEnd" reversed={rtl} />
            <YAxis hide domain={[0, 'dataMax']} />
            <Bar dataKey="conversations" fill={BAR_COLOUR} isAnimationActive={false}>
              {points.length <= 26 && <LabelList dataKey="valueText" position="top" fill="#212b32" fontSize={12} />}
            </Bar>
          </BarChart>
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
