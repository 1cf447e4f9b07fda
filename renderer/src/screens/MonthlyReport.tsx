// The outreach lead's monthly summary for commissioners: a month (optionally some boroughs,
// sites, volunteers or team laptops) on screen, with its data-quality notes, and the same figures as CSV, XLSX or PDF.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonthlySummary, ReportFilters } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { Checklist } from '../components/Checklist.tsx';
import { composeMonth, DateTimeInput, partsFromMonth, type DateTimeParts } from '../components/DateTimeInput.tsx';
import { ErrorSummary, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { laptopLabel } from '../components/LaptopPicker.tsx';
import { formatMonth, monthOf, monthRange, previousMonth, todayInLondon } from '../components/reports/dates.ts';
import { EmptyPeriod, nothingRecorded } from '../components/reports/EmptyPeriod.tsx';
import { FiguresView, type DrillRequest } from '../components/reports/FiguresView.tsx';
import { RecordsDialog } from '../components/reports/RecordsDialog.tsx';
import { useFilterLists } from '../components/reports/useFilterLists.ts';
import { formatDateTime } from '../format.ts';
import { ExportSection } from './monthly-report/ExportSection.tsx';
import { OrganisationForm } from './monthly-report/OrganisationForm.tsx';
import '../reports.css';

interface Choice {
  month: string;
  authorityCodes: string[];
  siteIds: number[];
  volunteerIds: number[];
  laptopIds: string[];
}

const allOf = (month: string): Choice => ({ month, authorityCodes: [], siteIds: [], volunteerIds: [], laptopIds: [] });

/** The service's request for a choice: only the limits that were chosen. */
const requestOf = (choice: Choice) => ({
  month: choice.month,
  ...(choice.authorityCodes.length > 0 ? { authorityCodes: choice.authorityCodes } : {}),
  ...(choice.siteIds.length > 0 ? { siteIds: choice.siteIds } : {}),
  ...(choice.volunteerIds.length > 0 ? { volunteerIds: choice.volunteerIds } : {}),
  ...(choice.laptopIds.length > 0 ? { laptopIds: choice.laptopIds } : {}),
});

export function MonthlyReport() {
  const { t, i18n } = useTranslation();
  const { reference, profile } = useApp();
  const [draft, setDraft] = useState<Choice>(() => allOf(previousMonth(monthOf(todayInLondon()))));
  const [monthParts, setMonthParts] = useState<DateTimeParts>(() => partsFromMonth(draft.month));
  // Once the person has chosen anything, the opening month found afterwards must not replace it.
  const chosen = useRef(false);
  const choose = (next: Choice) => {
    chosen.current = true;
    setDraft(next);
  };
  const [summary, setSummary] = useState<MonthlySummary | null>(null);
  const [shownChoice, setShownChoice] = useState<Choice | null>(null);
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [status, setStatus] = useState('');
  const [loading, setLoading] = useState(false);
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  // The pickers' lists and the organisation's name are asked for once the opening summary has been.
  const [opened, setOpened] = useState(false);
  const lists = useFilterLists(opened);

  const load = useCallback(
    async (choice: Choice) => {
      setLoading(true);
      try {
        setSummary(await call('reports.monthlySummary', requestOf(choice)));
        setShownChoice(choice);
        setProblems(null);
      } catch (error) {
        setProblems(problemsFrom(error, t));
      } finally {
        setLoading(false);
      }
    },
    [t],
  );

  // Open on the last closed month that has data; failing that, the latest month that has any.
  useEffect(() => {
    let current = true;
    void (async () => {
      try {
        const lastMonth = previousMonth(monthOf(todayInLondon()));
        const closed = (await call('reports.lastActiveMonth', { atOrBefore: lastMonth })).month;
        const month = closed ?? (await call('reports.lastActiveMonth', {})).month ?? lastMonth;
        if (!current || chosen.current) return;
        setDraft(allOf(month));
        setMonthParts(partsFromMonth(month));
        await load(allOf(month));
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
    const next = { ...(shownChoice ?? draft), month };
    choose(next);
    setMonthParts(partsFromMonth(month));
    void load(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    chosen.current = true;
    // A month that does not exist is named here, with what to do, before anything is asked of the service.
    const month = composeMonth(monthParts);
    if ('problem' in month) {
      setProblems({ summary: t('errors.invalidInput'), fields: { month: t(`dateInput.problems.${month.problem}`, { field: t('report.monthLegend') }) } });
      return;
    }
    const next = { ...draft, month: month.value };
    setDraft(next);
    void load(next);
  };

  const filters: ReportFilters | null = summary
    ? {
        ...monthRange(summary.month),
        ...(summary.authorityCodes.length > 0 ? { authorityCodes: summary.authorityCodes } : {}),
        ...(summary.sites.length > 0 ? { siteIds: summary.sites.map((s) => s.id) } : {}),
        ...(summary.volunteers.length > 0 ? { volunteerIds: summary.volunteers.map((v) => v.id) } : {}),
        ...(summary.laptops.length > 0 ? { laptopIds: summary.laptops.map((l) => l.id) } : {}),
      }
    : null;
  const boroughName = (code: string) => reference.authorities.find((a) => a.code === code)?.name ?? code;
  // What the summary is limited to, for the line under its heading: places, then people and laptops.
  const limits = summary
    ? [
        ...summary.authorityCodes.map(boroughName),
        ...summary.sites.map((s) => s.name),
        ...(summary.volunteers.length > 0 ? [t('report.coversVolunteers', { names: summary.volunteers.map((v) => v.name).join(', ') })] : []),
        ...(summary.laptops.length > 0 ? [t('report.coversLaptops', { names: summary.laptops.map((l) => l.name).join(', ') })] : []),
      ]
    : [];

  return (
    <div className="monthly-report">
      <h1>{t('report.screenTitle')}</h1>
      <p>{t('report.intro')}</p>

      {/* Reaching any of its controls is choosing: the opening month must not then be typed over what the person types. */}
      <form className="report-filters" onSubmit={submit} onFocus={() => (chosen.current = true)} noValidate aria-labelledby="report-choice-heading">
        <h2 id="report-choice-heading">{t('report.choiceHeading')}</h2>
        <ErrorSummary problems={problems} form="report" />
        <DateTimeInput
          id="report-month"
          legend={t('report.monthLegend')}
          hint={t('report.monthHint')}
          error={problems?.fields.month}
          value={monthParts}
          onChange={(parts) => {
            chosen.current = true;
            setMonthParts(parts);
          }}
          withDay={false}
          withTime={false}
        />
        <Checklist
          summary={t('report.limitBoroughs', { count: draft.authorityCodes.length })}
          legend={t('report.boroughsLegend')}
          items={reference.authorities.map((a) => ({ key: a.code, label: a.name, lang: 'en-GB' }))}
          chosen={draft.authorityCodes}
          onChange={(authorityCodes) => choose({ ...draft, authorityCodes })}
        />
        <Checklist
          summary={t('report.limitSites', { count: draft.siteIds.length })}
          legend={t('report.sitesLegend')}
          items={lists.sites.map((s) => ({ key: s.id, label: s.name }))}
          chosen={draft.siteIds}
          onChange={(siteIds) => choose({ ...draft, siteIds })}
        />
        <Checklist
          summary={t('report.limitVolunteers', { count: draft.volunteerIds.length })}
          legend={t('report.volunteersLegend')}
          items={lists.volunteers.map((v) => ({ key: v.id, label: v.name }))}
          chosen={draft.volunteerIds}
          onChange={(volunteerIds) => choose({ ...draft, volunteerIds })}
        />
        {/* Only once records from more than one laptop are here (a team's merged hand-overs). */}
        {lists.laptops.length > 1 && (
          <Checklist
            summary={t('report.limitLaptops', { count: draft.laptopIds.length })}
            legend={t('report.laptopsLegend')}
            items={lists.laptops.map((laptop) => ({ key: laptop.laptopId, label: laptopLabel(t, laptop) }))}
            chosen={draft.laptopIds}
            onChange={(laptopIds) => choose({ ...draft, laptopIds })}
          />
        )}
        <LoadProblem error={lists.error} />
        <button type="submit" className="button" disabled={loading}>
          {t('report.show')}
        </button>
      </form>

      <p role="status" className="status-message">
        {loading ? t('app.loading') : status}
      </p>

      {summary && filters && nothingRecorded(summary.figures.headline) && <EmptyPeriod range={monthRange(summary.month)} onShowMonth={showMonth} />}
      {summary && filters && shownChoice && !nothingRecorded(summary.figures.headline) && (
        <>
          <section className="report-section" aria-labelledby="report-heading">
            <h2 id="report-heading">{t('report.heading', { organisation: summary.organisationName, month: formatMonth(summary.month, i18n.language) })}</h2>
            <p>{limits.length === 0 ? t('report.coversAll') : t('report.coversSome', { places: limits.join('; ') })}</p>
            <p className="hint">{t('report.generatedAt', { when: formatDateTime(summary.generatedAt, i18n.language) })}</p>
            <ExportSection
              request={requestOf(shownChoice)}
              disabled={loading}
              onDownloaded={(name) => setStatus(t('report.downloaded', { name }))}
              onFailed={(error) => setProblems(problemsFrom(error, t))}
            />
          </section>
          <FiguresView figures={summary.figures} filters={filters} onDrill={setDrill} />
        </>
      )}

      {profile.role !== 'volunteer' && (
        <OrganisationForm
          ready={opened}
          onSaved={(name) => {
            setStatus(t('report.organisationSaved', { name }));
            if (shownChoice) void load(shownChoice);
          }}
        />
      )}
      <RecordsDialog request={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
