// Reader toolbar buttons: reply (R), reply to all (Maj+R), forward (F), forward as attachment (Maj+F);
// "Modifier le brouillon" for a message of the Drafts folder.
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/types';
import { useWorkspace } from '../../app/workspace';
import { folderKind } from '../mail/folder-names';
import { useFolder } from '../mail/use-folder';
import { type PrepareMode, useCompose } from './compose-context';
import { ForwardIcon, PaperclipIcon, PenIcon, ReplyAllIcon, ReplyIcon } from './icons';

const MODES: Array<{ mode: PrepareMode; key: string; shortcut: string; icon: () => React.ReactElement }> = [
  { mode: 'reply', key: 'compose.reply', shortcut: 'R', icon: ReplyIcon },
  { mode: 'reply-all', key: 'compose.replyAll', shortcut: 'Maj+R', icon: ReplyAllIcon },
  { mode: 'forward', key: 'compose.forward', shortcut: 'F', icon: ForwardIcon },
  { mode: 'forward-attachment', key: 'compose.forwardAttachment', shortcut: 'Maj+F', icon: PaperclipIcon },
];

export function ReplyActions({ view }: { view: MessageView }) {
  const { t } = useTranslation();
  const { open } = useCompose();
  const { activeBal } = useWorkspace();
  const folder = useFolder(activeBal?.address ?? null, view.folderId);
  const noReply = view.mssHeaders['x-mss-mes']?.trim().toUpperCase() === 'FIN';
  return (
    <span className="reply-actions" role="group" aria-label={t('compose.replyGroup')}>
      {folder && folderKind(folder) === 'drafts' && (
        <button type="button" className="button button--small button--primary" onClick={() => open({ kind: 'server-draft', messageId: view.id })} data-testid="reader-edit-draft">
          <PenIcon />
          <span>{t('compose.editDraft')}</span>
        </button>
      )}
      {MODES.map(({ mode, key, shortcut, icon: Icon }) => {
        const disabled = noReply && (mode === 'reply' || mode === 'reply-all');
        return (
          <button
            key={mode}
            type="button"
            className="button button--small"
            onClick={() => open({ kind: 'prepare', messageId: view.id, mode })}
            disabled={disabled}
            title={disabled ? t('compose.noReplyBlocked') : `${t(key)} (${shortcut})`}
            data-testid={`reader-${mode}`}
          >
            <Icon />
            <span className={mode === 'forward-attachment' ? 'visually-hidden' : undefined}>{t(key)}</span>
          </button>
        );
      })}
    </span>
  );
}
