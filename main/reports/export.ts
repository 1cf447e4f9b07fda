// Exports of the monthly summary: the same MonthlySummary written as CSV, XLSX or PDF.
import type { Store } from '../db/store.ts';
import { yieldToEventLoop, type ReportProgress } from '../jobs/board.ts';
import type { Clock } from '../../shared/clock.ts';
import { summaryCsv } from './csv.ts';
import type { ExportFile } from '../../shared/export-file.ts';
import type { ExportFormat, MonthlySummary } from './figures.ts';
import { summaryPdf } from './pdf.ts';
import { exportContext, shareSafeDocument, summaryDocument, type ReportDocument } from './sections.ts';
import { shareSafeSummary, type ShareSafeSummary } from './share-safe.ts';
import { monthlySummary, type SummaryRequest } from './summary.ts';
import { summaryXlsx } from './xlsx.ts';

export const mimeTypes: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface WrittenExport {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

async function writeDocument(build: (context: ReturnType<typeof exportContext>) => ReportDocument, store: Store, format: ExportFormat, language?: string): Promise<WrittenExport> {
  const context = exportContext(store, language);
  const document = build(context);
  const bytes =
    format === 'csv' ? summaryCsv(document, context) : format === 'xlsx' ? await summaryXlsx(document, context) : await summaryPdf(document, context);
  return { fileName: document.fileName(format), mimeType: mimeTypes[format], bytes };
}

/** Writes a summary already built (so a caller can write several formats from one state). */
export async function writeSummary(store: Store, summary: MonthlySummary, format: ExportFormat, language?: string): Promise<WrittenExport> {
  return writeDocument((context) => summaryDocument(summary, context), store, format, language);
}

/** Writes a share-safe summary already built. */
export async function writeShareSafe(store: Store, summary: ShareSafeSummary, format: ExportFormat, language?: string): Promise<WrittenExport> {
  return writeDocument((context) => shareSafeDocument(summary, context), store, format, language);
}

export async function exportMonthlySummary(
  store: Store,
  clock: Clock,
  request: SummaryRequest & { format: ExportFormat; language?: string | undefined; shareSafe?: boolean | undefined },
  report?: ReportProgress<'export'>,
): Promise<WrittenExport> {
  // Two steps: the month's figures, then the file; the event loop is let go between them.
  report?.('gathering', 0, 2);
  let write: () => Promise<WrittenExport>;
  if (request.shareSafe) {
    const summary = shareSafeSummary(store, clock, request);
    write = () => writeShareSafe(store, summary, request.format, request.language);
  } else {
    const summary = monthlySummary(store, clock, request);
    write = () => writeSummary(store, summary, request.format, request.language);
  }
  if (report) {
    report('writing', 1, 2);
    await yieldToEventLoop();
  }
  const written = await write();
  report?.('writing', 2, 2);
  return written;
}

export function asExportFile(written: WrittenExport): ExportFile {
  return { fileName: written.fileName, mimeType: written.mimeType, base64: written.bytes.toString('base64') };
}
