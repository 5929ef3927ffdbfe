import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../app/EmptyState';
import { InboxIcon, SearchIcon } from '../../app/icons';

export const MessageListPane = forwardRef<HTMLElement, { searchRef: React.RefObject<HTMLInputElement | null> }>(
  function MessageListPane({ searchRef }, ref) {
    const { t } = useTranslation();
    return (
      <section className="pane pane--list" aria-label={t('list.title')} tabIndex={-1} ref={ref} data-testid="pane-list">
        <div className="search-box" role="search">
          <SearchIcon />
          <label className="visually-hidden" htmlFor="search-input">
            {t('list.searchLabel')}
          </label>
          <input id="search-input" ref={searchRef} type="search" placeholder={t('list.searchPlaceholder')} autoComplete="off" />
        </div>
        <EmptyState testId="list-empty" icon={<InboxIcon />} title={t('list.empty.title')} body={t('list.empty.body')} />
      </section>
    );
  },
);
