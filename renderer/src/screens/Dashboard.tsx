// The coordinator's dashboard: what happened in a period (this month, last month or a chosen
// range), for a borough, site, kind of session or volunteer; every number opens its records.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardFigures, ReportFilters, TrendGranularity } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useContract } from '../app/useContract.ts';
import { BoroughPicker } from '../components/BoroughPicker.tsx';
import { KindPicker } from '../components/KindPicker.tsx';
import { SitePicker } from '../components/SitePicker.tsx';
import { ErrorSummary, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { formatRange, monthOf, monthRange, periodRange, previousMonth, todayInLondon, type PeriodChoice } from '../components/reports/dates.ts';
import { EmptyPeriod, nothingRecorded } from '../components/reports/EmptyPeriod.tsx';
import { FiguresView, type DrillRequest } from '../components/reports/FiguresView.tsx';
import { RecordsDialog } from '../components/reports/RecordsDialog.tsx';
import '../reports.css';

interface Draft {
  period: PeriodChoice;
  from: string;
  to: string;
  authorityCode: string;
  siteId: string;
  kind: string;
  volunteerId: string;
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
  };
}

const initialDraft = (): Draft => {
  const month = periodRange('thisMonth');
  return { period: 'thisMonth', ...month, authorityCode: '', siteId: '', kind: '', volunteerId: '', granularity: 'week' };
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
  const sites = useContract('sites.list', { includeRetired: true }).value ?? [];
  const volunteers = useContract('volunteers.list', { includeRetired: true }).value ?? [];
  const [drill, setDrill] = useState<DrillRequest | null>(null);

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
      }
    },
    [t],
  );

  // Open on a month that has data: this month if anything was recorded in it, else the last month that has.
  useEffect(() => {
    let current = true;
    void (async () => {
      const { month } = await call('reports.lastActiveMonth', { atOrBefore: monthOf(todayInLondon()) });
      if (!current || chosen.current) return;
      const start = month === null ? initialDraft() : draftForMonth(initialDraft(), month);
      setDraft(start);
      void load(start);
    })();
    return () => {
      current = false;
    };
  }, [load]);

  const showMonth = (month: string) => {
    const next = draftForMonth(draft, month);
    chosen.current = true;
    setDraft(next);
    void load(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    chosen.current = true;
    void load(draft);
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
            <div className="field">
              <label htmlFor="dashboard-from">{t('dashboard.from')}</label>
              <input id="dashboard-from" type="date" value={draft.from} onChange={(e) => set({ from: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="dashboard-to">{t('dashboard.to')}</label>
              <input id="dashboard-to" type="date" value={draft.to} onChange={(e) => set({ to: e.target.value })} />
            </div>
          </div>
        )}
        <div className="report-filters__grid">
          <div className="field">
            <label htmlFor="dashboard-borough">{t('dashboard.borough')}</label>
            <BoroughPicker id="dashboard-borough" value={draft.authorityCode} onChange={(value) => set({ authorityCode: value })} empty={t('dashboard.allBoroughs')} />
          </div>
          <div className="field">
            <label htmlFor="dashboard-site">{t('dashboard.site')}</label>
            <SitePicker id="dashboard-site" value={draft.siteId} onChange={(value) => set({ siteId: value })} empty={t('dashboard.allSites')} sites={sites} markRetired />
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
            <select
              id="dashboard-volunteer"
              aria-describedby="dashboard-volunteer-hint"
              value={draft.volunteerId}
              onChange={(e) => set({ volunteerId: e.target.value })}
            >
              <option value="">{t('dashboard.allVolunteers')}</option>
              {volunteers.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </div>
        </div>
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
        {loading ? t('app.loading') : shown ? t('dashboard.showing', { range: formatRange(shown.filters, i18n.language) }) : ''}
      </p>
      {figures && shown && nothingRecorded(figures.headline) && <EmptyPeriod range={shown.filters} onShowMonth={showMonth} />}
      {figures && shown && !nothingRecorded(figures.headline) && <FiguresView figures={figures} filters={shown.filters} onDrill={setDrill} />}
      <RecordsDialog request={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
