// Handlers for following long work. Once the app is running, start-up is over: the window's
// start-up screen asks before the database is open, and is answered by the start-up gate
// (main/startup/gate.ts) until then.
import { jobBoardOf } from '../../jobs/board.ts';
import { startupReady } from '../../startup/progress.ts';
import type { HandlersFor } from '../dispatcher.ts';
import type { jobsMethods } from '../methods/jobs.ts';
import type { ServiceContext } from '../services.ts';

export function jobsHandlers({ store }: ServiceContext): HandlersFor<typeof jobsMethods> {
  return {
    'jobs.progress': ({ jobId }) => ({ progress: jobBoardOf(store).progress(jobId) }),
    'startup.progress': () => startupReady,
  };
}
