// imapflow reports some failures as empty results: fetch() yields nothing when no mailbox is selected
// (e.g. the connection closed meanwhile), search()/status()/STORE resolve to false on errors. Taking those
// at face value would mark a folder synced with messages missing, or empty it. Every result the sync
// relies on goes through these checks; a failure throws (the loop reconnects and resumes).
import type { FetchMessageObject, FetchQueryObject, ImapFlow } from 'imapflow';

export class ConnectionLostError extends Error {
  override readonly name = 'ConnectionLostError';
  readonly code = 'CONNECTION_LOST';
  constructor(what: string) {
    super(`IMAP connection lost during ${what}`);
  }
}

/** Throws unless the client is usable and (when given) `path` is the selected mailbox. */
export function assertUsable(client: ImapFlow, what: string, path?: string): void {
  if (!client.usable) throw new ConnectionLostError(what);
  if (path !== undefined) {
    const sel = client.mailbox ? client.mailbox.path : null;
    const same = sel !== null && (sel === path || (sel.toUpperCase() === 'INBOX' && path.toUpperCase() === 'INBOX'));
    if (!same) throw new ConnectionLostError(`${what} (mailbox no longer selected)`);
  }
}

export async function fetchAllChecked(client: ImapFlow, path: string, range: string, query: FetchQueryObject, options?: { uid?: boolean }): Promise<FetchMessageObject[]> {
  assertUsable(client, 'FETCH', path);
  const r = await client.fetchAll(range, query, options);
  assertUsable(client, 'FETCH', path);
  return r;
}

export async function searchAllUids(client: ImapFlow, path: string): Promise<number[]> {
  assertUsable(client, 'UID SEARCH', path);
  const r = await client.search({ all: true }, { uid: true });
  if (!Array.isArray(r)) throw new ConnectionLostError('UID SEARCH');
  assertUsable(client, 'UID SEARCH', path);
  return r;
}
