// IHE_XDM packages attached to received messages: the package's view (documents, patient, metadata) and
// one of its documents (PDF rendering, or the CDA's structured view with `<id>#cda`). The attachment's
// content comes from the caller (rights checked, fetched through the sync engine when not cached).
import type { XdmView } from '../../shared/types';
import { inspectXdm, xdmDocument } from './xdm-package';

export type AttachmentContent = (messageId: number, attachmentId: number) => Promise<Buffer>;

export class MessageXdm {
  constructor(private readonly content: AttachmentContent) {}

  async inspect(messageId: number, attachmentId: number): Promise<XdmView> {
    return inspectXdm(await this.content(messageId, attachmentId));
  }

  async document(messageId: number, attachmentId: number, documentId: string): Promise<{ dataUrl: string; mime: string }> {
    return xdmDocument(await this.content(messageId, attachmentId), documentId);
  }
}
