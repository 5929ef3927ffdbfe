// The BAL switcher: the unified inbox, every BAL of the person (type badge, role, live unread count,
// Ctrl+n hint), the BALs the operator refused (with what to do), and the folders of the active BAL.
import { forwardRef, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { BalSummary } from '../../../../shared/types';
import { EmptyState } from '../../app/EmptyState';
import { InboxIcon, MailIcon } from '../../app/icons';
import { useWorkspace } from '../../app/workspace';
import { mss } from '../../bridge';
import { FolderTree } from '../folders/FolderTree';
import { RefusedBals } from './RefusedBals';
import { usePrefetchBals } from './use-prefetch';
import './i18n';
import './mailboxes.css';

interface Props {
  mailboxes: BalSummary[] | undefined;
  onSelect: (address: string) => void;
  onAdd: () => void;
  /** The unified inbox is shown instead of one BAL's folder. */
  unified?: boolean;
  onUnified?: () => void;
}

/** The engine keeps the folder on screen selected (IDLE follows what the person looks at). */
function useEngineFollowsFolder(unified: boolean) {
  const { activeBal, folderId, setMessageId } = useWorkspace();
  const bal = activeBal?.address ?? null;
  // Entering or leaving the unified inbox: the message open in the reader belonged to the other view.
  const wasUnified = useRef(unified);
  useEffect(() => {
    if (wasUnified.current !== unified) setMessageId(null);
    wasUnified.current = unified;
  }, [unified, setMessageId]);
  useEffect(() => {
    if (unified || !bal || folderId === null) return;
    void mss.invoke('mailboxes.setActiveFolder', { bal, folderId }).catch(() => undefined);
  }, [unified, bal, folderId]);
}

export const Sidebar = forwardRef<HTMLElement, Props>(function Sidebar({ mailboxes, onSelect, onAdd, unified = false, onUnified }, ref) {
  const { t } = useTranslation();
  useEngineFollowsFolder(unified);
  usePrefetchBals(mailboxes);
  const totalUnread = (mailboxes ?? []).reduce((n, b) => n + b.unread, 0);
  const hasBals = !!mailboxes && mailboxes.length > 0;
  return (
    <nav className="pane pane--sidebar" aria-label={t('sidebar.title')} tabIndex={-1} ref={ref} data-testid="pane-sidebar">
      <div className="switcher__head">
        <h1 className="pane__title">{t('sidebar.title')}</h1>
        <button type="button" className="switcher__add" onClick={onAdd} aria-label={t('mailboxes.addLabel')} title={t('mailboxes.addLabel')} data-testid="switcher-add">
          +
        </button>
      </div>
      {hasBals && onUnified && (
        <div className="switcher__unified">
          <button
            type="button"
            className={`bal-item bal-item--unified ${unified ? 'bal-item--active' : ''}`}
            aria-current={unified ? 'true' : undefined}
            onClick={onUnified}
            title={t('mailboxes.unifiedHint')}
            aria-keyshortcuts="Control+0"
            data-testid="unified-inbox"
          >
            <span className="bal-item__icon" aria-hidden="true">
              <InboxIcon />
            </span>
            <span className="bal-item__text">
              <span className="bal-item__label bal-item__label--wrap">{t('mailboxes.unified')}</span>
              <span className="bal-item__meta" aria-hidden="true">Ctrl+0</span>
            </span>
            {totalUnread > 0 && (
              <>
                <span className="unread-count" aria-hidden="true" data-testid="unified-unread">
                  {totalUnread}
                </span>
                <span className="visually-hidden">, {t('mailboxes.unifiedCount', { count: totalUnread })}</span>
              </>
            )}
          </button>
        </div>
      )}
      {hasBals ? (
        <ul className="bal-list" role="list" data-testid="bal-list">
          {mailboxes.map((bal, i) => {
            const current = bal.active && !unified;
            return (
              <li key={bal.address}>
                <button
                  type="button"
                  className={`bal-item bal-item--${bal.type} ${current ? 'bal-item--active' : ''}`}
                  aria-current={current ? 'true' : undefined}
                  onClick={() => onSelect(bal.address)}
                  title={`${bal.address}${i < 9 ? ` — ${t('mailboxes.shortcut', { n: i + 1 })}` : ''}`}
                  data-testid={`bal-${bal.address}`}
                  data-active={current ? 'true' : undefined}
                  aria-keyshortcuts={i < 9 ? `Control+${i + 1}` : undefined}
                >
                  <span className={`bal-badge bal-badge--${bal.type}`} aria-hidden="true">
                    {bal.type}
                  </span>
                  {/* The accessible name is this visible text (axe label-content-name-mismatch): label, type, role. */}
                  <span className="bal-item__text">
                    <span className="bal-item__label">{bal.label}</span>
                    <span className="visually-hidden">, </span>
                    <span className="bal-item__meta">
                      {t(`balType.${bal.type}`)} · {t(`role.${bal.role}`)}
                      {i < 9 && <span className="bal-item__key" aria-hidden="true"> · Ctrl+{i + 1}</span>}
                    </span>
                  </span>
                  {bal.unread > 0 && (
                    <>
                      <span className="unread-count" aria-hidden="true" data-testid="bal-unread">
                        {bal.unread}
                      </span>
                      <span className="visually-hidden">{t('mailboxes.unreadSuffix', { count: bal.unread })}</span>
                    </>
                  )}
                </button>
              </li>
            );
          })}
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
      <RefusedBals />
      {/* Kept mounted under the unified inbox: leaving it shows the folders (and their list) at once. */}
      <div hidden={unified}>
        <FolderTree />
      </div>
    </nav>
  );
});
