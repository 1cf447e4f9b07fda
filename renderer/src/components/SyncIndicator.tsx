// Always in the header: whether counts are waiting, sent, or stuck, in words (not colour
// alone), and whether the browser thinks it is online. Refreshes every half minute.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../main/api/contract.ts';
import { useContract } from '../app/useContract.ts';
import { formatDateTime } from '../format.ts';

/** The status, a way to ask again, and why the last read failed (for a screen; the header shows none). */
export function useSyncStatus(refreshMs = 30_000): [SyncStatus | null, () => void, unknown] {
  const [beat, setBeat] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setBeat((n) => n + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  // A failed refresh keeps the last status shown: the header is no place for an error.
  const { value, reload, error } = useContract('sync.status', {}, { version: beat });
  return [value ?? null, reload, error];
}

export function SyncIndicator({ onOpen }: { onOpen(): void }) {
  const { t, i18n } = useTranslation();
  const [status] = useSyncStatus();
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  if (!status) return null;
  let text: string;
  let tone = 'neutral';
  if (status.state === 'not_enrolled') text = t('sync.indicator.notEnrolled');
  else if (status.state === 'stopped') {
    text = t('sync.indicator.stopped');
    tone = 'warning';
  } else if (!online) text = t('sync.indicator.offline');
  else if (status.pending > 0) text = t('sync.indicator.waiting', { count: status.pending });
  else text = t('sync.indicator.idle');
  const when = status.lastSentAt ? t('sync.indicator.lastSent', { when: formatDateTime(status.lastSentAt, i18n.language) }) : '';
  return (
    // The name is built from the visible words (WCAG 2.5.3, label in name), with the hidden
    // "Sync status:" prefix saying what the button is about.
    <button type="button" className={`sync-indicator sync-indicator--${tone}`} onClick={onOpen}>
      <span className="visually-hidden">{t('sync.indicator.label')}: </span>
      <span aria-hidden="true">{tone === 'warning' ? '⚠ ' : '⇅ '}</span>
      <span>{text}</span>
      {when && <span className="sync-indicator__when"> {when}</span>}
    </button>
  );
}
