// The coordinator's events list: filters, data checks, key-based paging and a way into each
// event to review or correct it.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataCheckFlag, DataChecksSummary, EventListRow } from '../../../main/api/contract.ts';
import type { MethodInput } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { BoroughPicker } from '../components/BoroughPicker.tsx';
import { KindPicker } from '../components/KindPicker.tsx';
import { LaptopPicker } from '../components/LaptopPicker.tsx';
import { SitePicker } from '../components/SitePicker.tsx';
import { VolunteerPicker } from '../components/VolunteerPicker.tsx';
import { LoadProblem } from '../components/errors.tsx';
import { useFilterLists } from '../components/reports/useFilterLists.ts';
import { formatDate, formatNumber } from '../format.ts';
import { composeDate, DateTimeInput, emptyParts, type DateTimeParts } from '../components/DateTimeInput.tsx';
import { EventDetailView } from './EventDetail.tsx';

type Filters = MethodInput<'events.list'>['filters'];
const PAGE = 50;
const flagOrder: DataCheckFlag[] = ['left_open', 'no_end_time', 'visitors_no_conversations'];

export function Events() {
  const { t, i18n } = useTranslation();
  const { reference } = useApp();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [rows, setRows] = useState<EventListRow[]>([]);
  const [next, setNext] = useState<{ day: string; id: number } | null>(null);
  const [quality, setQuality] = useState<DataChecksSummary | null>(null);
  const { sites, volunteers, laptops, error: listsError } = useFilterLists(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [selected, setSelected] = useState<number | 'new' | null>(null);
  const [fromParts, setFromParts] = useState<DateTimeParts>(emptyParts);
  const [toParts, setToParts] = useState<DateTimeParts>(emptyParts);
  const [dateProblems, setDateProblems] = useState<{ from?: string; to?: string }>({});

  // A reply for filters no longer shown (or after the list has gone) is dropped; a failure is shown.
  const load = useCallback(async (current: Filters, live: () => boolean) => {
    try {
      const [page, summary] = await Promise.all([
        call('events.list', { filters: current, limit: PAGE }),
        call('events.dataChecks', { filters: { ...current, flag: undefined } }),
      ]);
      if (!live()) return;
      setRows(page.rows);
      setNext(page.next);
      setQuality(summary);
      setLoadError(null);
    } catch (error) {
      if (live()) setLoadError(error);
    }
  }, []);

  useEffect(() => {
    if (selected !== null) return;
    let live = true;
    void load(filters, () => live);
    return () => {
      live = false;
    };
  }, [filters, load, selected]);

  const more = async () => {
    if (!next) return;
    try {
      const page = await call('events.list', { filters, limit: PAGE, after: next });
      setRows((current) => [...current, ...page.rows]);
      setNext(page.next);
      setLoadError(null);
    } catch (error) {
      setLoadError(error);
    }
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    // The day boxes are checked here: a date that does not exist is named, never quietly dropped.
    const from = composeDate(fromParts);
    const to = composeDate(toParts);
    const problems = {
      ...('problem' in from && { from: t(`dateInput.problems.${from.problem}`, { field: t('events.from') }) }),
      ...('problem' in to && { to: t(`dateInput.problems.${to.problem}`, { field: t('events.to') }) }),
    };
    setDateProblems(problems);
    if (problems.from || problems.to) return;
    setFilters(clean({ ...draft, from: 'value' in from && from.value ? from.value : undefined, to: 'value' in to && to.value ? to.value : undefined }));
  };

  if (selected !== null) {
    return <EventDetailView eventId={selected === 'new' ? null : selected} onBack={() => setSelected(null)} onCreated={(id) => setSelected(id)} />;
  }

  const set = (patch: Partial<Filters>) => setDraft({ ...draft, ...patch });
  return (
    <div className="events">
      <h1>{t('events.title')}</h1>
      <p>{t('events.intro')}</p>
      <button type="button" className="button button--secondary" onClick={() => setSelected('new')}>
        {t('events.addPast')}
      </button>

      <form className="filters" onSubmit={apply} aria-labelledby="filters-heading">
        <h2 id="filters-heading">{t('events.filtersHeading')}</h2>
        <div className="filters__grid">
          <DateTimeInput id="filter-from" legend={t('events.from')} withTime={false} error={dateProblems.from} value={fromParts} onChange={setFromParts} />
          <DateTimeInput id="filter-to" legend={t('events.to')} withTime={false} error={dateProblems.to} value={toParts} onChange={setToParts} />
          <div className="field">
            <label htmlFor="filter-borough">{t('events.borough')}</label>
            <BoroughPicker id="filter-borough" value={draft.authorityCode ?? ''} onChange={(value) => set({ authorityCode: value || undefined })} empty={t('events.any')} />
          </div>
          <div className="field">
            <label htmlFor="filter-site">{t('events.site')}</label>
            <SitePicker id="filter-site" value={String(draft.siteId ?? '')} onChange={(value) => set({ siteId: value ? Number(value) : undefined })} empty={t('events.any')} sites={sites} />
          </div>
          <div className="field">
            <label htmlFor="filter-kind">{t('events.kind')}</label>
            <KindPicker id="filter-kind" value={draft.kind ?? ''} onChange={(value) => set({ kind: value || undefined })} empty={t('events.any')} />
          </div>
          <div className="field">
            <label htmlFor="filter-volunteer">{t('events.volunteer')}</label>
            <VolunteerPicker
              id="filter-volunteer"
              value={String(draft.volunteerId ?? '')}
              onChange={(value) => set({ volunteerId: value ? Number(value) : undefined })}
              empty={t('events.any')}
              volunteers={volunteers}
            />
          </div>
          {laptops.length > 1 && (
            <div className="field">
              <label htmlFor="filter-laptop">{t('events.laptop')}</label>
              <LaptopPicker
                id="filter-laptop"
                value={draft.laptopId ?? ''}
                onChange={(value) => set({ laptopId: value || undefined })}
                empty={t('events.any')}
                laptops={laptops}
              />
            </div>
          )}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={draft.includeDeleted ?? false} onChange={(e) => set({ includeDeleted: e.target.checked || undefined })} />
          <span>{t('events.includeDeleted')}</span>
        </label>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('events.apply')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setDraft({});
              setFromParts(emptyParts);
              setToParts(emptyParts);
              setDateProblems({});
              setFilters({});
            }}
          >
            {t('events.clear')}
          </button>
        </div>
        <LoadProblem error={listsError} />
      </form>

      <LoadProblem error={loadError} />
      {quality && (
        <section aria-labelledby="quality-heading" className="data-checks">
          <h2 id="quality-heading">{t('events.dataQualityHeading')}</h2>
          {flagOrder.every((flag) => quality[flag] === 0) ? (
            <p>{t('events.dataQualityAllClear')}</p>
          ) : (
            <>
              <p>{t('events.dataQualityIntro')}</p>
              <ul>
                {flagOrder
                  .filter((flag) => quality[flag] > 0)
                  .map((flag) => (
                    <li key={flag}>
                      <button type="button" className="link-button" onClick={() => setFilters({ ...filters, flag })} aria-pressed={filters.flag === flag}>
                        {t('events.flagCount', { label: t(`events.flags.${flag}`), count: quality[flag] })}
                      </button>
                    </li>
                  ))}
              </ul>
            </>
          )}
          {quality.conversations > 0 && (
            <p data-testid="outcome-share">
              {t('events.withoutOutcomeShare', {
                share: new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(quality.conversationsWithoutOutcome / quality.conversations),
                without: formatNumber(quality.conversationsWithoutOutcome, i18n.language),
                total: formatNumber(quality.conversations, i18n.language),
              })}{' '}
              {quality.conversationsWithoutOutcome > 0 && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setFilters({ ...filters, flag: 'conversations_without_outcome' })}
                  aria-pressed={filters.flag === 'conversations_without_outcome'}
                >
                  {t('events.listWithoutOutcome')}
                </button>
              )}
            </p>
          )}
          {filters.flag && (
            <p>
              {t('events.showingFlag', { flag: t(`events.flags.${filters.flag}`) })}{' '}
              <button type="button" className="link-button" onClick={() => setFilters({ ...filters, flag: undefined })}>
                {t('events.showAll')}
              </button>
            </p>
          )}
        </section>
      )}

      {rows.length === 0 ? (
        <p>{t('events.none')}</p>
      ) : (
        <table className="table">
          <caption>{t('events.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('events.columns.date')}</th>
              <th scope="col">{t('events.columns.event')}</th>
              <th scope="col">{t('events.columns.borough')}</th>
              <th scope="col" className="numeric">{t('events.columns.visitors')}</th>
              <th scope="col" className="numeric">{t('events.columns.conversations')}</th>
              <th scope="col">{t('events.columns.flags')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{formatDate(row.startsAt, i18n.language)}</td>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => setSelected(row.id)}>
                    {t('today.sessionAt', { kind: t(`reference.eventKind.${row.kind}`), site: row.siteName })}
                  </button>
                  {row.deleted && <span className="tag tag--grey">{t('events.deletedTag')}</span>}
                </th>
                <td lang="en-GB">{reference.authorities.find((a) => a.code === row.authorityCode)?.name}</td>
                <td className="numeric">{formatNumber(row.adults + row.children, i18n.language)}</td>
                <td className="numeric">{formatNumber(row.conversations, i18n.language)}</td>
                <td>
                  <ul className="flag-list">
                    {row.flags.map((flag) => (
                      <li key={flag} className="tag tag--warning">
                        {t(`events.flags.${flag}`)}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" className="button button--secondary" onClick={() => void more()}>
          {t('events.more')}
        </button>
      )}
    </div>
  );
}

function clean(filters: Filters): Filters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as Filters;
}
