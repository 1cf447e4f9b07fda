// The child process of the maintenance kill test:
//   node tests/support/maintenance-worker.ts open DB            (OUTREACH_DB_KEY set: the encryption upgrade)
//   node tests/support/maintenance-worker.ts restore DB SOURCE  (restores SOURCE over DB)
// Prints `ready` once loaded (the parent starts its kill timer then) and `done` when the work
// has finished; the parent kills it with SIGKILL at a random moment in between.
import fs from 'node:fs';
import { restoreDatabase } from '../../main/db/backup.ts';
import { databaseKeyFromEnvironment } from '../../main/db/key.ts';
import { openStore } from '../../main/db/store.ts';

const [mode, file, source] = process.argv.slice(2);
if ((mode !== 'open' && mode !== 'restore') || !file || (mode === 'restore' && !source)) {
  console.error('usage: node tests/support/maintenance-worker.ts open DB | restore DB SOURCE');
  process.exit(2);
}
const key = databaseKeyFromEnvironment();
if (mode === 'open') {
  fs.writeSync(1, 'ready\n');
  (await openStore(file, { key })).store.close();
} else {
  const { store } = await openStore(file, { key });
  fs.writeSync(1, 'ready\n');
  await restoreDatabase(store, source!);
  store.close();
}
fs.writeSync(1, 'done\n');
