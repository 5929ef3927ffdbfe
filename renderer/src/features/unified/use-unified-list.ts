// The unified inbox: INBOX messages of every BAL of the person (newest or oldest first, unread only if
// asked), paged with a cursor and refreshed when any BAL's messages change. A search looks through every
// folder of all the person's BALs.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BalSummary, SearchHit, UnifiedMessageItem } from '../../../../shared/types';
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

export interface UnifiedFilters {
  unreadOnly: boolean;
  sort: 'date-desc' | 'date-asc';
}

export function useUnifiedList({ unreadOnly, sort }: UnifiedFilters) {
  const [state, setState] = useState<UnifiedState>({ items: [], next: null, total: 0, loading: true, error: null });
  const generation = useRef(0);
  const shown = useRef(UNIFIED_PAGE);

  const load = useCallback((limit: number) => {
    const gen = ++generation.current;
    mss
      .invoke('mailboxes.unified', { limit, unreadOnly, sort })
      .then((page) => {
        if (gen === generation.current) setState({ items: page.items, next: page.next, total: page.total, loading: false, error: null });
      })
      .catch((e: unknown) => {
        if (gen === generation.current) setState((s) => ({ ...s, loading: false, error: errorText(e) }));
      });
  }, [unreadOnly, sort]);

  useEffect(() => {
    shown.current = UNIFIED_PAGE;
    load(UNIFIED_PAGE);
  }, [load]);

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

/** Search hits of all the person's BALs as unified rows (each with its BAL and folder), filtered and sorted. */
export function useUnifiedSearch(q: string, mailboxes: BalSummary[] | undefined, { unreadOnly, sort }: UnifiedFilters) {
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    if (q.trim().length < 2) {
      setHits(null);
      setSearching(false);
      return;
    }
    let alive = true;
    setSearching(true);
    mss.invoke('search.query', { q, limit: 200 }).then(
      (h) => alive && (setHits(h), setError(null), setSearching(false)),
      (e: unknown) => alive && (setError(errorText(e)), setSearching(false)),
    );
    return () => {
      alive = false;
    };
  }, [q]);
  const byBal = new Map((mailboxes ?? []).map((b) => [b.address.toLowerCase(), b]));
  const items: Array<UnifiedMessageItem & { folderName: string }> | null = hits
    ? hits
        .filter((h) => !unreadOnly || !h.seen)
        .map((h) => {
          const bal = byBal.get(h.bal.toLowerCase());
          return { ...h, balType: bal?.type ?? 'APP', balLabel: bal?.label ?? h.bal };
        })
        .sort((a, b) => (sort === 'date-asc' ? a.date - b.date : b.date - a.date))
    : null;
  return { items, error, searching };
}
