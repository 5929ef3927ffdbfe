// Receipts of sending: delivery and read reports per recipient of a sent message (linked by the
// ReceiptScanner), and the read receipts (MDN) this BAL is asked for: automatic when allowed and the
// address is the Return-Path, else asked; answered once, remembered, $MDNSent on the original.
import type { MdnRequest, OutboxItemView } from '../../shared/types';
import { errorFields, log } from '../log';
import type { StoreReader } from '../store/reader';
import { bareAddress, parseRecipients } from './addresses';
import { envelopeIdOf, newMessageId } from './build-message';
import { personName } from './compose-common';
import { outboxView, type SendContext } from './context';
import { mdnNotRequested } from './errors';
import { buildMdn } from './mdn-message';
import { readMeta, sendReads, type OutboxMeta } from './outbox-meta';
import type { OutboxService } from './outbox-service';
import type { ReceiptScanner } from './receipt-scanner';
import { defaultFromLabel, senderOf } from './sender-label';

/** RFC 3503: the keyword that tells every client a read receipt was sent (or declined) for this message. */
export const MDN_SENT_KEYWORD = '$MDNSent';
const hasMdnSent = (keywords: readonly string[]) => keywords.some((k) => k.toLowerCase() === MDN_SENT_KEYWORD.toLowerCase());

export class ReceiptService {
  constructor(private readonly ctx: SendContext, private readonly outbox: OutboxService, private readonly scanner: ReceiptScanner) {}

  /** Receipts of a sent message: by cache id of its copy (e.g. in Sent), or by outbox id. */
  async receiptsFor(id: number): Promise<OutboxItemView | null> {
    const { reader } = this.ctx.store();
    await this.scanner.scan();
    const access = this.ctx.access(reader);
    const message = reader.getMessage(id);
    if (message && access.balOfAccount(message.accountId) && message.messageId) {
      const meta = readMeta(reader, message.messageId);
      return meta ? outboxView(reader.listOutbox().find((o) => o.messageId === meta.messageId) ?? null, meta) : null;
    }
    const item = reader.listOutbox().find((o) => o.id === id && access.balOfAccount(o.accountId));
    const meta = item ? readMeta(reader, item.messageId) : null;
    return item && meta ? outboxView(item, meta) : null;
  }

  // ---- read receipts (MDN) to send

  async mdnPending(messageId: number): Promise<MdnRequest | null> {
    const { reader } = this.ctx.store();
    const { message, bal } = this.ctx.access(reader).message(messageId);
    const dnt = message.mssHeaders['disposition-notification-to'];
    if (!dnt || !message.messageId) return null;
    const to = parseRecipients([dnt]).valid[0]?.address;
    if (!to || to.toLowerCase() === bal.toLowerCase()) return null;
    if (sendReads(reader).mdnResponse(message.accountId, message.messageId)) return null;
    // Answered already, here or by another client of the BAL (RFC 3503).
    if (hasMdnSent(message.keywords)) return null;
    const returnPath = await this.returnPathOf(reader, messageId);
    const automatic = this.ctx.deps.settings.current().autoMdn && returnPath !== null && returnPath === to.toLowerCase();
    const request: MdnRequest = { messageId, to, needsConfirmation: !automatic };
    if (automatic) await this.respondMdn(messageId, true, 'automatic');
    else this.ctx.deps.emit('mdn.requested', request);
    return request;
  }

  async respondMdn(messageId: number, send: boolean, mode: 'manual' | 'automatic' = 'manual'): Promise<{ sent: boolean }> {
    const { reader, writes } = this.ctx.store();
    const { message, bal } = this.ctx.access(reader).message(messageId);
    const dnt = message.mssHeaders['disposition-notification-to'];
    const to = dnt ? parseRecipients([dnt]).valid[0]?.address : undefined;
    if (!to || !message.messageId) throw mdnNotRequested();
    const answered = (state: 'sent' | 'declined') => writes.putMdnResponse(message.accountId, message.messageId!, { state, at: Date.now(), by: person.idNat });
    if (sendReads(reader).mdnResponse(message.accountId, message.messageId) || hasMdnSent(message.keywords)) return { sent: false };
    const person = this.ctx.person()!;
    if (!send) {
      await answered('declined');
      await this.markMdnSent(messageId);
      return { sent: false };
    }
    const balInfo = this.ctx.requireBal(bal);
    const settings = this.ctx.deps.settings.current();
    const mdnMessageId = newMessageId(bal);
    const raw = await buildMdn({
      bal: balInfo.address,
      fromLabel: defaultFromLabel(balInfo, person, balInfo.role !== 'délégataire'),
      sender: senderOf(balInfo, person, this.ctx.allowed()),
      to,
      originalMessageId: message.messageId,
      originalSubject: message.subject ?? '',
      originalDate: message.date,
      mode,
      nil: settings.nil,
      messageId: mdnMessageId,
      date: new Date(),
    });
    const meta: OutboxMeta = {
      kind: 'mdn',
      messageId: mdnMessageId,
      envelopeId: envelopeIdOf(mdnMessageId),
      bal: balInfo.address,
      subject: `Accusé de lecture : ${message.subject ?? ''}`,
      to: [to],
      cc: [],
      bcc: [],
      sentBy: { idNat: person.idNat, name: personName(person) },
      requestDsn: false,
      requestReadReceipt: false,
      recipients: { [to.toLowerCase()]: { address: to, status: 'pending', detail: null, at: null } },
      answersMessageId: messageId,
    };
    // Remembered before it leaves: a second request for the same message never queues a second MDN.
    await answered('sent');
    await this.outbox.enqueue(reader, writes, balInfo.address, raw, [to], meta);
    await this.markMdnSent(messageId);
    return { sent: true };
  }

  /** $MDNSent on the original, queued for the server (replayed when online); a failure never undoes the answer. */
  private async markMdnSent(messageId: number): Promise<void> {
    if (!this.ctx.deps.addKeyword) return;
    try {
      await this.ctx.deps.addKeyword(messageId, MDN_SENT_KEYWORD);
    } catch (err) {
      log.warn('send.mdn-keyword-failed', errorFields(err));
    }
  }

  /** Return-Path of a cached message, read on the server through the sync engine (null: unknown, then the person is asked). */
  private async returnPathOf(reader: StoreReader, messageId: number): Promise<string | null> {
    const message = reader.getMessage(messageId);
    if (!message || message.uid <= 0 || !this.ctx.sessionActive()) return null;
    try {
      const h = await this.ctx.deps.imap.fetchHeaders(messageId, ['return-path']);
      return bareAddress(h['return-path']) || null;
    } catch (err) {
      log.warn('send.return-path-failed', errorFields(err));
      return null;
    }
  }
}
