// The window's security policy in one place: what the renderer may load, where it may
// navigate, and which permissions it gets (none). Electron's security checklist, applied:
// https://www.electronjs.org/docs/latest/tutorial/security (README "Security" maps each item).
import { app, session, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../api/content-security-policy.ts';

export const APP_ORIGIN = 'app://outreach';

export { CONTENT_SECURITY_POLICY };

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** A blob: URL the app's own page made (exports, backups, the import template, support logs). */
function isAppBlobUrl(url: string): boolean {
  return url.startsWith(`blob:${APP_ORIGIN}/`);
}

function lockDown(contents: WebContents): void {
  // The app is one page: nothing may take a window or a frame anywhere else.
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  // No <webview> (webviewTag is off too); strip what one would be given, then refuse it.
  contents.on('will-attach-webview', (event, webPreferences) => {
    delete webPreferences.preload;
    webPreferences.nodeIntegration = false;
    webPreferences.contextIsolation = true;
    event.preventDefault();
  });
  // No new windows, and nothing handed to the OS browser: shell.openExternal is never used.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (app.isPackaged) {
    // devTools is off in packaged builds; this catches any path that opens them anyway.
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

/** Permissions, devices, screen capture and downloads, for every session the app has. */
function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  // The only downloads are files the app's own page built from bytes main returned; never a URL.
  ses.on('will-download', (event, item) => {
    if (!isAppBlobUrl(item.getURL())) event.preventDefault();
  });
}

export function applySecurityPolicy(): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('session-created', hardenSession);
  const ses = session.defaultSession;
  hardenSession(ses);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // Nothing remote: any request that is not to the app's own protocol is cancelled. (The
  // updater uses its own session, outside this filter.)
  const devtools = !app.isPackaged;
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || isAppBlobUrl(details.url) || (devtools && details.url.startsWith('devtools://'));
    callback({ cancel: !allowed });
  });
}
