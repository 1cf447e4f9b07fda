// A quiet line under the header about app updates: checking, downloading in the background,
// ready (with "Restart to update", which asks first and waits while a session is open),
// turned off by the organisation, or a failed check. Where there is no updater (the browser
// preview, a development run) and when all is current, it shows nothing.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../main/api/contract.ts';
import { ApiFailure, call } from '../api.ts';

export type UpdateBannerStatus = MethodOutput<'updates.status'>;

const BUSY_POLL_MS = 2_000;
const IDLE_POLL_MS = 60_000;

export interface UpdateBannerViewProps {
  status: UpdateBannerStatus | null;
  /** Shows the "restart now?" question. */
  confirming: boolean;
  restarting: boolean;
  problem: string | null;
  onAskRestart(): void;
  onConfirmRestart(): void;
  onCancelRestart(): void;
}

function RestartDialog({ open, version, onConfirm, onCancel }: { open: boolean; version: string; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="update-dialog" aria-labelledby="update-dialog-title" onClose={onCancel}>
      <h2 id="update-dialog-title">{t('updates.confirmTitle')}</h2>
      <p>{t('updates.confirmBody', { version })}</p>
      <div className="form-actions">
        <button type="button" className="button" onClick={onConfirm}>
          {t('updates.confirmRestart')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} autoFocus>
          {t('updates.confirmCancel')}
        </button>
      </div>
    </dialog>
  );
}

/** The banner for one status; no data fetching, so tests can render every state. */
export function UpdateBannerView({ status, confirming, restarting, problem, onAskRestart, onConfirmRestart, onCancelRestart }: UpdateBannerViewProps) {
  const { t } = useTranslation();
  if (!status) return null;
  switch (status.state) {
    case 'unavailable':
    case 'idle':
      return null;
    case 'disabled':
      if (status.reason === 'not-configured') return null;
      return (
        <p className="update-banner update-banner--muted" role="status">
          {t(status.reason === 'policy' ? 'updates.disabledByPolicy' : 'updates.policyUnreadable')}
        </p>
      );
    case 'checking':
      return (
        <p className="update-banner update-banner--muted" role="status">
          {t('updates.checking')}
        </p>
      );
    case 'downloading':
      return (
        <p className="update-banner" role="status">
          {t('updates.downloading', { version: status.version, percent: status.percent })}
        </p>
      );
    case 'error':
      return (
        <p className="update-banner update-banner--muted" role="status">
          {t('updates.failed', { reason: t(`updates.errorReasons.${status.code}`) })}
        </p>
      );
    case 'ready':
      return (
        <div className="update-banner status-message" role="status">
          {status.sessionOpen ? (
            <p>{t('updates.readyAfterSession', { version: status.version })}</p>
          ) : (
            <>
              <p>{t('updates.ready', { version: status.version })}</p>
              <button type="button" className="button button--small" onClick={onAskRestart} disabled={restarting}>
                {restarting ? t('updates.restarting') : t('updates.restart')}
              </button>
            </>
          )}
          {problem && <p className="field-error">{problem}</p>}
          <RestartDialog open={confirming} version={status.version} onConfirm={onConfirmRestart} onCancel={onCancelRestart} />
        </div>
      );
  }
}

export function UpdateBanner() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<UpdateBannerStatus | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [restarting, setRestarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let next: UpdateBannerStatus | null = null;
      try {
        next = await call('updates.status', {});
      } catch {
        // An older main process without the method, or a passing failure: try again later.
      }
      if (stopped) return;
      if (next) setStatus(next);
      if (next?.state === 'unavailable') return; // nothing will change: stop asking
      const busy = next?.state === 'checking' || next?.state === 'downloading';
      timer = setTimeout(() => void poll(), busy ? BUSY_POLL_MS : IDLE_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const confirmRestart = useCallback(async () => {
    setConfirming(false);
    setProblem(null);
    setRestarting(true);
    try {
      await call('updates.restart', {});
    } catch (error) {
      setRestarting(false);
      setProblem(error instanceof ApiFailure ? t(error.payload.messageKey, error.payload.values) : t('errors.internal'));
      const fresh = await call('updates.status', {}).catch(() => null);
      if (fresh) setStatus(fresh);
    }
  }, [t]);

  return (
    <UpdateBannerView
      status={status}
      confirming={confirming}
      restarting={restarting}
      problem={problem}
      onAskRestart={() => setConfirming(true)}
      onConfirmRestart={() => void confirmRestart()}
      onCancelRestart={() => setConfirming(false)}
    />
  );
}
