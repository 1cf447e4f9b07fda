// Long reads of the whole file — an integrity check, a snapshot for a backup — run on a
// worker thread with a connection of their own, so the main process keeps answering the
// window while they read every page (seconds on a database of a million conversations).
// WAL lets that reader work beside the app's writer; it sees one consistent snapshot.
//
// The worker is given as source text rather than a module path: the bundled app has no
// separate worker file to point at, and the task is a dozen lines. It loads the same
// driver the app uses, by its resolved path, so both share one SQLite library and its locks.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { keyStatements, type DatabaseKey } from './connection.ts';

export type IntegrityLevel = 'quick' | 'full';

export type DatabaseTask =
  | { kind: 'check'; file: string; key?: DatabaseKey | undefined; level: IntegrityLevel }
  | { kind: 'snapshot'; file: string; key?: DatabaseKey | undefined; target: string };

export type DatabaseTaskResult =
  | { ok: true; problems: string[] }
  | { ok: false; code: string; message: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  for (const statement of workerData.keyStatements) db.pragma(statement);
  db.pragma('busy_timeout = 5000');
  if (workerData.kind === 'check') {
    // At most 100 problems: enough to describe the damage, bounded on a wrecked file.
    const rows = db.pragma(workerData.level === 'quick' ? 'quick_check(100)' : 'integrity_check(100)', { simple: false });
    const messages = rows.map((row) => String(Object.values(row)[0]));
    parentPort.postMessage({ ok: true, problems: messages.length === 1 && messages[0] === 'ok' ? [] : messages });
  } else {
    // VACUUM INTO writes a compact, consistent copy; an encrypted file's copy is encrypted
    // with the same cipher and key (the online backup API cannot write an encrypted target).
    db.prepare('VACUUM INTO ?').run(workerData.target);
    parentPort.postMessage({ ok: true, problems: [] });
  }
} catch (error) {
  parentPort.postMessage({ ok: false, code: String((error && error.code) || 'ERROR'), message: String((error && error.message) || error) });
} finally {
  if (db && db.open) db.close();
}
`;

let driverPath: string | undefined;

export function runDatabaseTask(task: DatabaseTask): Promise<DatabaseTaskResult> {
  driverPath ??= createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  const workerData = {
    driver: driverPath,
    kind: task.kind,
    file: task.file,
    keyStatements: task.key ? keyStatements(task.key) : [],
    ...(task.kind === 'check' ? { level: task.level } : { target: task.target }),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    let settled = false;
    worker.once('message', (result: DatabaseTaskResult) => {
      settled = true;
      resolve(result);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The database worker stopped (exit code ${code}) before it answered.`));
    });
  });
}
