// The sender loop: sends the queued items of the person logged in while the session is active, exactly
// once per item (Message-ID = idempotency key).
//
// Item states: queued → sending (durable, before SMTP) → sent (durable, right after the server's 250) →
// copy APPENDed to Sent (checked by Message-ID first, \Seen). A temporary failure goes back to queued with
// a delay; a refusal is failed (the user may retry); a connection lost after the data was sent is
// "interrupted".
//
// Crash recovery: at the first pass after start, items left 'sending' become 'interrupted' (store state)
// (recoverInterruptedSends) and are NOT resent blindly: the BAL's Sent folder — and INBOX when the BAL
// was itself a recipient (To/Cc/Bcc) — is searched for the Message-ID. Found: the item is marked sent (and
// the Sent copy added if only INBOX had it). Not found: it is queued again and resent.
// Residual risk: a crash in the short window between the server's 250 and the local 'sent' write, for a
// message of which the operator keeps no copy we can see (BAL not a recipient, no server-side Sent copy),
// resends it once. The Sent/INBOX check closes that window whenever such a copy exists (operators that file
// submitted mail in Sent, copies to self), and always closes the window between 'sent' and the Sent APPEND
// (the APPEND itself checks Sent first, so it never makes two copies either).
// The Sent lookups and APPENDs go through the sync engine (deps.imap), on the BAL's background connection:
// a BAL not synced at the moment is offline for them, and they are tried again at a later pass.
import { errorFields, log } from '../log';
import type { CacheWrites } from '../store/app-writes';
import type { StoreReader } from '../store/reader';
import type { OutboxItem } from '../store/types';
import { isInterrupted, outboxView, type SendContext } from './context';
import { applyStatus, readMeta, type OutboxMeta } from './outbox-meta';
import { sendOverSmtp } from './smtp';
import { CoalescedPass } from './coalesced-pass';

/** main's read-only handle (reads) and the single writer's calls (writes). */
type Cache = { reader: StoreReader; writes: CacheWrites };

export class OutboxSender {
  private readonly passes = new CoalescedPass(() => this.pass(), {
    stopped: () => this.disposed,
    onError: (err) => log.warn('send.pass-failed', errorFields(err)),
  });
  private readonly notBefore = new Map<number, number>();
  private readonly recovered = new WeakSet<CacheWrites>();
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(private readonly ctx: SendContext, private readonly afterPass?: () => Promise<void>) {}

  start(): void {
    if (this.timer || this.disposed) return;
    this.timer = setInterval(() => this.kick(), this.ctx.options.pollMs);
    this.timer.unref();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Clears a retry delay (user asked to retry). */
  retryNow(id: number): void {
    this.notBefore.delete(id);
  }

  /** Runs a pass soon (coalesced); resolves when the pass that covers this call is done. */
  kick(): Promise<void> {
    return this.passes.kick();
  }

  /** At start: items left 'sending' by a crash become "interrupted" (then verified, never resent blindly). */
  async recoverOnce(writes: CacheWrites): Promise<void> {
    if (this.recovered.has(writes)) return;
    this.recovered.add(writes);
    const n = await writes.recoverInterruptedSends();
    if (n > 0) log.info('send.interrupted-found', { count: n });
  }

  private async pass(): Promise<void> {
    const cache = this.ctx.deps.cache();
    if (!cache) return;
    const { reader, writes } = cache;
    // A pass that starts without an active session only recovers (as before the write became a message).
    const active = this.ctx.sessionActive();
    await this.recoverOnce(writes);
    if (!active || !this.ctx.sessionActive()) return;
    const me = this.ctx.deps.session()!.idNat;
    const allowed = new Map(this.ctx.allowed().map((b) => [b.address.toLowerCase(), b.address]));
    const accounts = new Map(reader.listAccounts().map((a) => [a.id, a.address]));
    const balOf = (o: OutboxItem) => {
      const address = accounts.get(o.accountId);
      return address && allowed.has(address.toLowerCase()) ? address : null;
    };
    const items = reader.listOutbox();
    // 1. Interrupted items: look for them on the server before anything is resent.
    for (const item of items.filter(isInterrupted)) {
      const bal = balOf(item);
      if (bal) await this.verifyInterrupted(cache, item, bal);
    }
    // 2. Queued items of this person, oldest first.
    const now = Date.now();
    for (const item of reader.listOutbox(undefined, ['queued'])) {
      if (this.disposed || !this.ctx.sessionActive()) return;
      const bal = balOf(item);
      const meta = readMeta(reader, item.messageId);
      if (!bal || !meta || meta.sentBy?.idNat !== me) continue;
      if ((this.notBefore.get(item.id) ?? 0) > now) continue;
      const stop = await this.sendOne(cache, item.id, bal, meta);
      if (stop) break;
    }
    // 3. Sent items whose copy is not in Sent yet.
    for (const item of reader.listOutbox(undefined, ['sent'])) {
      if (item.appendedToSent || (this.notBefore.get(-item.id) ?? 0) > Date.now()) continue;
      const bal = balOf(item);
      if (bal) await this.copyToSent(cache, item, bal);
    }
    await writes.pruneSentOutbox(Date.now() - this.ctx.options.keepSentMs);
    await this.afterPass?.();
  }

  private emit(reader: StoreReader, id: number): void {
    const item = reader.listOutbox().find((o) => o.id === id) ?? null;
    const meta = item ? readMeta(reader, item.messageId) : null;
    if (item && meta) this.ctx.deps.emit('outbox.changed', outboxView(item, meta));
  }

  /** Returns true when the loop should stop (session gone). */
  private async sendOne({ reader, writes }: Cache, id: number, bal: string, meta: OutboxMeta): Promise<boolean> {
    const server = this.ctx.smtpServer(bal);
    if (!server) return false;
    const claimed = await writes.claimOutbox(id, { ...meta, lastAttemptAt: Date.now() });
    if (!claimed) return false;
    this.emit(reader, id);
    const outcome = await sendOverSmtp(server, this.ctx.deps.credentials, {
      from: bal,
      to: claimed.envelope.to,
      raw: claimed.raw,
      dsn: meta.requestDsn ? { envelopeId: meta.envelopeId, notify: ['success', 'failure', 'delay'] } : null,
    }, this.ctx.options.smtpTimeouts);
    const fresh = readMeta(reader, claimed.messageId) ?? meta;
    const at = Date.now();
    const auditBase = { bal, action: meta.kind === 'mdn' ? 'mdn.send' : 'send', target: claimed.messageId, idNat: meta.sentBy?.idNat };
    switch (outcome.kind) {
      case 'sent': {
        for (const r of outcome.rejected) applyStatus(fresh, r.address, 'failed', r.detail, at);
        await writes.outboxSent(id, outcome.response, fresh);
        this.notBefore.delete(id);
        await this.ctx.audit(writes, { ...auditBase, result: 'ok', detail: { recipients: claimed.envelope.to.length, refused: outcome.rejected.length } });
        this.emit(reader, id);
        await this.copyToSent({ reader, writes }, { ...claimed, state: 'sent' }, bal);
        return false;
      }
      case 'refused': {
        for (const r of outcome.rejected) applyStatus(fresh, r.address, 'failed', r.detail, at);
        await writes.outboxFailed(id, outcome.message, outcome.response ?? null, fresh, false);
        await this.ctx.audit(writes, { ...auditBase, result: /autoris/.test(outcome.message) ? 'denied' : 'error', detail: { code: outcome.response?.slice(0, 3) ?? null } });
        this.emit(reader, id);
        return false;
      }
      case 'retry': {
        await writes.outboxFailed(id, outcome.message, outcome.response ?? null, null, true);
        const delays = this.ctx.options.retryDelaysMs;
        this.notBefore.set(id, Date.now() + (delays[Math.min(claimed.attempts - 1, delays.length - 1)] ?? 60_000));
        await this.ctx.audit(writes, { ...auditBase, result: 'error', detail: { retry: true } });
        this.emit(reader, id);
        // Server unreachable or session gone: the next items would fail the same way.
        return true;
      }
      case 'uncertain': {
        await writes.markOutboxInterrupted(id);
        await this.ctx.audit(writes, { ...auditBase, result: 'error', detail: { interrupted: true } });
        this.emit(reader, id);
        return true;
      }
    }
  }

  /** An interrupted item: found on the server → sent; not found → queued again (after a grace delay when a copy to self is expected). */
  private async verifyInterrupted({ reader, writes }: Cache, item: OutboxItem, bal: string): Promise<void> {
    const meta = readMeta(reader, item.messageId);
    if (!meta) return;
    const selfRecipient = item.envelope.to.some((a) => a.toLowerCase() === bal.toLowerCase());
    try {
      const where = await this.ctx.deps.imap.locateSent(bal, item.messageId, selfRecipient);
      const found = where.inSent || where.inInbox;
      if (found) {
        await writes.outboxFound(item.id, where.inSent ? 'retrouvé dans Envoyés après interruption' : 'retrouvé dans la boîte de réception après interruption', where.inSent);
        log.info('send.recovered-found', { outboxId: item.id });
        await this.ctx.audit(writes, { bal, action: 'send.recover', target: item.messageId, result: 'ok', idNat: meta.sentBy?.idNat, detail: { found: true } });
      } else {
        const lastAttempt = meta.lastAttemptAt ?? 0;
        if (selfRecipient && Date.now() - lastAttempt < this.ctx.options.recoveryGraceMs) return; // the copy may still be on its way
        await writes.requeueOutbox(item.id);
        log.info('send.recovered-resend', { outboxId: item.id });
        await this.ctx.audit(writes, { bal, action: 'send.recover', target: item.messageId, result: 'ok', idNat: meta.sentBy?.idNat, detail: { found: false } });
      }
      this.emit(reader, item.id);
    } catch (err) {
      log.warn('send.verify-failed', errorFields(err));
    }
  }

  private async copyToSent({ reader, writes }: Cache, item: OutboxItem, bal: string): Promise<void> {
    const meta = readMeta(reader, item.messageId);
    if (meta?.kind === 'mdn') {
      await writes.markOutboxAppendedToSent(item.id); // read receipts are not filed in Sent
      return;
    }
    const raw = reader.getOutboxRaw(item.id);
    if (!raw) return;
    try {
      await this.ctx.deps.imap.appendSent(bal, raw, item.messageId);
      await writes.markOutboxAppendedToSent(item.id);
    } catch (err) {
      this.notBefore.set(-item.id, Date.now() + (this.ctx.options.retryDelaysMs[1] ?? 60_000));
      log.warn('send.sent-copy-failed', errorFields(err));
    }
  }
}
