// The archive pipeline, engine side. Per message, in this order, each step committed before the next:
//   1. local copy complete: raw source (BODY.PEEK[] + RFC822.SIZE) stored once by SHA-256, body and every
//      attachment's content stored (one transaction);
//   2. verified: the stored source is decoded and re-hashed, compared with the hash of what was fetched and
//      with the server's RFC822.SIZE; body and attachments present;
//   3. archived = 1 (+ audit entry 'archive', Message-ID only), on_server still 1;
//   4. server copy removed (UID STORE \Deleted + UID EXPUNGE, or MOVE to Trash), after a fresh size check of
//      that UID under the same UIDVALIDITY;
//   5. on_server = 0.
// A crash anywhere leaves either the server copy or a verified local copy (usually both). Replays are
// idempotent: archived rows with a verified source skip 1-3; a UID already gone only gets step 5.
import type { ImapFlow } from 'imapflow';
import { errorFields, log } from '../log';
import { sha256Hex } from '../archive/raw-codec';
import { verifyCopy, type VerifyFailure } from '../archive/verify';
import { isPolicyFolder, selectForPolicy } from '../archive/policy';
import type { Folder } from '../store/types';
import { ArchiveQueries, type ArchiveActor, type ArchiveState } from './archive-queries';
import { parseRawMessage } from './body-parser';
import type { SyncContext } from './context';
import { assertUsable } from './imap-guards';

export type ArchiveFailure = VerifyFailure | 'unknown' | 'pending-move' | 'not-on-server' | 'gone' | 'renumbered' | 'server-refused' | 'not-archived' | 'error';

export interface ArchiveOptions {
  actor: ArchiveActor;
  auto?: boolean;
  serverAction?: 'expunge' | 'trash';
  /** Tests only: called after the archive commit, before the server copy is touched. */
  afterCommit?: (id: number) => void | Promise<void>;
}

export interface ArchiveOutcome {
  archived: number[];
  removedFromServer: number[];
  failed: Array<{ id: number; reason: ArchiveFailure }>;
}

/** Messages archived per maintenance round (policy): the rest waits for the next round. */
const POLICY_BATCH = 200;
/** Policy candidates that failed once are not retried for the rest of the session (they would starve the others). */
const policySkips = new WeakMap<SyncContext, Set<number>>();

async function selectFolder(client: ImapFlow, path: string): Promise<number> {
  // Read-write (another command may have left it EXAMINEd): STORE and EXPUNGE need it.
  if (!client.mailbox || client.mailbox.path !== path || client.mailbox.readOnly) await client.mailboxOpen(path);
  assertUsable(client, 'SELECT', path);
  return Number(client.mailbox ? client.mailbox.uidValidity : 0);
}

function factsOf(s: ArchiveState, server: { size: number | null; sha256: string | null; fetchedSize: number | null }) {
  return {
    serverSize: server.size,
    fetchedSha256: server.sha256,
    fetchedSize: server.fetchedSize,
    recordedSha256: s.raw?.sha256 ?? null,
    recordedSize: s.raw?.size ?? null,
    stored: s.raw?.stored ?? null,
    bodyStored: s.bodyStored,
    attachmentsMissing: s.attachmentsMissing,
  };
}

/** Steps 1-2. Returns the verified state, or why not. */
export async function ensureVerifiedCopy(ctx: SyncContext, client: ImapFlow, id: number): Promise<{ ok: true; state: ArchiveState } | { ok: false; reason: ArchiveFailure }> {
  const aq = ArchiveQueries.of(ctx.store);
  const s = aq.state(id);
  if (!s || s.accountId !== ctx.accountId) return { ok: false, reason: 'unknown' };
  if (s.uid <= 0) return { ok: false, reason: 'pending-move' };
  // Replay: a copy stored and verified earlier is not fetched again.
  if (s.raw && verifyCopy(factsOf(s, { size: s.size, sha256: null, fetchedSize: null })).ok) return { ok: true, state: s };
  if (!s.onServer) return { ok: false, reason: 'not-on-server' };
  const folder = ctx.store.getFolder(s.folderId);
  if (!folder) return { ok: false, reason: 'unknown' };
  if ((await selectFolder(client, folder.path)) !== s.uidvalidity) return { ok: false, reason: 'renumbered' };
  const one = await client.fetchOne(String(s.uid), { uid: true, source: true, size: true, bodyStructure: true }, { uid: true });
  assertUsable(client, 'FETCH', folder.path);
  if (!one || !one.source) return { ok: false, reason: 'gone' };
  const raw = one.source;
  const fetched = { size: typeof one.size === 'number' ? one.size : null, sha256: sha256Hex(raw), fetchedSize: raw.length };
  const parsed = await parseRawMessage(raw, one.bodyStructure);
  ctx.store.transaction(() => {
    ctx.store.storeBody(id, { text: parsed.text, html: parsed.html, rawSize: parsed.rawSize, smime: parsed.smime }, parsed.attachments);
    aq.storeRaw(id, raw);
  });
  // Read back from the store (what an export or the reader will get), not the buffer in memory.
  const after = aq.state(id);
  if (!after) return { ok: false, reason: 'gone' };
  const v = verifyCopy(factsOf(after, fetched));
  return v.ok ? { ok: true, state: after } : { ok: false, reason: v.reason };
}

/** Steps 4-5 for an archived message. */
export async function removeServerCopy(ctx: SyncContext, client: ImapFlow, id: number, action: 'expunge' | 'trash' = 'expunge'): Promise<{ ok: true } | { ok: false; reason: ArchiveFailure }> {
  const aq = ArchiveQueries.of(ctx.store);
  const s = aq.state(id);
  if (!s) return { ok: false, reason: 'unknown' };
  if (!s.archived) return { ok: false, reason: 'not-archived' };
  if (!s.onServer) return { ok: true };
  const folder = ctx.store.getFolder(s.folderId);
  if (!folder) return { ok: false, reason: 'unknown' };
  // A UID only names this message under the same UIDVALIDITY: otherwise never delete by it.
  if ((await selectFolder(client, folder.path)) !== s.uidvalidity) return { ok: false, reason: 'renumbered' };
  const one = await client.fetchOne(String(s.uid), { uid: true, size: true }, { uid: true });
  assertUsable(client, 'FETCH', folder.path);
  if (!one) {
    aq.markGoneFromServer(id); // already expunged (by us before a crash, or elsewhere)
    return { ok: true };
  }
  const v = verifyCopy(factsOf(s, { size: typeof one.size === 'number' ? one.size : null, sha256: null, fetchedSize: null }));
  if (!v.ok) return { ok: false, reason: v.reason };
  let done = false;
  const trash = action === 'trash' ? trashFolder(ctx, folder) : null;
  if (trash) done = !!(await client.messageMove(String(s.uid), trash.path, { uid: true }));
  else done = (await client.messageDelete(String(s.uid), { uid: true })) === true;
  assertUsable(client, 'EXPUNGE', folder.path);
  if (!done) return { ok: false, reason: 'server-refused' };
  aq.markGoneFromServer(id);
  return { ok: true };
}

function trashFolder(ctx: SyncContext, from: Folder): Folder | null {
  const t = ctx.store.listFolders(ctx.accountId).find((f) => f.specialUse === '\\Trash');
  return t && t.id !== from.id ? t : null;
}

/** Steps 1-5 for each message, one at a time. */
export async function archiveMessages(ctx: SyncContext, client: ImapFlow, ids: readonly number[], o: ArchiveOptions): Promise<ArchiveOutcome> {
  const aq = ArchiveQueries.of(ctx.store);
  const out: ArchiveOutcome = { archived: [], removedFromServer: [], failed: [] };
  const folders = new Set<number>();
  for (const id of new Set(ids)) {
    if (ctx.stopped()) break;
    try {
      const copy = await ensureVerifiedCopy(ctx, client, id);
      if (!copy.ok) {
        out.failed.push({ id, reason: copy.reason });
        log.warn('archive.copy-not-verified', { messageRowId: id, reason: copy.reason });
        continue;
      }
      const s = copy.state;
      folders.add(s.folderId);
      if (!s.archived) {
        aq.commitArchived(id, {
          actor: o.actor, bal: ctx.bal, auto: o.auto ?? false,
          folder: ctx.store.getFolder(s.folderId)?.path ?? null, messageId: s.messageId,
        });
      }
      out.archived.push(id);
      await o.afterCommit?.(id);
      const removed = await removeServerCopy(ctx, client, id, o.serverAction ?? 'expunge');
      if (removed.ok) out.removedFromServer.push(id);
      else {
        out.failed.push({ id, reason: removed.reason });
        log.warn('archive.server-delete-skipped', { messageRowId: id, reason: removed.reason });
      }
    } catch (err) {
      if (!client.usable) throw err; // connection lost: the caller reconnects; the next round resumes
      out.failed.push({ id, reason: 'error' });
      log.warn('archive.failed', { messageRowId: id, ...errorFields(err) });
    }
  }
  for (const folderId of folders) ctx.emit({ type: 'messagesChanged', bal: ctx.bal, folderId, ids: [...out.archived] });
  if (folders.size > 0) ctx.emit({ type: 'folderChanged', bal: ctx.bal, folderIds: [...folders] });
  log.info('archive.done', { accountId: ctx.accountId, archived: out.archived.length, removed: out.removedFromServer.length, failed: out.failed.length, auto: o.auto ?? false });
  return out;
}

/** Stores (and verifies against RFC822.SIZE) the raw source of messages, e.g. for an .eml/mbox export. */
export async function ensureRawSources(ctx: SyncContext, client: ImapFlow, ids: readonly number[]): Promise<number[]> {
  const done: number[] = [];
  for (const id of new Set(ids)) {
    if (ctx.stopped()) break;
    const r = await ensureVerifiedCopy(ctx, client, id).catch((err: unknown) => {
      if (!client.usable) throw err;
      return { ok: false as const, reason: 'error' as const };
    });
    if (r.ok) done.push(id);
  }
  return done;
}

/**
 * After a sync round: finish deletions a crash interrupted, then apply the BAL's policy (processed mail of
 * INBOX and Sent older than N days). `folderFilter` narrows the folders (tests).
 */
export async function runArchiveMaintenance(ctx: SyncContext, client: ImapFlow, o: { now?: number; folderFilter?: (f: Folder) => boolean } = {}): Promise<ArchiveOutcome | null> {
  const aq = ArchiveQueries.of(ctx.store);
  const policy = aq.policy(ctx.bal);
  const action = policy?.serverAction ?? 'expunge';
  for (const id of aq.pendingServerDeletes(ctx.accountId)) {
    if (ctx.stopped()) return null;
    try {
      const r = await removeServerCopy(ctx, client, id, action);
      if (!r.ok) log.warn('archive.resume-skipped', { messageRowId: id, reason: r.reason });
    } catch (err) {
      if (!client.usable) throw err;
      log.warn('archive.resume-failed', { messageRowId: id, ...errorFields(err) });
    }
  }
  if (!policy) return null;
  const now = o.now ?? Date.now();
  const folders = ctx.store.listFolders(ctx.accountId).filter(o.folderFilter ?? isPolicyFolder);
  let skip = policySkips.get(ctx);
  if (!skip) policySkips.set(ctx, (skip = new Set()));
  const ids: number[] = [];
  for (const f of folders) {
    ids.push(...selectForPolicy(aq.policyCandidates(f.id), policy.days, now).map((m) => m.id).filter((id) => !skip.has(id)));
    if (ids.length >= POLICY_BATCH) break;
  }
  if (ids.length === 0) return null;
  const out = await archiveMessages(ctx, client, ids.slice(0, POLICY_BATCH), {
    actor: { idNat: policy.setBy, name: 'Archivage automatique' }, auto: true, serverAction: action,
  });
  for (const f of out.failed) skip.add(f.id);
  return out;
}
