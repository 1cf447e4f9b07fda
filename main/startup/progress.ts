// What the app says about itself while it starts: opening the database, the safety copy taken
// before an update of its layout, then each step of that update (a migration's statements).
// A big database's update can take many seconds; the window shows these counts as a
// determinate progress bar meanwhile. Plain types: the contract and the renderer share them.

export interface StartupProgress {
  state: 'starting' | 'ready';
  /** `opening`: the file; `backup`: the copy kept before updating; `updating`: the migrations' steps. */
  phase: 'opening' | 'backup' | 'updating' | 'ready';
  done: number;
  total: number;
}

export const startupOpening: StartupProgress = { state: 'starting', phase: 'opening', done: 0, total: 1 };
export const startupReady: StartupProgress = { state: 'ready', phase: 'ready', done: 1, total: 1 };
