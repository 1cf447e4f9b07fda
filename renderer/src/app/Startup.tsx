// The first thing the window shows: while the main process is still opening the database (and
// updating an older one, which takes a while on a big file) a start-up screen with a determinate
// progress bar; the app itself once the services are ready. The same in Electron and the harness.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StartupProgress } from '../../../main/api/contract.ts';
import { call } from '../api.ts';
import { ProgressTrack } from '../components/JobProgress.tsx';
import { formatNumber } from '../format.ts';

const POLL_MS = 250;

function StartupScreen({ progress }: { progress: StartupProgress }) {
  const { t, i18n } = useTranslation();
  const percent = progress.phase === 'updating' && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  const text = t(`startup.progress.${progress.phase === 'ready' ? 'opening' : progress.phase}`, {
    done: formatNumber(progress.done, i18n.language),
    total: formatNumber(progress.total, i18n.language),
  });
  // Announced once per phase, not at every step.
  const phaseText = t(`startup.progress.${progress.phase === 'updating' ? 'title' : 'opening'}`);
  return (
    <main className="startup-screen" data-testid="startup-screen">
      <h1>{t('startup.progress.title')}</h1>
      <div className="job-progress">
        <ProgressTrack id="startup-progress" text={text} percent={percent} />
      </div>
      <p>{t('startup.progress.wait')}</p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {progress.phase === 'updating' ? phaseText : ''}
      </p>
    </main>
  );
}

export function Startup({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<StartupProgress | null>(null);
  useEffect(() => {
    let active = true;
    const follow = async () => {
      while (active) {
        let now: StartupProgress;
        try {
          now = await call('startup.progress', {});
        } catch {
          // Nothing to follow: let the app load and say what is wrong in its own way.
          now = { state: 'ready', phase: 'ready', done: 1, total: 1 };
        }
        if (!active) return;
        setProgress(now);
        if (now.state === 'ready') return;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };
    void follow();
    return () => {
      active = false;
    };
  }, []);
  if (progress === null) return <p className="visually-hidden">{t('app.loading')}</p>;
  if (progress.state !== 'ready') return <StartupScreen progress={progress} />;
  return <>{children}</>;
}
