// The outreach lead's monthly summary for commissioners: a month (optionally some boroughs,
// sites, volunteers or team laptops) on screen, with its data-quality notes, and the same figures as CSV, XLSX or PDF.
import { startTransition, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { JobProgressBar, useJob } from '../components/JobProgress.tsx';
import type { ExportFormat, LaptopRecords, MonthlySummary, ReportFilters, Site, Volunteer } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { ErrorSummary, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { formatMonth, monthOf, monthRange, previousMonth, todayInLondon } from '../components/reports/dates.ts';
import { offerDownload } from '../components/reports/files.ts';
import { EmptyPeriod, nothingRecorded } from '../components/reports/EmptyPeriod.tsx';
import { FiguresView, type DrillRequest } from '../components/reports/FiguresView.tsx';
import { RecordsDialog } from '../components/reports/RecordsDialog.tsx';
import { formatDateTime } from '../format.ts';
import '../reports.css';

interface Choice {
  month: string;
  authorityCodes: string[];
  siteIds: number[];
  volunteerIds: number[];
  laptopIds: string[];
}

const allOf = (month: string): Choice => ({ month, authorityCodes: [], siteIds: [], volunteerIds: [], laptopIds: [] });

const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export function MonthlyReport() {
  const { t, i18n } = useTranslation();
  const { reference, profile } = useApp();
  const [draft, setDraft] = useState<Choice>(() => allOf(previousMonth(monthOf(todayInLondon()))));
  // Once the person has chosen anything, the opening month found afterwards must not replace it.
  const chosen = useRef(false);
  const choose = (next: Choice) => {
    chosen.current = true;
    setDraft(next);
  };
  const [summary, setSummary] = useState<MonthlySummary | null>(null);
  const [shownChoice, setShownChoice] = useState<Choice | null>(null);
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [sites, setSites] = useState<Site[]>([]);
  const [volunteers, setVolunteers] = useState<Volunteer[]>([]);
  const [laptops, setLaptops] = useState<LaptopRecords[]>([]);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState<ExportFormat | 'summary' | null>(null);
  const exportJob = useJob('export');
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  const [organisation, setOrganisation] = useState('');
  const [audience, setAudience] = useState<'internal' | 'shareSafe'>('internal');
  const [organisationProblems, setOrganisationProblems] = useState<FormProblems | null>(null);

  const request = (choice: Choice) => ({
    month: choice.month,
    ...(choice.authorityCodes.length > 0 ? { authorityCodes: choice.authorityCodes } : {}),
    ...(choice.siteIds.length > 0 ? { siteIds: choice.siteIds } : {}),
    ...(choice.volunteerIds.length > 0 ? { volunteerIds: choice.volunteerIds } : {}),
    ...(choice.laptopIds.length > 0 ? { laptopIds: choice.laptopIds } : {}),
  });

  const load = useCallback(
    async (choice: Choice) => {
      setBusy('summary');
      try {
        setSummary(await call('reports.monthlySummary', request(choice)));
        setShownChoice(choice);
        setProblems(null);
      } catch (error) {
        setProblems(problemsFrom(error, t));
      } finally {
        setBusy(null);
      }
    },
    [t],
  );

  // Open on the last closed month that has data; failing that, the latest month that has any.
  useEffect(() => {
    let current = true;
    void (async () => {
      const lastMonth = previousMonth(monthOf(todayInLondon()));
      const closed = (await call('reports.lastActiveMonth', { atOrBefore: lastMonth })).month;
      const month = closed ?? (await call('reports.lastActiveMonth', {})).month ?? lastMonth;
      if (!current || chosen.current) return;
      const start = allOf(month);
      setDraft(start);
      void load(start);
    })();
    return () => {
      current = false;
    };
  }, [load]);

  // After the opening month's effect, so its request reaches the harness (one at a time) first.
  useEffect(() => {
    // A long picker (a thousand sites) is drawn after the summary, not before it.
    void call('sites.list', { includeRetired: true }).then((list) => startTransition(() => setSites(list)));
    void call('volunteers.list', { includeRetired: true }).then((list) => startTransition(() => setVolunteers(list)));
    void call('team.status', {}).then((status) => setLaptops(status.laptops));
    void call('reports.organisation', {}).then((o) => setOrganisation(o.organisationName));
  }, []);

  const showMonth = (month: string) => {
    const next = { ...(shownChoice ?? draft), month };
    choose(next);
    void load(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}$/.test(draft.month)) {
      setProblems({ summary: t('errors.invalidInput'), fields: { month: t('errors.enterMonth') } });
      return;
    }
    chosen.current = true;
    void load(draft);
  };

  const download = async (format: ExportFormat) => {
    if (!shownChoice) return;
    setBusy(format);
    setStatus('');
    try {
      const file = await exportJob.run((jobId) =>
        call('reports.export', { ...request(shownChoice), format, ...(audience === 'shareSafe' ? { shareSafe: true } : {}), jobId }),
      );
      offerDownload(file);
      setStatus(t('report.downloaded', { name: file.fileName }));
    } catch (error) {
      setProblems(problemsFrom(error, t));
    } finally {
      setBusy(null);
    }
  };

  const saveOrganisation = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = await call('reports.setOrganisation', { organisationName: organisation });
      setOrganisation(saved.organisationName);
      setOrganisationProblems(null);
      setStatus(t('report.organisationSaved', { name: saved.organisationName }));
      if (shownChoice) void load(shownChoice);
    } catch (error) {
      setOrganisationProblems(problemsFrom(error, t));
    }
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
  const laptopName = (laptop: LaptopRecords) => (laptop.thisLaptop ? t('team.laptops.thisLaptop', { name: laptop.name }) : laptop.name);
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

      <form className="report-filters" onSubmit={submit} noValidate aria-labelledby="report-choice-heading">
        <h2 id="report-choice-heading">{t('report.choiceHeading')}</h2>
        <ErrorSummary problems={problems} form="report" />
        <div className="field">
          <label htmlFor="report-month">{t('report.month')}</label>
          <p className="hint" id="report-month-hint">
            {t('report.monthHint')}
          </p>
          <input
            id="report-month"
            type="month"
            aria-describedby="report-month-hint"
            value={draft.month}
            onChange={(e) => choose({ ...draft, month: e.target.value })}
          />
        </div>
        <details>
          <summary>{t('report.limitBoroughs', { count: draft.authorityCodes.length })}</summary>
          <fieldset>
            <legend className="visually-hidden">{t('report.boroughsLegend')}</legend>
            <div className="checkbox-list">
              {reference.authorities.map((a) => (
                <label key={a.code} className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.authorityCodes.includes(a.code)}
                    onChange={() => choose({ ...draft, authorityCodes: toggle(draft.authorityCodes, a.code) })}
                  />
                  <span lang="en-GB">{a.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </details>
        <details>
          <summary>{t('report.limitSites', { count: draft.siteIds.length })}</summary>
          <fieldset>
            <legend className="visually-hidden">{t('report.sitesLegend')}</legend>
            <div className="checkbox-list">
              {sites.map((s) => (
                <label key={s.id} className="checkbox">
                  <input type="checkbox" checked={draft.siteIds.includes(s.id)} onChange={() => choose({ ...draft, siteIds: toggle(draft.siteIds, s.id) })} />
                  <span>{s.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </details>
        <details>
          <summary>{t('report.limitVolunteers', { count: draft.volunteerIds.length })}</summary>
          <fieldset>
            <legend className="visually-hidden">{t('report.volunteersLegend')}</legend>
            <div className="checkbox-list">
              {volunteers.map((v) => (
                <label key={v.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.volunteerIds.includes(v.id)}
                    onChange={() => choose({ ...draft, volunteerIds: toggle(draft.volunteerIds, v.id) })}
                  />
                  <span>{v.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </details>
        {/* Only once records from more than one laptop are here (a team's merged hand-overs). */}
        {laptops.length > 1 && (
          <details>
            <summary>{t('report.limitLaptops', { count: draft.laptopIds.length })}</summary>
            <fieldset>
              <legend className="visually-hidden">{t('report.laptopsLegend')}</legend>
              <div className="checkbox-list">
                {laptops.map((laptop) => (
                  <label key={laptop.laptopId} className="checkbox">
                    <input
                      type="checkbox"
                      checked={draft.laptopIds.includes(laptop.laptopId)}
                      onChange={() => choose({ ...draft, laptopIds: toggle(draft.laptopIds, laptop.laptopId) })}
                    />
                    <span>{laptopName(laptop)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          </details>
        )}
        <button type="submit" className="button" disabled={busy !== null}>
          {t('report.show')}
        </button>
      </form>

      <p role="status" className="status-message">
        {busy === 'summary' ? t('app.loading') : status}
      </p>

      {summary && filters && nothingRecorded(summary.figures.headline) && <EmptyPeriod range={monthRange(summary.month)} onShowMonth={showMonth} />}
      {summary && filters && !nothingRecorded(summary.figures.headline) && (
        <>
          <section className="report-section" aria-labelledby="report-heading">
            <h2 id="report-heading">{t('report.heading', { organisation: summary.organisationName, month: formatMonth(summary.month, i18n.language) })}</h2>
            <p>
              {limits.length === 0 ? t('report.coversAll') : t('report.coversSome', { places: limits.join('; ') })}
            </p>
            <p className="hint">{t('report.generatedAt', { when: formatDateTime(summary.generatedAt, i18n.language) })}</p>
            <h3>{t('report.exportHeading')}</h3>
            <p className="hint">{t('report.exportHint')}</p>
            <fieldset aria-describedby="report-audience-hint">
              <legend>{t('report.audience.legend')}</legend>
              <p className="hint" id="report-audience-hint">
                {t('report.audience.shareSafeHint')}
              </p>
              <div className="radios">
                {(['internal', 'shareSafe'] as const).map((choice) => (
                  <label key={choice} className="radio">
                    <input type="radio" name="report-audience" value={choice} checked={audience === choice} onChange={() => setAudience(choice)} />
                    <span>{t(`report.audience.${choice}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="report-actions">
              {(['csv', 'xlsx', 'pdf'] as const).map((format) => (
                <button key={format} type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void download(format)}>
                  {t(`report.download.${format}`)}
                </button>
              ))}
            </div>
            {exportJob.progress && <JobProgressBar progress={exportJob.progress} id="export-progress" />}
          </section>
          <FiguresView figures={summary.figures} filters={filters} onDrill={setDrill} />
        </>
      )}

      {profile.role !== 'volunteer' && (
        <form className="report-filters" onSubmit={saveOrganisation} noValidate aria-labelledby="organisation-heading">
          <h2 id="organisation-heading">{t('report.organisationHeading')}</h2>
          <ErrorSummary problems={organisationProblems} form="organisation" />
          <div className={organisationProblems ? 'field field--error' : 'field'}>
            <label htmlFor="organisation-name">{t('report.organisationName')}</label>
            <p className="hint" id="organisation-name-hint">
              {t('report.organisationHint')}
            </p>
            <input
              id="organisation-name"
              aria-describedby="organisation-name-hint"
              value={organisation}
              onChange={(e) => setOrganisation(e.target.value)}
            />
          </div>
          <button type="submit" className="button button--secondary">
            {t('report.saveOrganisation')}
          </button>
        </form>
      )}
      <RecordsDialog request={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
