// Traces the bridge calls that act on mail in the audit trail (main/audit): each success or failure
// of reading, sending, archiving, moving or deleting leaves one entry per message.
import type { Handlers } from '../bridge/dispatcher';
import type { AuditTrail, AuditTrailDeps, MailAuditAction } from '../audit/audit-trail';
import type { StoreReader } from '../store/reader';

const lower = (s: string) => s.toLowerCase();

interface Located {
  bal: string;
  messageId: string | null;
  folder: string | null;
}

function locate(reader: StoreReader, id: number): Located | null {
  const m = reader.getMessage(id);
  if (!m) return null;
  const account = reader.listAccounts().find((a) => a.id === m.accountId);
  if (!account) return null;
  return { bal: account.address, messageId: m.messageId, folder: reader.getFolder(m.folderId)?.path ?? null };
}

const isArchiveFolder = (f: { specialUse: string | null; path: string; name: string }) =>
  /archive/i.test(f.specialUse ?? '') || /^archives?$/i.test(f.name);

/**
 * Wraps the handlers that read or change mail so each success (or failure) leaves a trace. Messages of
 * BALs the person may not open are never traced (the handler refuses them anyway).
 */
export function withAuditTrail(handlers: Handlers, trail: AuditTrail, deps: Pick<AuditTrailDeps, 'reader' | 'allowedBals'>): Handlers {
  const allowed = (bal: string) => deps.allowedBals().some((b) => lower(b) === lower(bal));
  const locateAll = (ids: readonly number[]) => {
    const reader = deps.reader();
    if (!reader) return [];
    return [...new Set(ids)].map((id) => locate(reader, id)).filter((l): l is Located => l !== null && allowed(l.bal));
  };

  const out: Handlers = { ...handlers };

  out['messages.get'] = async (ctx, id) => {
    const view = await handlers['messages.get'](ctx, id);
    const where = locateAll([id])[0];
    if (where) trail.recordRead(id, where.bal, where.messageId, where.folder);
    return view;
  };

  // Delete (to the Trash, or for good from it) and "Archiver" (to Archives): one trace per message.
  out['messages.delete'] = async (ctx, args) => {
    const targets = locateAll(args.ids);
    const extra = { permanent: args.permanent === true };
    try {
      const r = await handlers['messages.delete'](ctx, args);
      for (const t of targets) trail.record(t.bal, 'message.delete', t.messageId, { folder: t.folder, extra });
      return r;
    } catch (err) {
      for (const t of targets) trail.record(t.bal, 'message.delete', t.messageId, { folder: t.folder, extra, result: 'error' });
      throw err;
    }
  };
  if (typeof handlers['messages.archive'] === 'function') out['messages.archive'] = async (ctx, args) => {
    const targets = locateAll(args.ids);
    try {
      const r = await handlers['messages.archive'](ctx, args);
      for (const t of targets) trail.record(t.bal, 'message.archive', t.messageId, { folder: t.folder });
      return r;
    } catch (err) {
      for (const t of targets) trail.record(t.bal, 'message.archive', t.messageId, { folder: t.folder, result: 'error' });
      throw err;
    }
  };

  out['messages.move'] = async (ctx, args) => {
    const targets = locateAll(args.ids);
    const dest = deps.reader()?.getFolder(args.folderId) ?? null;
    const action: MailAuditAction = dest && isArchiveFolder(dest) ? 'message.archive' : 'message.move';
    const extra = dest ? { to: dest.path.slice(0, 200) } : undefined;
    try {
      const r = await handlers['messages.move'](ctx, args);
      for (const t of targets) trail.record(t.bal, action, t.messageId, { folder: t.folder, extra });
      return r;
    } catch (err) {
      for (const t of targets) trail.record(t.bal, action, t.messageId, { folder: t.folder, extra, result: 'error' });
      throw err;
    }
  };

  // Sending: the send service traces the message put in the outbox ('send.queue', with its Message-ID) and
  // its delivery ('send'); a success traced here too listed the same send twice. Only a refusal before the
  // outbox (nothing queued, so nothing traced there) is traced here.
  if (typeof handlers['compose.send'] === 'function') out['compose.send'] = async (ctx, draft) => {
    try {
      return await handlers['compose.send'](ctx, draft);
    } catch (err) {
      if (allowed(draft.bal)) trail.record(draft.bal, 'message.send', null, { result: 'error' });
      throw err;
    }
  };

  return out;
}
