// Functional traces of mail work (who opened a BAL, read, sent, archived, moved or deleted which message,
// in which BAL, when), next to the auth layer's logins / logouts / locks, in the store's append-only
// audit table. Identifiers only: Message-ID and folder path, never a subject, an address list or content.
import type { AuditEntryView } from '../../shared/types';
import { errorFields, log } from '../log';
import { auditToCsv } from '../store/audit-csv';
import type { StoreReader } from '../store/reader';
import type { AuditEntry, AuditEntryInput, AuditResult } from '../store/types';
import type { CacheWrites } from '../store/app-writes';

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
  /** The single writer (async calls to the engine worker); null while the cache is closed. */
  writer: () => CacheWrites | null;
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
 * Entries are appended shortly after the action (same order, one transaction of the single writer), off
 * the path of the call: a switch of BAL or an opened message never waits for the trail.
 */
const FLUSH_DELAY_MS = 200;

export class AuditTrail {
  private readonly lastRead = new Map<string, number>();
  private queue: Array<{ writer: CacheWrites; entry: AuditEntryInput }> = [];
  /** The flush in progress: a read of the trail waits for it. */
  private writing: Promise<void> = Promise.resolve();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: AuditTrailDeps & { flushDelayMs?: number }) {}

  /** Writes what is queued (also before any read of the trail, and at shutdown); resolves once written. */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const queued = this.queue;
    this.queue = [];
    const batches = new Map<CacheWrites, AuditEntryInput[]>();
    for (const { writer, entry } of queued) batches.set(writer, [...(batches.get(writer) ?? []), entry]);
    const previous = this.writing;
    this.writing = (async () => {
      await previous;
      for (const [writer, entries] of batches) {
        try {
          const r = await writer.appendAudits(entries);
          // The trail must never break mail work; a refusal is logged (counts only, no content).
          if (r.refused > 0) log.warn('audit.append-refused', { refused: r.refused });
        } catch (err) {
          log.warn('audit.append-failed', { entries: entries.length, ...errorFields(err) });
        }
      }
    })();
    return this.writing;
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
    if (delay <= 0) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), delay);
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
  private async visible(q: AuditQuery): Promise<AuditEntry[]> {
    await this.flush();
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

  async list(q: AuditQuery): Promise<AuditEntryView[]> {
    const entries = await this.visible(q);
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
  async csv(q: AuditQuery): Promise<{ csv: string; count: number }> {
    const entries = await this.visible(q);
    return { csv: auditToCsv(entries), count: entries.length };
  }
}
