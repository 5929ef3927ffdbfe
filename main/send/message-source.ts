// Reads what the cache does not keep of a received message, over IMAP: its raw source (forward as
// attachment) or a few header fields (Return-Path, for read receipts).
import type { ImapFlow } from 'imapflow';

const MAX_RAW_BYTES = 60 * 1024 * 1024;

export async function fetchRaw(client: ImapFlow, path: string, uid: number): Promise<Buffer | null> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
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
  const lock = await client.getMailboxLock(path, { readOnly: true });
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

/** `<a@b>` or `Name <a@b>` or `a@b` → `a@b` (lower-cased). */
export function bareAddress(v: string | null | undefined): string | null {
  if (!v) return null;
  const m = /<([^<>\s]*)>/.exec(v);
  const a = (m ? m[1]! : v).trim().toLowerCase();
  return a.includes('@') ? a : a === '' ? '' : null;
}
