// The Electron shell: one locked-down window over the same services the tests exercise.
// Everything here is wiring; the behaviour lives in plain TypeScript under main/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { createServiceDispatcher } from '../api/services.ts';
import { DatabaseFromNewerVersionError } from '../db/migrator.ts';
import { openStore, type Store } from '../db/store.ts';
import { systemClock } from '../records/clock.ts';
import { registerIpc } from './ipc.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { APP_ORIGIN, applySecurityPolicy } from './security.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let store: Store | null = null;

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Two instances writing one database would fight over it; the first one wins.
  app.quit();
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 360,
    show: false,
    title: 'Outreach Tally',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  applySecurityPolicy();
  serveRenderer(path.join(here, '../renderer'));
  const dbFile = path.join(app.getPath('userData'), 'outreach-tally.db');
  try {
    store = (await openStore(dbFile)).store;
  } catch (error) {
    const message =
      error instanceof DatabaseFromNewerVersionError
        ? error.message
        : `Outreach Tally could not open its database at ${dbFile}. Nothing has been changed. ${String(error)}`;
    dialog.showErrorBox('Outreach Tally', message);
    app.exit(1);
    return;
  }
  registerIpc(
    createServiceDispatcher(
      { store, clock: systemClock },
      { onInternalError: (method, error) => console.error(`[api] ${method} failed:`, error) },
    ),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  store?.close();
  store = null;
});

void start();
