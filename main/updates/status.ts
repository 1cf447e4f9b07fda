// What the update banner can show. Plain data: it crosses IPC and the harness's HTTP as JSON.

export type UpdateErrorCode = 'offline' | 'feed-unreachable' | 'feed-invalid' | 'download-failed' | 'verification-failed' | 'unknown';

export type UpdateStatus =
  /** No updater here (the harness, a development run): the banner shows nothing. */
  | { state: 'unavailable' }
  /** Turned off by an organisation policy, or by a build with no update URL. */
  | { state: 'disabled'; reason: 'policy' | 'policy-invalid' | 'not-configured' }
  | { state: 'idle'; currentVersion: string; lastCheckedAt: string | null }
  | { state: 'checking'; currentVersion: string }
  /** A newer version was found and is downloading in the background. */
  | { state: 'downloading'; currentVersion: string; version: string; percent: number }
  /** Downloaded and verified; installs on restart (which the volunteer is asked about) or on quit. */
  | { state: 'ready'; currentVersion: string; version: string }
  | { state: 'error'; currentVersion: string; code: UpdateErrorCode; nextCheckAt: string | null };

/** The banner's view: the status plus whether a session is open (which defers the restart). */
export type UpdateStatusView = UpdateStatus & { sessionOpen: boolean };
