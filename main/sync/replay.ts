// Replays queued local changes to the server, oldest first. Flags and delete are idempotent as such; a
// move/copy is marked in flight before its command, and a replay of an in-flight change first looks for
// the Message-ID in the destination (crash between the server's OK and the local ack ⇒ no second copy).
import type { ImapFlow } from 'imapflow';
import type { PendingChange } from '../store/types';
import type { FlagName } from '../store/flags';
import type { SyncContext } from './context';
import { isKeyword, toImapFlags } from './flag-mapping';
import { assertUsable, ConnectionLostError } from './imap-guards';

const MAX_ATTEMPTS = 5;

export interface ReplayResult {
  applied: number;
  skipped: number;
  failed: number;
  folderIds: Set<number>;
}

/** Mailboxes this replay round has opened or refreshed (per connection). */
const refreshed = new WeakMap<ImapFlow, Set<string>>();

async function select(client: ImapFlow, path: string): Promise<number> {
  const done = refreshed.get(client) ?? new Set<string>();
  refreshed.set(client, done);
  // Read-write (another command may have left it EXAMINEd): STORE and EXPUNGE need it.
  if (!client.mailbox || client.mailbox.path !== path || client.mailbox.readOnly) await client.mailboxOpen(path);
  // Selected before this round: NOOP once, so this session learns the messages delivered since (Dovecot
  // answers OK to a UID STORE on a UID it has not announced to the session yet, and changes nothing).
  else if (!done.has(path)) await client.noop();
  done.add(path);
  assertUsable(client, 'SELECT', path);
  return Number(client.mailbox ? client.mailbox.uidValidity : 0);
}

/** UIDs in the selected mailbox carrying this Message-ID. */
async function uidsByMessageId(client: ImapFlow, messageId: string): Promise<number[]> {
  const r = await client.search({ header: { 'message-id': messageId } }, { uid: true });
  // false = the SEARCH failed: never read as "not there" (that would duplicate a copy).
  if (!Array.isArray(r)) throw new ConnectionLostError('UID SEARCH');
  return r;
}

async function uidExists(client: ImapFlow, uid: number): Promise<boolean> {
  const r = await client.search({ uid: String(uid) }, { uid: true });
  if (!Array.isArray(r)) throw new ConnectionLostError('UID SEARCH');
  return r.includes(uid);
}

/** Keywords of a queued flags change ($MDNSent...), checked again: the payload comes from the store. */
function keywordsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter(isKeyword) : [];
}

/** Whether the failure is the connection's (retry after reconnect) rather than the command's. */
function connectionLost(client: ImapFlow): boolean {
  return !client.usable;
}

async function applyOne(ctx: SyncContext, client: ImapFlow, c: PendingChange): Promise<'applied' | 'skip'> {
  const folder = c.folderId === null ? null : ctx.store.getFolder(c.folderId);
  if (!folder || c.uid === null || c.uidvalidity === null) {
    ctx.q.discardChange(c.id, 'folder or message gone');
    return 'applied';
  }
  if (c.uid < 0) return 'skip'; // placeholder not resolved yet (its move/copy replays first)
  const uv = await select(client, folder.path);
  if (uv !== c.uidvalidity) return 'skip'; // renumbered: the resync reconciles the change by Message-ID first

  switch (c.kind) {
    case 'flags': {
      const add = [...toImapFlags(c.payload.add as FlagName[] | undefined), ...keywordsOf(c.payload.addKeywords)];
      const remove = [...toImapFlags(c.payload.remove as FlagName[] | undefined), ...keywordsOf(c.payload.removeKeywords)];
      if (add.length > 0) await client.messageFlagsAdd(String(c.uid), add, { uid: true });
      if (remove.length > 0) await client.messageFlagsRemove(String(c.uid), remove, { uid: true });
      if (connectionLost(client)) throw new Error('connection lost');
      break;
    }
    case 'delete': {
      const ok = await client.messageDelete(String(c.uid), { uid: true });
      if (!ok && connectionLost(client)) throw new Error('connection lost');
      break;
    }
    case 'move':
    case 'copy': {
      const destFolderId = Number(c.payload.destFolderId);
      const dest = ctx.store.getFolder(destFolderId);
      const placeholder = Number(c.payload.placeholderRowId ?? 0);
      if (!dest) {
        if (placeholder) ctx.q.dropPlaceholder(placeholder);
        ctx.q.discardChange(c.id, 'destination folder gone');
        return 'applied';
      }
      const messageId = typeof c.payload.messageId === 'string' ? c.payload.messageId : null;
      if (c.payload.inFlight === true && messageId) {
        // Did the server already do it? Look in the destination.
        const destUv = await select(client, dest.path);
        const found = await uidsByMessageId(client, messageId);
        if (found.length > 0) {
          if (placeholder) ctx.q.resolvePlaceholder(placeholder, Math.max(...found), destUv);
          await select(client, folder.path);
          if (c.kind === 'move' && (await uidExists(client, c.uid))) await client.messageDelete(String(c.uid), { uid: true });
          break;
        }
        await select(client, folder.path);
      }
      if (!(await uidExists(client, c.uid))) {
        if (connectionLost(client)) throw new Error('connection lost');
        // Source message gone (expunged elsewhere): nothing to move; the placeholder goes too.
        if (placeholder) ctx.q.dropPlaceholder(placeholder);
        break;
      }
      ctx.q.markInFlight(c.id);
      const res = c.kind === 'move'
        ? await client.messageMove(String(c.uid), dest.path, { uid: true })
        : await client.messageCopy(String(c.uid), dest.path, { uid: true });
      if (!res) {
        if (connectionLost(client)) throw new Error('connection lost');
        throw new Error('server refused');
      }
      const newUid = res.uidMap?.get(c.uid);
      if (placeholder && newUid && res.uidValidity !== undefined) ctx.q.resolvePlaceholder(placeholder, newUid, Number(res.uidValidity));
      break;
    }
    case 'append':
      // Drafts/Sent appends belong to the send module; not replayed here.
      return 'skip';
  }
  ctx.store.ackChange(c.id);
  return 'applied';
}

/** Replays every queued change of the account that can be applied now. */
export async function replayChanges(ctx: SyncContext, client: ImapFlow): Promise<ReplayResult> {
  const result: ReplayResult = { applied: 0, skipped: 0, failed: 0, folderIds: new Set() };
  refreshed.delete(client);
  const seen = new Set<number>();
  for (;;) {
    const batch = ctx.store.takeChanges(100, ctx.accountId).filter((c) => !seen.has(c.id));
    if (batch.length === 0) break;
    for (const queued of batch) {
      if (ctx.stopped()) return result;
      seen.add(queued.id);
      // Read again: an earlier move/copy of this round may have given its placeholder a server UID.
      const c = ctx.q.getChange(queued.id);
      if (!c) continue;
      try {
        const r = await applyOne(ctx, client, c);
        if (r === 'applied') {
          result.applied++;
          if (c.folderId !== null) result.folderIds.add(c.folderId);
          if (typeof c.payload.destFolderId === 'number') result.folderIds.add(c.payload.destFolderId);
        } else result.skipped++;
      } catch (err) {
        if (connectionLost(client)) throw err;
        result.failed++;
        ctx.store.failChange(c.id, err instanceof Error ? err.name : 'error');
        if (c.attempts + 1 >= MAX_ATTEMPTS) {
          // Given up: undo the optimistic state by resyncing the folder in full from the server.
          const placeholder = Number(c.payload.placeholderRowId ?? 0);
          if (placeholder && (c.kind === 'move' || c.kind === 'copy')) ctx.q.dropPlaceholder(placeholder);
          if (c.folderId !== null) ctx.q.resetFolderSyncState(c.folderId);
          ctx.store.ackChange(c.id);
          ctx.emit({
            type: 'error', bal: ctx.bal, code: 'CHANGE_REJECTED',
            message: "Une modification n'a pas pu être appliquée sur le serveur après plusieurs essais ; elle a été abandonnée. Resynchronisez le dossier.",
          });
        }
      }
    }
  }
  return result;
}
