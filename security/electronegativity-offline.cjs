// Loaded with `node --require` in front of Electronegativity by tests/electronegativity.ts.
// The tool fetches optional extras over the network with `got` (updated translations, Electron's
// release list). Offline, got's retry timers then throw from requests whose promise has already
// settled (a got / p-cancelable race: "The `onCancel` handler was attached after the promise
// settled", or the lookup's own RequestError), killing the process before or after it writes
// its report, depending on timing. Errors thrown from inside got are ignored here: the scan
// itself never uses the network. Any other uncaught error still ends the run with a failure.
'use strict';

const fromGot = /[\\/]node_modules[\\/](?:got|p-cancelable|@szmarczak[\\/]http-timer)[\\/]/;

process.on('uncaughtException', (error) => {
  if (error && fromGot.test(String(error.stack))) return;
  console.error(error);
  process.exit(1);
});
