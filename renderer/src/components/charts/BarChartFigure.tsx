// A bar chart with its table. The chart is for people who would rather look than read: every
// bar carries its value as text, so colour carries nothing on its own. It is hidden from
// assistive technology, because the table below it holds the same figures (with each count a
// button to the records behind it) and is what a screen reader, keyboard or zoom user reads.
// The bars are HTML laid out by CSS: drawn in the same pass as the table, nothing measured.
import { useTranslation } from 'react-i18next';
import { formatNumber, numberFormat } from '../../format.ts';
import { FigureButton } from './FigureButton.tsx';

export interface BarRow {
  key: string;
  label: string;
  value: number;
  /** Opens the records behind this value, when there are any. */
  onSelect?: (() => void) | undefined;
}

/** A bar's length as a share of the longest, for the charts' CSS (`--bar`, 0 to 1). */
export const barShare = (value: number, largest: number): string => (largest > 0 ? String(value / largest) : '0');

export function BarChartFigure({
  id,
  title,
  labelHeader,
  valueHeader,
  rows,
  chart = true,
  share = false,
  intro,
}: {
  id: string;
  title: string;
  labelHeader: string;
  valueHeader: string;
  rows: BarRow[];
  chart?: boolean;
  /** Add each row's share of the total (for breakdowns that add up to the whole). */
  share?: boolean;
  intro?: string;
}) {
  const { t, i18n } = useTranslation();
  const total = rows.reduce((sum, row) => sum + row.value, 0);
  const percent = numberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const largest = Math.max(0, ...rows.map((row) => row.value));
  // Laid out by CSS in the page's direction: in Arabic and Urdu the labels are on the right and
  // the bars grow leftwards, with nothing measured or mirrored by script.
  const rtl = i18n.dir(i18n.language) === 'rtl';
  return (
    <section className="report-section" aria-labelledby={`${id}-heading`} data-testid={`section-${id}`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      {intro && <p className="hint">{intro}</p>}
      {chart && rows.length > 0 && (
        <div className="report-chart bar-chart" aria-hidden="true" data-testid={`chart-${id}`} data-mirrored={rtl}>
          {rows.map((row) => (
            <div key={row.key} className="bar-chart__row">
              <span className="bar-chart__label">{row.label}</span>
              <span className="bar-chart__track">
                <span className="bar-chart__bar" style={{ ['--bar' as string]: barShare(row.value, largest) }} />
                <span className="bar-chart__value">{formatNumber(row.value, i18n.language)}</span>
              </span>
            </div>
          ))}
        </div>
      )}
      <div className="report-scroll">
        <table className="table report-table">
          <caption className="visually-hidden">{t('dashboard.tableCaption', { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              <th scope="col" className="number">
                {valueHeader}
              </th>
              {share && (
                <th scope="col" className="number">
                  {t('dashboard.share')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td className="number">
                  <FigureButton value={row.value} what={`${row.label} — ${valueHeader}`} onSelect={row.onSelect} />
                </td>
                {share && <td className="number">{total > 0 ? percent.format(row.value / total) : '–'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
