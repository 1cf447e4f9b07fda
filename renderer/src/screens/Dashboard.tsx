// The coordinator's dashboard: what happened in a period (this month, last month or a chosen
// range), for a borough, site, kind of session, volunteer or team laptop; every number opens
// its records.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardFigures, ReportFilters, TrendGranularity } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { composeDate, DateTimeInput, emptyParts, partsFrom, type DateTimeParts } from '../components/DateTimeInput.tsx';
import { BoroughPicker } from '../components/BoroughPicker.tsx';
import { KindPicker } from '../components/KindPicker.tsx';
import { SitePicker } from '../components/SitePicker.tsx';
import { ErrorSummary, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { LaptopPicker, laptopLabel } from '../components/LaptopPicker.tsx';
import { VolunteerPicker } from '../components/VolunteerPicker.tsx';
import { formatRange, monthOf, monthRange, periodRange, previousMonth, todayInLondon, type PeriodChoice } from '../components/reports/dates.ts';
import { EmptyPeriod, nothingRecorded } from '../components/reports/EmptyPeriod.tsx';
import { FiguresView, type DrillRequest } from '../components/reports/FiguresView.tsx';
import { RecordsDialog } from '../components/reports/RecordsDialog.tsx';
import { useFilterLists } from '../components/reports/useFilterLists.ts';
import '../reports.css';

interface Draft {
  period: PeriodChoice;
  from: string;
  to: string;
  authorityCode: string;
  siteId: string;
  kind: string;
  volunteerId: string;
  laptopId: string;
  granularity: TrendGranularity;
}

function filtersOf(draft: Draft): ReportFilters {
  const range = draft.period === 'chosen' ? { from: draft.from, to: draft.to } : periodRange(draft.period);
  return {
    ...range,
    ...(draft.authorityCode ? { authorityCodes: [draft.authorityCode] } : {}),
    ...(draft.siteId ? { siteIds: [Number(draft.siteId)] } : {}),
    ...(draft.kind ? { kinds: [draft.kind] } : {}),
    ...(draft.volunteerId ? { volunteerIds: [Number(draft.volunteerId)] } : {}),
    ...(draft.laptopId ? { laptopIds: [draft.laptopId] } : {}),
  };
}

const initialDraft = (): Draft => {
  const month = periodRange('thisMonth');
  return { period: 'thisMonth', ...month, authorityCode: '', siteId: '', kind: '', volunteerId: '', laptopId: '', granularity: 'week' };
};

/** A month as the period choice that names it: this month, last month, or the month's dates. */
function draftForMonth(base: Draft, month: string): Draft {
  const thisMonth = monthOf(todayInLondon());
  const period: PeriodChoice = month === thisMonth ? 'thisMonth' : month === previousMonth(thisMonth) ? 'lastMonth' : 'chosen';
  return { ...base, period, ...monthRange(month) };
}

export function Dashboard() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>(initialDraft);
  // Once the person has chosen anything, the opening period found afterwards must not replace it.
  const chosen = useRef(false);
  const [shown, setShown] = useState<{ filters: ReportFilters; granularity: TrendGranularity } | null>(null);
  const [figures, setFigures] = useState<DashboardFigures | null>(null);
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [loading, setLoading] = useState(false);
  // The pickers' lists are asked for once the opening figures have been, so they never queue ahead of them.
  const [opened, setOpened] = useState(false);
  const lists = useFilterLists(opened);
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  // The chosen range's day boxes; they follow the range when a month is chosen for the user.
  const [fromParts, setFromParts] = useState<DateTimeParts>(emptyParts);
  const [toParts, setToParts] = useState<DateTimeParts>(emptyParts);
  useEffect(() => setFromParts(partsFrom(`${draft.from}T00:00`)), [draft.from]);
  useEffect(() => setToParts(partsFrom(`${draft.to}T00:00`)), [draft.to]);

  const shownLaptop = lists.laptops.find((laptop) => shown?.filters.laptopIds?.[0] === laptop.laptopId);

  const load = useCallback(
    async (next: Draft) => {
      const filters = filtersOf(next);
      setLoading(true);
      try {
        const result = await call('reports.dashboard', { filters, granularity: next.granularity });
        setFigures(result);
        setShown({ filters, granularity: next.granularity });
        setProblems(null);
      } catch (error) {
        setProblems(problemsFrom(error, t));
      } finally {
        setLoading(false);
        setOpened(true);
      }
    },
    [t],
  );

  // Open on a month that has data: this month if anything was recorded in it, else the last month that has.
  useEffect(() => {
    let current = true;
    void (async () => {
      try {
        const { month } = await call('reports.lastActiveMonth', { atOrBefore: monthOf(todayInLondon()) });
        if (!current || chosen.current) return;
        const start = month === null ? initialDraft() : draftForMonth(initialDraft(), month);
        setDraft(start);
        await load(start);
      } catch (error) {
        if (current) setProblems(problemsFrom(error, t));
      } finally {
        if (current) setOpened(true);
      }
    })();
    return () => {
      current = false;
    };
  }, [load, t]);

  const showMonth = (month: string) => {
    const next = draftForMonth(draft, month);
    chosen.current = true;
    setDraft(next);
    void load(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    chosen.current = true;
    if (draft.period !== 'chosen') return void load(draft);
    // A day that does not exist is named here, with what to do, before anything is asked of the service.
    const from = composeDate(fromParts);
    const to = composeDate(toParts);
    const fields = {
      ...('problem' in from && { from: t(`dateInput.problems.${from.problem}`, { field: t('dashboard.from') }) }),
      ...('problem' in to && { to: t(`dateInput.problems.${to.problem}`, { field: t('dashboard.to') }) }),
    };
    if (Object.keys(fields).length > 0) return setProblems({ summary: t('errors.invalidInput'), fields });
    const next = { ...draft, from: 'value' in from ? from.value : '', to: 'value' in to ? to.value : '' };
    setDraft(next);
    void load(next);
  };
  const set = (patch: Partial<Draft>) => {
    chosen.current = true;
    setDraft({ ...draft, ...patch });
  };

  return (
    <div className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <p>{t('dashboard.intro')}</p>

      <form className="report-filters" onSubmit={submit} noValidate aria-labelledby="dashboard-filters-heading">
        <h2 id="dashboard-filters-heading">{t('dashboard.filtersHeading')}</h2>
        <ErrorSummary problems={problems} form="dashboard" />
        <fieldset>
          <legend>{t('dashboard.period')}</legend>
          <div className="radios radios--inline">
            {(['thisMonth', 'lastMonth', 'chosen'] as const).map((period) => (
              <label key={period} className="radio">
                <input type="radio" name="dashboard-period" value={period} checked={draft.period === period} onChange={() => set({ period })} />
                <span>{t(`dashboard.periods.${period}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {draft.period === 'chosen' && (
          <div className="report-filters__grid">
            <DateTimeInput id="dashboard-from" legend={t('dashboard.from')} withTime={false} error={problems?.fields.from} value={fromParts} onChange={setFromParts} />
            <DateTimeInput id="dashboard-to" legend={t('dashboard.to')} withTime={false} error={problems?.fields.to} value={toParts} onChange={setToParts} />
          </div>
        )}
        <div className="report-filters__grid">
          <div className="field">
            <label htmlFor="dashboard-borough">{t('dashboard.borough')}</label>
            <BoroughPicker id="dashboard-borough" value={draft.authorityCode} onChange={(value) => set({ authorityCode: value })} empty={t('dashboard.allBoroughs')} />
          </div>
          <div className="field">
            <label htmlFor="dashboard-site">{t('dashboard.site')}</label>
            <SitePicker id="dashboard-site" value={draft.siteId} onChange={(value) => set({ siteId: value })} empty={t('dashboard.allSites')} sites={lists.sites} markRetired />
          </div>
          <div className="field">
            <label htmlFor="dashboard-kind">{t('dashboard.kind')}</label>
            <KindPicker id="dashboard-kind" value={draft.kind} onChange={(value) => set({ kind: value })} empty={t('dashboard.allKinds')} />
          </div>
          <div className="field">
            <label htmlFor="dashboard-volunteer">{t('dashboard.volunteer')}</label>
            <p className="hint" id="dashboard-volunteer-hint">
              {t('dashboard.volunteerHint')}
            </p>
            <VolunteerPicker
              id="dashboard-volunteer"
              aria-describedby="dashboard-volunteer-hint"
              value={draft.volunteerId}
              onChange={(value) => set({ volunteerId: value })}
              empty={t('dashboard.allVolunteers')}
              volunteers={lists.volunteers}
            />
          </div>
          {/* Only once records from more than one laptop are here (a team's merged hand-overs). */}
          {lists.laptops.length > 1 && (
            <div className="field">
              <label htmlFor="dashboard-laptop">{t('dashboard.laptop')}</label>
              <p className="hint" id="dashboard-laptop-hint">
                {t('dashboard.laptopHint')}
              </p>
              <LaptopPicker
                id="dashboard-laptop"
                aria-describedby="dashboard-laptop-hint"
                value={draft.laptopId}
                onChange={(value) => set({ laptopId: value })}
                empty={t('dashboard.allLaptops')}
                laptops={lists.laptops}
              />
            </div>
          )}
        </div>
        <LoadProblem error={lists.error} />
        <fieldset>
          <legend>{t('dashboard.trendBy')}</legend>
          <div className="radios radios--inline">
            {(['week', 'month'] as const).map((granularity) => (
              <label key={granularity} className="radio">
                <input
                  type="radio"
                  name="dashboard-granularity"
                  value={granularity}
                  checked={draft.granularity === granularity}
                  onChange={() => set({ granularity })}
                />
                <span>{t(`dashboard.granularity.${granularity}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button" disabled={loading}>
          {t('dashboard.show')}
        </button>
      </form>

      <p role="status" className="status-message">
        {loading
          ? t('app.loading')
          : shown && shownLaptop
            ? t('dashboard.showingLaptop', { range: formatRange(shown.filters, i18n.language), laptop: laptopLabel(t, shownLaptop) })
            : shown
              ? t('dashboard.showing', { range: formatRange(shown.filters, i18n.language) })
              : ''}
      </p>
      {figures && shown && nothingRecorded(figures.headline) && <EmptyPeriod range={shown.filters} onShowMonth={showMonth} />}
      {figures && shown && !nothingRecorded(figures.headline) && <FiguresView figures={figures} filters={shown.filters} onDrill={setDrill} />}
      <RecordsDialog request={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
