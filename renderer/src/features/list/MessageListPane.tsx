// Message list pane: search box (results as you type), offline banner, first-sync progress, toolbar (sort,
// unread only, conversations) and the VIRTUALIZED list (@tanstack/react-virtual) with keyboard control:
// j/k or arrows move, Enter opens, u toggles read, s toggles the flag, Delete deletes (to the Trash; for
// good from the Trash, confirmed), a archives, m / Maj+M move / copy to a folder (picker); multi-selection
// with Ctrl/Maj+click, Maj+arrows, Ctrl+A (Escape clears), drag to a folder of the tree, context menu (right
// click, context-menu key, Maj+F10). In the conversation view (a tree) → expands a thread / goes to its
// first message, ← collapses / goes back to the thread row, and actions on a thread row act on its messages.
import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageListItem } from '../../../../shared/types';
import { EmptyState } from '../../app/EmptyState';
import { InboxIcon, SearchIcon } from '../../app/icons';
import { useWorkspace } from '../../app/workspace';
import { mss } from '../../bridge';
import { folderKind, folderLabelKey } from '../mail/folder-names';
import { errorText, useNewMailBadge } from '../mail/hooks';
import { SortIcon } from '../mail/icons';
import { useFolder } from '../mail/use-folder';
import { useSearch } from '../search/use-search';
import { MessageRow, type TreePlace } from './MessageRow';
import { useConversationsPreference } from './use-conversations';
import { flatRows, useThreadRows, type ListRow } from './use-thread-rows';
import { OfflineBanner } from './OfflineBanner';
import { IndexStatus } from './IndexStatus';
import { SyncStatus } from './SyncStatus';
import { useMessageList } from './use-message-list';
import { ArchiveListEntry } from '../archive/ArchiveListEntry'; // ---- Archive & export
import { useCompose } from '../compose/compose-context';
import { ContextMenu, type MenuEntry } from '../filing/ContextMenu';
import { setDraggedMessages } from '../filing/drag';
import { useFiling, type Filed } from '../filing/filing-context';
import { requestPrint } from '../filing/print-request';
import { SelectionBar } from '../filing/SelectionBar';
import { useKeepOfflineAllowed } from '../filing/use-keep-offline-allowed';
import { useFirstSync } from './use-first-sync';
import { useListSelection } from './use-list-selection';
import '../../styles/mail.css';
import './conversations.css';

const ROW_HEIGHT = 72;

function isTypingTarget(e: React.KeyboardEvent): boolean {
  const el = e.target as HTMLElement;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export const MessageListPane = forwardRef<HTMLElement, { searchRef: React.RefObject<HTMLInputElement | null> }>(
  function MessageListPane({ searchRef }, ref) {
    const { t, i18n } = useTranslation();
    const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR');
    const { activeBal, folderId, messageId, setMessageId, query, setQuery } = useWorkspace();
    const bal = activeBal?.address ?? null;
    const [sort, setSort] = useState<'date-desc' | 'date-asc'>('date-desc');
    const [unreadOnly, setUnreadOnly] = useState(false);
    const [actionError, setActionError] = useState<string | null>(null);
    const [conversations, setConversations] = useConversationsPreference();
    const list = useMessageList(folderId, sort, unreadOnly, conversations);
    const search = useSearch(query, bal);
    const folder = useFolder(bal, folderId);
    const firstSync = useFirstSync(folder);
    const filing = useFiling();
    const compose = useCompose();
    const keepOfflineAllowed = useKeepOfflineAllowed(activeBal);
    const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
    useNewMailBadge(t('app.name'));

    const searching = search.active;
    // Search results stay flat; only the folder list is grouped by conversation.
    const threaded = conversations && !searching;
    const items: MessageListItem[] = searching ? (search.hits ?? []) : list.items;
    const tree = useThreadRows(threaded ? list.items : null, folderId);
    const flat = useMemo(() => flatRows(items), [items]);
    const rows: ListRow[] = threaded ? tree.rows : flat;
    const rowKeys = useMemo(() => rows.map((r) => r.key), [rows]);
    const selection = useListSelection(rowKeys, `${bal}\u0000${folderId}\u0000${searching}\u0000${threaded}`);
    const scrollRef = useRef<HTMLDivElement>(null);
    const virtualizer = useVirtualizer({
      count: rows.length,
      getScrollElement: () => scrollRef.current,
      estimateSize: () => ROW_HEIGHT,
      overscan: 12,
      getItemKey: (i) => rows[i]?.key ?? i,
    });
    const virtualItems = virtualizer.getVirtualItems();

    // Infinite paging: the next (older) page is asked for when the end comes near.
    const lastVisible = virtualItems.at(-1)?.index ?? -1;
    useEffect(() => {
      if (!searching && lastVisible >= rows.length - 40 && list.next !== null) list.loadMore();
    }, [lastVisible, searching, list, rows.length]);

    // The same message can show twice (thread row and, expanded, its own row): the row clicked is kept.
    const [selectedKey, setSelectedKey] = useState<string | null>(null);
    const selectedIndex = useMemo(() => {
      if (messageId === null) return -1;
      const exact = rows.findIndex((r) => r.key === selectedKey && r.item.id === messageId);
      return exact >= 0 ? exact : rows.findIndex((r) => r.item.id === messageId);
    }, [rows, selectedKey, messageId]);

    const selectRow = useCallback(
      (i: number) => {
        const row = rows[i];
        if (!row) return;
        setSelectedKey(row.key);
        setMessageId(row.item.id);
        virtualizer.scrollToIndex(i, { align: 'auto' });
      },
      [rows, setMessageId, virtualizer],
    );
    const select = useCallback(
      (id: number, rowKey?: string, e?: React.MouseEvent) => {
        const i = rowKey !== undefined ? rows.findIndex((r) => r.key === rowKey) : rows.findIndex((r) => r.item.id === id);
        // Ctrl/Maj+click change the multi-selection only; a plain click selects (and clears it).
        if (e && i >= 0 && selection.click(e, i, selectedIndex)) return;
        if (i >= 0) selectRow(i);
        else setMessageId(id);
      },
      [rows, selectRow, setMessageId, selection, selectedIndex],
    );
    const otherFolderLabel = useCallback(
      (name: string, specialUse: string | null) => {
        const key = folderLabelKey({ specialUse, path: name, name });
        return key ? t(key) : name;
      },
      [t],
    );
    const toggleThread = useCallback(
      (rowKey: string) => {
        const row = rows.find((r) => r.key === rowKey);
        if (row?.kind !== 'thread') return;
        if (row.expanded) tree.collapse(row.item);
        else tree.expand(row.item);
      },
      [rows, tree],
    );

    const openInReader = useCallback(
      (id: number) => {
        setMessageId(id);
        document.getElementById('content')?.focus();
      },
      [setMessageId],
    );

    const run = (p: Promise<unknown>) =>
      p.catch((e: unknown) => setActionError(t('mail.list.actionFailed', { message: errorText(e) })));

    // On a thread row, read / flag / delete act on the conversation's messages: marking read and removing a
    // flag on all of them, marking unread, flagging and deleting on those of this folder (not the Sent copies).
    const idsOf = (row: ListRow, scope: 'conversation' | 'folder') =>
      row.kind === 'thread' ? tree.idsOf(row.item, scope) : Promise.resolve([row.item.id]);
    /** What an action applies to: the multi-selection, else the current row. */
    const acted = (): ListRow[] => {
      if (selection.checked.size > 0) return rows.filter((r) => selection.checked.has(r.key));
      const current = rows[selectedIndex];
      return current ? [current] : [];
    };
    const idsOfAll = async (chosen: ListRow[], scope: (row: ListRow) => 'conversation' | 'folder') =>
      [...new Set((await Promise.all(chosen.map((r) => idsOf(r, scope(r))))).flat())];
    const filedOf = async (chosen: ListRow[]): Promise<Filed[]> =>
      (await Promise.all(chosen.map(async (r) => (await idsOf(r, 'folder')).map((id) => ({ id, folderId: r.item.folderId }))))).flat();

    const toggleFlagOn = (chosen: ListRow[], flag: 'seen' | 'flagged') => {
      const first = chosen[0];
      if (!first) return;
      const on = !first.item[flag];
      setActionError(null);
      // Marking read / unflagging reaches the whole conversation; the opposite only this folder's messages.
      const scope = (flag === 'seen' ? on : !on) ? 'conversation' : 'folder';
      void run(
        idsOfAll(chosen, () => scope).then((ids) => {
          const rowIds = chosen.map((r) => r.item.id);
          list.patch(rowIds, { [flag]: on });
          tree.patchChildren(ids, { [flag]: on });
          search.setHits((h) => h?.map((x) => (rowIds.includes(x.id) ? { ...x, [flag]: on } : x)) ?? h);
          return mss.invoke('messages.setFlags', { ids, [on ? 'add' : 'remove']: [flag] });
        }),
      );
    };

    /** The rows leave the view once the action is done; the next row outside them gets the selection. */
    const dropRows = (chosen: ListRow[], ids: number[]) => {
      const keys = new Set(chosen.map((r) => r.key));
      const last = Math.max(...chosen.map((r) => rows.indexOf(r)));
      let after = last + 1;
      const goes = (r: ListRow | undefined) => !!r && (keys.has(r.key) || (r.kind === 'child' && keys.has(r.parentKey)));
      while (goes(rows[after])) after++;
      const first = Math.min(...chosen.map((r) => rows.indexOf(r)));
      const neighbour = rows[after] ?? rows[first - 1];
      list.patch([...new Set([...chosen.filter((r) => r.kind === 'thread').map((r) => r.item.id), ...ids])], null);
      for (const r of chosen) if (r.kind === 'thread') tree.collapse(r.item);
      tree.patchChildren(ids, null);
      search.setHits((h) => h?.filter((x) => !ids.includes(x.id)) ?? h);
      selection.clear();
      setSelectedKey(neighbour?.key ?? null);
      setMessageId(neighbour?.item.id ?? null);
    };
    const inTrash = !searching && !!folder && folderKind(folder) === 'trash';
    const fileAway = (how: 'delete' | 'archive' | 'keepOffline' | 'move' | 'copy', chosen = acted()) => {
      if (chosen.length === 0 || !bal) return;
      setActionError(null);
      void run(
        filedOf(chosen).then(async (items) => {
          const ids = items.map((x) => x.id);
          const done =
            how === 'delete' ? await filing.remove(ids, { inTrash })
              : how === 'archive' ? await filing.archive(ids)
                : how === 'keepOffline' ? await filing.keepOffline(ids)
                  : await filing.pick(how, items, bal);
          if (done && how !== 'copy') dropRows(chosen, ids);
          if (!done) scrollRef.current?.focus();
        }),
      );
    };

    const openMenu = (x: number, y: number) => setMenu({ x, y });
    const onRowMenu = useCallback(
      (e: React.MouseEvent, id: number, rowKey?: string) => {
        e.preventDefault();
        const i = rowKey !== undefined ? rows.findIndex((r) => r.key === rowKey) : rows.findIndex((r) => r.item.id === id);
        // Right click outside the multi-selection: that row alone.
        if (i >= 0 && !selection.checked.has(rows[i]!.key)) {
          selection.clear();
          selectRow(i);
        }
        setMenu({ x: e.clientX, y: e.clientY });
      },
      [rows, selection, selectRow],
    );
    const onRowDragStart = useCallback(
      (e: React.DragEvent, id: number, rowKey?: string) => {
        if (!bal) return;
        const row = rows.find((r) => r.key === rowKey) ?? rows.find((r) => r.item.id === id);
        if (!row) return;
        const chosen = selection.checked.has(row.key) ? rows.filter((r) => selection.checked.has(r.key)) : [row];
        // Thread rows carry their own message; the conversation's other messages follow on drop only when
        // expanded and selected (the drag data must be set synchronously).
        setDraggedMessages(e, bal, chosen.map((r) => ({ id: r.item.id, folderId: r.item.folderId })));
      },
      [bal, rows, selection],
    );

    const menuEntries = (): MenuEntry[] => {
      const chosen = acted();
      const one = chosen.length === 1 ? chosen[0]!.item : null;
      const first = chosen[0]?.item;
      return [
        { key: 'reply', label: t('filing.menu.reply'), shortcut: 'R', disabled: !one, run: () => one && compose.open({ kind: 'prepare', messageId: one.id, mode: 'reply' }) },
        { key: 'reply-all', label: t('filing.menu.replyAll'), shortcut: 'Maj+R', disabled: !one, run: () => one && compose.open({ kind: 'prepare', messageId: one.id, mode: 'reply-all' }) },
        { key: 'forward', label: t('filing.menu.forward'), shortcut: 'F', disabled: !one, run: () => one && compose.open({ kind: 'prepare', messageId: one.id, mode: 'forward' }) },
        'separator',
        { key: 'toggle-read', label: first?.seen ? t('filing.menu.markUnread') : t('filing.menu.markRead'), shortcut: 'U', run: () => toggleFlagOn(chosen, 'seen') },
        { key: 'toggle-flag', label: first?.flagged ? t('filing.menu.unflag') : t('filing.menu.flag'), shortcut: 'S', run: () => toggleFlagOn(chosen, 'flagged') },
        'separator',
        { key: 'move', label: t('filing.toolbar.move'), shortcut: 'M', run: () => fileAway('move', chosen) },
        { key: 'copy', label: t('filing.toolbar.copy'), shortcut: 'Maj+M', run: () => fileAway('copy', chosen) },
        { key: 'archive', label: t('filing.toolbar.archive'), shortcut: 'A', disabled: !!folder && folderKind(folder) === 'archive' && !searching, run: () => fileAway('archive', chosen) },
        { key: 'delete', label: inTrash ? t('filing.toolbar.deleteForever') : t('filing.toolbar.delete'), shortcut: 'Suppr', run: () => fileAway('delete', chosen) },
        ...(keepOfflineAllowed ? [{ key: 'keep-offline', label: t('filing.toolbar.keepOffline'), run: () => fileAway('keepOffline', chosen) }] : []),
        'separator',
        {
          key: 'print', label: t('filing.menu.print'), disabled: !one,
          run: () => {
            if (!one) return;
            requestPrint(one.id);
            setMessageId(one.id);
          },
        },
      ];
    };

    const onListKey = (e: React.KeyboardEvent) => {
      if (isTypingTarget(e)) return;
      const clamp = (to: number) => Math.max(0, Math.min(rows.length - 1, to));
      const done = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a') {
        selection.all();
        return done();
      }
      if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
        const el = selectedIndex >= 0 ? document.getElementById(rows[selectedIndex]!.domId) : null;
        const r = (el ?? scrollRef.current)?.getBoundingClientRect();
        if (r) openMenu(r.left + 24, r.top + Math.min(r.height, 40));
        return done();
      }
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (e.shiftKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        const to = clamp((selectedIndex < 0 ? 0 : selectedIndex) + (e.key === 'ArrowDown' ? 1 : -1));
        selection.extendTo(to, selectedIndex);
        selectRow(to);
        return done();
      }
      const move = (to: number) => {
        selection.clear();
        selectRow(clamp(to));
      };
      const current = rows[selectedIndex];
      const handled = (() => {
        switch (e.key) {
          case 'Escape':
            if (selection.checked.size === 0) return false;
            selection.clear();
            return true;
          case 'ArrowDown':
          case 'j':
            move(selectedIndex < 0 ? 0 : selectedIndex + 1);
            return true;
          case 'ArrowUp':
          case 'k':
            move(selectedIndex < 0 ? 0 : selectedIndex - 1);
            return true;
          case 'PageDown':
            move(selectedIndex + 10);
            return true;
          case 'PageUp':
            move(selectedIndex - 10);
            return true;
          case 'Home':
            move(0);
            return true;
          case 'End':
            move(rows.length - 1);
            return true;
          case 'ArrowRight':
            if (current?.kind !== 'thread') return false;
            if (!current.expanded) tree.expand(current.item);
            else if (rows[selectedIndex + 1]?.kind === 'child') move(selectedIndex + 1);
            return true;
          case 'ArrowLeft':
            if (current?.kind === 'thread' && current.expanded) {
              tree.collapse(current.item);
              return true;
            }
            if (current?.kind === 'child') {
              move(rows.findIndex((r) => r.key === current.parentKey));
              return true;
            }
            return false;
          case 'Enter':
            if (current) openInReader(current.item.id);
            return !!current;
          case 'u':
            toggleFlagOn(acted(), 'seen');
            return !!current;
          case 's':
            toggleFlagOn(acted(), 'flagged');
            return !!current;
          case 'Delete':
            fileAway('delete');
            return !!current;
          case 'a':
            fileAway('archive');
            return !!current;
          case 'm':
            fileAway('move');
            return !!current;
          case 'M':
            fileAway('copy');
            return !!current;
          default:
            return false;
        }
      })();
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    };

    const onSearchKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'Escape') {
        setQuery('');
        scrollRef.current?.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
        e.preventDefault();
        if (rows[0] && selectedIndex < 0) selectRow(0);
        scrollRef.current?.focus();
      }
    };

    const labelKey = folder ? folderLabelKey(folder) : null;
    const folderTitle = folder ? (labelKey ? t(labelKey) : folder.name) : '';
    const showRecipients = !!folder && (folderKind(folder) === 'sent' || folderKind(folder) === 'drafts') && !searching;
    const error = searching ? search.error : (list.error ?? (threaded ? tree.error : null));

    let empty: React.ReactNode = null;
    if (!bal) {
      empty = <EmptyState testId="list-empty" icon={<InboxIcon />} title={t('list.empty.title')} body={t('list.empty.body')} />;
    } else if (searching) {
      if (search.hits && search.hits.length === 0 && !search.searching) {
        empty = <p className="list-note" data-testid="search-none">{t('mail.search.none', { q: search.q })}</p>;
      }
    } else if (folderId === null) {
      empty = <p className="list-note">{t('mail.list.pickFolder')}</p>;
    } else if (!list.loading && list.items.length === 0 && !list.error) {
      empty = firstSync
        ? <p className="list-note" role="status" data-testid="list-first-sync">{t('mail.list.firstSync')}</p>
        : <p className="list-note" data-testid="list-empty-folder">{unreadOnly ? t('mail.list.emptyUnread') : t('mail.list.emptyFolder')}</p>;
    }

    return (
      <section className="pane pane--list" aria-label={t('list.title')} tabIndex={-1} ref={ref} data-testid="pane-list">
        <div className="search-box" role="search">
          <SearchIcon />
          <label className="visually-hidden" htmlFor="search-input">
            {t('list.searchLabel')}
          </label>
          <input
            id="search-input"
            ref={searchRef}
            type="search"
            placeholder={t('list.searchPlaceholder')}
            autoComplete="off"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onSearchKey}
          />
          {query && (
            <button type="button" className="search-box__clear" onClick={() => setQuery('')} aria-label={t('mail.search.clear')} title={t('mail.search.clear')}>
              ×
            </button>
          )}
        </div>
        <OfflineBanner />
        <SyncStatus bal={bal} />
        <IndexStatus />
        {bal && (
          <div className="list-toolbar">
            <div className="list-toolbar__title" aria-live="polite" data-testid="list-title">
              {searching ? (
                <span>
                  {search.searching && !search.hits
                    ? t('mail.search.searching')
                    : t('mail.search.results', { count: search.hits?.length ?? 0, n: nf.format(search.hits?.length ?? 0), q: search.q })}
                </span>
              ) : (
                <>
                  <strong>{folderTitle}</strong>
                  {folderId !== null && !list.loading && <span className="list-toolbar__count">{t('mail.list.count', { count: list.total, n: nf.format(list.total) })}</span>}
                </>
              )}
            </div>
            {!searching && (
              <div className="list-toolbar__actions">
                <ArchiveListEntry folderId={folderId} /> {/* ---- Archive & export */}
                <button
                  type="button"
                  className={`chip ${conversations ? 'chip--on' : ''}`}
                  aria-pressed={conversations}
                  onClick={() => setConversations(!conversations)}
                  data-testid="conversations-toggle"
                  title={t('mail.list.conversationsLabel')}
                >
                  {t('mail.list.conversations')}
                </button>
                <button
                  type="button"
                  className={`chip ${unreadOnly ? 'chip--on' : ''}`}
                  aria-pressed={unreadOnly}
                  onClick={() => setUnreadOnly((u) => !u)}
                  data-testid="unread-only"
                  title={t('mail.list.unreadOnlyLabel')}
                  aria-label={t('mail.list.unreadOnlyLabel')}
                >
                  {t('mail.list.unreadOnly')}
                </button>
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => setSort((s) => (s === 'date-desc' ? 'date-asc' : 'date-desc'))}
                  aria-label={`${t('mail.list.sortLabel')} : ${sort === 'date-desc' ? t('mail.list.sortNewest') : t('mail.list.sortOldest')}`}
                  title={sort === 'date-desc' ? t('mail.list.sortNewest') : t('mail.list.sortOldest')}
                  data-testid="sort-toggle"
                  data-sort={sort}
                >
                  <SortIcon />
                </button>
              </div>
            )}
          </div>
        )}
        {bal && selection.checked.size > 0 && (
          <SelectionBar
            count={selection.checked.size}
            inTrash={inTrash}
            keepOffline={keepOfflineAllowed}
            onAction={(how) => fileAway(how)}
            onClear={selection.clear}
          />
        )}
        {(error || actionError) && (
          <p className="mail-inline-error" role="alert">
            {error ?? actionError}
          </p>
        )}
        {empty}
        <div
          ref={scrollRef}
          className="msg-list"
          role={threaded ? 'tree' : 'listbox'}
          aria-multiselectable="true"
          tabIndex={0}
          aria-label={searching ? t('mail.search.results', { count: items.length, n: nf.format(items.length), q: search.q }) : `${t('mail.list.label')} ${folderTitle}`}
          aria-activedescendant={selectedIndex >= 0 ? rows[selectedIndex]!.domId : undefined}
          aria-busy={list.loading || search.searching}
          aria-keyshortcuts={`J K ArrowDown ArrowUp ${threaded ? 'ArrowRight ArrowLeft ' : ''}Enter U S Delete A M Shift+M Control+A`}
          onKeyDown={onListKey}
          onFocus={(e) => {
            // Keyboard arrival (Tab) selects the first message; a mouse click selects the row clicked.
            if (selectedIndex < 0 && rows[0] && e.target === scrollRef.current && scrollRef.current.matches(':focus-visible')) selectRow(0);
          }}
          data-testid="message-list"
          hidden={items.length === 0}
        >
          <div className="msg-list__inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualItems.map((v) => {
              const row = rows[v.index]!;
              const item = row.item;
              return (
                <div key={v.key} className="msg-list__slot" style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
                  <MessageRow
                    item={item}
                    index={v.index}
                    count={searching ? items.length : Math.max(items.length, list.total)}
                    selected={v.index === selectedIndex}
                    query={searching ? search.q : ''}
                    showRecipients={showRecipients && row.kind !== 'thread'}
                    onSelect={select}
                    onOpen={openInReader}
                    checked={selection.checked.has(row.key)}
                    onMenu={onRowMenu}
                    onDragStart={onRowDragStart}
                    rowKey={row.key}
                    domId={row.domId}
                    tree={threaded ? treePlace(row, list.items.length, list.next !== null, toggleThread, bal, otherFolderLabel) : undefined}
                  />
                </div>
              );
            })}
          </div>
          {!searching && list.loadingMore && <p className="list-note list-note--more">{t('mail.list.loadingMore')}</p>}
        </div>
        {menu && <ContextMenu x={menu.x} y={menu.y} label={t('filing.menu.label')} entries={menuEntries()} onClose={() => setMenu(null)} />}
      </section>
    );
  },
);

/** aria-level / setsize / posinset of a row of the conversation tree (setsize -1 while more pages may come). */
function treePlace(
  row: ListRow,
  topLevel: number,
  more: boolean,
  onToggle: (rowKey: string) => void,
  me: string | null,
  otherFolderLabel: (name: string, specialUse: string | null) => string,
): TreePlace {
  if (row.kind === 'child') {
    return {
      level: 2, setSize: row.size, posInSet: row.pos, me,
      otherFolder: row.item.otherFolder === null ? null : otherFolderLabel(row.item.otherFolder, row.item.otherFolderUse),
    };
  }
  // Top-level position: thread rows and lone messages are in list order; children do not count.
  return {
    level: 1, setSize: more ? -1 : topLevel, posInSet: row.pos, me, onToggle,
    ...(row.kind === 'thread' ? { expanded: row.expanded, loading: row.loading } : {}),
  };
}
