// Always in the header: whether counts are waiting, sent, or stuck, in words (not colour
// alone), and whether the browser thinks it is online. Refreshes every half minute.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../main/sync/client.ts';
import { call } from '../api.ts';
import { formatDateTime } from '../format.ts';

export function useSyncStatus(refreshMs = 30_000): [SyncStatus | null, () => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () => void call('sync.status', {}).then((s) => live && setStatus(s), () => undefined);
    load();
    const timer = setInterval(load, refreshMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [refreshMs, tick]);
  return [status, () => setTick((t) => t + 1)];
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
