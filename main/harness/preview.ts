// `npm run preview`: the app's UI and services in a local browser, no Electron needed. For
// development: it has no profiles' PINs between it and the records beyond the printed address.
import fs from 'node:fs';
import path from 'node:path';
import { databaseKeyFromEnvironment } from '../db/key.ts';
import { startHarness } from './server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = process.env.OUTREACH_PREVIEW_DIR ?? path.join(root, '.preview-data');
fs.mkdirSync(dataDir, { recursive: true });
const harness = await startHarness({
  dbFile: path.join(dataDir, 'outreach-tally.db'),
  dbKey: databaseKeyFromEnvironment(), // OUTREACH_DB_KEY, if set: an encrypted database
  rendererDir: path.join(root, 'out/renderer'),
  port: Number(process.env.PORT ?? 5180),
});
// The address carries the token (in its fragment): it is for this user's browser only.
console.log(`Outreach Tally preview, for development only: open ${harness.openUrl} in a browser (Ctrl+C to stop).`);
console.log(`Data: ${path.join(dataDir, 'outreach-tally.db')}`);
process.on('SIGINT', () => void harness.close().then(() => process.exit(0)));
