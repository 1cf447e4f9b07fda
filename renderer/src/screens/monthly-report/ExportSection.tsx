// The summary's files: for whom (inside the organisation, or share-safe for outside it), then
// CSV, XLSX or PDF, with the export's progress; one export at a time.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, MethodInput } from '../../../../main/api/contract.ts';
import { call } from '../../api.ts';
import { JobProgressBar, useJob } from '../../components/JobProgress.tsx';
import { offerDownload } from '../../components/reports/files.ts';

type SummaryRequest = Omit<MethodInput<'reports.export'>, 'format' | 'shareSafe' | 'jobId'>;

export function ExportSection({
  request,
  disabled,
  onDownloaded,
  onFailed,
}: {
  request: SummaryRequest;
  /** While the summary itself is being drawn. */
  disabled: boolean;
  onDownloaded(fileName: string): void;
  onFailed(error: unknown): void;
}) {
  const { t } = useTranslation();
  const [audience, setAudience] = useState<'internal' | 'shareSafe'>('internal');
  const job = useJob('export');

  const download = async (format: ExportFormat) => {
    try {
      const file = await job.run((jobId) => call('reports.export', { ...request, format, ...(audience === 'shareSafe' ? { shareSafe: true } : {}), jobId }));
      offerDownload(file);
      onDownloaded(file.fileName);
    } catch (error) {
      onFailed(error);
    }
  };

  return (
    <>
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
          <button key={format} type="button" className="button button--secondary" disabled={disabled || job.running} onClick={() => void download(format)}>
            {t(`report.download.${format}`)}
          </button>
        ))}
      </div>
      {job.progress && <JobProgressBar progress={job.progress} id="export-progress" />}
    </>
  );
}
