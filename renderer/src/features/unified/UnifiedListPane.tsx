// "Toutes les boîtes de réception": the INBOX messages of all the person's BALs; every row says which BAL
// it belongs to (colour badge + name). Search (every folder of every BAL), unread only and sort work here
// as in one BAL's list. Keyboard: j/k or arrows, Home/End, Enter opens, U toggles read, Delete deletes.
// The selected row's BAL is the one a new message defaults to (the composer says so).
import { forwardRef, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BalSummary, UnifiedMessageItem } from '../../../../shared/types';
import { InboxIcon, SearchIcon } from '../../app/icons';
import { useWorkspace } from '../../app/workspace';
import { mss } from '../../bridge';
import { displayName, formatListDate } from '../mail/format';
import { errorText, useDebounced } from '../mail/hooks';
import { PaperclipIcon, ShieldDocIcon, SortIcon } from '../mail/icons';
import '../mailboxes/i18n';
import '../mailboxes/mailboxes.css';
import '../../styles/mail.css';
import { useUnifiedList, useUnifiedSearch } from './use-unified-list';

function UnifiedRow({ item, selected, index, count, onSelect, onOpen }: {
  item: UnifiedMessageItem & { folderName?: string };
  selected: boolean;
  index: number;
  count: number;
  onSelect: (id: number) => void;
  onOpen: (id: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const from = displayName(item.from) || t('mail.list.noSender');
  const subject = item.subject || t('mail.list.noSubject');
  const date = formatListDate(item.date, i18n.language, new Date(), t('mail.list.yesterday'));
  return (
    <div
      id={`umsg-${item.id}`}
      role="option"
      aria-selected={selected}
      aria-setsize={count}
      aria-posinset={index + 1}
      aria-label={t('mailboxes.unifiedList.rowLabel', { state: item.seen ? '' : `${t('mail.list.unread')}, `, bal: item.balLabel, from, subject, date })}
      className={`msg-row msg-row--bal-${item.balType} ${selected ? 'msg-row--selected' : ''} ${item.seen ? '' : 'msg-row--unread'}`}
      data-testid="message-row"
      data-message-id={item.id}
      data-bal={item.bal}
      data-date={item.date}
      onClick={() => onSelect(item.id)}
      onDoubleClick={() => onOpen(item.id)}
    >
      <span className="msg-row__dot" aria-hidden="true" />
      <div className="msg-row__main">
        <div className="unified-row__bal" data-testid="row-bal">
          <span className={`bal-badge bal-badge--${item.balType}`}>{item.balType}</span>
          <span className="unified-row__bal-label">{item.balLabel}</span>
          {item.folderName && <span className="unified-row__folder" data-testid="row-folder">· {item.folderName}</span>}
        </div>
        <div className="msg-row__line">
          <span className="msg-row__from">{from}</span>
          <span className="msg-row__date">{date}</span>
        </div>
        <div className="msg-row__line">
          <span className="msg-row__subject">
            {item.isXdm && (
              <span className="xdm-chip" title={t('mail.list.xdm')}>
                <ShieldDocIcon />
                XDM
              </span>
            )}
            <span className="msg-row__subject-text">{subject}</span>
          </span>
          {item.hasAttachments && (
            <span className="msg-row__icons" aria-hidden="true">
              <PaperclipIcon />
            </span>
          )}
        </div>
        <div className="msg-row__preview">{item.preview}</div>
      </div>
    </div>
  );
}

export const UnifiedListPane = forwardRef<HTMLElement, { mailboxes: BalSummary[] | undefined }>(function UnifiedListPane({ mailboxes }, ref) {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR');
  const { messageId, setMessageId, setUnifiedBal } = useWorkspace();
  const [sort, setSort] = useState<'date-desc' | 'date-asc'>('date-desc');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const list = useUnifiedList({ unreadOnly, sort });
  const search = useUnifiedSearch(q, mailboxes, { unreadOnly, sort });
  const searching = query.trim().length >= 2;
  const [actionError, setActionError] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const items = searching ? (search.items ?? []) : list.items;
  const selectedIndex = items.findIndex((i) => i.id === messageId);

  const select = useCallback(
    (id: number) => {
      setMessageId(id);
      document.getElementById(`umsg-${id}`)?.scrollIntoView({ block: 'nearest' });
    },
    [setMessageId],
  );
  // The BAL of the selected row: where a new message goes from by default (shown in the composer).
  const selectedBal = items[selectedIndex]?.bal ?? null;
  useEffect(() => setUnifiedBal(selectedBal), [selectedBal, setUnifiedBal]);
  useEffect(() => () => setUnifiedBal(null), [setUnifiedBal]);
  const open = (id: number) => {
    setMessageId(id);
    document.getElementById('content')?.focus();
  };
  const run = (p: Promise<unknown>) => p.catch((e: unknown) => setActionError(t('mail.list.actionFailed', { message: errorText(e) })));

  const onKey = (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const move = (to: number) => {
      const target = items[Math.max(0, Math.min(items.length - 1, to))];
      if (target) select(target.id);
    };
    const current = items[selectedIndex];
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        move(selectedIndex < 0 ? 0 : selectedIndex + 1);
        break;
      case 'ArrowUp':
      case 'k':
        move(selectedIndex < 0 ? 0 : selectedIndex - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(items.length - 1);
        break;
      case 'Enter':
        if (current) open(current.id);
        break;
      case 'u':
        if (current) {
          list.patch(current.id, { seen: !current.seen });
          void run(mss.invoke('messages.setFlags', { ids: [current.id], [current.seen ? 'remove' : 'add']: ['seen'] }));
        }
        break;
      case 'Delete':
        if (current) {
          const neighbour = items[selectedIndex + 1] ?? items[selectedIndex - 1];
          list.patch(current.id, null);
          setMessageId(neighbour?.id ?? null);
          void run(mss.invoke('messages.delete', { ids: [current.id] }));
        }
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <section className="pane pane--list" aria-label={t('mailboxes.unifiedList.title')} tabIndex={-1} ref={ref} data-testid="pane-unified">
      <div className="search-box" role="search">
        <SearchIcon />
        <label className="visually-hidden" htmlFor="unified-search">
          {t('mailboxes.unifiedList.searchLabel')}
        </label>
        <input
          id="unified-search"
          type="search"
          placeholder={t('mailboxes.unifiedList.searchPlaceholder')}
          autoComplete="off"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && query) {
              e.preventDefault();
              setQuery('');
            } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault();
              scrollRef.current?.focus();
            }
          }}
          data-testid="unified-search"
        />
        {query && (
          <button type="button" className="search-box__clear" onClick={() => setQuery('')} aria-label={t('mail.search.clear')} title={t('mail.search.clear')}>
            ×
          </button>
        )}
      </div>
      <div className="list-toolbar list-toolbar--unified">
        <div className="list-toolbar__title" aria-live="polite" data-testid="unified-title">
          <InboxIcon />
          {searching ? (
            <span>
              {search.searching && !search.items
                ? t('mail.search.searching')
                : t('mailboxes.unifiedList.results', { count: items.length, n: nf.format(items.length), q: query.trim() })}
            </span>
          ) : (
            <>
              <strong>{t('mailboxes.unifiedList.title')}</strong>
              {!list.loading && <span className="list-toolbar__count">{t('mailboxes.unifiedList.count', { count: list.total, n: nf.format(list.total) })}</span>}
            </>
          )}
        </div>
        <div className="list-toolbar__actions">
          <button
            type="button"
            className={`chip ${unreadOnly ? 'chip--on' : ''}`}
            aria-pressed={unreadOnly}
            onClick={() => setUnreadOnly((u) => !u)}
            data-testid="unified-unread-only"
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
            data-testid="unified-sort"
            data-sort={sort}
          >
            <SortIcon />
          </button>
        </div>
      </div>
      {(list.error || search.error || actionError) && (
        <p className="mail-inline-error" role="alert">
          {(searching ? search.error : list.error) ?? actionError}
        </p>
      )}
      {!searching && !list.loading && !list.error && items.length === 0 && (
        <p className="list-note" data-testid="unified-empty">
          {unreadOnly ? t('mail.list.emptyUnread') : t('mailboxes.unifiedList.empty')}
        </p>
      )}
      <div
        ref={scrollRef}
        className="unified-list"
        role="listbox"
        tabIndex={0}
        aria-label={t('mailboxes.unifiedList.label')}
        aria-activedescendant={selectedIndex >= 0 ? `umsg-${items[selectedIndex]!.id}` : undefined}
        aria-busy={list.loading}
        onKeyDown={onKey}
        onFocus={() => {
          if (selectedIndex < 0 && items[0] && document.activeElement === scrollRef.current) select(items[0].id);
        }}
        data-testid="unified-list"
        hidden={items.length === 0}
      >
        {items.map((item, i) => (
          <UnifiedRow key={item.id} item={item} index={i} count={list.total} selected={item.id === messageId} onSelect={select} onOpen={open} />
        ))}
        {!searching && list.next !== null && items.length < 500 && (
          <button type="button" className="button unified-list__more" onClick={list.loadMore}>
            {t('mailboxes.unifiedList.loadMore')}
          </button>
        )}
      </div>
    </section>
  );
});
