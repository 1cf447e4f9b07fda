// Backups and restore: download a copy of the records, or replace them with a copy, after a
// confirmation step. The main process checks a file before it replaces anything and keeps
// the records it replaces; this screen says what happened, in the volunteer's language.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MaintenanceStatus, RestoreSummary } from '../../../main/api/contract.ts';
import { maintenanceLimits } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { useApp } from '../app/context.ts';
import { ErrorSummary, FieldError, fieldId, problemsFrom, type FormProblems } from '../components/errors.tsx';
import { fileAsBase64, offerBlob, offerDownload } from '../components/reports/files.ts';
import { JobProgressBar, useJob } from '../components/JobProgress.tsx';
import { formatDateTime } from '../format.ts';

const FORM = 'restore';

export function Maintenance() {
  const { t, i18n } = useTranslation();
  const { profile } = useApp();
  const mayChange = profile.role !== 'volunteer';
  const [status, setStatus] = useState<MaintenanceStatus | null>(null);
  const [message, setMessage] = useState('');
  const [backupProblems, setBackupProblems] = useState<FormProblems | null>(null);
  const backupJob = useJob('backup');
  const backingUp = backupJob.running;
  const [file, setFile] = useState<File | null>(null);
  const [confirming, setConfirming] = useState(false);
  const restoreJob = useJob('restore');
  const restoring = restoreJob.running;
  const [problems, setProblems] = useState<FormProblems | null>(null);
  const [restored, setRestored] = useState<RestoreSummary | null>(null);
  const [logsProblems, setLogsProblems] = useState<FormProblems | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => setStatus(await call('maintenance.status', {})), []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (restored) resultRef.current?.focus();
  }, [restored]);

  const dateTime = (iso: string) => formatDateTime(iso, i18n.language);
  const lastAutomatic = status?.automaticBackups[0];

  const backup = async () => {
    setMessage(t('maintenance.backup.working'));
    try {
      const { fileName, base64 } = await backupJob.run((jobId) => call('maintenance.backup', { jobId }));
      offerDownload({ fileName, base64, mimeType: 'application/vnd.sqlite3' });
      setBackupProblems(null);
      setMessage(t('maintenance.backup.done', { fileName }));
    } catch (error) {
      setMessage('');
      setBackupProblems(problemsFrom(error, t));
    }
  };

  // Anyone may send logs to their IT contact: they hold codes and stack traces, never records.
  const exportLogs = async () => {
    try {
      const bundle = await call('support.exportLogs', {});
      offerBlob(bundle.fileName, new Blob([bundle.text], { type: `${bundle.mediaType};charset=utf-8` }));
      setLogsProblems(null);
      setMessage(t('support.exported', { fileName: bundle.fileName }));
    } catch {
      setMessage('');
      setLogsProblems({ summary: t('support.exportFailed'), fields: {} });
    }
  };

  const askToConfirm = (event: FormEvent) => {
    event.preventDefault();
    setRestored(null);
    if (!file) {
      setProblems({ summary: t('errors.invalidInput'), fields: { file: t('maintenance.restore.chooseFile') } });
      return;
    }
    if (file.size > maintenanceLimits.fileBytes) {
      const tooLarge = t('errors.maintenance.tooLarge', { megabytes: Math.floor(maintenanceLimits.fileBytes / 1024 / 1024) });
      setProblems({ summary: tooLarge, fields: { file: tooLarge } });
      return;
    }
    setProblems(null);
    setConfirming(true);
  };

  const restore = async () => {
    if (!file) return;
    setMessage(t('maintenance.restore.working'));
    try {
      const result = await restoreJob.run(async (jobId) => call('maintenance.restore', { fileName: file.name, base64: await fileAsBase64(file), jobId }));
      setRestored(result);
      setProblems(null);
      // The file is used: clear the field so it cannot be restored twice by mistake.
      formRef.current?.reset();
      setFile(null);
      setMessage('');
      await load();
    } catch (error) {
      const found = problemsFrom(error, t);
      // A problem with the file's contents belongs to the file field.
      setProblems({ summary: found.summary, fields: { file: found.fields.base64 ?? found.summary } });
      setMessage('');
    } finally {
      setConfirming(false);
    }
  };

  return (
    <div className="maintenance">
      <h1>{t('maintenance.title')}</h1>
      <p>{t('maintenance.intro')}</p>
      <p role="status" className="status-message">
        {message}
      </p>

      <section aria-labelledby="maintenance-safety">
        <h2 id="maintenance-safety">{t('maintenance.safety.heading')}</h2>
        {status && (
          <ul>
            <li>{status.encrypted ? t('maintenance.safety.encrypted') : t('maintenance.safety.notEncrypted')}</li>
            <li>
              {lastAutomatic
                ? t('maintenance.safety.lastAutomatic', { when: dateTime(lastAutomatic.takenAt), count: status.automaticBackups.length })
                : t('maintenance.safety.noAutomatic')}
            </li>
          </ul>
        )}
      </section>

      {!mayChange && <p className="warning-callout">{t('maintenance.coordinatorsOnly')}</p>}

      <section aria-labelledby="maintenance-backup">
        <h2 id="maintenance-backup">{t('maintenance.backup.heading')}</h2>
        <ErrorSummary problems={backupProblems} form="backup" />
        <p>{t('maintenance.backup.explain')}</p>
        {status?.encrypted && <p className="hint">{t('maintenance.backup.encryptedHint')}</p>}
        <button type="button" className="button" disabled={!mayChange || backingUp || restoring} onClick={() => void backup()}>
          {t('maintenance.backup.button')}
        </button>
        {backupJob.progress && <JobProgressBar progress={backupJob.progress} id="backup-progress" />}
      </section>

      <section aria-labelledby="maintenance-restore">
        <h2 id="maintenance-restore">{t('maintenance.restore.heading')}</h2>
        <ErrorSummary problems={problems} form={FORM} />
        {restored && (
          <div className="status-message" role="status" tabIndex={-1} ref={resultRef}>
            <p>
              {t('maintenance.restore.done', {
                conversations: restored.counts.conversations,
                events: restored.counts.events,
                sites: restored.counts.sites,
              })}
            </p>
            <p>{t('maintenance.restore.keptAside', { fileName: restored.keptAside })}</p>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              {t('maintenance.restore.reload')}
            </button>
          </div>
        )}
        <form ref={formRef} onSubmit={askToConfirm} noValidate aria-labelledby="maintenance-restore">
          <div className={problems?.fields.file ? 'field field--error' : 'field'}>
            <label htmlFor={fieldId(FORM, 'file')}>{t('maintenance.restore.fileLabel')}</label>
            <p className="hint" id={`${FORM}-file-hint`}>
              {t('maintenance.restore.fileHint')}
            </p>
            <FieldError id={`${FORM}-file`} message={problems?.fields.file} />
            <input
              id={fieldId(FORM, 'file')}
              type="file"
              accept=".db,.sqlite,application/vnd.sqlite3,application/octet-stream"
              disabled={!mayChange || restoring}
              aria-describedby={`${FORM}-file-hint${problems?.fields.file ? ` ${FORM}-file-error` : ''}`}
              aria-invalid={problems?.fields.file ? true : undefined}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setConfirming(false);
              }}
            />
          </div>
          {!confirming && (
            <button type="submit" className="button button--secondary" disabled={!mayChange || restoring}>
              {t('maintenance.restore.button')}
            </button>
          )}
        </form>
        {restoreJob.progress && <JobProgressBar progress={restoreJob.progress} id="restore-progress" />}
        {confirming && file && (
          <div className="warning-callout" role="alertdialog" aria-labelledby="restore-confirm-title" aria-describedby="restore-confirm-text" tabIndex={-1} ref={confirmRef}>
            <h3 id="restore-confirm-title">{t('maintenance.restore.confirmTitle')}</h3>
            <p id="restore-confirm-text">{t('maintenance.restore.confirmText', { fileName: file.name })}</p>
            <div className="form-actions">
              {/* An NHS warning button: this replaces every record on the computer. */}
              <button type="button" className="button button--danger" disabled={restoring} onClick={() => void restore()}>
                {t('maintenance.restore.confirm')}
              </button>
              <button type="button" className="button button--secondary" disabled={restoring} onClick={() => setConfirming(false)}>
                {t('maintenance.restore.cancel')}
              </button>
            </div>
          </div>
        )}
      </section>

      <section aria-labelledby="maintenance-support">
        <h2 id="maintenance-support">{t('support.heading')}</h2>
        <ErrorSummary problems={logsProblems} form="support" />
        <p className="hint">{t('support.exportHint')}</p>
        <button type="button" className="button button--secondary" onClick={() => void exportLogs()}>
          {t('support.exportLogs')}
        </button>
      </section>
    </div>
  );
}
