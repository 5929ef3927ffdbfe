// The unified inbox: INBOX messages of every BAL of the person, newest first, paged with a cursor and
// refreshed when any BAL's messages change.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UnifiedMessageItem } from '../../../../shared/types';
import { mss } from '../../bridge';
import { errorText, useBridgeEvent } from '../mail/hooks';

export const UNIFIED_PAGE = 100;

export interface UnifiedState {
  items: UnifiedMessageItem[];
  next: number | null;
  total: number;
  loading: boolean;
  error: string | null;
}

export function useUnifiedList() {
  const [state, setState] = useState<UnifiedState>({ items: [], next: null, total: 0, loading: true, error: null });
  const generation = useRef(0);
  const shown = useRef(UNIFIED_PAGE);

  const load = useCallback((limit: number) => {
    const gen = ++generation.current;
    mss
      .invoke('mailboxes.unified', { limit })
      .then((page) => {
        if (gen === generation.current) setState({ items: page.items, next: page.next, total: page.total, loading: false, error: null });
      })
      .catch((e: unknown) => {
        if (gen === generation.current) setState((s) => ({ ...s, loading: false, error: errorText(e) }));
      });
  }, []);

  useEffect(() => load(UNIFIED_PAGE), [load]);

  const loadMore = useCallback(() => {
    shown.current = Math.min(500, shown.current + UNIFIED_PAGE);
    load(shown.current);
  }, [load]);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      load(shown.current);
    }, 200);
  };
  useBridgeEvent('messages.changed', refresh);
  useBridgeEvent('mailboxes.changed', refresh);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  const patch = useCallback((id: number, change: Partial<UnifiedMessageItem> | null) => {
    setState((s) => ({
      ...s,
      items: change ? s.items.map((i) => (i.id === id ? { ...i, ...change } : i)) : s.items.filter((i) => i.id !== id),
    }));
  }, []);

  return { ...state, loadMore, patch };
}
