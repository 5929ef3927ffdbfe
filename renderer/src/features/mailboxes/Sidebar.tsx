import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { BalSummary } from '../../../../shared/types';
import { EmptyState } from '../../app/EmptyState';
import { InboxIcon, MailIcon } from '../../app/icons';
import { FolderTree } from '../folders/FolderTree';

interface Props {
  mailboxes: BalSummary[] | undefined;
  onSelect: (address: string) => void;
  onAdd: () => void;
}

export const Sidebar = forwardRef<HTMLElement, Props>(function Sidebar({ mailboxes, onSelect, onAdd }, ref) {
  const { t } = useTranslation();
  return (
    <nav className="pane pane--sidebar" aria-label={t('sidebar.title')} tabIndex={-1} ref={ref} data-testid="pane-sidebar">
      <h1 className="pane__title">{t('sidebar.title')}</h1>
      {mailboxes && mailboxes.length > 0 ? (
        <ul className="bal-list" role="list">
          {mailboxes.map((bal, i) => (
            <li key={bal.address}>
              <button
                type="button"
                className={`bal-item ${bal.active ? 'bal-item--active' : ''}`}
                aria-current={bal.active ? 'true' : undefined}
                onClick={() => onSelect(bal.address)}
                title={i < 9 ? `Ctrl+${i + 1}` : undefined}
              >
                <span className={`bal-badge bal-badge--${bal.type}`}>{bal.type}</span>
                <span className="bal-item__text">
                  <span className="bal-item__label">{bal.label}</span>
                  <span className="bal-item__meta">
                    {t(`balType.${bal.type}`)} · {t(`role.${bal.role}`)}
                  </span>
                </span>
                {bal.unread > 0 && (
                  <span className="unread-count" aria-label={t('sidebar.unread', { count: bal.unread })}>
                    {bal.unread}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState
          testId="sidebar-empty"
          icon={<MailIcon />}
          title={t('sidebar.empty.title')}
          body={t('sidebar.empty.body')}
          action={
            <button type="button" className="button button--primary" data-testid="add-bal" onClick={onAdd}>
              {t('sidebar.empty.action')}
            </button>
          }
        />
      )}
      <FolderTree />
      <div className="pane__footer">
        <InboxIcon />
        <span>{t('sidebar.unifiedInbox')}</span>
      </div>
    </nav>
  );
});
