// Sync for coordinators: set the laptop up with the collector, see exactly what is (or was)
// sent, month by month, with every submission's receipt, and send now. Volunteers see the status.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { SyncStatus } from '../../../main/api/contract.ts';
import type { OutboxEntry } from '../../../main/api/contract.ts';
import type { BoroughTables, ProtectedCount, Submission } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useContract } from '../app/useContract.ts';
import { useApp } from '../app/context.ts';
import { ErrorSummary, FieldError, fieldId, LoadProblem, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { useSyncStatus } from '../components/SyncIndicator.tsx';
import { formatDateTime, formatNumber } from '../format.ts';

type CellTable = 'byTopic' | 'byTopicOutcome' | 'byTopicGroupAge' | 'byTopicGroupSex' | 'byTopicGroupEthnicGroup' | 'byTopicGroupLanguage';
const cellTables: CellTable[] = ['byTopic', 'byTopicOutcome', 'byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage'];

function cellLabel(t: TFunction, table: CellTable, cell: Record<string, unknown>): string {
  const label = (list: string, code: unknown) => t(`reference.${list}.${String(code)}`, { defaultValue: String(code) });
  switch (table) {
    case 'byTopic':
      return label('topic', cell.topic);
    case 'byTopicOutcome':
      return `${label('topic', cell.topic)} — ${label('outcome', cell.outcome)}`;
    case 'byTopicGroupAge':
      return `${label('topicGroup', cell.topicGroup)} — ${label('band.age', cell.band)}`;
    case 'byTopicGroupSex':
      return `${label('topicGroup', cell.topicGroup)} — ${label('band.sex', cell.band)}`;
    case 'byTopicGroupEthnicGroup':
      return `${label('topicGroup', cell.topicGroup)} — ${label('band.ethnicityGroup', cell.band)}`;
    case 'byTopicGroupLanguage':
      return `${label('topicGroup', cell.topicGroup)} — ${label('band.language', cell.band)}`;
  }
}

/** A withheld row is named by its first code: a topic, or a topic group in the band tables. */
function rowLabel(t: TFunction, table: CellTable, code: string): string {
  const list = table === 'byTopic' || table === 'byTopicOutcome' ? 'topic' : 'topicGroup';
  return t(`reference.${list}.${code}`, { defaultValue: code });
}

function Count({ value }: { value: ProtectedCount }) {
  const { t, i18n } = useTranslation();
  return value === 'suppressed' ? <em>{t('sync.suppressed')}</em> : <>{formatNumber(value, i18n.language)}</>;
}

/** A submission as a person reads it: one section per borough, one table per fixed table. */
export function SubmissionView({ json }: { json: string }) {
  const { t, i18n } = useTranslation();
  const { reference } = useApp();
  const submission = JSON.parse(json) as Submission;
  const boroughName = (code: string) => reference.authorities.find((a) => a.code === code)?.name ?? code;
  return (
    <div className="submission-view">
      {submission.boroughs.map((borough: BoroughTables) => (
        <section key={borough.authorityCode} aria-label={boroughName(borough.authorityCode)}>
          <h3 lang="en-GB">{boroughName(borough.authorityCode)}</h3>
          <p>
            {t('sync.tables.conversations')}: <Count value={borough.conversations} />
          </p>
          <table className="table">
            <caption>{t('sync.tables.activity')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sync.columns.kind')}</th>
                <th scope="col" className="numeric">{t('sync.columns.sessions')}</th>
                <th scope="col" className="numeric">{t('sync.columns.hours')}</th>
                <th scope="col" className="numeric">{t('sync.columns.adults')}</th>
                <th scope="col" className="numeric">{t('sync.columns.children')}</th>
              </tr>
            </thead>
            <tbody>
              {borough.activity.map((row) => (
                <tr key={row.eventKind}>
                  <th scope="row">{t(`reference.eventKind.${row.eventKind}`, { defaultValue: row.eventKind })}</th>
                  <td className="numeric">{formatNumber(row.sessions, i18n.language)}</td>
                  <td className="numeric">{formatNumber(row.volunteerHours, i18n.language)}</td>
                  <td className="numeric">
                    <Count value={row.visitorsAdults} />
                  </td>
                  <td className="numeric">
                    <Count value={row.visitorsChildren} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {borough.byTopic === undefined ? (
            <p>{t('sync.noBreakdown')}</p>
          ) : (
            cellTables.map((table) => {
              const sent = borough[table]!;
              return (
                <details key={table}>
                  <summary>{t(`sync.tables.${table}`)}</summary>
                  {sent.withheldRows.length > 0 && (
                    <p>{t('sync.withheldRows', { rows: sent.withheldRows.map((code) => rowLabel(t, table, code)).join(', ') })}</p>
                  )}
                  <table className="table">
                    <caption className="visually-hidden">{t(`sync.tables.${table}`)}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('sync.columns.item')}</th>
                        <th scope="col" className="numeric">{t('sync.columns.count')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {sent.cells.map((cell, index) => (
                        <tr key={index}>
                          <th scope="row">{cellLabel(t, table, cell)}</th>
                          <td className="numeric">
                            <Count value={cell.count} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              );
            })
          )}
        </section>
      ))}
      <details>
        <summary>{t('sync.rawJson')}</summary>
        <pre className="raw-json" dir="ltr" tabIndex={0}>
          {JSON.stringify(submission, null, 2)}
        </pre>
      </details>
    </div>
  );
}

/** Late changes to sent months that wait until they are large enough to send, and why. */
function HeldChanges({ held }: { held: SyncStatus['held'] }) {
  const { t } = useTranslation();
  const { reference } = useApp();
  const boroughName = (code: string) => reference.authorities.find((a) => a.code === code)?.name ?? code;
  return (
    <section aria-labelledby="sync-held-heading">
      <h2 id="sync-held-heading">{t('sync.held.heading')}</h2>
      {held.length === 0 ? (
        <p>{t('sync.held.none')}</p>
      ) : (
        <>
          <p>{t('sync.held.intro')}</p>
          <ul>
            {held.flatMap(({ period, changes }) =>
              changes.map((change) => (
                <li key={`${period} ${change.authorityCode} ${change.part}`}>
                  {t(`sync.held.${change.part}`, { count: change.changed, needed: change.needed, period, borough: boroughName(change.authorityCode) })}
                </li>
              )),
            )}
          </ul>
        </>
      )}
    </section>
  );
}

/** Stable while there are none, so the default-period effect does not run on every render. */
const noPeriods: string[] = [];
const noEntries: OutboxEntry[] = [];

export function Sync() {
  const { t, i18n } = useTranslation();
  const { profile } = useApp();
  const coordinator = profile.role !== 'volunteer';
  const [status, refresh, statusError] = useSyncStatus(15_000);
  const [endpoint, setEndpoint] = useState('');
  const [code, setCode] = useState('');
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const periodsRead = useContract('sync.periods', coordinator ? {} : null);
  const periods = periodsRead.value ?? noPeriods;
  const [period, setPeriod] = useState('');
  const [preview, setPreview] = useState<string | null>(null);
  const logRead = useContract('sync.log', coordinator ? {} : null);
  const log = logRead.value ?? noEntries;
  const [viewing, setViewing] = useState<{ entry: OutboxEntry; json: string } | null>(null);

  useEffect(() => {
    setPeriod((current) => current || (periods[0] ?? ''));
  }, [periods]);

  const guard = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblems(null);
    try {
      await work();
    } catch (error) {
      setProblems(problemsFrom(error, t));
    } finally {
      setBusy(false);
      refresh();
      if (coordinator) logRead.reload();
    }
  };

  const enrol = (event: FormEvent) => {
    event.preventDefault();
    void guard(async () => {
      const result = await call('sync.enrol', { endpoint, code });
      setMessage(t('sync.enrolled', { id: result.enrolmentId }));
      setCode('');
    });
  };

  const sendNow = () =>
    guard(async () => {
      const result = await call('sync.sendNow', {});
      setMessage(result.sent > 0 ? t('sync.sentResult', { count: result.sent }) : t('sync.nothingToSend'));
    });

  const problem = status?.stopped ?? status?.lastError ?? null;
  const error = (field: string) => problems?.fields[field];
  return (
    <div className="sync">
      <h1>{t('sync.title')}</h1>
      <section aria-labelledby="sync-explain-heading">
        <h2 id="sync-explain-heading">{t('sync.explain.heading')}</h2>
        <ul>
          {(['onlyCounts', 'rounding', 'smallGroups', 'together', 'lateChanges'] as const).map((item) => (
            <li key={item}>{t(`sync.explain.${item}`)}</li>
          ))}
        </ul>
      </section>
      <p role="status" className="status-message">
        {message}
      </p>
      <ErrorSummary problems={problems} form="sync" />
      {!status && <LoadProblem error={statusError} />}

      {status && (
        <section aria-labelledby="sync-status-heading" className="sync-status">
          <h2 id="sync-status-heading">{t('sync.statusHeading')}</h2>
          <p>
            <strong>{t(`sync.state.${status.state}`)}</strong>
          </p>
          <ul>
            {status.pending > 0 && <li>{t('sync.pending', { count: status.pending })}</li>}
            {status.rejected > 0 && <li>{t('sync.rejected', { count: status.rejected })}</li>}
            <li>{status.lastSentAt ? t('sync.lastSentAt', { when: formatDateTime(status.lastSentAt, i18n.language) }) : t('sync.neverSent')}</li>
            {status.nextAttemptAt && <li>{t('sync.nextAttempt', { when: formatDateTime(status.nextAttemptAt, i18n.language) })}</li>}
            {status.endpoint && (
              <li>
                {t('sync.endpoint', { endpoint: '' })}
                <span dir="ltr">{status.endpoint}</span>
              </li>
            )}
            {status.enrolmentId && <li>{t('sync.enrolmentId', { id: status.enrolmentId })}</li>}
            {problem && <li className="field-error">{t('sync.problem', { message: t(problem.messageKey, { reason: problem.detail, defaultValue: problem.detail }) })}</li>}
          </ul>
          {!coordinator && <p>{t('sync.volunteerNote')}</p>}
          {coordinator && status.state !== 'not_enrolled' && (
            <div className="form-actions">
              <button type="button" className="button" disabled={busy} onClick={() => void sendNow()}>
                {busy ? t('sync.sending') : t('sync.sendNow')}
              </button>
              {status.state === 'stopped' && (
                <button type="button" className="button button--secondary" disabled={busy} onClick={() => void guard(async () => void (await call('sync.resume', {})))}>
                  {t('sync.resume')}
                </button>
              )}
            </div>
          )}
        </section>
      )}

      {status && <HeldChanges held={status.held} />}

      {coordinator && (
      <>
      <form className="site-form" onSubmit={enrol} noValidate aria-labelledby="enrol-heading">
        <h2 id="enrol-heading">{status?.state === 'not_enrolled' ? t('sync.enrolHeading') : t('sync.reenrolHeading')}</h2>
        <p>{t('sync.enrolIntro')}</p>
        <div className={error('endpoint') ? 'field field--error' : 'field'}>
          <label htmlFor={fieldId('sync', 'endpoint')}>{t('sync.endpointLabel')}</label>
          <p className="hint" id="sync-endpoint-hint">
            {t('sync.endpointHint')}
          </p>
          <FieldError id="sync-endpoint" message={error('endpoint')} />
          <input
            id={fieldId('sync', 'endpoint')}
            type="url"
            dir="ltr"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="sync-endpoint-hint"
            value={endpoint}
            onChange={(e) => setEndpoint(e.target.value)}
          />
        </div>
        <div className={error('code') ? 'field field--error' : 'field'}>
          <label htmlFor={fieldId('sync', 'code')}>{t('sync.codeLabel')}</label>
          <FieldError id="sync-code" message={error('code')} />
          <input id={fieldId('sync', 'code')} dir="ltr" autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('sync.enrol')}
        </button>
      </form>

      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">{t('sync.previewHeading')}</h2>
        <p>{t('sync.previewIntro')}</p>
        <LoadProblem error={periodsRead.error} />
        {periodsRead.value === undefined ? null : periods.length === 0 ? (
          <p>{t('sync.noPeriods')}</p>
        ) : (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void guard(async () => setPreview((await call('sync.preview', { period })).json));
            }}
          >
            <div className="field">
              <label htmlFor="sync-period">{t('sync.periodLabel')}</label>
              <select id="sync-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
                {periods.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button--secondary">
              {t('sync.show')}
            </button>
          </form>
        )}
        {preview && <SubmissionView json={preview} />}
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading">{t('sync.logHeading')}</h2>
        <LoadProblem error={logRead.error} />
        {logRead.value === undefined ? null : log.length === 0 ? (
          <p>{t('sync.logEmpty')}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t('sync.logCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sync.logColumns.period')}</th>
                <th scope="col" className="numeric">{t('sync.logColumns.revision')}</th>
                <th scope="col">{t('sync.logColumns.status')}</th>
                <th scope="col">{t('sync.logColumns.sentAt')}</th>
                <th scope="col">{t('sync.logColumns.receipt')}</th>
                <th scope="col">{t('sync.logColumns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {log.map((entry) => (
                <tr key={entry.submissionId}>
                  <th scope="row">{entry.period}</th>
                  <td className="numeric">{entry.revision}</td>
                  <td>
                    {t(`sync.statuses.${entry.status}`)}
                    {entry.lastError && entry.status !== 'sent' && <span className="hint"> — {entry.lastError}</span>}
                  </td>
                  <td>{entry.sentAt ? formatDateTime(entry.sentAt, i18n.language) : '—'}</td>
                  <td dir="ltr">{entry.receipt ? `${entry.receipt.receiptId} (${entry.receipt.status})` : '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={`${t('sync.view')}: ${entry.period} ${entry.revision}`}
                      onClick={() => void guard(async () => setViewing({ entry, json: (await call('sync.payload', { submissionId: entry.submissionId })).json }))}
                    >
                      {t('sync.view')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {viewing && (
          <section aria-label={t('sync.viewing', { period: viewing.entry.period, revision: viewing.entry.revision })}>
            <h3>{t('sync.viewing', { period: viewing.entry.period, revision: viewing.entry.revision })}</h3>
            <SubmissionView json={viewing.json} />
          </section>
        )}
      </section>
      </>
      )}
    </div>
  );
}
