// Header sync of one folder.
//  - First sync (or after a UIDVALIDITY change, or an interrupted first sync): UID SEARCH ALL, diff with the
//    cache, headers of the missing UIDs newest first in batches (one transaction each), expunged ones removed.
//  - Later: SELECT ... (QRESYNC (uidvalidity modseq)) — the server answers with VANISHED (EARLIER) and the
//    changed flags inside the SELECT; new mail is fetched only when UIDNEXT moved. Nothing changed ⇒ the
//    SELECT is the only command.
//  - Selected folder (IDLE): notifications buffered by the session are applied, new UIDs fetched.
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import type { Folder, MessageInput } from '../store/types';
import { normalizeMessageId } from '../store/threading';
import { isInbox, type SyncContext } from './context';
import { assertUsable, fetchAllChecked, searchAllUids } from './imap-guards';
import { FALLBACK_QUERY, HEADER_QUERY, toMessageInput, toMessageInputFromHeaders } from './message-mapper';
import type { Session } from './session';
import { difference, headerBatches, newestFirstBatches, toSequenceSet } from './uid-sets';

export interface FolderSyncResult {
  folderId: number;
  inserted: number;
  removed: number;
  flagsUpdated: number;
  full: boolean;
  uidValidityChanged: boolean;
}

/** Messages fetched first into an empty folder cache (one screen). */
const FIRST_SCREEN = 50;

interface QresyncOpenOptions {
  uidValidity?: bigint;
  changedSince?: bigint;
}

/** Applies VANISHED / flag notifications the session buffered for this folder. */
export function flushNotifications(ctx: SyncContext, session: Session, folder: Folder, uidvalidity: number): { removed: number; flagsUpdated: number } {
  const vanished = session.takeVanished(folder.path);
  const flags = session.takeFlagChanges(folder.path);
  let removed = 0;
  let flagsUpdated = 0;
  const ids: number[] = [];
  if (vanished.length > 0) {
    ids.push(...ctx.q.idsOfUids(folder.id, uidvalidity, vanished));
    removed = ctx.store.deleteByUids(folder.id, uidvalidity, vanished);
  }
  if (flags.length > 0) {
    flagsUpdated = ctx.store.applyFlags(folder.id, uidvalidity, flags.map((f) => ({ uid: f.uid, flags: f.flags, modseq: f.modseq ?? null })));
    ctx.q.reapplyPendingFlags(folder.id);
    ids.push(...ctx.q.idsOfUids(folder.id, uidvalidity, flags.map((f) => f.uid)));
  }
  if (ids.length > 0) ctx.emit({ type: 'messagesChanged', bal: ctx.bal, folderId: folder.id, ids: [...new Set(ids)] });
  return { removed, flagsUpdated };
}

/**
 * UIDs asked for but absent from a FETCH answer: expunged meanwhile, or a response imapflow could not
 * parse (hostile MIME in ENVELOPE/BODYSTRUCTURE). The latter are fetched again without those items.
 */
async function headersOfUnparsed(client: ImapFlow, path: string, asked: number[], got: FetchMessageObject[]): Promise<MessageInput[]> {
  const seen = new Set(got.map((m) => m.uid));
  const absent = asked.filter((u) => !seen.has(u));
  if (absent.length === 0) return [];
  const again = await fetchAllChecked(client, path, toSequenceSet(absent), FALLBACK_QUERY as never, { uid: true });
  const out: MessageInput[] = [];
  for (const m of again) if (m.uid) out.push(toMessageInputFromHeaders(m));
  return out;
}

/** Fetches headers of `uids` newest first and writes each batch in one transaction. */
async function fetchHeaders(ctx: SyncContext, client: ImapFlow, folder: Folder, uidvalidity: number, uids: number[], progress: { done: number; total: number }): Promise<number> {
  const blocked = ctx.q.uidsWithPendingRemoval(folder.id);
  let inserted = 0;
  const batches = headerBatches(uids.filter((u) => !blocked.has(u)), ctx.options.headerBatchSize);
  // fetchAll collects a whole response before anything else is sent (never a command inside a FETCH
  // loop); the next batch is requested before the current one is written, so the server works meanwhile.
  const request = (i: number): Promise<FetchMessageObject[]> | null => {
    if (i >= batches.length) return null;
    const p = fetchAllChecked(client, folder.path, toSequenceSet(batches[i]!), HEADER_QUERY as never, { uid: true });
    p.catch(() => {}); // awaited below; a dropped connection must not become an unhandled rejection
    return p;
  };
  let next = request(0);
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i]!;
    const current = next!;
    if (ctx.stopped()) break;
    const msgs = await current;
    next = ctx.stopped() ? null : request(i + 1);
    const inputs = msgs.filter((m) => m.uid && !blocked.has(m.uid)).map(toMessageInput);
    inputs.push(...(await headersOfUnparsed(client, folder.path, batch, msgs)));
    ctx.q.claimPlaceholders(folder.id, uidvalidity, inputs.map((m) => ({ uid: m.uid, messageId: normalizeMessageId(m.messageId) })));
    const res = ctx.store.upsertMessages(folder.id, uidvalidity, inputs);
    ctx.q.reapplyPendingFlags(folder.id);
    inserted += res.inserted;
    progress.done += batch.length;
    ctx.emit({ type: 'messagesChanged', bal: ctx.bal, folderId: folder.id, ids: res.ids });
    ctx.emit({ type: 'progress', bal: ctx.bal, folder: folder.path, phase: 'headers', done: Math.min(progress.done, progress.total), total: progress.total });
  }
  return inserted;
}

/**
 * imapflow runs LIST before a SELECT of a folder it has not listed on this connection; the store already
 * knows the folder's delimiter and special use, which saves that round trip on every fresh connection.
 */
function primeFolderCache(client: ImapFlow, folder: Folder): void {
  const folders = (client as unknown as { folders?: Map<string, unknown> }).folders;
  const key = folder.path.toUpperCase() === 'INBOX' ? 'INBOX' : folder.path;
  if (!folders || folders.has(key)) return;
  folders.set(key, {
    path: key, name: folder.name, delimiter: folder.delimiter ?? '/', flags: new Set<string>(),
    ...(folder.specialUse ? { specialUse: folder.specialUse } : {}), subscribed: folder.subscribed, listed: true,
  });
}

/** SELECT (with QRESYNC when the folder has a resume point) and bring the cache up to date. */
export async function selectAndSync(ctx: SyncContext, session: Session, folder: Folder): Promise<FolderSyncResult> {
  const client = session.client;
  if (!client) throw new Error('not connected');
  const canQresync = folder.uidvalidity !== null && folder.highestmodseq !== null && (client as unknown as { enabled: Set<string> }).enabled.has('QRESYNC');
  session.clearBuffers(folder.path);
  const openOptions: QresyncOpenOptions = canQresync
    ? { uidValidity: BigInt(folder.uidvalidity!), changedSince: BigInt(folder.highestmodseq!) }
    : {};
  primeFolderCache(client, folder);
  const mb = await client.mailboxOpen(folder.path, openOptions as never);
  assertUsable(client, 'SELECT', folder.path);
  const result = await syncOpened(ctx, session, folder, mb, canQresync);
  session.syncedMailbox = mb;
  return result;
}

async function syncOpened(ctx: SyncContext, session: Session, folder: Folder, mb: MailboxObject, qresynced: boolean): Promise<FolderSyncResult> {
  const client = session.client!;
  const uidvalidity = Number(mb.uidValidity);
  const result: FolderSyncResult = { folderId: folder.id, inserted: 0, removed: 0, flagsUpdated: 0, full: false, uidValidityChanged: false };
  let f = folder;
  if (f.uidvalidity !== uidvalidity) {
    // First sight, or the server renumbered the folder: cached rows become stale (hidden), reconciled by Message-ID.
    const r = ctx.store.upsertFolder(ctx.accountId, { path: f.path, delimiter: f.delimiter, name: f.name, specialUse: f.specialUse, subscribed: f.subscribed, uidvalidity });
    result.uidValidityChanged = r.uidValidityChanged;
    session.clearBuffers(f.path);
    f = ctx.store.getFolder(f.id)!;
  }
  const modseq = mb.highestModseq ?? null;
  const full = result.uidValidityChanged || f.highestmodseq === null || !qresynced || mb.noModseq === true || modseq === null;
  result.full = full;
  if (full) {
    const fresh = new Set<number>();
    if (mb.exists > 0 && ctx.q.localUids(f.id, uidvalidity).length === 0) {
      // Empty cache: the newest messages (highest sequence numbers) first, before the full UID list, so
      // the first screen fills without waiting for UID SEARCH ALL.
      const first = FIRST_SCREEN;
      const msgs = await fetchAllChecked(client, f.path, `${Math.max(1, mb.exists - first + 1)}:*`, HEADER_QUERY as never);
      // (A message missing here because its response could not be parsed is taken by the full pass below.)
      const inputs = msgs.filter((m) => m.uid).map(toMessageInput);
      ctx.q.claimPlaceholders(f.id, uidvalidity, inputs.map((m) => ({ uid: m.uid, messageId: normalizeMessageId(m.messageId) })));
      const res = ctx.store.upsertMessages(f.id, uidvalidity, inputs);
      ctx.q.reapplyPendingFlags(f.id);
      inputs.forEach((m) => fresh.add(m.uid));
      result.inserted += res.inserted;
      ctx.emit({ type: 'messagesChanged', bal: ctx.bal, folderId: f.id, ids: res.ids });
      ctx.emit({ type: 'progress', bal: ctx.bal, folder: f.path, phase: 'headers', done: inputs.length, total: mb.exists });
    }
    // Full pass: the server's UID list against the cache.
    const serverUids = await searchAllUids(client, f.path);
    const server = new Set(serverUids);
    const local = ctx.q.localUids(f.id, uidvalidity);
    const localSet = new Set(local);
    const gone = local.filter((u) => !server.has(u));
    if (gone.length > 0) {
      const ids = ctx.q.idsOfUids(f.id, uidvalidity, gone);
      result.removed += ctx.store.deleteByUids(f.id, uidvalidity, gone);
      ctx.emit({ type: 'messagesChanged', bal: ctx.bal, folderId: f.id, ids });
    }
    const kept = local.filter((u) => server.has(u) && !fresh.has(u));
    if (kept.length > 0) {
      // Resumed first sync or no CONDSTORE: refresh the flags of what is already cached.
      // In chunks: a resumed sync of a large folder must not hold every FETCH response at once.
      for (const chunk of newestFirstBatches(kept, 5_000)) {
        const msgs = await fetchAllChecked(client, f.path, toSequenceSet(chunk), { uid: true, flags: true }, { uid: true });
        result.flagsUpdated += ctx.store.applyFlags(f.id, uidvalidity, msgs.map((m) => ({ uid: m.uid, flags: [...(m.flags ?? [])], modseq: m.modseq ?? null })));
      }
      ctx.q.reapplyPendingFlags(f.id);
    }
    const missing = difference(serverUids, localSet);
    const progress = { done: local.length, total: local.length + missing.length };
    ctx.emit({ type: 'progress', bal: ctx.bal, folder: f.path, phase: 'headers', done: progress.done, total: progress.total });
    result.inserted += await fetchHeaders(ctx, client, f, uidvalidity, missing, progress);
    if (ctx.stopped()) return result;
    if (result.uidValidityChanged) ctx.store.finishUidValidityResync(f.id);
    session.takeVanished(f.path);
    session.takeFlagChanges(f.path);
  } else {
    // QRESYNC: VANISHED and changed flags arrived inside the SELECT response.
    const r = flushNotifications(ctx, session, f, uidvalidity);
    result.removed += r.removed;
    result.flagsUpdated += r.flagsUpdated;
    if (f.uidnext === null || mb.uidNext > f.uidnext) {
      result.inserted += await fetchNewSince(ctx, session, f, uidvalidity, f.uidnext ?? ctx.q.maxUid(f.id, uidvalidity) + 1);
    }
  }
  if (!ctx.stopped()) {
    ctx.store.setFolderSyncState(f.id, { uidnext: mb.uidNext, highestmodseq: modseq });
  }
  if (result.inserted > 0 && !full && isInbox(f.path, f.specialUse)) {
    ctx.emit({ type: 'newMail', bal: ctx.bal, folderId: f.id, count: result.inserted });
  }
  // Notifications were cleared before the SELECT (clearBuffers); an EXISTS that arrived during this sync
  // stays pending so the next catch-up fetches it (clearing it here lost mail delivered mid-sync).
  return result;
}

/** Headers of UIDs ≥ fromUid (UID FETCH n:* answers with the last message even when there is none above n). */
async function fetchNewSince(ctx: SyncContext, session: Session, folder: Folder, uidvalidity: number, fromUid: number): Promise<number> {
  const client = session.client!;
  const first = await fetchAllChecked(client, folder.path, `${Math.max(1, fromUid)}:*`, { uid: true }, { uid: true });
  const uids = first.map((m) => m.uid).filter((u) => u >= fromUid);
  const known = new Set(ctx.q.localUids(folder.id, uidvalidity));
  const missing = uids.filter((u) => !known.has(u));
  if (missing.length === 0) return 0;
  return fetchHeaders(ctx, client, folder, uidvalidity, missing, { done: 0, total: missing.length });
}

/**
 * The folder is selected on this connection (IDLE wake-up): apply buffered notifications and fetch new
 * mail, without a new SELECT.
 */
export async function catchUpSelected(ctx: SyncContext, session: Session, folder: Folder): Promise<FolderSyncResult> {
  const client = session.client!;
  const uidvalidity = Number(client.mailbox ? client.mailbox.uidValidity : 0);
  const result: FolderSyncResult = { folderId: folder.id, inserted: 0, removed: 0, flagsUpdated: 0, full: false, uidValidityChanged: false };
  if (folder.uidvalidity !== uidvalidity) return selectAndSync(ctx, session, folder);
  const r = flushNotifications(ctx, session, folder, uidvalidity);
  result.removed = r.removed;
  result.flagsUpdated = r.flagsUpdated;
  if (session.newMailPaths.has(folder.path)) {
    session.newMailPaths.delete(folder.path);
    result.inserted = await fetchNewSince(ctx, session, folder, uidvalidity, ctx.q.maxUid(folder.id, uidvalidity) + 1);
    if (result.inserted > 0 && isInbox(folder.path, folder.specialUse)) {
      ctx.emit({ type: 'newMail', bal: ctx.bal, folderId: folder.id, count: result.inserted });
    }
  }
  return result;
}
