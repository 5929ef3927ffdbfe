// Small hooks shared by the mail panes.
import { useEffect, useRef, useState } from 'react';
import type { EventName, EventPayload } from '../../../../shared/contract';
import { mss } from '../../bridge';
import { newMailTitle } from './format';

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** Subscribes to a bridge event with the latest listener, without resubscribing on every render. */
export function useBridgeEvent<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => mss.on(name, (p) => ref.current(p)), [name]);
}

/** Error text of a failed bridge call (already a French sentence from main). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** "(3) Messagerie MSSanté": counts new mail that arrived while the window was not looked at. */
export function useNewMailBadge(baseTitle: string): void {
  const [count, setCount] = useState(0);
  useBridgeEvent('mail.new', (p) => {
    if (document.hidden || !document.hasFocus()) setCount((c) => c + Math.max(0, p.count));
  });
  useEffect(() => {
    const reset = () => {
      if (!document.hidden) setCount(0);
    };
    window.addEventListener('focus', reset);
    document.addEventListener('visibilitychange', reset);
    return () => {
      window.removeEventListener('focus', reset);
      document.removeEventListener('visibilitychange', reset);
    };
  }, []);
  useEffect(() => {
    document.title = newMailTitle(baseTitle, count);
  }, [baseTitle, count]);
}
