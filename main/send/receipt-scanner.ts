// Links incoming DSN / MDN reports (cached by the sync engine) to the outbox items they are about — by
// DSN envelope id (ENVID = the Message-ID's uuid), else by the original Message-ID — and records the
// per-recipient status (delivered, delayed, failed, read), then marks the report read (it would otherwise
// inflate the unread counts). Idempotent: a report applied twice changes nothing.
import { log, errorFields } from '../log';
import { ContactsQueries } from '../store/contacts-queries';
import type { StoreReader } from '../store/reader';
import type { CacheWrites } from '../store/app-writes';
import { asBuffer } from '../sync/protocol';
import { outboxView, type SendContext } from './context';
import { applyStatus, readMeta } from './outbox-meta';
import { dsnDetail, extractReport, mdnDetail, parseReportMessage, statusOfAction, statusOfDisposition, type Report } from './reports';

const SCAN_WINDOW_MS = 60 * 24 * 3600_000;
const MAX_FETCH_PER_SCAN = 20;

export class ReceiptScanner {
  /** Cache ids already linked (or not reports): not parsed again in this process. */
  private readonly done = new Set<number>();

  constructor(private readonly ctx: SendContext) {}

  private scanning: Promise<number> | null = null;

  /** Parses the report candidates of the person's BALs; returns how many outbox items changed. */
  scan(): Promise<number> {
    this.scanning ??= this.doScan().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  private async doScan(): Promise<number> {
    const cache = this.ctx.deps.cache();
    if (!cache || !this.ctx.person()) return 0;
    const reader = cache.reader;
    const access = this.ctx.access(reader);
    const accountIds = access.allowedAccountIds();
    let changed = 0;
    const notCached = new Map<string, number[]>();
    for (const c of new ContactsQueries(reader).reportCandidates(accountIds, Date.now() - SCAN_WINDOW_MS)) {
      if (this.done.has(c.id)) continue;
      try {
        const report = this.reportOf(reader, c.id);
        if (report === undefined) {
          // Not downloaded yet by the sync engine (it may be busy with a backlog): read it over IMAP.
          const bal = access.balOfAccount(c.accountId);
          if (bal) notCached.set(bal, [...(notCached.get(bal) ?? []), c.id]);
          continue;
        }
        this.done.add(c.id);
        if (report && (await this.apply(reader, cache.writes, report, c.id))) changed++;
      } catch (err) {
        log.warn('send.report-parse-failed', errorFields(err));
        this.done.add(c.id);
      }
    }
    if (this.ctx.sessionActive()) {
      for (const ids of notCached.values()) changed += await this.fetchAndApply(reader, cache.writes, ids.slice(0, MAX_FETCH_PER_SCAN));
    }
    return changed;
  }

  private async fetchAndApply(reader: StoreReader, writes: CacheWrites, ids: number[]): Promise<number> {
    let changed = 0;
    try {
      // Through the sync engine, on the BAL's background connection (one after the other).
      for (const id of ids) {
        const m = reader.getMessage(id);
        if (!m || m.uid <= 0) continue;
        const raw = await this.ctx.deps.imap.fetchSource(id);
        if (!raw) continue;
        this.done.add(id);
        const report = await parseReportMessage(asBuffer(raw));
        if (report && (await this.apply(reader, writes, report, id))) changed++;
      }
    } catch (err) {
      log.warn('send.report-fetch-failed', errorFields(err));
    }
    return changed;
  }

  /** The report of a cached message; undefined while its body is not cached. */
  private reportOf(reader: StoreReader, id: number): Report | null | undefined {
    const message = reader.getMessage(id);
    if (!message) return null;
    const body = reader.getBody(id);
    // Not complete in the cache yet (body or a part still to download): looked at again next time.
    if (!body || message.attachments.some((a) => !a.fetched)) return undefined;
    return extractReport({
      text: body.text,
      attachments: message.attachments.map((a) => ({ mime: a.mime ?? '', data: a.fetched ? reader.getAttachmentData(id, a.part) : null })),
    });
  }

  async apply(reader: StoreReader, writes: CacheWrites, report: Report, reportMessageId: number): Promise<boolean> {
    const key = report.kind === 'dsn' ? (report.envelopeId ?? report.originalMessageId) : report.originalMessageId;
    if (!key) return false;
    let meta = readMeta(reader, key);
    if (!meta && report.kind === 'dsn' && report.originalMessageId) meta = readMeta(reader, report.originalMessageId);
    if (!meta) return false;
    const at = reader.getMessage(reportMessageId)?.date ?? Date.now();
    let changed = false;
    if (report.kind === 'dsn') {
      for (const r of report.recipients) {
        const status = statusOfAction(r.action);
        if (status) changed = applyStatus(meta, r.originalRecipient ?? r.address, status, dsnDetail(r), at) || changed;
      }
    } else {
      const who = report.finalRecipient ?? report.originalRecipient;
      if (who) changed = applyStatus(meta, who, statusOfDisposition(report.type), mdnDetail(report.type), at);
    }
    if (!changed) return false;
    await writes.putOutboxMeta(meta);
    // Matched to the sent message: the report no longer counts as unread mail (it stays openable where it is;
    // "Suivi de l'envoi" shows its content). Once, when it is first applied: marked unread again, it stays so.
    if (reader.getMessage(reportMessageId)?.seen === false && this.ctx.deps.markRead) {
      this.ctx.deps.markRead(reportMessageId).catch((err: unknown) => log.warn('send.report-mark-read-failed', errorFields(err)));
    }
    const item = reader.getOutboxByMessageId(meta.messageId);
    this.ctx.deps.emit('outbox.changed', outboxView(item, meta));
    return true;
  }
}
