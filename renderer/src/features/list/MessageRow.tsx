// One row of the message list (option of the listbox). Rendered only when visible (virtualized).
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageListItem, SearchHit } from '../../../../shared/types';
import { folderLabelKey } from '../mail/folder-names';
import { displayName, formatListDate } from '../mail/format';
import { PaperclipIcon, ShieldDocIcon, StarIcon } from '../mail/icons';
import { Highlighted } from '../search/Highlighted';

interface Props {
  item: MessageListItem | SearchHit;
  index: number;
  count: number;
  selected: boolean;
  query: string;
  /** Sent folders show the recipients instead of the sender. */
  showRecipients: boolean;
  onSelect: (id: number) => void;
  onOpen: (id: number) => void;
}

export const MessageRow = memo(function MessageRow({ item, index, count, selected, query, showRecipients, onSelect, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const folderLabel = (name: string) => {
    const key = folderLabelKey({ specialUse: null, path: name, name });
    return key ? t(key) : name;
  };
  const who = showRecipients ? item.to.map(displayName).join(', ') : displayName(item.from);
  const from = who || t('mail.list.noSender');
  const subject = item.subject || t('mail.list.noSubject');
  const date = formatListDate(item.date, i18n.language, new Date(), t('mail.list.yesterday'));
  const extra = [
    item.flagged ? t('mail.list.flagged') : '',
    item.hasAttachments ? t('mail.list.attachment') : '',
    item.isXdm ? t('mail.list.xdm') : '',
    item.threadSize > 1 ? t('mail.list.thread', { count: item.threadSize }) : '',
    'folderName' in item && query ? folderLabel(item.folderName) : '',
  ].filter(Boolean);
  const label = t('mail.list.rowLabel', {
    state: item.seen ? '' : `${t('mail.list.unread')}, `,
    from,
    subject,
    date,
    extra: extra.length ? `, ${extra.join(', ')}` : '',
  });
  return (
    <div
      id={`msg-${item.id}`}
      role="option"
      aria-selected={selected}
      aria-setsize={count}
      aria-posinset={index + 1}
      aria-label={label}
      className={`msg-row ${selected ? 'msg-row--selected' : ''} ${item.seen ? '' : 'msg-row--unread'}`}
      data-testid="message-row"
      data-message-id={item.id}
      onClick={() => onSelect(item.id)}
      onDoubleClick={() => onOpen(item.id)}
    >
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
            {item.threadSize > 1 && <span className="msg-row__thread">{item.threadSize}</span>}
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
          {'folderName' in item && query && <span className="msg-row__folder">{folderLabel(item.folderName)}</span>}
          <Highlighted text={item.preview} query={query} />
        </div>
      </div>
    </div>
  );
});
