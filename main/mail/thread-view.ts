// Conversation view rows (store ThreadSummary / thread messages → shared view types). Pure functions.
import type { MessageListItem, ThreadMessageItem } from '../../shared/types';
import type { Folder, MessageSummary } from '../store/types';
import type { ThreadSummary } from '../store/threads-queries';
import { normalizeSpecialUse, toListItem, toMailAddresses } from './view-mapping';

/** A thread row: the newest message of the thread in the folder, with the conversation's state. */
export function toThreadRow(t: ThreadSummary): MessageListItem {
  return {
    ...toListItem(t.latest, t.count),
    seen: t.unread === 0,
    flagged: t.flagged > 0,
    hasAttachments: t.hasAttachments,
    thread: {
      size: t.count,
      unread: t.unread,
      flagged: t.flagged,
      hasAttachments: t.hasAttachments,
      participants: toMailAddresses(t.participants),
    },
  };
}

/** A message of an expanded conversation; `folderOf` gives the folder of a message kept elsewhere (Sent). */
export function toThreadMessage(m: MessageSummary, listedFolderId: number, folderOf: (id: number) => Folder | null): ThreadMessageItem {
  const other = m.folderId === listedFolderId ? null : folderOf(m.folderId);
  return {
    ...toListItem(m, 1),
    otherFolder: other ? other.name : null,
    otherFolderUse: other ? normalizeSpecialUse(other.specialUse, other.path) : null,
  };
}
