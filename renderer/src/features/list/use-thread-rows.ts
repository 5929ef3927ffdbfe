// Conversation view of the list: thread rows (from messages.list with `threads`) and, under each expanded
// one, its messages (messages.thread, oldest first), flattened into the rows the virtualized tree shows.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MessageListItem, SearchHit, ThreadMessageItem } from '../../../../shared/types';
import { mss } from '../../bridge';
import { errorText, useBridgeEvent } from '../mail/hooks';

export type ListRow =
  /** A message on its own (flat list, search results, or a conversation of one message). */
  | { kind: 'message'; key: string; domId: string; item: MessageListItem | SearchHit; pos: number }
  | { kind: 'thread'; key: string; domId: string; item: MessageListItem; pos: number; expanded: boolean; loading: boolean }
  | { kind: 'child'; key: string; domId: string; item: ThreadMessageItem; parentKey: string; pos: number; size: number };

/** Rows of a flat list (ids kept as before: `msg-<id>`). */
export function flatRows(items: readonly (MessageListItem | SearchHit)[]): ListRow[] {
  return items.map((item, i) => ({ kind: 'message', key: `m${item.id}`, domId: `msg-${item.id}`, item, pos: i + 1 }));
}

const threadKeyOf = (item: MessageListItem) => item.threadId ?? `#${item.id}`;
const MAX_IDS = 5000; // contract limit of one flag/delete call

export function useThreadRows(items: readonly MessageListItem[] | null, folderId: number | null) {
  /** Expanded threads (by thread id): their messages, or null while loading. */
  const [open, setOpen] = useState<ReadonlyMap<string, ThreadMessageItem[] | null>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const folderRef = useRef(folderId);
  folderRef.current = folderId;
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const enabled = items !== null;
  useEffect(() => setOpen(new Map()), [folderId, enabled]);

  const fetchChildren = useCallback(async (item: MessageListItem): Promise<ThreadMessageItem[]> => {
    const folder = folderRef.current;
    if (folder === null) return [];
    return mss.invoke('messages.thread', { id: item.id, folderId: folder });
  }, []);

  const load = useCallback(
    (item: MessageListItem) => {
      const key = threadKeyOf(item);
      const folder = folderRef.current;
      fetchChildren(item)
        .then((children) => {
          if (folderRef.current !== folder) return;
          setOpen((m) => (m.has(key) ? new Map(m).set(key, children) : m));
        })
        .catch((e: unknown) => {
          setError(errorText(e));
          setOpen((m) => {
            const next = new Map(m);
            next.delete(key);
            return next;
          });
        });
    },
    [fetchChildren],
  );

  const expand = useCallback(
    (item: MessageListItem) => {
      setError(null);
      setOpen((m) => (m.has(threadKeyOf(item)) ? m : new Map(m).set(threadKeyOf(item), null)));
      load(item);
    },
    [load],
  );
  const collapse = useCallback((item: MessageListItem) => {
    setOpen((m) => {
      if (!m.has(threadKeyOf(item))) return m;
      const next = new Map(m);
      next.delete(threadKeyOf(item));
      return next;
    });
  }, []);
  const isOpen = useCallback((item: MessageListItem) => open.has(threadKeyOf(item)), [open]);

  // Live refresh of the expanded conversations (the list itself reloads on the same event).
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const openRef = useRef(open);
  openRef.current = open;
  useBridgeEvent('messages.changed', () => {
    if (openRef.current.size === 0 || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      for (const item of itemsRef.current ?? []) if (openRef.current.has(threadKeyOf(item))) load(item);
    }, 300);
  });
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  const rows = useMemo((): ListRow[] => {
    if (!items) return [];
    const out: ListRow[] = [];
    for (const [i, item] of items.entries()) {
      const pos = i + 1;
      if ((item.thread?.size ?? 1) <= 1) {
        out.push({ kind: 'message', key: `m${item.id}`, domId: `msg-${item.id}`, item, pos });
        continue;
      }
      const key = `t${item.id}`;
      const children = open.get(threadKeyOf(item));
      out.push({ kind: 'thread', key, domId: `thread-${item.id}`, item, pos, expanded: children !== undefined, loading: children === null });
      children?.forEach((c, i) =>
        out.push({ kind: 'child', key: `${key}:${c.id}`, domId: `msg-${item.id}-${c.id}`, item: c, parentKey: key, pos: i + 1, size: children.length }),
      );
    }
    return out;
  }, [items, open]);

  /**
   * Message ids a thread action applies to: the whole conversation, or only its messages in the folder
   * listed (so that marking unread / flagging never touches the copies kept in Sent).
   */
  const idsOf = useCallback(
    async (item: MessageListItem, scope: 'conversation' | 'folder'): Promise<number[]> => {
      const children = open.get(threadKeyOf(item)) ?? (await fetchChildren(item));
      const chosen = scope === 'folder' ? children.filter((c) => c.otherFolder === null) : children;
      return chosen.length > 0 ? chosen.map((c) => c.id).slice(0, MAX_IDS) : [item.id];
    },
    [open, fetchChildren],
  );

  /** Optimistic change of expanded messages (null removes them). */
  const patchChildren = useCallback((ids: readonly number[], change: Partial<ThreadMessageItem> | null) => {
    const set = new Set(ids);
    setOpen((m) => {
      const next = new Map<string, ThreadMessageItem[] | null>();
      for (const [k, list] of m) {
        next.set(k, list && (change ? list.map((c) => (set.has(c.id) ? { ...c, ...change } : c)) : list.filter((c) => !set.has(c.id))));
      }
      return next;
    });
  }, []);

  return { rows, expand, collapse, isOpen, idsOf, patchChildren, error };
}
