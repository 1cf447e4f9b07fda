// Methods for following long work. A long method (an import, an export, a backup, a restore)
// takes an optional `jobId` the page makes up; while that call is on its way, `jobs.progress`
// with the same id says how far it is. Polling works the same over IPC and HTTP.
// `startup.progress` answers even while the database is still being opened and updated.
import { z } from 'zod';
import type { JobProgress } from '../../jobs/progress.ts';

// The phases' order is plain data the page needs too (to draw one bar across a job's phases).
export { jobPhases } from '../../jobs/progress.ts';
import type { StartupProgress } from '../../startup/progress.ts';
import { method, none } from '../schema-parts.ts';

/** The id a page gives a long call so it can ask how far the call is. */
export const jobId = z.uuid({ error: 'errors.invalidInput' }).optional();

export const jobsMethods = {
  // Volunteer level: it tells only how far a job is whose id the page made up, and polling must
  // not stretch a coordinator's PIN time.
  'jobs.progress': method('volunteer', z.object({ jobId: z.uuid({ error: 'errors.invalidInput' }) }).strict()).returns<{ progress: JobProgress | null }>(),
  'startup.progress': method('open', none).returns<StartupProgress>(),
};
