// The composer's side of sending: identities, reply/forward preparation, local drafts (saved every few
// seconds) and their copy in the BAL's Drafts folder (DraftSync), drafts opened from the server.
import crypto from 'node:crypto';
import type { ComposeDraft, ComposeIdentity } from '../../shared/types';
import { errorFields, log } from '../log';
import type { StoreReader } from '../store/reader';
import type { CacheWrites } from '../store/app-writes';
import { asBuffer, DRAFT_ID_HEADER } from '../sync/protocol';
import { parseRecipients, uniqueAddresses } from './addresses';
import { buildMessage, newMessageId } from './build-message';
import { accountIdOf, decodeAttachments, draftAddresses, replyHeaders } from './compose-common';
import type { SendContext } from './context';
import { draftFromCache, draftFromRaw, isDraftsFolder, type ImportedDraft } from './draft-import';
import type { DraftSync } from './draft-sync';
import { bodyNotReady, draftNotFound, draftUnavailable, notADraft } from './errors';
import { htmlToText } from '../../shared/html-text';
import { sanitizeOutgoingHtml as sanitizeHtml } from '../../shared/outgoing-html';
import { computeMssHeaders } from './mss-headers';
import { sendReads } from './outbox-meta';
import { prepareDraft, type PrepareMode } from './prepare';
import { cleanLabel, defaultFromLabel, senderOf } from './sender-label';
import { readStoredAttachment } from '../sync/stored-attachment';

export class DraftService {
  constructor(private readonly ctx: SendContext, private readonly drafts: DraftSync) {}

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

  async prepare(messageId: number, mode: PrepareMode): Promise<ComposeDraft> {
    const { reader } = this.ctx.store();
    const { message, bal } = this.ctx.access(reader).message(messageId);
    const body = reader.getBody(messageId);
    if (!body && mode !== 'forward-attachment') throw bodyNotReady();
    const draft = prepareDraft(message, body, bal, mode);
    if (mode === 'forward') {
      // Attachments travel with an inline forward when their content is cached.
      for (const a of message.attachments) {
        const data = a.fetched ? await readStoredAttachment(reader, messageId, a.part) : null;
        if (data) draft.attachments.push({ filename: a.filename ?? `piece-jointe-${a.part}`, mime: a.mime ?? 'application/octet-stream', contentBase64: data.toString('base64') });
      }
    }
    return draft;
  }

  // ---- local drafts

  async saveDraft(d: ComposeDraft): Promise<{ draftId: number; savedAt: number }> {
    const { reader, writes } = this.ctx.store();
    this.ctx.requireBal(d.bal);
    const accountId = await accountIdOf(this.ctx, reader, writes, d.bal);
    if (d.draftId !== undefined) this.ownDraft(reader, d.draftId);
    const previous = d.draftId !== undefined ? reader.getDraft(d.draftId) : null;
    return this.storeDraft(writes, accountId, d, previous ? { inReplyTo: previous.inReplyTo, references: previous.references } : {});
  }

  /** One call to the single writer: the draft, its options and attachments, its server-copy entry. */
  private async storeDraft(
    writes: CacheWrites,
    accountId: number,
    d: ComposeDraft,
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
        to: draftAddresses(d.to),
        cc: draftAddresses(d.cc),
        bcc: draftAddresses(d.bcc),
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
      // Offline: the source stored at fetch time (attachments inside), else the cached parts.
      const raw = reader.getStoredSource(messageId);
      if (raw) imported = await draftFromRaw(raw, bal);
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
    const accountId = await accountIdOf(this.ctx, reader, writes, bal);
    const { draftId } = await this.storeDraft(writes, accountId, imported.draft, { inReplyTo: imported.inReplyTo, references: imported.references }, {
      uuid: imported.uuid ?? crypto.randomUUID(),
      copy,
    });
    return this.getDraft(draftId);
  }

  /** The MIME copy of a local draft for the Drafts folder: what would be sent, with \Draft and its draft id. */
  async draftRaw(id: number, uuid: string): Promise<Buffer | null> {
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
    const reply = replyHeaders(this.ctx, reader, { ...state, inReplyTo: draft.inReplyTo, references: draft.references });
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
}
