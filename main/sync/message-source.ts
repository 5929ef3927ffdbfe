// Reads what the cache does not keep of a received message, over IMAP: its raw source (forward as
// attachment, reports, drafts opened from the server) or a few header fields (Return-Path, for read
// receipts). Runs in the sync engine, on the BAL's background connection: selected read-write like the
// engine's own work (an EXAMINE would leave the folder read-only for the next replay); PEEK never sets \Seen.
import type { ImapFlow } from 'imapflow';

const MAX_RAW_BYTES = 60 * 1024 * 1024;

export async function fetchRaw(client: ImapFlow, path: string, uid: number): Promise<Buffer | null> {
  const lock = await client.getMailboxLock(path);
  try {
    const m = await client.fetchOne(String(uid), { uid: true, source: true, size: true }, { uid: true });
    if (!m || !m.source) return null;
    if (m.source.length > MAX_RAW_BYTES) return null;
    return m.source;
  } finally {
    lock.release();
  }
}

export async function fetchHeaderFields(client: ImapFlow, path: string, uid: number, fields: string[]): Promise<Map<string, string>> {
  const lock = await client.getMailboxLock(path);
  try {
    const m = await client.fetchOne(String(uid), { uid: true, headers: fields }, { uid: true });
    const out = new Map<string, string>();
    if (!m || !m.headers) return out;
    const text = m.headers.toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
    for (const line of text.split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    return out;
  } finally {
    lock.release();
  }
}
