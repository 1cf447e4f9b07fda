// The records behind a figure, in a modal dialog (native <dialog>: focus stays inside, Escape
// closes, focus goes back to the number that opened it), newest first, a page at a time.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordCursor } from '../../../../main/api/contract.ts';
import { useContract } from '../../app/useContract.ts';
import { formatDateTime, formatNumber } from '../../format.ts';
import { LoadProblem } from '../errors.tsx';
import { formatRange } from './dates.ts';
import { useCodeLabels, type DrillRequest } from './FiguresView.tsx';

export const RECORDS_PAGE = 25;

export function RecordsDialog({ request, onClose }: { request: DrillRequest | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const labels = useCodeLabels();
  const ref = useRef<HTMLDialogElement>(null);
  // Where in this request's records the dialog is: the page's cursor, and the cursors of the pages
  // before it so "Previous page" goes back exactly. A new request starts again at its first page.
  const [paging, setPaging] = useState<{ of: DrillRequest | null; history: (RecordCursor | undefined)[]; current: RecordCursor | undefined }>({
    of: null,
    history: [],
    current: undefined,
  });
  const { history, current } = paging.of === request ? paging : { history: [], current: undefined };
  const goTo = (next: RecordCursor | undefined, previous: (RecordCursor | undefined)[]) => setPaging({ of: request, history: previous, current: next });
  const read = useContract(
    'reports.records',
    request ? { filters: request.filters, slice: request.slice, limit: RECORDS_PAGE, ...(current ? { after: current } : {}) } : null,
  );
  // The page asked for, once it is here (never the one before it, nor another request's).
  const page = read.loading || read.error ? null : (read.value ?? null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
  }, [request]);

  const n = (value: number) => formatNumber(value, i18n.language);
  const code = labels.code;
  const yesNo = (value: boolean) => (value ? t('dashboard.records.yes') : t('dashboard.records.no'));

  const table = () => {
    if (!page) return read.error ? null : <p aria-live="polite">{t('app.loading')}</p>;
    if (page.rows.length === 0) return <p>{t('dashboard.records.none')}</p>;
    const caption = <caption className="visually-hidden">{request?.title}</caption>;
    if (page.records === 'conversations') {
      return (
        <table className="table report-table">
          {caption}
          <thead>
            <tr>
              {['when', 'site', 'kind', 'topics', 'outcomes', 'depth', 'age', 'sex', 'ethnicity', 'language', 'safeguarding'].map((c) => (
                <th key={c} scope="col">
                  {t(`dashboard.records.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">{formatDateTime(r.recordedAt, i18n.language)}</th>
                <td>{r.siteName}</td>
                <td>{code('event_kind', r.kind)}</td>
                <td>{r.topics.map((c) => code('topic', c)).join('; ')}</td>
                <td>{r.outcomes.length > 0 ? r.outcomes.map((c) => code('outcome', c)).join('; ') : t('dashboard.records.noOutcome')}</td>
                <td>{code('depth', r.depth)}</td>
                <td>{code('age', r.ageBand)}</td>
                <td>{code('sex', r.sex)}</td>
                <td>{code('ethnicity', r.ethnicity)}</td>
                <td>{code('language', r.language)}</td>
                <td>{yesNo(r.safeguarding)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    if (page.records === 'events') {
      return (
        <table className="table report-table">
          {caption}
          <thead>
            <tr>
              <th scope="col">{t('dashboard.records.started')}</th>
              <th scope="col">{t('dashboard.records.site')}</th>
              <th scope="col">{t('dashboard.records.borough')}</th>
              <th scope="col">{t('dashboard.records.kind')}</th>
              <th scope="col">{t('dashboard.records.ended')}</th>
              <th scope="col" className="number">
                {t('report.measures.volunteerHours')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.records.visitorsAtSession')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.records.conversationsAtSession')}
              </th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">{formatDateTime(r.startsAt, i18n.language)}</th>
                <td>{r.siteName}</td>
                <td lang="en-GB">{labels.borough(r.authorityCode)}</td>
                <td>{code('event_kind', r.kind)}</td>
                <td>{r.endsAt ? formatDateTime(r.endsAt, i18n.language) : t('dashboard.records.noEndTime')}</td>
                <td className="number">{n(r.volunteerHours)}</td>
                <td className="number">{n(r.visitors)}</td>
                <td className="number">{n(r.conversations)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    return (
      <table className="table report-table">
        {caption}
        <thead>
          <tr>
            <th scope="col">{t('dashboard.records.when')}</th>
            <th scope="col">{t('dashboard.records.site')}</th>
            <th scope="col">{t('dashboard.records.kind')}</th>
            <th scope="col" className="number">
              {t('report.measures.adults')}
            </th>
            <th scope="col" className="number">
              {t('report.measures.children')}
            </th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">{formatDateTime(r.recordedAt, i18n.language)}</th>
              <td>{r.siteName}</td>
              <td>{code('event_kind', r.kind)}</td>
              <td className="number">{n(r.adults)}</td>
              <td className="number">{n(r.children)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  };

  return (
    <dialog ref={ref} className="records-dialog" aria-labelledby="records-title" onClose={onClose} data-testid="records-dialog">
      {request && (
        <>
          <div className="records-dialog__bar">
            <h2 id="records-title">{request.title}</h2>
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('dashboard.records.close')}
            </button>
          </div>
          <p>{t('dashboard.records.intro', { range: formatRange(request.filters, i18n.language) })}</p>
          <LoadProblem error={read.error} />
          <div className="report-scroll" tabIndex={0} role="region" aria-labelledby="records-title">
            {table()}
          </div>
          <div className="report-actions">
            <button
              type="button"
              className="button button--secondary"
              disabled={history.length === 0}
              onClick={() => goTo(history.at(-1), history.slice(0, -1))}
            >
              {t('dashboard.records.previous')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              disabled={!page?.next}
              onClick={() => {
                if (page?.next) goTo(page.next, [...history, current]);
              }}
            >
              {t('dashboard.records.next')}
            </button>
            <span aria-live="polite">{page ? t('dashboard.records.pageNumber', { page: history.length + 1 }) : ''}</span>
          </div>
        </>
      )}
    </dialog>
  );
}
