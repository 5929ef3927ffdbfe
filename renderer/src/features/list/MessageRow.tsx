// One row of the message list: an option of the listbox, or in the conversation view a treeitem (thread row
// with its count and expand chevron, or an indented message of an expanded thread). Rendered only when
// visible (virtualized).
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailAddress, MessageListItem, SearchHit } from '../../../../shared/types';
import { folderLabelKey } from '../mail/folder-names';
import { displayName, formatListDate } from '../mail/format';
import { PaperclipIcon, ShieldDocIcon, StarIcon } from '../mail/icons';
import { Highlighted } from '../search/Highlighted';

/** Place of the row in the conversation tree (role treeitem). */
export interface TreePlace {
  level: 1 | 2;
  setSize: number;
  posInSet: number;
  /** Thread rows only. */
  expanded?: boolean;
  loading?: boolean;
  onToggle?: (rowKey: string) => void;
  /** Messages of an expanded thread kept in another folder (e.g. Sent): that folder's label. */
  otherFolder?: string | null;
  /** Address of the BAL shown, written "moi" among the participants. */
  me?: string | null;
}

interface Props {
  item: MessageListItem | SearchHit;
  index: number;
  count: number;
  selected: boolean;
  query: string;
  /** Sent folders show the recipients instead of the sender. */
  showRecipients: boolean;
  onSelect: (id: number, rowKey?: string, e?: React.MouseEvent) => void;
  onOpen: (id: number) => void;
  /** In the multi-selection (Ctrl/Maj+click, Maj+arrows, Ctrl+A). */
  checked?: boolean;
  onMenu?: (e: React.MouseEvent, id: number, rowKey?: string) => void;
  onDragStart?: (e: React.DragEvent, id: number, rowKey?: string) => void;
  rowKey?: string;
  domId?: string;
  tree?: TreePlace;
}

export const MessageRow = memo(function MessageRow({ item, index, count, selected, query, showRecipients, onSelect, onOpen, rowKey, domId, tree, checked, onMenu, onDragStart }: Props) {
  const { t, i18n } = useTranslation();
  const folderLabel = (name: string) => {
    const key = folderLabelKey({ specialUse: null, path: name, name });
    return key ? t(key) : name;
  };
  const thread = tree?.level === 1 && item.thread && item.thread.size > 1 ? item.thread : null;
  const nameOf = (a: MailAddress) => (tree?.me && a.address.toLowerCase() === tree.me.toLowerCase() ? t('mail.list.me') : displayName(a));
  const who = thread
    ? thread.participants.map(nameOf).join(', ')
    : showRecipients ? item.to.map(displayName).join(', ') : item.from ? nameOf(item.from) : '';
  const from = who || t('mail.list.noSender');
  const subject = item.subject || t('mail.list.noSubject');
  const date = formatListDate(item.date, i18n.language, new Date(), t('mail.list.yesterday'));
  const extra = [
    item.flagged ? t('mail.list.flagged') : '',
    item.hasAttachments ? t('mail.list.attachment') : '',
    item.isXdm ? t('mail.list.xdm') : '',
    item.threadSize > 1 ? t('mail.list.thread', { count: item.threadSize }) : '',
    thread && thread.unread > 0 ? t('mail.list.threadUnread', { count: thread.unread }) : '',
    tree?.otherFolder ? t('mail.search.inFolder', { folder: tree.otherFolder }) : '',
    'folderName' in item && query ? folderLabel(item.folderName) : '',
  ].filter(Boolean);
  const label = t('mail.list.rowLabel', {
    state: item.seen ? '' : `${t('mail.list.unread')}, `,
    from,
    subject,
    date,
    extra: extra.length ? `, ${extra.join(', ')}` : '',
  });
  const kind = thread ? 'thread' : tree?.level === 2 ? 'child' : 'message';
  return (
    <div
      id={domId ?? `msg-${item.id}`}
      role={tree ? 'treeitem' : 'option'}
      aria-selected={selected || !!checked}
      aria-setsize={tree ? tree.setSize : count}
      aria-posinset={tree ? tree.posInSet : index + 1}
      aria-level={tree?.level}
      aria-expanded={thread ? !!tree?.expanded : undefined}
      aria-busy={thread && tree?.loading ? true : undefined}
      aria-label={label}
      className={`msg-row msg-row--${kind} ${selected ? 'msg-row--selected' : ''} ${checked ? 'msg-row--checked' : ''} ${item.seen ? '' : 'msg-row--unread'}`}
      data-testid="message-row"
      data-kind={kind}
      data-message-id={item.id}
      data-checked={checked ? 'true' : undefined}
      onClick={(e) => onSelect(item.id, rowKey, e)}
      onDoubleClick={() => onOpen(item.id)}
      onContextMenu={onMenu ? (e) => onMenu(e, item.id, rowKey) : undefined}
      draggable={!!onDragStart}
      onDragStart={onDragStart ? (e) => onDragStart(e, item.id, rowKey) : undefined}
    >
      {tree && (
        <span
          className={`msg-row__twisty ${thread ? '' : 'msg-row__twisty--leaf'}`}
          aria-hidden="true"
          data-testid={thread ? 'thread-toggle' : undefined}
          title={thread ? t(tree.expanded ? 'mail.list.collapse' : 'mail.list.expand') : undefined}
          onClick={
            thread && rowKey
              ? (e) => {
                  e.stopPropagation();
                  onSelect(item.id, rowKey);
                  tree.onToggle?.(rowKey);
                }
              : undefined
          }
        >
          {thread && <Chevron open={!!tree.expanded} />}
        </span>
      )}
      <span className="msg-row__dot" aria-hidden="true" />
      <div className="msg-row__main">
        <div className="msg-row__line">
          <span className="msg-row__from">
            <Highlighted text={from} query={query} />
          </span>
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
            <span className="msg-row__subject-text">
              <Highlighted text={subject} query={query} />
            </span>
          </span>
          <span className="msg-row__icons" aria-hidden="true">
            {item.threadSize > 1 && (
              <span
                className={`msg-row__thread ${thread && thread.unread > 0 ? 'msg-row__thread--unread' : ''}`}
                data-testid={thread ? 'thread-count' : undefined}
                onClick={
                  thread && rowKey
                    ? (e) => {
                        e.stopPropagation();
                        onSelect(item.id, rowKey);
                        tree?.onToggle?.(rowKey);
                      }
                    : undefined
                }
              >
                {item.threadSize}
              </span>
            )}
            {item.hasAttachments && (
              <span className="msg-row__clip" data-testid="row-attachment">
                <PaperclipIcon />
              </span>
            )}
            <span className={`msg-row__star ${item.flagged ? 'msg-row__star--on' : ''}`} data-testid={item.flagged ? 'row-flagged' : undefined}>
              <StarIcon filled={item.flagged} />
            </span>
          </span>
        </div>
        <div className="msg-row__preview">
          {tree?.otherFolder && <span className="msg-row__folder" data-testid="row-other-folder">{tree.otherFolder}</span>}
          {'folderName' in item && query && <span className="msg-row__folder">{folderLabel(item.folderName)}</span>}
          <Highlighted text={item.preview} query={query} />
        </div>
      </div>
    </div>
  );
});

const Chevron = ({ open }: { open: boolean }) => (
  <svg width={12} height={12} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.4} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable={false}
    style={{ transform: open ? 'rotate(90deg)' : undefined, transition: 'transform 120ms' }}>
    <path d="m9 6 6 6-6 6" />
  </svg>
);
