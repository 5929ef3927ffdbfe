// The writing-and-sending service behind the bridge calls, composed of its parts: the composer's drafts
// (draft-service.ts: identities, reply/forward preparation, local drafts and their server copies), the
// outbox (outbox-service.ts: validation, queueing, view, retry; the OutboxSender sends), the receipts
// (receipt-service.ts: delivery and read reports, read receipts to send) and the XDM packages of received
// messages (main/xdm/message-xdm.ts). Each method here hands the call to its part.
import type { ComposeDraft, ComposeIdentity, MdnRequest, OutboxItemView, XdmView } from '../../shared/types';
import { attachmentNotFound, attachmentUnavailable } from '../mail/errors';
import { MessageXdm } from '../xdm/message-xdm';
import { SendContext, type SendDeps } from './context';
import { DraftService } from './draft-service';
import { DraftSync } from './draft-sync';
import { OutboxSender } from './outbox-sender';
import { OutboxService } from './outbox-service';
import type { PrepareMode } from './prepare';
import { ReceiptScanner } from './receipt-scanner';
import { ReceiptService } from './receipt-service';

export { MDN_SENT_KEYWORD } from './receipt-service';

export class SendService {
  readonly ctx: SendContext;
  readonly sender: OutboxSender;
  readonly receipts: ReceiptScanner;
  readonly drafts: DraftSync;
  readonly draftService: DraftService;
  readonly outbox: OutboxService;
  readonly receiptService: ReceiptService;
  readonly xdm: MessageXdm;

  constructor(deps: SendDeps) {
    this.ctx = new SendContext(deps);
    this.receipts = new ReceiptScanner(this.ctx);
    this.drafts = new DraftSync(this.ctx, (id, uuid) => this.draftService.draftRaw(id, uuid));
    this.sender = new OutboxSender(this.ctx, async () => {
      await this.receipts.scan();
    });
    this.draftService = new DraftService(this.ctx, this.drafts);
    this.outbox = new OutboxService(this.ctx, this.sender, this.drafts);
    this.receiptService = new ReceiptService(this.ctx, this.outbox, this.receipts);
    this.xdm = new MessageXdm((messageId, attachmentId) => this.attachmentData(messageId, attachmentId));
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

  // ---- the composer and its drafts
  identities = (): ComposeIdentity[] => this.draftService.identities();
  prepare = (messageId: number, mode: PrepareMode): ComposeDraft => this.draftService.prepare(messageId, mode);
  saveDraft = (d: ComposeDraft) => this.draftService.saveDraft(d);
  syncDraft = (id: number) => this.draftService.syncDraft(id);
  draftFromMessage = (messageId: number): Promise<ComposeDraft> => this.draftService.draftFromMessage(messageId);
  listDrafts = (bal: string) => this.draftService.listDrafts(bal);
  getDraft = (id: number): ComposeDraft => this.draftService.getDraft(id);
  deleteDraft = (id: number) => this.draftService.deleteDraft(id);

  // ---- the outbox
  send = (d: ComposeDraft): Promise<OutboxItemView> => this.outbox.send(d);
  listOutbox = (bal?: string): OutboxItemView[] => this.outbox.listOutbox(bal);
  retry = (id: number): Promise<OutboxItemView> => this.outbox.retry(id);
  sentByOf = (messageIdHeader: string | null) => this.outbox.sentByOf(messageIdHeader);

  // ---- receipts
  receiptsFor = (id: number): Promise<OutboxItemView | null> => this.receiptService.receiptsFor(id);
  mdnPending = (messageId: number): Promise<MdnRequest | null> => this.receiptService.mdnPending(messageId);
  respondMdn = (messageId: number, send: boolean, mode: 'manual' | 'automatic' = 'manual') => this.receiptService.respondMdn(messageId, send, mode);

  // ---- XDM packages of received messages
  xdmInspect = (messageId: number, attachmentId: number): Promise<XdmView> => this.xdm.inspect(messageId, attachmentId);
  xdmDocument = (messageId: number, attachmentId: number, documentId: string) => this.xdm.document(messageId, attachmentId, documentId);

  /** An attachment's content, rights checked; fetched through the sync engine when not cached yet. */
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
}
