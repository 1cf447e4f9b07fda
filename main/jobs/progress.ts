// What a long piece of work (an import, an export, a backup, a restore) says about itself while
// it runs: which phase it is in and how far through that phase, as counts a screen can show as a
// determinate progress bar. Plain types: the contract, the renderer and the services share them.

export const jobKinds = ['import', 'export', 'backup', 'restore'] as const;
export type JobKind = (typeof jobKinds)[number];

/** Each kind's phases, in the order they run; a phase's key names its text (`jobs.phase.<kind>.<phase>`). */
export const jobPhases = {
  import: ['reading', 'checking', 'saving'],
  export: ['gathering', 'writing'],
  backup: ['copying', 'packing'],
  // A backup from an older version is updated while it is still a copy: the live file is
  // replaced last, by a file that is ready.
  restore: ['copying', 'checking', 'migrating', 'replacing'],
} as const satisfies Record<JobKind, readonly string[]>;

export type JobPhase<K extends JobKind = JobKind> = (typeof jobPhases)[K][number];

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  phase: JobPhase;
  /** How far through the phase: rows, steps or megabytes, as the phase's text says. */
  done: number;
  total: number;
  state: 'running' | 'finished' | 'failed';
}
