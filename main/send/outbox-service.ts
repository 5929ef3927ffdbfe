// The outbox side of sending: validation and building of a message, queueing into the durable outbox
// (sent by the OutboxSender), the outbox view and retry, "Envoyé par" of a message sent from here.
import type { ComposeDraft, OutboxItemView } from '../../shared/types';
import { attachmentUnavailable } from '../mail/errors';
import { errorFields, log } from '../log';
import type { StoreReader } from '../store/reader';
import type { CacheWrites } from '../store/app-writes';
import { asBuffer } from '../sync/protocol';
import { isPatientAddress, parseRecipients, uniqueAddresses, type Recipient } from './addresses';
import { buildMessage, envelopeIdOf, newMessageId } from './build-message';
import { PATIENT_MAX_MESSAGE_BYTES } from './compose-settings';
import { accountIdOf, decodeAttachments, personName, replyHeaders } from './compose-common';
import { isInterrupted, outboxView, type SendContext } from './context';
import type { DraftSync } from './draft-sync';
import { accountUnknown, invalidRecipients, messageUnavailable, noRecipient, notRetryable, outboxNotFound, tooLarge } from './errors';
import { htmlToText } from '../../shared/html-text';
import { sanitizeOutgoingHtml as sanitizeHtml } from '../../shared/outgoing-html';
import { computeMssHeaders } from './mss-headers';
import type { OutboxSender } from './outbox-sender';
import { readMeta, type OutboxMeta } from './outbox-meta';
import { cleanLabel, defaultFromLabel, senderOf } from './sender-label';

export class OutboxService {
  constructor(private readonly ctx: SendContext, private readonly sender: OutboxSender, private readonly drafts: DraftSync) {}

  /** Validates, builds and queues the message; returns at once (the sender loop sends it). */
  async send(d: ComposeDraft): Promise<OutboxItemView> {
    const { reader, writes } = this.ctx.store();
    const person = this.ctx.person()!;
    const balInfo = this.ctx.requireBal(d.bal);
    if (!this.ctx.deps.accountServers(d.bal)) throw accountUnknown();
    const to = parseRecipients(d.to);
    const cc = parseRecipients(d.cc);
    const bcc = parseRecipients(d.bcc);
    const invalid = [...to.invalid, ...cc.invalid, ...bcc.invalid];
    if (invalid.length > 0) throw invalidRecipients(invalid);
    const all: Recipient[] = [...to.valid, ...cc.valid, ...bcc.valid];
    if (all.length === 0) throw noRecipient();
    const envelopeTo = uniqueAddresses(all);
    const settings = this.ctx.deps.settings.current();
    const towardsPatient = envelopeTo.some(isPatientAddress);
    const limit = towardsPatient ? Math.min(PATIENT_MAX_MESSAGE_BYTES, settings.maxMessageBytes) : settings.maxMessageBytes;

    const attachments = decodeAttachments(d.attachments);
    const rawAttachmentBytes = attachments.reduce((n, a) => n + a.content.length, 0);
    // Base64 grows content by a third: refuse early, before building anything large.
    if ((rawAttachmentBytes * 4) / 3 > limit) throw tooLarge(limit, towardsPatient);

    // From the cached original, else the reply context a draft opened from the server carried.
    const saved = d.draftId !== undefined ? reader.getDraft(d.draftId) : null;
    const { inReplyTo, references } = replyHeaders(this.ctx, reader, {
      ...(saved ? { inReplyTo: saved.inReplyTo, references: saved.references } : {}),
      ...(d.inReplyToMessageId !== undefined ? { inReplyToMessageId: d.inReplyToMessageId } : {}),
    });
    let attachedMessage: { raw: Buffer; filename: string } | null = null;
    if (d.forwardOfMessageId !== undefined && d.forwardAsAttachment) {
      attachedMessage = await this.originalRaw(reader, d.forwardOfMessageId);
    }

    const html = d.html ? sanitizeHtml(d.html) : '';
    const text = d.text.trim() ? d.text : htmlToText(html);
    const mssHeaders = await computeMssHeaders({
      nil: settings.nil,
      attachments: attachments.map((a) => ({ filename: a.filename, content: a.content })),
      recipients: envelopeTo,
      patientNoReply: d.patientNoReply,
    });
    const fromLabel = (d.fromLabel && cleanLabel(d.fromLabel)) || defaultFromLabel(balInfo, person, balInfo.role !== 'délégataire');
    const messageId = newMessageId(d.bal);
    const raw = await buildMessage({
      bal: balInfo.address,
      fromLabel,
      sender: senderOf(balInfo, person, this.ctx.allowed()),
      to: to.valid,
      cc: cc.valid,
      subject: d.subject,
      html,
      text,
      attachments,
      attachedMessage,
      inReplyTo,
      references,
      mssHeaders,
      requestReadReceipt: d.requestReadReceipt,
      messageId,
      date: new Date(),
    });
    if (raw.length > limit) throw tooLarge(limit, towardsPatient);

    const meta: OutboxMeta = {
      kind: 'message',
      messageId,
      envelopeId: envelopeIdOf(messageId),
      bal: balInfo.address,
      subject: d.subject,
      to: to.valid.map((r) => r.address),
      cc: cc.valid.map((r) => r.address),
      bcc: bcc.valid.map((r) => r.address),
      sentBy: { idNat: person.idNat, name: personName(person) },
      requestDsn: d.requestDsn,
      requestReadReceipt: d.requestReadReceipt,
      recipients: Object.fromEntries(envelopeTo.map((a) => [a.toLowerCase(), { address: a, status: 'pending' as const, detail: null, at: null }])),
    };
    const item = await this.enqueue(reader, writes, balInfo.address, raw, envelopeTo, meta, d.draftId);
    return outboxView(item, meta);
  }

  /** Into the durable outbox (the draft it came from, if any, goes: locally and from the server). */
  async enqueue(reader: StoreReader, writes: CacheWrites, bal: string, raw: Buffer, envelopeTo: string[], meta: OutboxMeta, draftId?: number) {
    const accountId = await accountIdOf(this.ctx, reader, writes, bal);
    // The item, its metadata and the draft it came from (whose server copy goes once sent): one transaction.
    const { item, gone } = await writes.enqueueOutbox({ accountId, messageId: meta.messageId, raw, envelope: { from: bal, to: envelopeTo } }, meta, draftId ?? null, Date.now());
    this.drafts.forgotten(gone);
    void this.ctx.audit(writes, { bal, action: meta.kind === 'mdn' ? 'mdn.queue' : 'send.queue', target: meta.messageId, result: 'ok', detail: { recipients: envelopeTo.length, bytes: raw.length } });
    const view = outboxView(item, meta);
    this.ctx.deps.emit('outbox.changed', view);
    void this.sender.kick();
    return item;
  }

  /** Raw source of a cached message, over IMAP (the cache keeps parts, not the original bytes). */
  private async originalRaw(reader: StoreReader, id: number): Promise<{ raw: Buffer; filename: string }> {
    const { message } = this.ctx.access(reader).message(id);
    if (message.uid <= 0) throw messageUnavailable();
    const raw = await this.ctx.deps.imap.fetchSource(id).then((r) => (r ? asBuffer(r) : null), (err: unknown) => {
      log.warn('send.forward-fetch-failed', errorFields(err));
      return null;
    });
    if (!raw) throw attachmentUnavailable();
    const name = (message.subject ?? 'message').replace(/[^\p{L}\p{N} ._-]/gu, '_').slice(0, 80).trim() || 'message';
    return { raw, filename: `${name}.eml` };
  }

  // ---- the outbox

  listOutbox(bal?: string): OutboxItemView[] {
    const { reader } = this.ctx.store();
    const access = this.ctx.access(reader);
    if (bal) access.requireBal(bal);
    const ids = new Set(access.allowedAccountIds());
    const account = bal ? reader.getAccountByAddress(bal) : null;
    return reader
      .listOutbox(account?.id)
      .filter((o) => ids.has(o.accountId))
      .map((o) => {
        const meta = readMeta(reader, o.messageId);
        return meta ? outboxView(o, meta) : null;
      })
      .filter((v): v is OutboxItemView => v !== null && v.bal !== '' && !(readMeta(reader, v.messageId)?.kind === 'mdn' && v.state === 'sent'))
      .reverse();
  }

  async retry(id: number): Promise<OutboxItemView> {
    const { reader, writes } = this.ctx.store();
    const access = this.ctx.access(reader);
    const item = reader.listOutbox().find((o) => o.id === id && access.balOfAccount(o.accountId));
    const meta = item ? readMeta(reader, item.messageId) : null;
    if (!item || !meta) throw outboxNotFound();
    if (item.state === 'sent' || item.state === 'sending') throw notRetryable();
    const person = this.ctx.person()!;
    // The person who asks for the retry sends it (and is recorded as its sender).
    const updated: OutboxMeta = { ...meta, sentBy: { idNat: person.idNat, name: personName(person) } };
    // An interrupted send is verified in Sent first (by the sender pass), never resent blindly.
    const fresh = await writes.retryOutbox(id, updated, !isInterrupted(item));
    this.sender.retryNow(id);
    const view = outboxView(fresh, updated);
    this.ctx.deps.emit('outbox.changed', view);
    void this.sender.kick();
    return view;
  }

  /** "Envoyé par <name>" of a message sent from this workstation (by its Message-ID), for the reader. */
  sentByOf(messageIdHeader: string | null): { idNat: string; name: string } | null {
    const c = this.ctx.deps.cache();
    if (!c || !messageIdHeader) return null;
    return readMeta(c.reader, messageIdHeader)?.sentBy ?? null;
  }
}
