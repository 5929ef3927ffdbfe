// Locks the session after the chosen minutes without a key press, click, scroll or touch in the window.
import { useEffect, useRef } from 'react';
import { mss } from '../../bridge';
import { IdleTimer } from './idle-timer';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useAutoLock(minutes: number | undefined, enabled: boolean): void {
  const timer = useRef<IdleTimer | null>(null);
  useEffect(() => {
    if (!enabled || !minutes) return;
    const t = new IdleTimer(minutes * 60_000, () => {
      void mss.invoke('auth.lock', { reason: 'idle' }).catch(() => undefined);
    });
    timer.current = t;
    const touch = () => t.touch();
    for (const e of ACTIVITY) window.addEventListener(e, touch, { capture: true, passive: true });
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, touch, { capture: true });
      t.stop();
      timer.current = null;
    };
    // A new delay re-creates the timer from now: changing it is itself an activity.
  }, [minutes, enabled]);
}
