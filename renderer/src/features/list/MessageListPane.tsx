// Message list pane: search box (results as you type), offline banner, first-sync progress, toolbar (sort,
// unread only) and the VIRTUALIZED list (@tanstack/react-virtual) with keyboard control:
// j/k or arrows move, Enter opens, m toggles read, s toggles the flag, Delete deletes.
import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useCallback, useEffect, useRef, useState } from 'react';
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
import { MessageRow } from './MessageRow';
import { OfflineBanner } from './OfflineBanner';
import { SyncStatus } from './SyncStatus';
import { useMessageList } from './use-message-list';
import { ArchiveListEntry } from '../archive/ArchiveListEntry'; // ---- Archive & export
import '../../styles/mail.css';

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
    const list = useMessageList(folderId, sort, unreadOnly);
    const search = useSearch(query, bal);
    const folder = useFolder(bal, folderId);
    useNewMailBadge(t('app.name'));

    const searching = search.active;
    const items: MessageListItem[] = searching ? (search.hits ?? []) : list.items;
    const scrollRef = useRef<HTMLDivElement>(null);
    const virtualizer = useVirtualizer({
      count: items.length,
      getScrollElement: () => scrollRef.current,
      estimateSize: () => ROW_HEIGHT,
      overscan: 12,
      getItemKey: (i) => items[i]?.id ?? i,
    });
    const virtualItems = virtualizer.getVirtualItems();

    // Infinite paging: the next (older) page is asked for when the end comes near.
    const lastVisible = virtualItems.at(-1)?.index ?? -1;
    useEffect(() => {
      if (!searching && lastVisible >= list.items.length - 40 && list.next !== null) list.loadMore();
    }, [lastVisible, searching, list]);

    const selectedIndex = items.findIndex((i) => i.id === messageId);

    const select = useCallback(
      (id: number) => {
        setMessageId(id);
        const i = items.findIndex((x) => x.id === id);
        if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' });
      },
      [items, setMessageId, virtualizer],
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

    const toggleRead = (item: MessageListItem) => {
      setActionError(null);
      list.patch([item.id], { seen: !item.seen });
      search.setHits((h) => h?.map((x) => (x.id === item.id ? { ...x, seen: !item.seen } : x)) ?? h);
      void run(mss.invoke('messages.setFlags', { ids: [item.id], [item.seen ? 'remove' : 'add']: ['seen'] }));
    };
    const toggleFlag = (item: MessageListItem) => {
      setActionError(null);
      list.patch([item.id], { flagged: !item.flagged });
      search.setHits((h) => h?.map((x) => (x.id === item.id ? { ...x, flagged: !item.flagged } : x)) ?? h);
      void run(mss.invoke('messages.setFlags', { ids: [item.id], [item.flagged ? 'remove' : 'add']: ['flagged'] }));
    };
    const remove = (item: MessageListItem, index: number) => {
      setActionError(null);
      const neighbour = items[index + 1] ?? items[index - 1];
      list.patch([item.id], null);
      search.setHits((h) => h?.filter((x) => x.id !== item.id) ?? h);
      setMessageId(neighbour?.id ?? null);
      void run(mss.invoke('messages.delete', { ids: [item.id] }));
    };

    const onListKey = (e: React.KeyboardEvent) => {
      if (isTypingTarget(e) || e.ctrlKey || e.altKey || e.metaKey) return;
      const move = (to: number) => {
        const target = items[Math.max(0, Math.min(items.length - 1, to))];
        if (target) select(target.id);
      };
      const current = items[selectedIndex];
      const handled = (() => {
        switch (e.key) {
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
            move(items.length - 1);
            return true;
          case 'Enter':
            if (current) openInReader(current.id);
            return !!current;
          case 'm':
            if (current) toggleRead(current);
            return !!current;
          case 's':
            if (current) toggleFlag(current);
            return !!current;
          case 'Delete':
            if (current) remove(current, selectedIndex);
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
        if (items[0] && selectedIndex < 0) select(items[0].id);
        scrollRef.current?.focus();
      }
    };

    const labelKey = folder ? folderLabelKey(folder) : null;
    const folderTitle = folder ? (labelKey ? t(labelKey) : folder.name) : '';
    const showRecipients = !!folder && (folderKind(folder) === 'sent' || folderKind(folder) === 'drafts') && !searching;
    const error = searching ? search.error : list.error;

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
      empty = <p className="list-note" data-testid="list-empty-folder">{unreadOnly ? t('mail.list.emptyUnread') : t('mail.list.emptyFolder')}</p>;
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
        {(error || actionError) && (
          <p className="mail-inline-error" role="alert">
            {error ?? actionError}
          </p>
        )}
        {empty}
        <div
          ref={scrollRef}
          className="msg-list"
          role="listbox"
          tabIndex={0}
          aria-label={searching ? t('mail.search.results', { count: items.length, n: nf.format(items.length), q: search.q }) : `${t('mail.list.label')} ${folderTitle}`}
          aria-activedescendant={selectedIndex >= 0 ? `msg-${items[selectedIndex]!.id}` : undefined}
          aria-busy={list.loading || search.searching}
          aria-keyshortcuts="J K ArrowDown ArrowUp Enter M S Delete"
          onKeyDown={onListKey}
          onFocus={(e) => {
            // Keyboard arrival (Tab) selects the first message; a mouse click selects the row clicked.
            if (selectedIndex < 0 && items[0] && e.target === scrollRef.current && scrollRef.current.matches(':focus-visible')) select(items[0].id);
          }}
          data-testid="message-list"
          hidden={items.length === 0}
        >
          <div className="msg-list__inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualItems.map((v) => {
              const item = items[v.index]!;
              return (
                <div key={v.key} className="msg-list__slot" style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
                  <MessageRow
                    item={item}
                    index={v.index}
                    count={searching ? items.length : Math.max(items.length, list.total)}
                    selected={item.id === messageId}
                    query={searching ? search.q : ''}
                    showRecipients={showRecipients}
                    onSelect={select}
                    onOpen={openInReader}
                  />
                </div>
              );
            })}
          </div>
          {!searching && list.loadingMore && <p className="list-note list-note--more">{t('mail.list.loadingMore')}</p>}
        </div>
      </section>
    );
  },
);
