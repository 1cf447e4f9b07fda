// Exports of the monthly summary: the same MonthlySummary written as CSV, XLSX or PDF.
import type { Store } from '../db/store.ts';
import type { Clock } from '../records/clock.ts';
import { summaryCsv } from './csv.ts';
import type { ExportFile, ExportFormat, MonthlySummary } from './figures.ts';
import { summaryPdf } from './pdf.ts';
import { exportContext, exportFileName } from './sections.ts';
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

/** Writes a summary already built (so a caller can write several formats from one state). */
export async function writeSummary(store: Store, summary: MonthlySummary, format: ExportFormat, language?: string): Promise<WrittenExport> {
  const context = exportContext(store, language);
  const bytes =
    format === 'csv' ? summaryCsv(summary, context) : format === 'xlsx' ? await summaryXlsx(summary, context) : await summaryPdf(summary, context);
  return { fileName: exportFileName(summary, format), mimeType: mimeTypes[format], bytes };
}

export async function exportMonthlySummary(
  store: Store,
  clock: Clock,
  request: SummaryRequest & { format: ExportFormat; language?: string | undefined },
): Promise<WrittenExport> {
  return writeSummary(store, monthlySummary(store, clock, request), request.format, request.language);
}

export function asExportFile(written: WrittenExport): ExportFile {
  return { fileName: written.fileName, mimeType: written.mimeType, base64: written.bytes.toString('base64') };
}
