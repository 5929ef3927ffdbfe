// The BAL's Sent folder over IMAP: find it (SPECIAL-USE \Sent, else a usual name, else create "Sent"),
// look a Message-ID up (also in INBOX, where a copy lands when the BAL is itself a recipient), and APPEND
// the sent copy with \Seen — only when it is not there yet.
// Runs in the sync engine, on the BAL's background connection (AccountSync.appendSent / locateSent): the
// sending side asks through the engine, inside its connection budget.
import type { ImapFlow } from 'imapflow';

const SENT_NAMES = /^(sent|sent items|sent messages|envoy[ée]s|[ée]l[ée]ments envoy[ée]s|messages envoy[ée]s)$/i;

export async function sentFolderPath(client: ImapFlow, create = true): Promise<string> {
  const folders = await client.list();
  const bySpecialUse = folders.find((f) => f.specialUse === '\\Sent');
  if (bySpecialUse) return bySpecialUse.path;
  const byName = folders.find((f) => SENT_NAMES.test(f.name) || SENT_NAMES.test(f.path));
  if (byName) return byName.path;
  if (!create) throw new Error('no Sent folder');
  await client.mailboxCreate('Sent');
  return 'Sent';
}

/** UIDs of the messages of `path` whose Message-ID header is `messageId`. */
export async function findByMessageId(client: ImapFlow, path: string, messageId: string): Promise<number[]> {
  const lock = await client.getMailboxLock(path);
  try {
    const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    // imapflow turns a failed SEARCH into `false`: never read that as "not found".
    if (uids === false) throw new Error(`SEARCH failed in ${path}`);
    return uids ?? [];
  } finally {
    lock.release();
  }
}

/** Whether the message is in Sent, or (when the BAL was a recipient) in INBOX. */
export async function locateSent(client: ImapFlow, messageId: string, alsoInbox: boolean): Promise<{ inSent: boolean; inInbox: boolean; sentPath: string }> {
  const sentPath = await sentFolderPath(client);
  const inSent = (await findByMessageId(client, sentPath, messageId)).length > 0;
  const inInbox = alsoInbox && !inSent ? (await findByMessageId(client, 'INBOX', messageId)).length > 0 : false;
  return { inSent, inInbox, sentPath };
}

/** APPENDs the copy to Sent unless a message with that Message-ID is already there. Returns whether it appended. */
export async function appendToSentOnce(client: ImapFlow, raw: Buffer, messageId: string): Promise<boolean> {
  const sentPath = await sentFolderPath(client);
  if ((await findByMessageId(client, sentPath, messageId)).length > 0) return false;
  // imapflow keeps only the flags the SELECTED mailbox allows: select Sent read-write (EXAMINE allows none).
  const lock = await client.getMailboxLock(sentPath);
  try {
    const res = await client.append(sentPath, raw, ['\\Seen']);
    if (!res) throw new Error('APPEND failed');
  } finally {
    lock.release();
  }
  return true;
}
