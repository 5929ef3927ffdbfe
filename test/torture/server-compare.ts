// Server vs cache over the SERVER's folder list (LIST on the server, not the folders the cache knows), by
// UID and Message-ID: a selectable server folder the cache never learnt is a missing folder and all its
// mail counts as lost; a cached folder the server no longer lists is a stale folder and its rows count as
// stale. Used by the load scenario (load-child.ts); tested in test/integration/torture-fast/server-compare.test.ts.
import type { ImapFlow } from 'imapflow';
import type { StoreReader } from '../../main/store/reader';

export interface ServerComparison {
  /** Messages on the server, over every selectable folder it lists. */
  messages: number;
  lost: number;
  duplicated: number;
  stale: number;
  missingFolders: number;
  staleFolders: number;
  /** Paths, for the failure messages. */
  missingFolderPaths: string[];
  staleFolderPaths: string[];
}

export async function serverUidsAndIds(c: ImapFlow, folder: string): Promise<Map<number, string | null>> {
  const box = await c.mailboxOpen(folder, { readOnly: true });
  const out = new Map<number, string | null>();
  if (box.exists === 0) return out;
  for await (const m of c.fetch('1:*', { uid: true, envelope: true })) out.set(m.uid, m.envelope?.messageId ?? null);
  return out;
}

/** Every cached row of a folder, page by page (a page is capped). */
export function allMessages(w: Pick<StoreReader, 'listMessages'>, folderId: number): Array<{ uid: number; messageId: string | null }> {
  const out: Array<{ uid: number; messageId: string | null }> = [];
  let before: number | undefined;
  for (;;) {
    const page = w.listMessages(folderId, { limit: 1000, ...(before !== undefined ? { beforeRowid: before } : {}) });
    if (page.length === 0) return out;
    for (const m of page) out.push({ uid: m.uid, messageId: m.messageId });
    before = page.at(-1)!.id;
  }
}

/** The server's selectable folders (\Noselect and \NonExistent left out). */
export async function serverFolderPaths(c: ImapFlow): Promise<Set<string>> {
  return new Set((await c.list()).filter((f) => ![...f.flags].some((x) => /^\\(noselect|nonexistent)$/i.test(x))).map((f) => f.path));
}

export async function compareWithServer(c: ImapFlow, w: Pick<StoreReader, 'listFolders' | 'listMessages'>, accountId: number): Promise<ServerComparison> {
  const r: ServerComparison = { messages: 0, lost: 0, duplicated: 0, stale: 0, missingFolders: 0, staleFolders: 0, missingFolderPaths: [], staleFolderPaths: [] };
  const cached = new Map(w.listFolders(accountId).map((f) => [f.path, f]));
  const serverPaths = await serverFolderPaths(c);
  for (const [path, f] of cached) {
    if (serverPaths.has(path)) continue;
    r.staleFolders++;
    r.staleFolderPaths.push(path);
    r.stale += allMessages(w, f.id).length;
  }
  for (const path of serverPaths) {
    const server = await serverUidsAndIds(c, path);
    r.messages += server.size;
    const f = cached.get(path);
    if (!f) {
      r.missingFolders++;
      r.missingFolderPaths.push(path);
      r.lost += server.size;
      continue;
    }
    const cache = allMessages(w, f.id);
    const cacheUids = new Set(cache.map((m) => m.uid));
    for (const uid of server.keys()) if (!cacheUids.has(uid)) r.lost++;
    for (const m of cache) if (!server.has(m.uid)) r.stale++;
    const seen = new Set<string>();
    for (const m of cache) {
      if (!m.messageId) continue;
      if (seen.has(m.messageId)) r.duplicated++;
      seen.add(m.messageId);
    }
  }
  return r;
}
