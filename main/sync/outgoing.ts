// The sending side's IMAP work (main/send asks through the engine API, see protocol.ts OutgoingImap): Sent
// copies, drafts kept on the server, raw sources and header probes of cached messages. Each runs on the
// BAL's background connection (AccountSync.onBackground), so the engine's connection budget is the only
// way the app reaches the IMAP server: no session of its own, no sleep-and-retry on the operator's cap.
import type { ImapFlow } from 'imapflow';
import type { ServerCopy } from '../store/send-queries';
import { appendDraft, draftsFolderPath, removeDraftCopies } from './drafts-copy';
import { fetchHeaderFields, fetchRaw } from './message-source';
import { asBuffer } from './protocol';
import { appendToSentOnce, locateSent } from './sent-copy';

export type { ServerCopy } from '../store/send-queries';

/** A draft's server copies to remove: those carrying its id and the known ones, in their folders (and Drafts). */
export interface DraftRemoval {
  uuid: string | null;
  known: ServerCopy[];
  /** The copy just written: kept. */
  keep: ServerCopy | null;
  /** Also look in the BAL's Drafts folder (when it exists) for copies carrying the draft id. */
  withDraftsFolder: boolean;
}

export function appendSentCopy(client: ImapFlow, raw: Uint8Array, messageId: string): Promise<boolean> {
  return appendToSentOnce(client, asBuffer(raw), messageId);
}

export async function findSent(client: ImapFlow, messageId: string, alsoInbox: boolean): Promise<{ inSent: boolean; inInbox: boolean }> {
  const { inSent, inInbox } = await locateSent(client, messageId, alsoInbox);
  return { inSent, inInbox };
}

export async function appendDraftCopy(client: ImapFlow, raw: Uint8Array, draftUuid: string): Promise<ServerCopy> {
  const path = (await draftsFolderPath(client, true))!;
  return appendDraft(client, path, asBuffer(raw), draftUuid);
}

export async function removeDrafts(client: ImapFlow, r: DraftRemoval): Promise<number> {
  const paths = new Set(r.known.map((c) => c.path));
  if (r.keep) paths.add(r.keep.path);
  if (r.withDraftsFolder) {
    const drafts = await draftsFolderPath(client, false);
    if (drafts) paths.add(drafts);
  }
  let removed = 0;
  for (const p of paths) removed += await removeDraftCopies(client, p, r.uuid, r.known, r.keep && r.keep.path === p ? r.keep.uid : null);
  return removed;
}

export { fetchHeaderFields, fetchRaw };
