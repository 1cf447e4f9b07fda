// `npm run preview`: the app's UI and services in a local browser, no Electron needed. For
// development: it has no profiles' PINs between it and the records beyond the printed address.
// `npm run preview -- --demo`: the same, on a freshly seeded demo database whose records run up
// to yesterday, so every report has something to show (the usual data file is not touched).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databaseKeyFromEnvironment } from '../db/key.ts';
import { openStore } from '../db/store.ts';
import { seedNowFor, seedSyntheticData } from '../records/seed.ts';
import { startHarness } from './server.ts';

/** Enough for every report to look lived-in, seeded in a few seconds. */
export const DEMO_CONVERSATIONS = 20_000;

const { values } = parseArgs({ options: { demo: { type: 'boolean' } }, strict: true });
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = process.env.OUTREACH_PREVIEW_DIR ?? path.join(root, '.preview-data');
fs.mkdirSync(dataDir, { recursive: true });

let dbFile = path.join(dataDir, 'outreach-tally.db');
let dbKey = databaseKeyFromEnvironment(); // OUTREACH_DB_KEY, if set: an encrypted database
if (values.demo) {
  // Synthetic records only, so the demo file is not encrypted; seeded anew each start so its dates end today.
  dbFile = path.join(dataDir, 'demo.db');
  dbKey = undefined;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  const { store } = await openStore(dbFile);
  const seeded = seedSyntheticData(store, { conversations: DEMO_CONVERSATIONS, seed: 1, now: seedNowFor(new Date()) });
  store.close();
  console.log(`Demo data: ${seeded.conversations} synthetic conversations up to the day before ${seeded.now.slice(0, 10)}.`);
}
const harness = await startHarness({
  dbFile,
  dbKey,
  rendererDir: path.join(root, 'out/renderer'),
  port: Number(process.env.PORT ?? 5180),
});
// The address carries the token (in its fragment): it is for this user's browser only.
console.log(`Outreach Tally preview, for development only: open ${harness.openUrl} in a browser (Ctrl+C to stop).`);
console.log(`Data: ${dbFile}`);
process.on('SIGINT', () => void harness.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void harness.close().then(() => process.exit(0)));
