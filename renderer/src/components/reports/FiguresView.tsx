// Every figure of a dashboard or monthly summary: headline tiles, topics, outcomes, the trend,
// reach, activity by kind, borough and site, and data-quality notes. Each number is a button
// that opens the records behind it (onDrill), narrowed to its row where it has one.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceList } from '../../../../main/api/contract.ts';
import type {
  Activity,
  CodeCount,
  DashboardFigures,
  RecordSlice,
  ReachDimension,
  ReportFilters,
} from '../../../../main/api/contract.ts';
import { useApp } from '../../app/context.ts';
import { dataQualityShowActions } from '../action-names.ts';
import { formatNumber, numberFormat } from '../../format.ts';
import { BarChartFigure, type BarRow } from '../charts/BarChartFigure.tsx';
import { FigureButton } from '../charts/FigureButton.tsx';
import { TrendChart } from '../charts/TrendChart.tsx';

export interface DrillRequest {
  title: string;
  filters: ReportFilters;
  slice: RecordSlice;
}

const SITES_SHOWN = 10;

/** Labels for codes, from the organisation's lists; a code no list offers any more shows as itself. */
export function useCodeLabels() {
  const { t } = useTranslation();
  const { reference } = useApp();
  return {
    code(list: ReferenceList, code: string): string {
      const item = reference.lists[list]?.find((i) => i.code === code);
      if (item) return t(item.labelKey);
      return code === 'ungrouped' ? t('report.labels.ungrouped') : code;
    },
    borough(code: string): string {
      return reference.authorities.find((a) => a.code === code)?.name ?? code;
    },
  };
}

const reachList: Record<ReachDimension, ReferenceList> = {
  age: 'age',
  sex: 'sex',
  ethnicGroup: 'ethnicity_group',
  ethnicity: 'ethnicity',
  language: 'language',
};

export function FiguresView({
  figures,
  filters,
  onDrill,
  headingLevel = 2,
}: {
  figures: DashboardFigures;
  filters: ReportFilters;
  onDrill(request: DrillRequest): void;
  headingLevel?: 2 | 3;
}) {
  const { t, i18n } = useTranslation();
  const labels = useCodeLabels();
  const [allSites, setAllSites] = useState(false);
  const n = (value: number) => formatNumber(value, i18n.language);
  const h = figures.headline;
  const Heading = `h${headingLevel}` as 'h2' | 'h3';
  const drill = (title: string, slice: RecordSlice, narrow: Partial<ReportFilters> = {}) => () =>
    onDrill({ title, slice, filters: { ...filters, ...narrow } });
  const conversations = t('report.measures.conversations');

  const codeRows = (list: ReferenceList, counts: CodeCount[], slice: (code: string) => RecordSlice): BarRow[] =>
    counts.map((c) => {
      const label = labels.code(list, c.code);
      return { key: c.code, label, value: c.count, onSelect: drill(`${label} — ${conversations}`, slice(c.code)) };
    });

  const activityCells = (activity: Activity, name: string, narrow: Partial<ReportFilters>) =>
    (['events', 'volunteerHours', 'visitors', 'conversations'] as const).map((measure) => (
      <td key={measure} className="number">
        <FigureButton
          value={activity[measure]}
          what={`${name} — ${t(`report.measures.${measure}`)}`}
          onSelect={drill(
            `${name} — ${t(`report.measures.${measure}`)}`,
            measure === 'visitors' ? { records: 'visits' } : measure === 'conversations' ? { records: 'conversations' } : { records: 'events' },
            narrow,
          )}
        />
      </td>
    ));
  const activityHeader = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {(['events', 'volunteerHours', 'visitors', 'conversations'] as const).map((m) => (
          <th key={m} scope="col" className="number">
            {t(`report.measures.${m}`)}
          </th>
        ))}
      </tr>
    </thead>
  );

  const sites = allSites ? figures.sites : figures.sites.slice(0, SITES_SHOWN);
  const quality = figures.dataQuality;

  return (
    <div className="figures">
      <section aria-labelledby="headline-heading" data-testid="section-headline">
        <Heading id="headline-heading">{t('report.sections.headline')}</Heading>
        <dl className="report-tiles">
          <div className="report-tile" data-testid="tile-events">
            <dt>{t('report.measures.events')}</dt>
            <dd>
              <FigureButton className="figure-link report-tile__value" value={h.events} what={t('report.measures.events')} onSelect={drill(t('report.measures.events'), { records: 'events' })} />
            </dd>
          </div>
          <div className="report-tile" data-testid="tile-volunteerHours">
            <dt>{t('report.measures.volunteerHours')}</dt>
            <dd>
              <FigureButton
                className="figure-link report-tile__value"
                value={h.volunteerHours}
                what={t('report.measures.volunteerHours')}
                onSelect={drill(t('report.measures.volunteerHours'), { records: 'events' })}
              />
            </dd>
          </div>
          <div className="report-tile" data-testid="tile-visitors">
            <dt>{t('report.measures.visitors')}</dt>
            <dd>
              <FigureButton className="figure-link report-tile__value" value={h.visitors} what={t('report.measures.visitors')} onSelect={drill(t('report.measures.visitors'), { records: 'visits' })} />
              <span className="report-tile__detail">{t('dashboard.adultsAndChildren', { adults: n(h.adults), children: n(h.children) })}</span>
            </dd>
          </div>
          <div className="report-tile" data-testid="tile-conversations">
            <dt>{conversations}</dt>
            <dd>
              <FigureButton className="figure-link report-tile__value" value={h.conversations} what={conversations} onSelect={drill(conversations, { records: 'conversations' })} />
            </dd>
          </div>
          <div className="report-tile" data-testid="tile-conversationsPerEvent">
            <dt>{t('report.measures.conversationsPerEvent')}</dt>
            <dd>
              <FigureButton
                className="figure-link report-tile__value"
                value={h.conversationsPerEvent ?? 0}
                text={h.conversationsPerEvent === null ? '–' : numberFormat(i18n.language, { maximumFractionDigits: 1 }).format(h.conversationsPerEvent)}
                what={t('report.measures.conversationsPerEvent')}
                onSelect={drill(t('report.measures.events'), { records: 'events' })}
              />
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="conversations-heading">
        <Heading id="conversations-heading">{t('dashboard.conversationsHeading')}</Heading>
        <div className="report-grid">
          <BarChartFigure
            id="topics"
            title={t('report.sections.topics')}
            intro={t('dashboard.topicsHint')}
            labelHeader={t('report.columns.topic')}
            valueHeader={conversations}
            rows={codeRows('topic', figures.byTopic, (code) => ({ records: 'conversations', topic: code }))}
          />
          <div>
            <BarChartFigure
              id="topic-groups"
              title={t('report.sections.topicGroups')}
              labelHeader={t('report.columns.topicGroup')}
              valueHeader={conversations}
              chart={false}
              rows={codeRows('topic_group', figures.byTopicGroup, (code) => ({ records: 'conversations', topicGroup: code }))}
            />
            <BarChartFigure
              id="outcomes"
              title={t('report.sections.outcomes')}
              labelHeader={t('report.columns.outcome')}
              valueHeader={conversations}
              rows={codeRows('outcome', figures.byOutcome, (code) => ({ records: 'conversations', outcome: code }))}
            />
          </div>
        </div>
      </section>

      <TrendChart
        id="trend"
        points={figures.trend}
        granularity={figures.granularity}
        onSelect={(point, measure, label) =>
          onDrill({
            title: `${label} — ${t(`report.measures.${measure}`)}`,
            filters: { ...filters, from: point.from, to: point.to },
            slice: measure === 'events' ? { records: 'events' } : measure === 'visitors' ? { records: 'visits' } : { records: 'conversations' },
          })
        }
      />

      <section aria-labelledby="reach-heading">
        <Heading id="reach-heading">{t('dashboard.reachHeading')}</Heading>
        <p className="hint">{t('dashboard.reachHint')}</p>
        <div className="report-grid">
          {(['age', 'sex', 'ethnicGroup', 'language'] as const).map((dimension) => (
            <BarChartFigure
              key={dimension}
              id={`reach-${dimension}`}
              title={t(`report.sections.${dimension}`)}
              labelHeader={t('report.columns.band')}
              valueHeader={conversations}
              share
              rows={codeRows(reachList[dimension], figures.reach[dimension], (code) => ({ records: 'conversations', band: { dimension, code } }))}
            />
          ))}
        </div>
        <details className="report-section">
          <summary>{t('report.sections.ethnicity')}</summary>
          <BarChartFigure
            id="reach-ethnicity"
            title={t('report.sections.ethnicity')}
            labelHeader={t('report.columns.band')}
            valueHeader={conversations}
            chart={false}
            share
            rows={codeRows('ethnicity', figures.reach.ethnicity, (code) => ({ records: 'conversations', band: { dimension: 'ethnicity', code } }))}
          />
        </details>
      </section>

      <section aria-labelledby="activity-heading">
        <Heading id="activity-heading">{t('dashboard.activityHeading')}</Heading>
        <section className="report-section" aria-labelledby="kinds-heading" data-testid="section-eventKinds">
          <h3 id="kinds-heading">{t('report.sections.eventKinds')}</h3>
          <div className="report-scroll">
            <table className="table report-table">
              <caption className="visually-hidden">{t('dashboard.tableCaption', { title: t('report.sections.eventKinds') })}</caption>
              {activityHeader(t('report.columns.kind'))}
              <tbody>
                {figures.eventKinds.map((k) => {
                  const name = labels.code('event_kind', k.kind);
                  return (
                    <tr key={k.kind}>
                      <th scope="row">{name}</th>
                      {activityCells(k, name, { kinds: [k.kind] })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
        <section className="report-section" aria-labelledby="boroughs-heading" data-testid="section-boroughs">
          <h3 id="boroughs-heading">{t('report.sections.boroughs')}</h3>
          {figures.boroughs.length === 0 ? (
            <p>{t('dashboard.nothingRecorded')}</p>
          ) : (
            <div className="report-scroll">
              <table className="table report-table">
                <caption className="visually-hidden">{t('dashboard.tableCaption', { title: t('report.sections.boroughs') })}</caption>
                {activityHeader(t('report.columns.borough'))}
                <tbody>
                  {figures.boroughs.map((b) => {
                    const name = labels.borough(b.authorityCode);
                    return (
                      <tr key={b.authorityCode}>
                        <th scope="row" lang="en-GB">
                          {name}
                        </th>
                        {activityCells(b, name, { authorityCodes: [b.authorityCode] })}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="report-section" aria-labelledby="sites-heading" data-testid="section-sites">
          <h3 id="sites-heading">{t('report.sections.sites')}</h3>
          {figures.sites.length === 0 ? (
            <p>{t('dashboard.nothingRecorded')}</p>
          ) : (
            <>
              <div className="report-scroll">
                <table className="table report-table">
                  <caption className="visually-hidden">{t('dashboard.tableCaption', { title: t('report.sections.sites') })}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="number">
                        {t('report.columns.rank')}
                      </th>
                      <th scope="col">{t('report.columns.site')}</th>
                      <th scope="col">{t('report.columns.borough')}</th>
                      {(['events', 'volunteerHours', 'visitors', 'conversations'] as const).map((m) => (
                        <th key={m} scope="col" className="number">
                          {t(`report.measures.${m}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {sites.map((s) => (
                      <tr key={s.siteId}>
                        <td className="number">{n(s.rank)}</td>
                        <th scope="row">{s.name}</th>
                        <td lang="en-GB">{labels.borough(s.authorityCode)}</td>
                        {activityCells(s, s.name, { siteIds: [s.siteId] })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {figures.sites.length > SITES_SHOWN && (
                <button type="button" className="button button--secondary" aria-expanded={allSites} onClick={() => setAllSites(!allSites)}>
                  {allSites ? t('dashboard.showTopSites', { count: SITES_SHOWN }) : t('dashboard.showAllSites', { count: figures.sites.length })}
                </button>
              )}
            </>
          )}
        </section>
      </section>

      <section className="report-section" aria-labelledby="quality-heading" data-testid="section-dataQuality">
        <Heading id="quality-heading">{t('report.sections.dataQuality')}</Heading>
        <ul className="report-notes">
          {(
            [
              ['openSessions', quality.openSessions, { records: 'events', only: 'open' }],
              ['sessionsWithoutRecords', quality.sessionsWithoutRecords, { records: 'events', only: 'withoutRecords' }],
            ] as const
          ).map(([key, value, slice]) => (
            <li key={key} data-attention={value > 0}>
              <span>{t(`dashboard.quality.${key}`, { count: value })}</span>
              {value > 0 && (
                <button type="button" className="figure-link" aria-label={t(dataQualityShowActions[key].name)} onClick={drill(t(`report.quality.${key}`), slice)}>
                  {t(dataQualityShowActions[key].label)}
                </button>
              )}
            </li>
          ))}
        </ul>
        {h.conversations > 0 && (
          <p data-testid="outcome-share">
            {t('dashboard.quality.withoutOutcomeShare', {
              share: numberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(quality.conversationsWithoutOutcome / h.conversations),
              without: n(quality.conversationsWithoutOutcome),
              total: n(h.conversations),
            })}{' '}
            {quality.conversationsWithoutOutcome > 0 && (
              <button
                type="button"
                className="figure-link"
                onClick={drill(t('report.quality.conversationsWithoutOutcome'), { records: 'conversations', withoutOutcome: true })}
              >
                {t('dashboard.quality.listWithoutOutcome')}
              </button>
            )}
          </p>
        )}
      </section>
    </div>
  );
}
