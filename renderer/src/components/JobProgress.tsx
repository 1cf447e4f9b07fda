// How far a long job (an import, an export, a backup, a restore) is: a determinate progress bar
// whose text says the phase and the counts ("Importing: checking 40,000 of 100,000 rows"), and a
// polite announcement when the phase changes or another quarter is done — not at every poll.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { jobPhases } from '../../../main/api/contract.ts';
import type { JobKind, JobProgress as Progress } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { formatNumber } from '../format.ts';

const POLL_MS = 250;

/** The whole job's share done, 0–100: its phases in order, each an equal part. */
export function percentOf(progress: Progress): number {
  const phases: readonly string[] = jobPhases[progress.kind];
  const index = Math.max(0, phases.indexOf(progress.phase));
  const within = progress.total > 0 ? progress.done / progress.total : 0;
  return Math.min(100, Math.floor(((index + within) / phases.length) * 100));
}

/**
 * Runs long calls as jobs: `run(jobId => call(…, { jobId }))` polls `jobs.progress` while the
 * call is on its way. `running` says a job of this screen is on (its buttons stay disabled).
 */
export function useJob(kind: JobKind) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async <T,>(start: (jobId: string) => Promise<T>): Promise<T> => {
      const jobId = crypto.randomUUID();
      let active = true;
      setRunning(true);
      setProgress({ jobId, kind, phase: jobPhases[kind][0], done: 0, total: 1, state: 'running' });
      const poll = async () => {
        while (active) {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          if (!active) break;
          try {
            const { progress: now } = await call('jobs.progress', { jobId });
            if (active && mounted.current && now?.state === 'running') setProgress(now);
          } catch {
            // A missed poll is not the job failing: the call itself says how it ended.
          }
        }
      };
      const polling = poll();
      try {
        return await start(jobId);
      } finally {
        active = false;
        await polling;
        if (mounted.current) {
          setRunning(false);
          setProgress(null);
        }
      }
    },
    [kind],
  );
  return { progress, running, run };
}

/** A labelled, determinate bar (0–100 %): the one the start-up screen shows too. */
export function ProgressTrack({ id, text, percent }: { id: string; text: string; percent: number }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <p className="job-progress__label" id={`${id}-label`}>
        {text}
      </p>
      <div
        className="job-progress__track"
        role="progressbar"
        aria-labelledby={`${id}-label`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t('jobs.percentDone', { percent: formatNumber(percent, i18n.language), text })}
      >
        <div className="job-progress__bar" style={{ width: `${percent}%` }} />
      </div>
    </>
  );
}

export function JobProgressBar({ progress, id }: { progress: Progress; id: string }) {
  const { t, i18n } = useTranslation();
  const percent = percentOf(progress);
  const text = t(`jobs.phase.${progress.kind}.${progress.phase}`, {
    done: formatNumber(progress.done, i18n.language),
    total: formatNumber(progress.total, i18n.language),
  });
  // Announced when the phase changes or another quarter is done, not at every poll.
  const milestone = `${progress.phase}:${Math.floor(percent / 25)}`;
  const [announced, setAnnounced] = useState({ milestone, text });
  useEffect(() => {
    if (milestone !== announced.milestone) setAnnounced({ milestone, text });
  }, [milestone, text, announced.milestone]);

  return (
    <div className="job-progress" data-testid={`${progress.kind}-progress`}>
      <ProgressTrack id={id} text={text} percent={percent} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announced.text}
      </p>
    </div>
  );
}
