// Store rows → the shared view types the renderer shows (pure functions, unit tested).
import type {
  AttachmentView, FolderView, MailAddress, MessageListItem, MessageView, SearchHit,
} from '../../shared/types';
import { Flag } from '../store/flags';
import type { Address, AttachmentRef, Body, FolderNode, MessageDetail, MessageSummary } from '../store/types';
import { attachmentName, isRiskyToOpen } from './attachment-content';
import { defaultPartName } from '../mime/part-names';
import { isPlaceholderAddress } from '../sync/header-decoding';
import { hasRemoteContent } from './remote-urls';
import { stripXdmPrefix } from './xdm';

export function toMailAddress(a: Address | null | undefined): MailAddress | null {
  // Dovecot's stand-ins (MISSING_MAILBOX@MISSING_DOMAIN), also in rows cached before they were dropped.
  const address = isPlaceholderAddress(a?.address) ? '' : a?.address ?? '';
  if (!a || (!address && !a.name)) return null;
  const name = a.name?.trim() || null;
  return { name, address };
}

export function toMailAddresses(list: readonly Address[] | null | undefined): MailAddress[] {
  return (list ?? []).map(toMailAddress).filter((a): a is MailAddress => a !== null);
}

export function toFolderView(node: FolderNode, bal: string): FolderView {
  return {
    id: node.id,
    bal,
    path: node.path,
    name: node.name,
    specialUse: normalizeSpecialUse(node.specialUse, node.path),
    unread: node.unread,
    total: node.total,
    syncedAt: node.lastSyncAt,
    children: node.children.map((c) => toFolderView(c, bal)),
  };
}

/** INBOX has no SPECIAL-USE attribute; give it one so the UI treats every special folder alike. */
export function normalizeSpecialUse(specialUse: string | null, path: string): string | null {
  if (path.toUpperCase() === 'INBOX') return '\\Inbox';
  if (!specialUse) return null;
  const s = specialUse.trim();
  return s.startsWith('\\') ? s : `\\${s}`;
}

export function toListItem(m: MessageSummary, threadSize = 1): MessageListItem {
  const { subject, isXdm } = stripXdmPrefix(m.subject);
  return {
    id: m.id,
    folderId: m.folderId,
    threadId: m.threadId,
    subject,
    from: toMailAddress(m.from),
    to: toMailAddresses(m.to),
    date: m.date,
    seen: (m.flags & Flag.seen) !== 0,
    flagged: (m.flags & Flag.flagged) !== 0,
    answered: (m.flags & Flag.answered) !== 0,
    hasAttachments: m.hasAttachments,
    preview: m.preview ?? '',
    threadSize: Math.max(1, threadSize),
    isXdm,
  };
}

export function toSearchHit(m: MessageSummary, bal: string, folderName: string, threadSize = 1): SearchHit {
  return { ...toListItem(m, threadSize), bal, folderName };
}

/** The name an attachment is checked, shown and written under (one normaliser for all three). */
export function attachmentFilename(a: AttachmentRef): string {
  return attachmentName(a.filename ?? '', defaultFilename(a));
}

export function toAttachmentView(a: AttachmentRef): AttachmentView {
  const filename = attachmentFilename(a);
  return {
    id: a.attachmentId,
    filename,
    risky: isRiskyToOpen(filename),
    mime: (a.mime ?? 'application/octet-stream').toLowerCase(),
    size: a.size ?? 0,
    inline: (a.disposition ?? '').toLowerCase() === 'inline' && !!a.contentId,
    contentId: a.contentId ? a.contentId.replace(/^<|>$/g, '') : null,
    fetched: a.fetched,
    damaged: a.damaged,
  };
}

/** An unnamed part (large message listed from BODYSTRUCTURE, older cache rows): named after its type. */
function defaultFilename(a: AttachmentRef): string {
  return defaultPartName(a.mime);
}

export function toMessageView(m: MessageDetail, body: Body | null, threadSize = 1): MessageView {
  const mssHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.mssHeaders ?? {})) mssHeaders[k.toLowerCase()] = String(v);
  return {
    ...toListItem(m, threadSize),
    cc: toMailAddresses(m.cc),
    replyTo: [],
    messageId: m.messageId,
    text: body?.text ?? null,
    html: body?.html ?? null,
    bodyPending: body === null,
    hasRemoteContent: hasRemoteContent(body?.html ?? null),
    attachments: m.attachments.map(toAttachmentView),
    mssHeaders,
    sentBy: null,
    smime: m.smime,
  };
}

/** Number of messages of each thread in one folder, from the thread members the store returned. */
export function countInFolder(members: readonly MessageSummary[], folderId: number): number {
  return members.reduce((n, m) => n + (m.folderId === folderId ? 1 : 0), 0);
}
