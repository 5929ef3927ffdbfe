// An attachment's content from the cache: stored on its own when it was downloaded by itself (large
// messages, fetchAttachment), else read from the message's stored raw source, where it already is: each
// attachment is stored once (issue #15), not a second time decoded beside the source. Found again by its
// SHA-256 (recorded when the source was first parsed), so a part numbering that differs between parses
// cannot return the wrong file. No network: works offline.
import type { StoreReader } from '../store/reader';
import { parseRawMessage } from './body-parser';

export async function readStoredAttachment(reader: StoreReader, messageId: number, part: string): Promise<Buffer | null> {
  const stored = reader.getAttachmentData(messageId, part);
  if (stored) return stored;
  const ref = reader.getMessage(messageId)?.attachments.find((a) => a.part === part);
  if (!ref) return null;
  const raw = reader.getStoredSource(messageId);
  if (!raw) return null;
  const parsed = await parseRawMessage(raw);
  const hit = parsed.attachments.find((a) => a.part === part && a.sha256 === ref.sha256)
    ?? parsed.attachments.find((a) => a.sha256 === ref.sha256);
  return hit ? hit.data : null;
}
