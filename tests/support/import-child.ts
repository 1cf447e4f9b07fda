// Run by the import-bomb test as a fresh process: `node tests/support/import-child.ts DB FILE`.
// Imports FILE through the real service and prints one JSON line: the outcome (or the error's
// message key) and the process's peak resident memory, so nothing the test itself allocated counts.
import fs from 'node:fs';
import { openStore } from '../../main/db/store.ts';
import { DomainError } from '../../shared/errors.ts';
import { importSpreadsheet } from '../../main/records/import.ts';

const [dbFile, sheetFile] = process.argv.slice(2) as [string, string];
const { store } = await openStore(dbFile);
const bytes = fs.readFileSync(sheetFile);
const started = performance.now();
let result: Record<string, unknown>;
try {
  const outcome = await importSpreadsheet(store, () => new Date('2026-11-20T10:00:00Z'), { fileName: sheetFile, bytes }, { requireCoordinator: false });
  result = { status: outcome.status };
} catch (error) {
  result = error instanceof DomainError ? { messageKey: error.messageKey, values: error.values } : { raw: String(error) };
}
store.close();
// Peak RSS of the whole process (Linux reports kB).
console.log(JSON.stringify({ ...result, peakRssBytes: process.resourceUsage().maxRSS * 1024, elapsedMs: Math.round(performance.now() - started) }));
