// Handlers for the reports methods: the dashboard, the records behind a figure, the monthly
// summary and its exports, the organisation's name, and the spreadsheet import.
import { jobBoardOf } from '../../jobs/board.ts';
import { importSpreadsheet } from '../../records/import.ts';
import { importTemplate } from '../../records/import/template.ts';
import { lastActiveMonth } from '../../reports/activity.ts';
import { dashboardFigures } from '../../reports/dashboard.ts';
import { asExportFile, exportMonthlySummary } from '../../reports/export.ts';
import { reportRecords } from '../../reports/records.ts';
import { monthlySummary, organisationName, setOrganisationName } from '../../reports/summary.ts';
import type { HandlersFor } from '../dispatcher.ts';
import type { reportsMethods } from '../methods/reports.ts';
import type { ServiceContext } from '../services.ts';

/** Problems listed in one answer to the app; the count says how many there were in all. */
const PROBLEMS_SHOWN = 2000;

export function reportsHandlers({ store, clock }: ServiceContext): HandlersFor<typeof reportsMethods> {
  return {
    'reports.dashboard': ({ filters, granularity }) => dashboardFigures(store, filters, granularity),
    'reports.records': ({ filters, slice, limit, after }) => reportRecords(store, filters, slice, { limit, after }),
    'reports.monthlySummary': (request) => monthlySummary(store, clock, request),
    'reports.export': ({ jobId, ...request }) =>
      jobBoardOf(store).run('export', jobId, async (report) => asExportFile(await exportMonthlySummary(store, clock, request, report))),
    'reports.lastActiveMonth': ({ atOrBefore }) => ({ month: lastActiveMonth(store, atOrBefore) }),
    'reports.organisation': () => ({ organisationName: organisationName(store) }),
    'reports.setOrganisation': ({ organisationName: name }) => ({ organisationName: setOrganisationName(store, name) }),

    'import.template': ({ format }) => importTemplate(store, format),
    'import.spreadsheet': ({ fileName, base64, jobId }) =>
      jobBoardOf(store).run('import', jobId, (report) =>
        importSpreadsheet(store, clock, { fileName, bytes: Buffer.from(base64, 'base64') }, { requireCoordinator: true, problemLimit: PROBLEMS_SHOWN, report }),
      ),
  };
}
