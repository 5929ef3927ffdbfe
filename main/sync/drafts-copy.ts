// The BAL's Drafts folder over IMAP: find it (SPECIAL-USE \Drafts, else a usual name, else create
// "Drafts"), APPEND a draft copy (\Draft \Seen) and remove the older copies of the same draft — found by
// their X-Mss-Draft-Id header and by the UIDs the store remembers. Runs in the sync engine, on the BAL's
// background connection (AccountSync.appendDraft / removeDraftCopies).
import type { ImapFlow } from 'imapflow';
import type { ServerCopy } from '../store/send-queries';
import { DRAFT_ID_HEADER } from './protocol';

export { DRAFT_ID_HEADER };

const DRAFTS_NAMES = /^(drafts|brouillons)$/i;

export type { ServerCopy } from '../store/send-queries';

export async function draftsFolderPath(client: ImapFlow, create: boolean): Promise<string | null> {
  const folders = await client.list();
  const bySpecialUse = folders.find((f) => f.specialUse === '\\Drafts');
  if (bySpecialUse) return bySpecialUse.path;
  const byName = folders.find((f) => DRAFTS_NAMES.test(f.name) || DRAFTS_NAMES.test(f.path));
  if (byName) return byName.path;
  if (!create) return null;
  await client.mailboxCreate('Drafts');
  return 'Drafts';
}

/** APPENDs a draft copy; returns where it is (UIDPLUS gives its UID, else it is searched by its draft id). */
export async function appendDraft(client: ImapFlow, path: string, raw: Buffer, draftUuid: string): Promise<ServerCopy> {
  // imapflow keeps only the flags the SELECTED mailbox allows: select it read-write first.
  const lock = await client.getMailboxLock(path);
  try {
    const res = await client.append(path, raw, ['\\Draft', '\\Seen']);
    if (!res) throw new Error('APPEND failed');
    const uidValidity = Number(res.uidValidity ?? (client.mailbox ? client.mailbox.uidValidity : 0));
    let uid = res.uid;
    if (!uid) {
      const found = await searchDraftUids(client, draftUuid);
      uid = found.length > 0 ? Math.max(...found) : 0;
    }
    if (!uid) throw new Error('appended draft not found');
    return { path, uidValidity, uid };
  } finally {
    lock.release();
  }
}

/** UIDs of the selected mailbox carrying this draft id. */
async function searchDraftUids(client: ImapFlow, draftUuid: string): Promise<number[]> {
  const r = await client.search({ header: { [DRAFT_ID_HEADER.toLowerCase()]: draftUuid } }, { uid: true });
  // imapflow turns a failed SEARCH into `false`: never read that as "nothing to delete".
  if (r === false) throw new Error('SEARCH failed');
  return r ?? [];
}

/**
 * Removes every copy of a draft from `path` but `keep`: those carrying its id and the known copies (a
 * draft opened from the server may have been written without our header). \Deleted + UID EXPUNGE of
 * those UIDs only. Returns how many were removed.
 */
export async function removeDraftCopies(client: ImapFlow, path: string, draftUuid: string | null, known: ServerCopy[], keep: number | null): Promise<number> {
  const lock = await client.getMailboxLock(path);
  try {
    const uidValidity = Number(client.mailbox ? client.mailbox.uidValidity : 0);
    const uids = new Set(draftUuid ? await searchDraftUids(client, draftUuid) : []);
    for (const k of known) if (k.path === path && k.uidValidity === uidValidity) uids.add(k.uid);
    if (keep !== null) uids.delete(keep);
    if (uids.size === 0) return 0;
    const ok = await client.messageDelete([...uids].join(','), { uid: true });
    if (!ok) throw new Error('delete of the old draft copies failed');
    return uids.size;
  } finally {
    lock.release();
  }
}
