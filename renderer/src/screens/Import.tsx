// Import of past activity (last year's spreadsheet): the template, the column layout, and a
// check of every row before anything is written. With any problem nothing is imported, and
// every problem is listed by row and column.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportOutcome } from '../../../main/api/contract.ts';
import { importColumns } from '../../../shared/import-columns.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { ErrorSummary, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { JobProgressBar, useJob } from '../components/JobProgress.tsx';
import { formatDay } from '../components/reports/dates.ts';
import { fileAsBase64, offerDownload } from '../components/reports/files.ts';
import { formatNumber } from '../format.ts';
import '../reports.css';

export function Import() {
  const { t, i18n } = useTranslation();
  const { profile } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const job = useJob('import');
  const busy = job.running;
  const n = (value: number) => formatNumber(value, i18n.language);

  const template = async (format: 'csv' | 'xlsx') => {
    try {
      offerDownload(await call('import.template', { format }));
    } catch (error) {
      setProblems(problemsFrom(error, t));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    if (!file) {
      setProblems({ summary: t('errors.invalidInput'), fields: { file: t('import.chooseFileFirst') } });
      return;
    }
    try {
      // Inside the job: the bar and the disabled button show from the click, while the file is read.
      setOutcome(await job.run(async (jobId) => call('import.spreadsheet', { fileName: file.name, base64: await fileAsBase64(file), jobId })));
      setProblems(null);
    } catch (error) {
      setProblems(problemsFrom(error, t));
    }
  };

  return (
    <div className="import">
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      {profile.role === 'volunteer' && <p className="warning-callout">{t('import.coordinatorsOnly')}</p>}

      <section className="report-section" aria-labelledby="template-heading">
        <h2 id="template-heading">{t('import.templateHeading')}</h2>
        <p>{t('import.templateIntro')}</p>
        <div className="report-actions">
          <button type="button" className="button button--secondary" onClick={() => void template('xlsx')}>
            {t('import.templateXlsx')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => void template('csv')}>
            {t('import.templateCsv')}
          </button>
        </div>
        <details>
          <summary>{t('import.columnsSummary')}</summary>
          <table className="table report-table">
            <caption className="visually-hidden">{t('import.columnsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.columnName')}</th>
                <th scope="col">{t('import.columnRequired')}</th>
                <th scope="col">{t('import.columnMeaning')}</th>
              </tr>
            </thead>
            <tbody>
              {importColumns.map((c) => (
                <tr key={c.name}>
                  <th scope="row">
                    <code>{c.name}</code>
                  </th>
                  <td>{c.required ? t('import.template.yes') : t('import.template.no')}</td>
                  <td>{t(`import.columns.${c.name}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>

      <form className="report-filters" onSubmit={submit} noValidate aria-labelledby="import-file-heading">
        <h2 id="import-file-heading">{t('import.fileHeading')}</h2>
        <ErrorSummary problems={problems} form="import" />
        <div className={problems?.fields.file ? 'field field--error' : 'field'}>
          <label htmlFor="import-file">{t('import.file')}</label>
          <p className="hint" id="import-file-hint">
            {t('import.fileHint')}
          </p>
          <input
            id="import-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="import-file-hint"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setOutcome(null);
            }}
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('import.submit')}
        </button>
      </form>

      {job.progress && <JobProgressBar progress={job.progress} id="import-progress" />}
      <div role="status" aria-live="polite">
        {outcome?.status === 'imported' && (
          <section className="report-section" aria-labelledby="import-done-heading" data-testid="import-done">
            <h2 id="import-done-heading">{t('import.doneHeading')}</h2>
            <p>{t('import.done', { name: outcome.fileName, rows: n(outcome.rows) })}</p>
            <dl className="import-summary">
              {(['events', 'conversations', 'visits', 'sitesCreated', 'volunteersCreated'] as const).map((key) => (
                <div key={key}>
                  <dt>{t(`import.counts.${key}`)}</dt>
                  <dd>{n(outcome[key])}</dd>
                </div>
              ))}
            </dl>
            {outcome.firstDay && outcome.lastDay && (
              <p>{t('import.between', { first: formatDay(outcome.firstDay, i18n.language), last: formatDay(outcome.lastDay, i18n.language) })}</p>
            )}
          </section>
        )}
      </div>

      {outcome?.status === 'rejected' && (
        <section className="error-summary" aria-labelledby="import-rejected-heading" data-testid="import-rejected">
          <h2 id="import-rejected-heading" className="error-summary__title">
            {t('import.rejectedHeading')}
          </h2>
          <p role="alert">
            {t('import.rejected', { name: outcome.fileName, problems: n(outcome.totalProblems), badRows: n(outcome.badRows), rows: n(outcome.rows) })}
          </p>
          <div className="import-problems" tabIndex={0} role="region" aria-labelledby="import-rejected-heading">
            <table className="table report-table">
              <caption>{t('import.problemsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="number">
                    {t('import.row')}
                  </th>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.problems.map((p, i) => (
                  <tr key={i}>
                    <td className="number">{p.row}</td>
                    <td>
                      <code>{p.column}</code>
                    </td>
                    <td>{t(p.messageKey, p.values ?? {})}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {outcome.totalProblems > outcome.problems.length && (
            <p>{t('import.moreProblems', { count: outcome.totalProblems - outcome.problems.length })}</p>
          )}
        </section>
      )}
    </div>
  );
}
