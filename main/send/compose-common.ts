// What the drafts, outbox and receipts services share: the composer's attachments, recipient strings as
// stored addresses, the BAL's account row, the reply headers, the person's display name.
import type { ComposeDraft, SessionInfo } from '../../shared/types';
import type { StoreReader } from '../store/reader';
import type { CacheWrites } from '../store/app-writes';
import { parseRecipients } from './addresses';
import type { BuildAttachment } from './build-message';
import type { SendContext } from './context';
import { accountUnknown, attachmentTooMany } from './errors';

/** What replyHeaders needs of a draft: the original in the cache, else the reply context a server draft carried. */
export interface ReplyContext {
  inReplyToMessageId?: number;
  inReplyTo?: string | null;
  references?: string[];
}

/** Attachments from the composer (base64) → contents; anything that is not base64 is refused. */
export function decodeAttachments(list: ComposeDraft['attachments']): BuildAttachment[] {
  return list.map((a) => {
    if (!/^[A-Za-z0-9+/=\r\n]*$/.test(a.contentBase64)) throw attachmentTooMany();
    return { filename: a.filename.replace(/[\r\n/\\]/g, '_'), mime: a.mime || 'application/octet-stream', content: Buffer.from(a.contentBase64, 'base64') };
  });
}

/** Recipient strings of a draft as stored addresses (an invalid one is kept as typed: a draft may be unfinished). */
export const draftAddresses = (list: string[]) => list.map((s) => parseRecipients([s]).valid[0] ?? { name: null, address: s.trim() });

export const personName = (p: Pick<SessionInfo, 'givenName' | 'familyName'>) => `${p.givenName} ${p.familyName}`.trim();

/** The BAL's account row (created when it was never synced yet, e.g. first use offline). */
export async function accountIdOf(ctx: SendContext, reader: StoreReader, writes: CacheWrites, bal: string): Promise<number> {
  const existing = reader.getAccountByAddress(bal);
  if (existing) return existing.id;
  // Never synced yet (first use offline): the sync engine completes the row when it starts.
  const b = ctx.requireBal(bal);
  if (!ctx.deps.accountServers(bal)) throw accountUnknown();
  return writes.ensureAccount({ address: b.address, type: b.type, label: b.label });
}

/** In-Reply-To / References of a reply: from the cached original, else those a server draft carried. */
export function replyHeaders(ctx: SendContext, reader: StoreReader, state: ReplyContext | undefined): { inReplyTo: string | null; references: string[] } {
  if (state?.inReplyToMessageId !== undefined) {
    const original = reader.getMessage(state.inReplyToMessageId);
    if (original && ctx.access(reader).balOfAccount(original.accountId) && original.messageId) {
      return { inReplyTo: original.messageId, references: [...original.references, original.messageId].slice(-20) };
    }
  }
  return { inReplyTo: state?.inReplyTo ?? null, references: state?.references ?? [] };
}
