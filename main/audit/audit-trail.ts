// Functional traces of mail work (who opened a BAL, read, sent, archived, moved or deleted which message,
// in which BAL, when), next to the auth layer's logins / logouts / locks, in the store's append-only
// audit table. Identifiers only: Message-ID and folder path, never a subject, an address list or content.
import type { AuditEntryView } from '../../shared/types';
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
