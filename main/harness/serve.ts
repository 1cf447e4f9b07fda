// `node main/harness/serve.ts --db FILE [--port N] [--test-faults]`: starts the harness and prints one JSON
// line with its URL, for browser tests that run it as a separate process (and kill it).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databaseKeyFromEnvironment } from '../db/key.ts';
import { startHarness } from './server.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: path.resolve(import.meta.dirname, '../../out/renderer') },
    'test-faults': { type: 'boolean', default: false },
    'exit-with-stdin': { type: 'boolean', default: false },
    // Browser tests: lock after this many idle seconds, and a coordinator's PIN holds this long.
    'idle-lock-seconds': { type: 'string' },
    'unlock-seconds': { type: 'string' },
    // Print the address as soon as the server listens, before the database is open and updated
    // (a browser test of the start-up screen); otherwise once everything is ready.
    'url-on-listen': { type: 'boolean', default: false },
  },
});
if (!values.db) {
  console.error('usage: node main/harness/serve.ts --db FILE [--port N]');
  process.exit(2);
}
const harness = await startHarness({
  dbFile: values.db,
  dbKey: databaseKeyFromEnvironment(), // OUTREACH_DB_KEY, if set: an encrypted database
  rendererDir: values.renderer,
  port: Number(values.port),
  testFaults: values['test-faults'],
  ...(values['url-on-listen'] ? { onListening: (url: string) => console.log(JSON.stringify({ url })) } : {}),
  lockTimes: {
    ...(values['idle-lock-seconds'] ? { idleLockSeconds: Number(values['idle-lock-seconds']) } : {}),
    ...(values['unlock-seconds'] ? { unlockSeconds: Number(values['unlock-seconds']) } : {}),
  },
});
// The address to open: the token is in its fragment (the page moves it into sessionStorage).
if (!values['url-on-listen']) console.log(JSON.stringify({ url: harness.openUrl }));
const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Started by a test with a pipe for stdin: when the test's process goes (even killed, or timed
// out before its clean-up ran), the pipe closes and the harness stops by itself.
if (values['exit-with-stdin']) {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}
