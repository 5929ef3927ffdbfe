// One folder's messages (or its conversations: one row per thread), paged with the `before` cursor,
// refreshed on 'messages.changed'.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageListItem } from '../../../../shared/types';
import { mss } from '../../bridge';
import { errorText, useBridgeEvent } from '../mail/hooks';

export const PAGE_SIZE = 200;

export interface MessageListState {
  items: MessageListItem[];
  next: number | null;
  total: number;
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
}

const EMPTY: MessageListState = { items: [], next: null, total: 0, loading: false, loadingMore: false, error: null };

// ---- Mailboxes & audit (switching): the last first page of each folder list is kept in memory, so coming
// back to a BAL shows its list at once, then the fresh page replaces it. Only folders of the BAL on
// screen are ever asked for, so nothing of a BAL the person may not open can show.
const firstPages = new Map<string, MessageListState>();
const MAX_CACHED_LISTS = 30;
function remember(key: string, state: MessageListState): void {
  firstPages.delete(key);
  firstPages.set(key, state);
  if (firstPages.size > MAX_CACHED_LISTS) firstPages.delete(firstPages.keys().next().value!);
}
/** Lets the switcher prefetch the INBOX of the other BALs (default sort, all messages). */
export function primeFirstPage(folderId: number, page: { items: MessageListItem[]; next: number | null; total: number }): void {
  remember(`${folderId}:date-desc:false:false`, { ...page, loading: false, loadingMore: false, error: null });
}
// ---- end Mailboxes & audit

export function useMessageList(folderId: number | null, sort: 'date-desc' | 'date-asc', unreadOnly: boolean, threads = false) {
  const [state, setState] = useState<MessageListState>(EMPTY);
  const generation = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  const load = useCallback(
    (limit: number, keep: boolean) => {
      if (folderId === null) {
        setState(EMPTY);
        return;
      }
      const gen = ++generation.current;
      const key = `${folderId}:${sort}:${unreadOnly}:${threads}`;
      const cached = firstPages.get(key);
      setState((s) => (keep ? s : cached ? { ...cached } : { ...EMPTY, loading: true }));
      mss
        .invoke('messages.list', { folderId, limit, sort, unreadOnly, threads })
        .then((page) => {
          if (gen !== generation.current) return;
          const next = { items: page.items, next: page.next, total: page.total, loading: false, loadingMore: false, error: null };
          if (limit <= PAGE_SIZE) remember(key, next);
          setState(next);
        })
        .catch((e: unknown) => {
          if (gen !== generation.current) return;
          setState((s) => ({ ...s, loading: false, loadingMore: false, error: errorText(e) }));
        });
    },
    [folderId, sort, unreadOnly, threads],
  );

  useEffect(() => load(PAGE_SIZE, false), [load]);

  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (folderId === null || s.next === null || s.loadingMore || s.loading) return;
    const gen = generation.current;
    setState((x) => ({ ...x, loadingMore: true }));
    mss
      .invoke('messages.list', { folderId, limit: PAGE_SIZE, before: s.next, sort, unreadOnly, threads })
      .then((page) => {
        if (gen !== generation.current) return;
        setState((x) => {
          const seen = new Set(x.items.map((i) => i.id));
          return {
            ...x,
            items: [...x.items, ...page.items.filter((i) => !seen.has(i.id))],
            next: page.next,
            total: page.total,
            loadingMore: false,
          };
        });
      })
      .catch((e: unknown) => {
        if (gen === generation.current) setState((x) => ({ ...x, loadingMore: false, error: errorText(e) }));
      });
  }, [folderId, sort, unreadOnly, threads]);

  // Live refresh: reload what is shown (at most 500 rows; older pages come back on scroll).
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // ---- Mailboxes & audit: the timer calls the latest `load` (a refresh queued for the previous folder
  // must not bring that folder's rows back after a switch of BAL).
  const loadRef = useRef(load);
  loadRef.current = load;
  useBridgeEvent('messages.changed', (p) => {
    if (folderId === null || !p.folderIds.includes(folderId) || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      loadRef.current(Math.min(500, Math.max(PAGE_SIZE, stateRef.current.items.length)), true);
    }, 150);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  /** Optimistic local change (the engine's 'messages.changed' brings the truth right after). */
  const patch = useCallback((ids: readonly number[], change: Partial<MessageListItem> | null) => {
    const set = new Set(ids);
    setState((s) => ({
      ...s,
      items: change ? s.items.map((i) => (set.has(i.id) ? { ...i, ...change } : i)) : s.items.filter((i) => !set.has(i.id)),
      total: change ? s.total : Math.max(0, s.total - ids.length),
    }));
  }, []);

  return { ...state, loadMore, patch, reload: () => load(PAGE_SIZE, true) };
}
