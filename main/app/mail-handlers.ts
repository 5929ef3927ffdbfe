// Read handlers of the mail UI (folders, list, reader, search, attachments) over the encrypted cache, and
// the commands that change mail, forwarded to the sync engine (the UI never writes the cache).
// Every call first checks that its folder / message belongs to a BAL the current person may open.
import type { CallName, FiledResultView } from '../../shared/contract';
import type { FolderView, MessageListItem, SearchHit } from '../../shared/types';
import type { Handlers } from '../bridge/dispatcher';
import { log } from '../log';
import type { StoreReader } from '../store/reader';
import type { FolderNode, MessageSummary } from '../store/types';
import { findSpecialFolder, type SpecialRole } from '../sync/special-folders';
import { readStoredAttachment } from '../sync/stored-attachment';
import { MailAccess } from '../mail/access';
import { PREVIEW_MAX_BYTES, isPreviewable, isRiskyToOpen, normalizeMime, sniffMime } from '../mail/attachment-content';
import type { AttachmentFiles } from '../mail/attachment-files';
import {
  attachmentNotFound, attachmentUnavailable, cacheLocked, confirmPermanentDelete, crossBalMove, dangerousToOpen,
  permanentOnlyInTrash, previewMismatch, previewTooLarge, previewUnsupported, saveFailed, specialFolderUnavailable,
} from '../mail/errors';
import { DEFAULT_REMOTE_LIMITS, type RemoteImageLimits, fetchRemoteImages } from '../mail/remote-images';
import { extractRemoteUrls } from '../mail/remote-urls';
import { toThreadMessage, toThreadRow } from '../mail/thread-view';
import { attachmentFilename, countInFolder, toFolderView, toListItem, toMessageView, toSearchHit } from '../mail/view-mapping';
import type { MailEngineCommands } from '../mail/engine-commands';

export interface MailHandlerDeps {
  /** The cache's read connection; null while locked or before the store is opened. */
  reader: () => StoreReader | null;
  engine: MailEngineCommands;
  /** BAL addresses the current person may see (offline rights). */
  allowedBals: () => string[];
  files: AttachmentFiles;
  /** Who sent a message from this workstation (by Message-ID), when the outbox knows. */
  sentByOf?: (messageId: string | null) => { idNat: string; name: string } | null;
  remoteImages?: Partial<RemoteImageLimits>;
}

type MailCalls =
  | 'folders.list' | 'messages.list' | 'messages.thread' | 'messages.get' | 'messages.setFlags' | 'messages.move' | 'messages.delete'
  | 'messages.copy' | 'messages.archive'
  | 'messages.loadRemoteContent' | 'attachments.open' | 'attachments.save' | 'attachments.preview' | 'search.query'
  | 'sync.now';
export type MailHandlers = Pick<Handlers, MailCalls & CallName>;

/** Members of each thread in a folder, for the thread count of list rows (one query per distinct thread). */
function threadSizes(reader: StoreReader, items: readonly MessageSummary[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const m of items) {
    if (!m.threadId) continue;
    const key = `${m.folderId}\u0000${m.threadId}`;
    if (!sizes.has(key)) sizes.set(key, countInFolder(reader.getThread(m.accountId, m.threadId), m.folderId));
  }
  return sizes;
}
const sizeOf = (sizes: Map<string, number>, m: MessageSummary) =>
  m.threadId ? (sizes.get(`${m.folderId}\u0000${m.threadId}`) ?? 1) : 1;

function findNode(nodes: readonly FolderNode[], id: number): FolderNode | null {
  for (const n of nodes) {
    if (n.id === id) return n;
    const c = findNode(n.children, id);
    if (c) return c;
  }
  return null;
}

export function createMailHandlers(deps: MailHandlerDeps): MailHandlers {
  const remoteLimits: RemoteImageLimits = { ...DEFAULT_REMOTE_LIMITS, ...deps.remoteImages };
  // A body is asked for once at a time (the reader reloads on every 'messages.changed' while it waits).
  const bodiesInFlight = new Set<number>();

  const open = () => {
    const reader = deps.reader();
    if (!reader) throw cacheLocked();
    return { reader, access: new MailAccess(reader, deps.allowedBals()) };
  };

  const attachment = async (messageId: number, attachmentId: number) => {
    const { reader, access } = open();
    const { message, bal } = access.message(messageId);
    const ref = message.attachments.find((a) => a.attachmentId === attachmentId);
    if (!ref) throw attachmentNotFound();
    let data = await readStoredAttachment(reader, messageId, ref.part);
    if (!data) {
      data = await deps.engine.fetchAttachment(bal, messageId, ref.part).catch(() => null);
      if (!data) throw attachmentUnavailable();
    }
    const filename = attachmentFilename(ref);
    return { data, filename, mime: normalizeMime(ref.mime ?? 'application/octet-stream'), bal };
  };

  /** Moves messages of one BAL to its Trash / Archives; what is already there stays. */
  const fileTo = async (reader: StoreReader, bal: string, ids: number[], role: SpecialRole) => {
    const folderId = await deps.engine.specialFolder(bal, role).catch((e: unknown) => {
      log.warn('mail.special-folder-unavailable', { role, reason: e instanceof Error ? e.name : 'unknown' });
      throw specialFolderUnavailable(role);
    });
    const byFolder = new Map<number, number[]>();
    for (const id of ids) {
      const from = reader.getMessage(id)?.folderId;
      if (from === undefined || from === folderId) continue;
      byFolder.set(from, [...(byFolder.get(from) ?? []), id]);
    }
    const moving = [...byFolder.values()].flat();
    const moved = moving.length > 0 ? await deps.engine.move(bal, moving, folderId) : 0;
    return { moved, folderId, restore: [...byFolder].map(([from, group]) => ({ folderId: from, ids: group })) };
  };

  return {
    'folders.list': (_ctx, bal): FolderView[] => {
      const { reader, access } = open();
      access.requireBal(bal);
      const account = reader.getAccountByAddress(bal);
      if (!account) return [];
      return reader.folderTree(account.id).map((n) => toFolderView(n, account.address));
    },

    'messages.list': (_ctx, o) => {
      const { reader, access } = open();
      const { folder } = access.folder(o.folderId);
      const node = findNode(reader.folderTree(folder.accountId), folder.id);
      const totalOf = (n: number) => (node ? (o.unreadOnly ? node.unread : node.total) : n);
      if (o.threads) {
        // Conversation view: one row per thread, paged by the id of each page's last thread row.
        const threads = reader.threads.listThreads(folder.id, { limit: o.limit + 1, beforeRowid: o.before, unreadOnly: o.unreadOnly, sort: o.sort });
        const page = threads.slice(0, o.limit);
        const items = page.map(toThreadRow);
        return { items, next: threads.length > o.limit ? (page.at(-1)?.latest.id ?? null) : null, total: totalOf(items.length) };
      }
      const rows = reader.listMessages(folder.id, {
        limit: o.limit + 1,
        beforeRowid: o.before,
        unreadOnly: o.unreadOnly,
        sort: o.sort,
      });
      const page = rows.slice(0, o.limit);
      const sizes = threadSizes(reader, page);
      const items: MessageListItem[] = page.map((m) => toListItem(m, sizeOf(sizes, m)));
      return { items, next: rows.length > o.limit ? (page.at(-1)?.id ?? null) : null, total: totalOf(items.length) };
    },

    'messages.thread': (_ctx, { id, folderId }) => {
      const { reader, access } = open();
      const { folder } = access.folder(folderId);
      const { message } = access.message(id);
      if (message.accountId !== folder.accountId) return [toThreadMessage(message, message.folderId, () => null)];
      const folders = new Map<number, ReturnType<StoreReader['getFolder']>>();
      const folderOf = (fid: number) => {
        if (!folders.has(fid)) folders.set(fid, reader.getFolder(fid));
        return folders.get(fid) ?? null;
      };
      return reader.threads.threadMessages(folder.id, id).map((m) => toThreadMessage(m, folder.id, folderOf));
    },

    'messages.get': (_ctx, id) => {
      const { reader, access } = open();
      const { message, bal } = access.message(id);
      const body = reader.getBody(id);
      if (!body && !bodiesInFlight.has(id)) {
        bodiesInFlight.add(id);
        deps.engine
          .fetchBody(bal, id)
          .catch((e: unknown) => log.warn('mail.fetch-body-failed', { reason: e instanceof Error ? e.name : 'unknown' }))
          .finally(() => bodiesInFlight.delete(id));
      }
      const size = message.threadId ? countInFolder(reader.getThread(message.accountId, message.threadId), message.folderId) : 1;
      const view = toMessageView(message, body, size);
      // Delegated sending: who sent this message from this workstation (outbox records).
      return deps.sentByOf ? { ...view, sentBy: deps.sentByOf(message.messageId) } : view;
    },

    'messages.setFlags': async (_ctx, change) => {
      const { access } = open();
      const groups = access.messagesByBal(change.ids);
      let changed = 0;
      for (const [bal, g] of groups) {
        changed += await deps.engine.setFlags(bal, g.ids, { add: change.add ?? [], remove: change.remove ?? [] });
      }
      return { changed };
    },

    'messages.move': async (_ctx, { ids, folderId }) => {
      const { access } = open();
      const target = access.folder(folderId);
      const groups = access.messagesByBal(ids);
      if ([...groups.keys()].some((bal) => bal.toLowerCase() !== target.bal.toLowerCase())) throw crossBalMove();
      let moved = 0;
      for (const [bal, g] of groups) moved += await deps.engine.move(bal, g.ids, folderId);
      return { moved };
    },

    'messages.copy': async (_ctx, { ids, folderId }) => {
      const { access } = open();
      const target = access.folder(folderId);
      const groups = access.messagesByBal(ids);
      if ([...groups.keys()].some((bal) => bal.toLowerCase() !== target.bal.toLowerCase())) throw crossBalMove();
      let copied = 0;
      for (const [bal, g] of groups) copied += await deps.engine.copy(bal, g.ids, folderId);
      return { copied };
    },

    // Delete = move to the BAL's Trash (the other users of a shared BAL still find it there, and the person
    // can undo); deleting what is already in the Trash is permanent and needs `permanent` (confirmed in the UI).
    'messages.delete': async (_ctx, { ids, permanent }) => {
      const { reader, access } = open();
      const out: FiledResultView = { moved: 0, deleted: 0, folderId: null, restore: [] };
      for (const [bal, g] of access.messagesByBal(ids)) {
        const trash = findSpecialFolder(reader.listFolders(g.accountId), 'trash');
        const inTrash = g.ids.filter((id) => trash !== null && reader.getMessage(id)?.folderId === trash.id);
        if (permanent) {
          if (inTrash.length < g.ids.length) throw permanentOnlyInTrash();
          out.deleted += await deps.engine.delete(bal, inTrash);
          continue;
        }
        if (inTrash.length > 0) throw confirmPermanentDelete();
        const r = await fileTo(reader, bal, g.ids, 'trash');
        out.moved += r.moved;
        out.folderId = r.folderId;
        out.restore.push(...r.restore);
      }
      return out;
    },

    // "Archiver" = the BAL's Archives folder on the server (as Thunderbird and Outlook do), for every user.
    'messages.archive': async (_ctx, { ids }) => {
      const { reader, access } = open();
      const out: FiledResultView = { moved: 0, deleted: 0, folderId: null, restore: [] };
      for (const [bal, g] of access.messagesByBal(ids)) {
        const r = await fileTo(reader, bal, g.ids, 'archive');
        out.moved += r.moved;
        out.folderId = r.folderId;
        out.restore.push(...r.restore);
      }
      return out;
    },

    'messages.loadRemoteContent': async (_ctx, id) => {
      const { reader, access } = open();
      access.message(id);
      const urls = extractRemoteUrls(reader.getBody(id)?.html ?? null);
      if (urls.length === 0) return {};
      const result = await fetchRemoteImages(urls, remoteLimits);
      log.info('mail.remote-images', { requested: urls.length, loaded: Object.keys(result).length });
      return result;
    },

    'attachments.preview': async (_ctx, { messageId, attachmentId }) => {
      const { access } = open();
      const { message } = access.message(messageId);
      const ref = message.attachments.find((a) => a.attachmentId === attachmentId);
      if (!ref) throw attachmentNotFound();
      const declared = normalizeMime(ref.mime ?? '');
      if (!isPreviewable(declared)) throw previewUnsupported();
      if ((ref.size ?? 0) > PREVIEW_MAX_BYTES) throw previewTooLarge(PREVIEW_MAX_BYTES / 1024 / 1024);
      const { data } = await attachment(messageId, attachmentId);
      if (data.length > PREVIEW_MAX_BYTES) throw previewTooLarge(PREVIEW_MAX_BYTES / 1024 / 1024);
      const actual = sniffMime(data);
      if (!actual || actual !== declared) throw previewMismatch();
      return { dataUrl: `data:${actual};base64,${data.toString('base64')}`, mime: actual };
    },

    'attachments.save': async (_ctx, { messageId, attachmentId }) => {
      const a = await attachment(messageId, attachmentId);
      try {
        const savedTo = await deps.files.saveFile({ filename: a.filename, mime: a.mime, data: a.data });
        return { savedTo };
      } catch (e) {
        log.warn('mail.attachment-save-failed', { reason: (e as NodeJS.ErrnoException).code ?? 'unknown' });
        throw saveFailed();
      }
    },

    'attachments.open': async (_ctx, { messageId, attachmentId, confirmRisky }) => {
      const a = await attachment(messageId, attachmentId);
      if (isRiskyToOpen(a.filename) && !confirmRisky) throw dangerousToOpen();
      if (confirmRisky && isRiskyToOpen(a.filename)) log.info('mail.attachment-open-risky-confirmed', {});
      try {
        return { opened: await deps.files.openFile({ filename: a.filename, mime: a.mime, data: a.data }) };
      } catch (e) {
        log.warn('mail.attachment-open-failed', { reason: (e as NodeJS.ErrnoException).code ?? 'unknown' });
        throw saveFailed();
      }
    },

    'search.query': (_ctx, s): SearchHit[] => {
      const { reader, access } = open();
      if (!s.q.trim()) return [];
      let accountIds = access.allowedAccountIds();
      if (s.bal) {
        access.requireBal(s.bal);
        const account = reader.getAccountByAddress(s.bal);
        accountIds = account ? [account.id] : [];
      }
      if (s.folderId !== undefined) {
        const { folder } = access.folder(s.folderId);
        accountIds = accountIds.filter((a) => a === folder.accountId);
      }
      const rows = reader.search(s.q, { accountIds, folderId: s.folderId, limit: s.limit });
      const sizes = threadSizes(reader, rows);
      const folderNames = new Map<number, string>();
      return rows.map((m) => {
        if (!folderNames.has(m.folderId)) folderNames.set(m.folderId, reader.getFolder(m.folderId)?.name ?? '');
        return toSearchHit(m, access.balOfAccount(m.accountId) ?? '', folderNames.get(m.folderId) ?? '', sizeOf(sizes, m));
      });
    },

    'sync.now': async (_ctx, { bal }) => {
      const { access } = open();
      if (bal) access.requireBal(bal);
      return { started: await deps.engine.syncNow(bal ?? null) };
    },
  };
}
