// The writing-and-sending service behind the bridge calls: identities, reply/forward preparation, drafts,
// queueing into the durable outbox (validation first), outbox view and retry, receipts per recipient,
// read receipts to send (MDN), XDM packages of received messages. The OutboxSender does the sending.
import crypto from 'node:crypto';
import type { ComposeDraft, ComposeIdentity, MdnRequest, OutboxItemView, XdmView } from '../../shared/types';
import { attachmentNotFound, attachmentUnavailable } from '../mail/errors';
import { errorFields, log } from '../log';
import type { CacheWrites } from '../store/app-writes';
import type { StoreReader } from '../store/reader';
import { inspectXdm, xdmDocument } from '../xdm';
import { bareAddress, isPatientAddress, parseRecipients, uniqueAddresses, type Recipient } from './addresses';
import { buildMessage, envelopeIdOf, newMessageId, type BuildAttachment } from './build-message';
import { PATIENT_MAX_MESSAGE_BYTES } from './compose-settings';
import { outboxView, SendContext, isInterrupted, type SendDeps } from './context';
import {
  accountUnknown, attachmentTooMany, bodyNotReady, draftNotFound, draftUnavailable, invalidRecipients, mdnNotRequested,
  messageUnavailable, noRecipient, notADraft, notRetryable, outboxNotFound, tooLarge,
} from './errors';
import { htmlToText, sanitizeHtml } from './html';
import { buildMdn } from './mdn-message';
import { computeMssHeaders } from './mss-headers';
import { OutboxSender } from './outbox-sender';
import { readMeta, sendReads, type OutboxMeta } from './outbox-meta';
import { prepareDraft, type PrepareMode } from './prepare';
import { ReceiptScanner } from './receipt-scanner';
import { cleanLabel, defaultFromLabel, senderOf } from './sender-label';
import { draftFromCache, draftFromRaw, isDraftsFolder, type ImportedDraft } from './draft-import';
import { DraftSync } from './draft-sync';
import { asBuffer, DRAFT_ID_HEADER } from '../sync/protocol';

/** What replyHeaders needs of a draft: the original in the cache, else the reply context a server draft carried. */
interface ReplyContext {
  inReplyToMessageId?: number;
  inReplyTo?: string | null;
  references?: string[];
}
/** RFC 3503: the keyword that tells every client a read receipt was sent (or declined) for this message. */
export const MDN_SENT_KEYWORD = '$MDNSent';
const hasMdnSent = (keywords: readonly string[]) => keywords.some((k) => k.toLowerCase() === MDN_SENT_KEYWORD.toLowerCase());
/** Attachments from the composer (base64) → contents; anything that is not base64 is refused. */
function decodeAttachments(list: ComposeDraft['attachments']): BuildAttachment[] {
  return list.map((a) => {
    if (!/^[A-Za-z0-9+/=\r\n]*$/.test(a.contentBase64)) throw attachmentTooMany();
    return { filename: a.filename.replace(/[\r\n/\\]/g, '_'), mime: a.mime || 'application/octet-stream', content: Buffer.from(a.contentBase64, 'base64') };
  });
}

export class SendService {
  readonly ctx: SendContext;
  readonly sender: OutboxSender;
  readonly receipts: ReceiptScanner;
  readonly drafts: DraftSync;

  constructor(deps: SendDeps) {
    this.ctx = new SendContext(deps);
    this.receipts = new ReceiptScanner(this.ctx);
    this.drafts = new DraftSync(this.ctx, (id, uuid) => this.draftRaw(id, uuid));
    this.sender = new OutboxSender(this.ctx, async () => {
      await this.receipts.scan();
    });
  }

  start(): void {
    this.sender.start();
    this.drafts.start();
    void this.sender.kick();
  }

  dispose(): void {
    this.sender.dispose();
    this.drafts.dispose();
  }

  /** Something changed (session active again, new mail, back online): run a pass (outbox and server drafts). */
  async kick(): Promise<void> {
    await Promise.all([this.sender.kick(), this.drafts.kick()]);
  }

  // ---- identities and preparation

  identities(): ComposeIdentity[] {
    const person = this.ctx.person();
    const settings = this.ctx.deps.settings.current();
    return this.ctx.allowed().map((b) => ({
      bal: b.address,
      fromLabel: defaultFromLabel(b, person, b.role === 'titulaire' || b.role === 'cotitulaire'),
      signatureHtml: sanitizeHtml(settings.signatures[b.address] ?? settings.signatures[b.address.toLowerCase()] ?? ''),
      maxMessageBytes: settings.maxMessageBytes,
    }));
  }

  prepare(messageId: number, mode: PrepareMode): ComposeDraft {
    const { reader } = this.ctx.store();
    const { message, bal } = this.ctx.access(reader).message(messageId);
    const body = reader.getBody(messageId);
    if (!body && mode !== 'forward-attachment') throw bodyNotReady();
    const draft = prepareDraft(message, body, bal, mode);
    if (mode === 'forward') {
      // Attachments travel with an inline forward when their content is cached.
      for (const a of message.attachments) {
        const data = a.fetched ? reader.getAttachmentData(messageId, a.part) : null;
        if (data) draft.attachments.push({ filename: a.filename ?? `piece-jointe-${a.part}`, mime: a.mime ?? 'application/octet-stream', contentBase64: data.toString('base64') });
      }
    }
    return draft;
  }

  // ---- drafts

  async saveDraft(d: ComposeDraft): Promise<{ draftId: number; savedAt: number }> {
    const { reader, writes } = this.ctx.store();
    this.ctx.requireBal(d.bal);
    const accountId = await this.accountIdOf(reader, writes, d.bal);
    if (d.draftId !== undefined) this.ownDraft(reader, d.draftId);
    const toAddr = (list: string[]) => list.map((s) => parseRecipients([s]).valid[0] ?? { name: null, address: s.trim() });
    const previous = d.draftId !== undefined ? reader.getDraft(d.draftId) : null;
    return this.storeDraft(writes, accountId, d, toAddr, previous ? { inReplyTo: previous.inReplyTo, references: previous.references } : {});
  }

  /** One call to the single writer: the draft, its options and attachments, its server-copy entry. */
  private async storeDraft(
    writes: CacheWrites,
    accountId: number,
    d: ComposeDraft,
    toAddr: (list: string[]) => Array<{ name: string | null; address: string }>,
    reply: { inReplyTo?: string | null; references?: string[] },
    adopt?: { uuid: string; copy: { path: string; uidValidity: number; uid: number } },
  ): Promise<{ draftId: number; savedAt: number }> {
    const attachments = decodeAttachments(d.attachments);
    const dueAt = this.drafts.dueAfterSave();
    const saved = await writes.saveDraft(
      {
        ...(d.draftId !== undefined ? { id: d.draftId } : {}),
        accountId,
        subject: d.subject,
        to: toAddr(d.to),
        cc: toAddr(d.cc),
        bcc: toAddr(d.bcc),
        bodyText: d.text,
        bodyHtml: d.html,
        inReplyTo: reply.inReplyTo ?? null,
        references: reply.references ?? [],
      },
      {
        ...(d.inReplyToMessageId !== undefined ? { inReplyToMessageId: d.inReplyToMessageId } : {}),
        ...(d.forwardOfMessageId !== undefined ? { forwardOfMessageId: d.forwardOfMessageId } : {}),
        ...(d.forwardAsAttachment !== undefined ? { forwardAsAttachment: d.forwardAsAttachment } : {}),
        requestDsn: d.requestDsn,
        requestReadReceipt: d.requestReadReceipt,
        patientNoReply: d.patientNoReply,
        ...(d.fromLabel ? { fromLabel: d.fromLabel } : {}),
      },
      attachments,
      // The server copy follows once the saves settle (or replaces the adopted copy at the next save).
      adopt ? { kind: 'adopt', bal: d.bal, uuid: adopt.uuid, copy: adopt.copy } : { kind: 'saved', bal: d.bal, dueAt },
    );
    if (!adopt) this.drafts.saved(dueAt);
    return { draftId: saved.id, savedAt: saved.updatedAt };
  }

  /** The composer closed: the saved draft goes to the server's Drafts folder now (when online). */
  async syncDraft(id: number): Promise<{ queued: boolean }> {
    const { reader, writes } = this.ctx.store();
    this.ownDraft(reader, id);
    return { queued: await this.drafts.flush(writes, id) };
  }

  /**
   * "Modifier le brouillon" on a message of the Drafts folder (written here or on another workstation):
   * a local draft for the composer, which takes over that server copy (replaced at its next save).
   */
  async draftFromMessage(messageId: number): Promise<ComposeDraft> {
    const { reader, writes } = this.ctx.store();
    const { message, bal } = this.ctx.access(reader).message(messageId);
    this.ctx.requireBal(bal);
    const folder = reader.getFolder(message.folderId);
    if (!folder || !isDraftsFolder(folder) || message.uid <= 0) throw notADraft();
    let imported: ImportedDraft | null = null;
    if (this.ctx.sessionActive()) {
      const raw = await this.ctx.deps.imap.fetchSource(messageId).catch((err: unknown) => {
        log.warn('send.draft-fetch-failed', errorFields(err));
        return null;
      });
      if (raw) imported = await draftFromRaw(asBuffer(raw), bal);
    }
    if (!imported) {
      const body = reader.getBody(messageId);
      if (!body) throw draftUnavailable();
      imported = draftFromCache(message, body, bal, (part) => reader.getAttachmentData(messageId, part));
    }
    // One of ours still kept here (or opened before): the local draft is the newest version.
    const copy = { path: folder.path, uidValidity: message.uidvalidity, uid: message.uid };
    const local = (imported.uuid ? this.drafts.findByUuid(reader, imported.uuid) : null) ?? this.drafts.findByCopy(reader, copy);
    if (local !== null && reader.getDraft(local)) return this.getDraft(local);
    const accountId = await this.accountIdOf(reader, writes, bal);
    const toAddr = (list: string[]) => list.map((s) => parseRecipients([s]).valid[0] ?? { name: null, address: s.trim() });
    const { draftId } = await this.storeDraft(writes, accountId, imported.draft, toAddr, { inReplyTo: imported.inReplyTo, references: imported.references }, {
      uuid: imported.uuid ?? crypto.randomUUID(),
      copy,
    });
    return this.getDraft(draftId);
  }

  /** The MIME copy of a local draft for the Drafts folder: what would be sent, with \Draft and its draft id. */
  private async draftRaw(id: number, uuid: string): Promise<Buffer | null> {
    const cache = this.ctx.deps.cache();
    const person = this.ctx.person();
    if (!cache || !person) return null;
    const { reader } = cache;
    const draft = reader.getDraft(id);
    const bal = draft ? this.ctx.access(reader).balOfAccount(draft.accountId) : null;
    const balInfo = bal ? this.ctx.allowed().find((b) => b.address.toLowerCase() === bal.toLowerCase()) : undefined;
    if (!draft || !balInfo) return null;
    const state = sendReads(reader).draftOptions(id);
    const valid = (list: Array<{ name?: string | null; address: string }>) =>
      list.flatMap((a) => parseRecipients([a.name ? `${a.name} <${a.address}>` : a.address]).valid);
    const attachments = sendReads(reader).draftAttachments(id);
    const to = valid(draft.to);
    const cc = valid(draft.cc);
    const bcc = valid(draft.bcc);
    const html = draft.bodyHtml ? sanitizeHtml(draft.bodyHtml) : '';
    const reply = this.replyHeaders(reader, { ...state, inReplyTo: draft.inReplyTo, references: draft.references });
    const settings = this.ctx.deps.settings.current();
    const mssHeaders = await computeMssHeaders({
      nil: settings.nil,
      attachments: attachments.map((a) => ({ filename: a.filename, content: a.content })),
      recipients: uniqueAddresses([...to, ...cc, ...bcc]),
      patientNoReply: state?.patientNoReply ?? false,
    }).catch(() => ({ 'X-MSS-NIL': settings.nil }) as Record<string, string>);
    return buildMessage({
      bal: balInfo.address,
      fromLabel: (state?.fromLabel && cleanLabel(state.fromLabel)) || defaultFromLabel(balInfo, person, balInfo.role !== 'délégataire'),
      sender: senderOf(balInfo, person, this.ctx.allowed()),
      to,
      cc,
      draftBcc: bcc,
      subject: draft.subject,
      html,
      text: draft.bodyText.trim() ? draft.bodyText : htmlToText(html),
      attachments,
      inReplyTo: reply.inReplyTo,
      references: reply.references,
      mssHeaders: { ...mssHeaders, [DRAFT_ID_HEADER]: uuid },
      requestReadReceipt: state?.requestReadReceipt ?? false,
      messageId: newMessageId(balInfo.address),
      date: new Date(),
    });
  }

  /** In-Reply-To / References of a reply: from the cached original, else those a server draft carried. */
  private replyHeaders(reader: StoreReader, state: ReplyContext | undefined): { inReplyTo: string | null; references: string[] } {
    if (state?.inReplyToMessageId !== undefined) {
      const original = reader.getMessage(state.inReplyToMessageId);
      if (original && this.ctx.access(reader).balOfAccount(original.accountId) && original.messageId) {
        return { inReplyTo: original.messageId, references: [...original.references, original.messageId].slice(-20) };
      }
    }
    return { inReplyTo: state?.inReplyTo ?? null, references: state?.references ?? [] };
  }

  listDrafts(bal: string): Array<{ draftId: number; subject: string; savedAt: number }> {
    const { reader } = this.ctx.store();
    this.ctx.requireBal(bal);
    const account = reader.getAccountByAddress(bal);
    if (!account) return [];
    return reader.listDrafts(account.id).map((d) => ({ draftId: d.id, subject: d.subject, savedAt: d.updatedAt }));
  }

  getDraft(id: number): ComposeDraft {
    const { reader } = this.ctx.store();
    const { draft, bal } = this.ownDraft(reader, id);
    const state = sendReads(reader).draftOptions(id);
    const fmt = (a: { name?: string | null; address: string }) => (a.name ? `${a.name} <${a.address}>` : a.address);
    return {
      draftId: draft.id,
      bal,
      to: draft.to.map(fmt),
      cc: draft.cc.map(fmt),
      bcc: draft.bcc.map(fmt),
      subject: draft.subject,
      html: draft.bodyHtml ?? '',
      text: draft.bodyText,
      attachments: sendReads(reader).draftAttachments(id).map((a) => ({ filename: a.filename, mime: a.mime, contentBase64: a.content.toString('base64') })),
      ...(state?.inReplyToMessageId !== undefined ? { inReplyToMessageId: state.inReplyToMessageId } : {}),
      ...(state?.forwardOfMessageId !== undefined ? { forwardOfMessageId: state.forwardOfMessageId } : {}),
      ...(state?.forwardAsAttachment !== undefined ? { forwardAsAttachment: state.forwardAsAttachment } : {}),
      requestDsn: state?.requestDsn ?? false,
      requestReadReceipt: state?.requestReadReceipt ?? false,
      patientNoReply: state?.patientNoReply ?? false,
      ...(state?.fromLabel ? { fromLabel: state.fromLabel } : {}),
    };
  }

  async deleteDraft(id: number): Promise<{ deleted: boolean }> {
    const { reader, writes } = this.ctx.store();
    this.ownDraft(reader, id);
    // Its server copies go too (options and attachments go with the draft row).
    const { deleted, gone } = await writes.deleteDraft(id, Date.now());
    this.drafts.forgotten(gone);
    return { deleted };
  }

  private ownDraft(reader: StoreReader, id: number) {
    const draft = reader.getDraft(id);
    const bal = draft ? this.ctx.access(reader).balOfAccount(draft.accountId) : null;
    if (!draft || !bal) throw draftNotFound();
    return { draft, bal };
  }

  private async accountIdOf(reader: StoreReader, writes: CacheWrites, bal: string): Promise<number> {
    const existing = reader.getAccountByAddress(bal);
    if (existing) return existing.id;
    // Never synced yet (first use offline): the sync engine completes the row when it starts.
    const b = this.ctx.requireBal(bal);
    if (!this.ctx.deps.accountServers(bal)) throw accountUnknown();
    return writes.ensureAccount({ address: b.address, type: b.type, label: b.label });
  }

  // ---- sending

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
    const { inReplyTo, references } = this.replyHeaders(reader, {
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
      sentBy: { idNat: person.idNat, name: `${person.givenName} ${person.familyName}`.trim() },
      requestDsn: d.requestDsn,
      requestReadReceipt: d.requestReadReceipt,
      recipients: Object.fromEntries(envelopeTo.map((a) => [a.toLowerCase(), { address: a, status: 'pending' as const, detail: null, at: null }])),
    };
    const item = await this.enqueue(reader, writes, balInfo.address, raw, envelopeTo, meta, d.draftId);
    return outboxView(item, meta);
  }

  private async enqueue(reader: StoreReader, writes: CacheWrites, bal: string, raw: Buffer, envelopeTo: string[], meta: OutboxMeta, draftId?: number) {
    const accountId = await this.accountIdOf(reader, writes, bal);
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

  // ---- outbox and receipts

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
    const updated: OutboxMeta = { ...meta, sentBy: { idNat: person.idNat, name: `${person.givenName} ${person.familyName}`.trim() } };
    // An interrupted send is verified in Sent first (by the sender pass), never resent blindly.
    const fresh = await writes.retryOutbox(id, updated, !isInterrupted(item));
    this.sender.retryNow(id);
    const view = outboxView(fresh, updated);
    this.ctx.deps.emit('outbox.changed', view);
    void this.sender.kick();
    return view;
  }

  /** Receipts of a sent message: by cache id of its copy (e.g. in Sent), or by outbox id. */
  async receiptsFor(id: number): Promise<OutboxItemView | null> {
    const { reader } = this.ctx.store();
    await this.receipts.scan();
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

  /** "Envoyé par <name>" of a message sent from this workstation (by its Message-ID), for the reader. */
  sentByOf(messageIdHeader: string | null): { idNat: string; name: string } | null {
    const c = this.ctx.deps.cache();
    if (!c || !messageIdHeader) return null;
    return readMeta(c.reader, messageIdHeader)?.sentBy ?? null;
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
      sentBy: { idNat: person.idNat, name: `${person.givenName} ${person.familyName}`.trim() },
      requestDsn: false,
      requestReadReceipt: false,
      recipients: { [to.toLowerCase()]: { address: to, status: 'pending', detail: null, at: null } },
      answersMessageId: messageId,
    };
    // Remembered before it leaves: a second request for the same message never queues a second MDN.
    await answered('sent');
    await this.enqueue(reader, writes, balInfo.address, raw, [to], meta);
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

  // ---- XDM packages of received messages

  private async attachmentData(messageId: number, attachmentId: number): Promise<Buffer> {
    const { reader } = this.ctx.store();
    const { message, bal } = this.ctx.access(reader).message(messageId);
    const ref = message.attachments.find((a) => a.attachmentId === attachmentId);
    if (!ref) throw attachmentNotFound();
    let data = reader.getAttachmentData(messageId, ref.part);
    if (!data && this.ctx.deps.fetchAttachment) data = await this.ctx.deps.fetchAttachment(bal, messageId, ref.part).catch(() => null);
    if (!data) throw attachmentUnavailable();
    return data;
  }

  async xdmInspect(messageId: number, attachmentId: number): Promise<XdmView> {
    return inspectXdm(await this.attachmentData(messageId, attachmentId));
  }

  async xdmDocument(messageId: number, attachmentId: number, documentId: string): Promise<{ dataUrl: string; mime: string }> {
    return xdmDocument(await this.attachmentData(messageId, attachmentId), documentId);
  }
}
