// The Electron shell: one locked-down window over the same services the tests exercise.
// Everything here is wiring; the behaviour lives in plain TypeScript under main/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, safeStorage } from 'electron';
import { createServiceDispatcher } from '../api/services.ts';
import { openStoreWithRecovery, watchDatabaseHealth, type RecoveryAnswer, type RecoveryPrompt } from '../db/health.ts';
import type { Store } from '../db/store.ts';
import { createElectronLogLogger } from '../logging/electron-log.ts';
import type { UpdateController } from '../updates/controller.ts';
import { systemClock } from '../../shared/clock.ts';
import { createStartupGate } from '../startup/gate.ts';
import { recoveryDialog, startFailureMessage, startupTranslator } from '../startup/messages.ts';
import { startSync } from './sync.ts';
import { loadDatabaseKey } from './db-key.ts';
import { registerIpc } from './ipc.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { APP_ORIGIN, applySecurityPolicy } from './security.ts';
import { startUpdates } from './updater.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let store: Store | null = null;

registerAppScheme();
// Every renderer sandboxed, whatever a window's own options say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Two instances writing one database would fight over it; the first one wins.
  app.quit();
}

// In the computer's own language: no profile has chosen one yet.
const say = () => startupTranslator(app.getPreferredSystemLanguages());

// The database is damaged: say so, and offer the newest automatic backup; the damaged file is kept.
async function askToRecover(prompt: RecoveryPrompt): Promise<RecoveryAnswer> {
  const text = recoveryDialog(say(), { backupTakenAt: prompt.backup?.takenAt ?? null, folder: path.dirname(prompt.file), problems: prompt.problems, ...(prompt.reason ? { reason: prompt.reason } : {}) });
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Outreach Tally',
    message: text.message,
    detail: text.detail,
    buttons: text.buttons,
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  return response === 0 ? 'recover' : 'quit';
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
      webviewTag: false,
      navigateOnDragDrop: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  const logger = createElectronLogLogger({ file: path.join(app.getPath('logs'), 'main.log'), console: !app.isPackaged, catchErrors: true });
  applySecurityPolicy();
  serveRenderer(path.join(here, '../renderer'));
  // The window comes up at once and shows the start-up screen: updating a big older database
  // can take a while, and the gate tells the page how far it is until the services are ready.
  const gate = createStartupGate();
  registerIpc(gate.dispatch);
  createWindow();
  const dbFile = path.join(app.getPath('userData'), 'outreach-tally.db');
  try {
    const key = await loadDatabaseKey(dbFile, { userData: app.getPath('userData'), safeStorage });
    const opened = await openStoreWithRecovery(dbFile, { key, ask: askToRecover, onMigrationProgress: gate.report });
    if (!opened) return app.exit(1);
    store = opened.store;
  } catch (error) {
    logger.error('database.openFailed', error);
    dialog.showErrorBox('Outreach Tally', startFailureMessage(say(), error, dbFile));
    app.exit(1);
    return;
  }
  // Wired after the window, so the services ask for it at each call.
  let updates: UpdateController | null = null;
  gate.open(
    createServiceDispatcher(
      { store, clock: systemClock, sync: startSync(store, logger), logger, appVersion: app.getVersion(), updates: () => updates },
      {
        onInternalError: (method, error) => logger.error('api.failed', error, { method }),
        onRefused: (method, refusal) => logger.warn('api.refused', { method, code: refusal.code, fields: refusal.fields.join(' ') }),
      },
    ),
  );
  // Off the main thread: a quick check of the whole file, then the daily backup (last 7 kept).
  watchDatabaseHealth(store, {
    ask: async (prompt) => {
      const answer = await askToRecover(prompt);
      if (answer === 'quit') app.quit(); // the file is left as it is
      return answer;
    },
    onRecovered: () => BrowserWindow.getAllWindows().forEach((window) => window.reload()),
    onError: (error) => logger.error('db.health', error),
  });
  updates = startUpdates(logger);
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
