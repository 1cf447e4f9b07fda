// A bar chart with its table. The chart is for people who would rather look than read: every
// bar carries its value as text, so colour carries nothing on its own. It is hidden from
// assistive technology, because the table below it holds the same figures (with each count a
// button to the records behind it) and is what a screen reader, keyboard or zoom user reads.
import { Bar, BarChart, LabelList, XAxis, YAxis } from 'recharts';
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

export const BAR_COLOUR = '#005eb8';
const TEXT_COLOUR = '#212b32';

interface ValueLabelProps {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  height?: number | string;
  value?: number | string;
}

/** A bar's value just past its far end: right of the bar, or left of it when the chart is mirrored. */
function ValueLabel({ x = 0, y = 0, width = 0, height = 0, value, rtl }: ValueLabelProps & { rtl: boolean }) {
  // A reversed axis may give the bar a negative width: take its two ends as they are drawn.
  const [start, end] = [Number(x), Number(x) + Number(width)].sort((a, b) => a - b) as [number, number];
  return (
    <text x={rtl ? start - 6 : end + 6} y={Number(y) + Number(height) / 2} textAnchor={rtl ? 'end' : 'start'} dominantBaseline="central" fill={TEXT_COLOUR} fontSize={13}>
      {value}
    </text>
  );
}

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
  const data = rows.map((row) => ({ ...row, valueText: formatNumber(row.value, i18n.language) }));
  // Arabic and Urdu read right to left: bars grow leftwards from labels on the right, values at
  // their left ends. The drawing is laid out left to right and mirrored here explicitly, so SVG
  // text anchors keep their meaning (in an RTL box they flip, and labels land on the bars).
  const rtl = i18n.dir(i18n.language) === 'rtl';
  return (
    <section className="report-section" aria-labelledby={`${id}-heading`} data-testid={`section-${id}`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      {intro && <p className="hint">{intro}</p>}
      {chart && rows.length > 0 && (
        <div className="report-chart" aria-hidden="true" dir="ltr" data-testid={`chart-${id}`} data-mirrored={rtl}>
          <BarChart
            layout="vertical"
            data={data}
            responsive
            style={{ width: '100%', height: rows.length * 26 + 16 }}
            margin={rtl ? { top: 4, right: 4, bottom: 4, left: 64 } : { top: 4, right: 64, bottom: 4, left: 4 }}
            accessibilityLayer={false}
          >
            <XAxis type="number" hide domain={[0, 'dataMax']} reversed={rtl} />
            <YAxis
              type="category"
              dataKey="label"
              width={190}
              interval={0}
              orientation={rtl ? 'right' : 'left'}
              tick={{ fill: TEXT_COLOUR, fontSize: 13 }}
              tickLine={false}
            />
            <Bar dataKey="value" fill={BAR_COLOUR} isAnimationActive={false} barSize={16}>
              <LabelList dataKey="valueText" content={(props) => <ValueLabel {...(props as ValueLabelProps)} rtl={rtl} />} />
            </Bar>
          </BarChart>
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
