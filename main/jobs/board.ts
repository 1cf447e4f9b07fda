// Long work runs as a job: it has an id the caller chose, reports its progress here between
// chunks, and can be read by `jobs.progress` (the same over IPC and HTTP) while it runs. One
// board per database, so every window's dispatcher, and the CLI, see the same jobs. A second
// job of a kind already running is refused before it does anything; a restore swaps the whole
// file, so it runs alone.
import { DomainError } from '../../shared/errors.ts';
import type { Store } from '../db/store.ts';
import { jobPhases, type JobKind, type JobPhase, type JobProgress } from './progress.ts';

/** Reports how far a job is: its phase (in the kind's order) and the counts within it. */
export type ReportProgress<K extends JobKind = JobKind> = (phase: JobPhase<K>, done: number, total: number) => void;

// Finished jobs are kept a little while, so the screen's last poll still finds them.
const KEPT_FINISHED = 32;

export class JobBoard {
  private readonly jobs = new Map<string, JobProgress>();

  private running(): JobProgress[] {
    return [...this.jobs.values()].filter((job) => job.state === 'running');
  }

  /** What blocks a new job of `kind` now, if anything. */
  private blocker(kind: JobKind): JobProgress | undefined {
    return this.running().find((job) => job.kind === kind || job.kind === 'restore' || kind === 'restore');
  }

  /**
   * Runs `work` as a job of `kind`, refusing (errors.jobs.running.<kind of the running job>,
   * nothing done) while one of that kind, or a restore, runs.
   */
  async run<K extends JobKind, T>(kind: K, jobId: string | undefined, work: (report: ReportProgress<K>) => Promise<T> | T): Promise<T> {
    const blocking = this.blocker(kind);
    if (blocking) throw new DomainError('conflict', `errors.jobs.running.${blocking.kind}`);
    const id = jobId ?? `${kind}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    if (this.jobs.has(id)) throw new DomainError('conflict', 'errors.jobs.idInUse');
    const job: JobProgress = { jobId: id, kind, phase: jobPhases[kind][0], done: 0, total: 1, state: 'running' };
    this.jobs.set(id, job);
    const report: ReportProgress<K> = (phase, done, total) => {
      job.phase = phase;
      job.total = Math.max(1, total);
      job.done = Math.min(Math.max(0, done), job.total);
    };
    try {
      const result = await work(report);
      job.state = 'finished';
      return result;
    } catch (error) {
      job.state = 'failed';
      throw error;
    } finally {
      this.forgetOldJobs();
    }
  }

  progress(jobId: string): JobProgress | null {
    const job = this.jobs.get(jobId);
    return job ? { ...job } : null;
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((job) => job.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) this.jobs.delete(job.jobId);
  }
}

const boards = new WeakMap<Store, JobBoard>();

/** The board of the database `store` is open on. */
export function jobBoardOf(store: Store): JobBoard {
  let board = boards.get(store);
  if (!board) {
    board = new JobBoard();
    boards.set(store, board);
  }
  return board;
}

/** Lets the event loop answer others (a progress poll, a tally tap) between chunks of long work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
