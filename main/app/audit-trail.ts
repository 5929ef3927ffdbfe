// Functional traces of mail work (who opened a BAL, read, sent, archived, moved or deleted which message,
// in which BAL, when), next to the auth layer's logins / logouts / locks, in the store's append-only
// audit table. Identifiers only: Message-ID and folder path, never a subject, an address list or content.
import type { AuditEntryView } from '../../shared/types';
import type { Handlers } from '../bridge/dispatcher';
import { errorFields, log } from '../log';
import { auditToCsv } from '../store/audit-csv';
import type { StoreReader } from '../store/reader';
import type { AuditEntry, AuditResult } from '../store/types';
import type { StoreWriter } from '../store/writer';

export interface AuditActor {
  idNat: string;
  name: string;
}

export type MailAuditAction =
  | 'bal.open' | 'message.read' | 'message.send' | 'message.archive' | 'message.move' | 'message.delete' | 'audit.export';

export interface AuditQuery {
  bal?: string;
  from?: number;
  to?: number;
  limit?: number;
}

export interface AuditTrailDeps {
  writer: () => StoreWriter | null;
  reader: () => StoreReader | null;
  actor: () => AuditActor | null;
  /** BAL addresses the current person may open (what they may see of the trail, with their own sessions). */
  allowedBals: () => string[];
  now?: () => number;
}

/** A message read again within this window is not traced twice (the reader reloads while a body arrives). */
const READ_DEDUP_MS = 30 * 60_000;
const MAX_ENTRIES_SCANNED = 50_000;

const lower = (s: string) => s.toLowerCase();

/**
 * Entries are appended shortly after the action (same order, one transaction), off the path of the
 * call: the app's write connection may wait on the sync worker's transaction, and a switch of BAL or an
 * opened message must not wait for the trail.
 */
const FLUSH_DELAY_MS = 200;

export class AuditTrail {
  private readonly lastRead = new Map<string, number>();
  private queue: Array<{ writer: StoreWriter; entry: Parameters<StoreWriter['appendAudit']>[0] }> = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: AuditTrailDeps & { flushDelayMs?: number }) {}

  /** Writes what is queued (also before any read of the trail, and at shutdown). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const queued = this.queue;
    this.queue = [];
    for (const { writer, entry } of queued) {
      try {
        writer.appendAudit(entry);
      } catch (err) {
        // The trail must never break mail work; the failure itself is logged (no content in it).
        log.warn('audit.append-failed', { action: entry.action, ...errorFields(err) });
      }
    }
  }

  record(
    bal: string,
    action: MailAuditAction,
    target: string | null,
    o: { folder?: string | null; result?: AuditResult; extra?: Record<string, string | number | boolean | null> } = {},
  ): void {
    const actor = this.deps.actor();
    const writer = this.deps.writer();
    if (!actor || !writer) return;
    // Time of the action, not of the write: the store stamps rows itself, so the delay stays short.
    this.queue.push({
      writer,
      entry: {
        idnat: actor.idNat,
        bal,
        action,
        target: target ? target.slice(0, 500) : null,
        result: o.result ?? 'ok',
        detail: { who: actor.name.slice(0, 200), ...(o.folder ? { folder: o.folder.slice(0, 200) } : {}), ...o.extra },
      },
    });
    const delay = this.deps.flushDelayMs ?? FLUSH_DELAY_MS;
    if (delay <= 0) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), delay);
  }

  /** Traces a message read, once per person and message within READ_DEDUP_MS. */
  recordRead(messageRowId: number, bal: string, messageId: string | null, folder: string | null): void {
    const actor = this.deps.actor();
    if (!actor) return;
    const key = `${actor.idNat}:${messageRowId}`;
    const now = (this.deps.now ?? Date.now)();
    const last = this.lastRead.get(key);
    if (last !== undefined && now - last < READ_DEDUP_MS) return;
    this.lastRead.set(key, now);
    if (this.lastRead.size > 10_000) this.lastRead.clear();
    this.record(bal, 'message.read', messageId ?? `uid-local:${messageRowId}`, { folder });
  }

  /** Forget the read dedup (a new session starts). */
  resetSession(): void {
    this.lastRead.clear();
  }

  /** Entries the current person may see: their BALs (whoever acted) and their own sessions. */
  private visible(q: AuditQuery): AuditEntry[] {
    this.flush();
    const reader = this.deps.reader();
    const actor = this.deps.actor();
    if (!reader || !actor) return [];
    const allowed = new Set(this.deps.allowedBals().map(lower));
    const wanted = q.bal ? lower(q.bal) : null;
    const all = reader.listAudit({ from: q.from, to: q.to }).slice(-MAX_ENTRIES_SCANNED);
    return all.filter((e) => {
      const bal = lower(e.bal);
      if (wanted !== null && bal !== wanted) return false;
      if (bal === 'session') return e.idnat === actor.idNat;
      return allowed.has(bal);
    });
  }

  list(q: AuditQuery): AuditEntryView[] {
    const entries = this.visible(q);
    const names = new Map<string, string>();
    for (const e of entries) if (typeof e.detail?.who === 'string') names.set(e.idnat, e.detail.who);
    const actor = this.deps.actor();
    if (actor) names.set(actor.idNat, actor.name);
    return entries
      .reverse()
      .slice(0, q.limit ?? 500)
      .map((e) => ({
        id: e.id,
        at: e.at,
        idNat: e.idnat,
        name: typeof e.detail?.who === 'string' ? e.detail.who : (names.get(e.idnat) ?? null),
        bal: e.bal,
        action: e.action,
        target: e.target,
        folder: typeof e.detail?.folder === 'string' ? e.detail.folder : null,
        result: e.result,
      }));
  }

  /** CSV of what list() shows (all matching rows, oldest first), with the same visibility rule. */
  csv(q: AuditQuery): { csv: string; count: number } {
    const entries = this.visible(q);
    return { csv: auditToCsv(entries), count: entries.length };
  }
}

// ---- tracing the bridge calls that act on mail

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
