// Locks the app after the configured idle time: any key press, click, touch, scroll or mouse
// movement starts the count again. The main process is told, so the lock holds there too.
import { useEffect } from 'react';

const activity = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdleLock(enabled: boolean, idleSeconds: number, onIdle: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    let timer = setTimeout(onIdle, idleSeconds * 1000);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, idleSeconds * 1000);
    };
    for (const event of activity) window.addEventListener(event, restart, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const event of activity) window.removeEventListener(event, restart, { capture: true });
    };
  }, [enabled, idleSeconds, onIdle]);
}
